// The issue model shared by the rules, the validator, the command line and (later) the issues panel.
// Rules return codes and numbers; the UI turns them into words.
import type { Geometry } from 'geojson';

export type IssueKind =
  | 'overlap'
  | 'gap'
  | 'sliver'
  | 'self-intersection'
  | 'invalid-ring'
  | 'duplicate-vertex'
  | 'missing-attribute'
  | 'duplicate-code'
  | 'area-mismatch'
  | 'merger-consistency';

export const ISSUE_KINDS: readonly IssueKind[] = [
  'overlap',
  'gap',
  'sliver',
  'self-intersection',
  'invalid-ring',
  'duplicate-vertex',
  'missing-attribute',
  'duplicate-code',
  'area-mismatch',
  'merger-consistency',
];

export type Severity = 'error' | 'warning';

export interface ValidationIssue {
  /** Deterministic: kind + unit codes + location rounded to 5 decimals (≈ 1 m), see issueId. */
  readonly id: string;
  readonly kind: IssueKind;
  readonly severity: Severity;
  /** Codes of the units concerned, sorted (the unit id stands in when a unit has no code). */
  readonly units: readonly string[];
  /** Internal unit ids (Coverage.units keys), sorted, for selecting units in the app. */
  readonly unitIds: readonly string[];
  /** Geodesic area of the piece(s), m² (overlap, gap, sliver, area-mismatch: the unit's measured area). */
  readonly areaM2?: number;
  /** Width estimate in metres (2·area/perimeter, see core/geom/width.ts). */
  readonly widthM?: number;
  /** A representative location, [lon, lat]. */
  readonly at: readonly [number, number];
  /** What to highlight on the map. */
  readonly geometry: Geometry;
  /** Rule-specific codes and numbers (never prose), e.g. { of: 'overlap' } for a sliver. */
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

const round5 = (v: number) => (Math.round(v * 1e5) / 1e5).toFixed(5);

/** kind:units:lon,lat with the location rounded to 5 decimals, so a review decision sticks to its issue. */
export function issueId(kind: IssueKind, units: readonly string[], at: readonly [number, number], tag?: string): string {
  return `${kind}${tag ? `/${tag}` : ''}:${units.join('+')}:${round5(at[0])},${round5(at[1])}`;
}

/**
 * Id of an issue about one unit as a whole (an attribute, its area): kind, tag and the unit's code, no
 * location, so moving any vertex of the unit, or reading its rings in another order, keeps the id and
 * the review decision made on it.
 */
export function unitIssueId(kind: IssueKind, code: string, tag?: string): string {
  return placelessIssueId(kind, [code], tag);
}

/** Id of an issue that is one per set of units (kind, tag, the sorted codes), wherever it lies. */
export function placelessIssueId(kind: IssueKind, units: readonly string[], tag?: string): string {
  return `${kind}${tag ? `/${tag}` : ''}:${units.join('+')}`;
}

/** Stable display and comparison order: errors first, then kind, units, id. */
export function compareIssues(a: ValidationIssue, b: ValidationIssue): number {
  if (a.severity !== b.severity) return a.severity === 'error' ? -1 : 1;
  if (a.kind !== b.kind) return ISSUE_KINDS.indexOf(a.kind) - ISSUE_KINDS.indexOf(b.kind);
  const ua = a.units.join('+');
  const ub = b.units.join('+');
  if (ua !== ub) return ua < ub ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
