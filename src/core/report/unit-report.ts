// The report model of one unit's boundary record (hồ sơ địa giới hành chính): everything the printable
// page shows, computed outside the UI. The UI lays it out, draws the map and fills the sign-off block.
import type { Coverage, FormedFrom, Position, UnitType } from '../model/types';
import { neighbourLabel, NO_CONTEXT, type ContextUnits } from '../model/context-units';
import { areaDifferencePct, unitAreaM2 } from '../geom/unit-measure';
import { bordersOfLegs } from './neighbour-borders';
import { confirmationSheets, type ConfirmationSheet } from './confirmation';
import { walkUnit, type BoundaryMarker } from './ring-walk';
import { numberPoints, type CharacteristicPoint, type GridConverter } from './characteristic-points';
import { legsOf, sliverParts, type RingLegs, type SliverPart } from './boundary-legs';
import { describeLegs } from './boundary-description';
import { GAP, OUTSIDE } from './faces-across';
import { reviewStatus, type IssueReview, type ReportIssue, type ReviewStatus } from './review';
import type { ListedFinding, UnitMergerFindings } from '../validations/merger-consistency';

export interface UnitReportInput {
  readonly markers?: readonly BoundaryMarker[];
  readonly markerToleranceM?: number;
  /** [lon, lat] → [easting, northing] of the record's grid, e.g. VN-2000 TM-3 on the province meridian. */
  readonly toGrid?: GridConverter;
  /** Name of that grid as printed, e.g. "VN-2000 / TM-3 105-30". */
  readonly gridName?: string;
  /** Validation issues (any units); the report keeps those of this unit. */
  readonly issues?: readonly ReportIssue[];
  readonly reviews?: ReadonlyMap<string, IssueReview>;
  /** This unit's merger-consistency findings (mergerConsistency(..., { unitIds: [id] }).units[0]). */
  readonly merger?: UnitMergerFindings | null;
  /** Units of the neighbouring provinces, so that a border with one is named, not "outer boundary". */
  readonly context?: ContextUnits;
  /** Parts and holes narrower than this (m) are slivers of the data (see WalkOptions.sliverWidthM). */
  readonly sliverWidthM?: number;
}

export interface UnitRef {
  readonly id: string;
  readonly code: string;
  /** For a unit of another province, with that province: "Xã Quảng La, tỉnh Quảng Ninh". */
  readonly fullName: string;
  /** True for a unit of a neighbouring province (read-only context, not in the draft). */
  readonly otherProvince: boolean;
}

export interface ReportPoint extends CharacteristicPoint {
  /** The other units meeting at the point, with their names, in id order. */
  readonly others: readonly UnitRef[];
}

export interface ReportCheck {
  readonly issueId: string;
  readonly kind: string;
  readonly severity: ReportIssue['severity'];
  readonly status: ReviewStatus;
  /** The reviewer's reason (for exceptions), '' otherwise. */
  readonly reason: string;
  readonly units: readonly string[];
  readonly details: ReportIssue['details'] | null;
}

export interface ReportFormedFrom {
  readonly row: FormedFrom;
  /** The merger check's finding on this row, when the check ran. */
  readonly check: ListedFinding | null;
}

export interface UnitReport {
  readonly unit: {
    readonly id: string;
    readonly code: string;
    readonly name: string;
    readonly fullName: string;
    readonly type: UnitType | null;
    readonly provinceCode: string | null;
  };
  readonly area: {
    /** Geodesic area on WGS84, m². */
    readonly geodesicM2: number;
    readonly officialKm2: number | null;
    /** (geodesic − official) / official, %; null without an official area. */
    readonly differencePct: number | null;
  };
  /** Longest shared border first. */
  readonly neighbours: readonly (UnitRef & { readonly sharedBorderM: number })[];
  /** Length of the unit's borders with the outside of the coverage, m. */
  readonly outerBorderM: number;
  /** Length of the unit's borders along gaps the checker found (land no unit covers), m. */
  readonly gapBorderM: number;
  readonly gridName: string | null;
  readonly points: readonly ReportPoint[];
  readonly rings: readonly RingLegs[];
  /** Parts and holes too narrow to be described (see ring-walk.ts): named in the description's last paragraph. */
  readonly slivers: readonly SliverPart[];
  readonly description: { readonly vi: readonly string[]; readonly en: readonly string[] };
  readonly formedFrom: readonly ReportFormedFrom[];
  readonly merger: UnitMergerFindings | null;
  /** Errors first, then warnings; each with its review state. */
  readonly checks: readonly ReportCheck[];
  readonly checkCounts: { readonly errors: number; readonly warnings: number; readonly exceptions: number; readonly resolved: number };
  /** One confirmation sheet per neighbour, longest border first. */
  readonly sheets: readonly ConfirmationSheet[];
}

function unitRef(c: Coverage, context: ContextUnits, id: string): UnitRef {
  return { id, ...neighbourLabel(c, context, id), otherProvince: context.has(id) };
}

function checksOf(unitId: string, issues: readonly ReportIssue[], reviews?: ReadonlyMap<string, IssueReview>): ReportCheck[] {
  return issues
    .filter((i) => i.unitIds.includes(unitId))
    .map((i) => ({
      issueId: i.id,
      kind: i.kind,
      severity: i.severity,
      status: reviewStatus(reviews, i.id),
      reason: reviews?.get(i.id)?.reason ?? '',
      units: i.units,
      details: i.details ?? null,
    }))
    .sort((a, b) => (a.severity !== b.severity ? (a.severity === 'error' ? -1 : 1) : a.issueId < b.issueId ? -1 : a.issueId > b.issueId ? 1 : 0));
}

export function unitReport(c: Coverage, unitId: string, input: UnitReportInput = {}): UnitReport {
  const unit = c.units.get(unitId);
  if (!unit) throw new Error(`unknown unit ${unitId}`);
  const a = unit.attrs;
  const context = input.context ?? NO_CONTEXT;
  // The checker's gaps, so that the rim of one is read as a gap, not as the province's outer boundary.
  const gaps = (input.issues ?? []).flatMap((i) =>
    (i.kind === 'gap' || (i.kind === 'sliver' && i.details?.of === 'gap')) && (i.geometry?.type === 'Polygon' || i.geometry?.type === 'MultiPolygon') ? [i.geometry] : [],
  );
  const walk = walkUnit(c, unitId, { markers: input.markers, markerToleranceM: input.markerToleranceM, context, gaps, sliverWidthM: input.sliverWidthM });
  const points = numberPoints(walk, input.toGrid).map((p) => ({ ...p, others: p.units.filter((u) => u !== unitId).map((u) => unitRef(c, context, u)) }));
  const rings = legsOf(walk, OUTSIDE);
  const slivers = sliverParts(walk, OUTSIDE);
  const toGrid = input.toGrid;
  const place = toGrid
    ? (p: Position) => {
        const [e, n] = toGrid(p);
        return `X = ${n.toFixed(2)}, Y = ${e.toFixed(2)}`;
      }
    : undefined;
  const geodesicM2 = unitAreaM2(c, unitId);
  const checks = checksOf(unitId, input.issues ?? [], input.reviews);
  const merger = input.merger ?? null;
  let outerBorderM = 0;
  let gapBorderM = 0;
  for (const r of rings) {
    for (const l of r.legs) {
      for (const run of l.runs) {
        if (run.neighbour === null) outerBorderM += run.lengthM;
        else if (run.neighbour === GAP) gapBorderM += run.lengthM;
      }
    }
  }
  const neighbours = bordersOfLegs(rings).map((n) => ({ ...unitRef(c, context, n.id), sharedBorderM: n.lengthM }));
  return {
    unit: { id: unitId, code: a.code, name: a.name, fullName: a.fullName, type: a.type, provinceCode: a.provinceCode },
    area: { geodesicM2, officialKm2: a.officialAreaKm2, differencePct: areaDifferencePct(geodesicM2, a.officialAreaKm2) },
    neighbours,
    outerBorderM,
    gapBorderM,
    gridName: input.gridName ?? null,
    points,
    rings,
    slivers,
    description: { vi: describeLegs(c, rings, 'vi', context, slivers, place), en: describeLegs(c, rings, 'en', context, slivers, place) },
    formedFrom: a.formedFrom.map((row, i) => ({ row, check: merger?.listed[i] ?? null })),
    merger,
    checks,
    checkCounts: {
      errors: checks.filter((x) => x.severity === 'error' && x.status !== 'exception').length,
      warnings: checks.filter((x) => x.severity === 'warning' && x.status !== 'exception').length,
      exceptions: checks.filter((x) => x.status === 'exception').length,
      resolved: checks.filter((x) => x.status === 'resolved').length,
    },
    sheets: confirmationSheets(rings, neighbours.map((n) => n.id)),
  };
}
