// Rule: merger-consistency (warning). Each new unit should be what the resolution says it is: made of
// the old units its formedFrom lists, wholly ("full") or in part ("partial"). Checked against a layer of
// old unit polygons:
// - full-outside:    a listed "full" old unit lies mostly outside the new unit (share inside < threshold);
// - partial-missing: a listed "partial" old unit has (almost) nothing inside (share ≤ missingShare);
// - unlisted-taken:  the new unit takes most of an old unit it does not list (share inside > threshold)
//                    while the mapping gives that old unit to other new units;
// - unlisted-unmapped: the same, for an old unit no mapping row names at all: usually a unit merged in
//                    2019–2020, after the reference was drawn, so its land comes under its successor's
//                    name; kept apart so a reviewer can accept these in one go.
// Shares are areas on the ellipsoid: area(old ∩ new) / area(old). The summary (mergerConsistency) also
// gives the share of every listed old unit and the mapping rows no old polygon matches, for the report.
//
// The bundled reference is coarse (about 18 vertices per commune, ≈2008, before the 2019–2020 mergers),
// so every issue carries the reference's coarseness and year, and the threshold is settable. Rows are
// matched to old polygons by name (core/report/merger/match.ts); unmatched rows are listed, not guessed.
//
// IssueKind does not include 'merger-consistency' yet; MergerIssue is ValidationIssue with that kind,
// and becomes assignable to ValidationIssue as soon as the kind is added to the union in issue.ts.
import type { MultiPolygon, Position } from 'geojson';
import type { Coverage, FormedFrom } from '../model';
import { issueId, type IssueKind, type ValidationIssue } from '../validation/issue';
import { unitGeometry } from '../geom/unit-measure';
import { labelPoint } from '../geom/label-point';
import { indexOldUnits, type OldUnit, type OldUnitCollection, type OldUnitIndex } from '../report/merger/old-units';
import { codeOrderDistricts, matchRow, type RowMatch } from '../report/merger/match';
import { overlapsWithOld, shareInside, type OverlapResult } from '../report/merger/shares';
import { unitCode } from './unit-codes';

export const MERGER_CONSISTENCY = 'merger-consistency';

export type MergerIssue = Omit<ValidationIssue, 'kind'> & { readonly kind: typeof MERGER_CONSISTENCY };

export type MergerFindingCode = 'full-outside' | 'partial-missing' | 'unlisted-taken' | 'unlisted-unmapped';

export interface MergerOptions {
  /** Share (0..1) below which a "full" old unit is mostly outside, above which an unlisted one is taken. Default 0.5. */
  readonly threshold?: number;
  /** Share (0..1) at or below which a "partial" old unit counts as missing. Default 0.01. */
  readonly missingShare?: number;
  /** Year of the old units layer, stated in every issue (null when unknown). */
  readonly referenceYear?: number | null;
  /** Check only these units (the report needs one); matching still reads every unit's formedFrom. */
  readonly unitIds?: readonly string[];
}

export const DEFAULT_MERGER_THRESHOLD = 0.5;
export const DEFAULT_MISSING_SHARE = 0.01;

export interface OldUnitRef {
  readonly id: string;
  readonly name: string;
  readonly district: string | null;
  readonly province: string | null;
}

export interface ListedFinding {
  readonly row: FormedFrom;
  /** 'other-district': the old unit of that name lies in another district (by the code order) and mostly outside. */
  readonly match: 'matched' | 'not-found' | 'ambiguous' | 'other-district';
  /** The matched old units (several for a row naming a whole district), or the candidates otherwise. */
  readonly old: readonly OldUnitRef[];
  /** Matched to an old unit of that name in another district than the code order gives (core/report/merger/match.ts). */
  readonly districtMismatch: boolean;
  /** Share of the matched old unit(s) (or the other-district namesake) inside the new unit, 0..1; null when none. */
  readonly shareInside: number | null;
  readonly status: 'ok' | 'unmatched' | 'full-outside' | 'partial-missing';
}

export interface UnlistedFinding {
  readonly old: OldUnitRef;
  readonly shareInside: number;
  /** Codes of the new units that list this old unit (matched), sorted. */
  readonly listedIn: readonly string[];
}

export interface UnitMergerFindings {
  readonly unitId: string;
  readonly code: string;
  /** One per formedFrom row, in the row order. */
  readonly listed: readonly ListedFinding[];
  /** Old units not listed whose share inside exceeds the threshold, largest share first. */
  readonly unlisted: readonly UnlistedFinding[];
  /** Old units whose intersection area could not be computed. */
  readonly failed: readonly OldUnitRef[];
}

export interface MergerSummary {
  readonly threshold: number;
  readonly missingShare: number;
  readonly reference: { readonly units: number; readonly verticesPerUnit: number; readonly year: number | null; readonly skipped: number };
  /** Mapping rows of the checked units: how many matched an old polygon. */
  readonly rows: { readonly total: number; readonly matched: number; readonly notFound: number; readonly ambiguous: number; readonly otherDistrict: number };
  readonly units: readonly UnitMergerFindings[];
}

const ref = (u: OldUnit): OldUnitRef => ({ id: u.id, name: u.name, district: u.district, province: u.province });

function checkShare(name: string, v: number): number {
  if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be a number in [0, 1], got ${v}`);
  return v;
}

/** Whether a match is trusted: in-district always, a namesake in another district only when mostly inside. */
function trusted(c: Coverage, unitId: string, m: RowMatch, index: OldUnitIndex, threshold: number): boolean {
  if (m.status !== 'matched') return false;
  if (!m.districtMismatch) return true;
  return shareInside(overlapsWithOld(unitGeometry(c, unitId), index), m.units) >= threshold;
}

/** Old unit id → codes of the new units whose rows matched it (over the whole coverage), sorted. */
function listedInIndex(c: Coverage, matches: ReadonlyMap<string, readonly RowMatch[]>, index: OldUnitIndex, threshold: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [unitId, ms] of matches) {
    for (const m of ms) {
      if (m.status !== 'matched' || !trusted(c, unitId, m, index, threshold)) continue;
      for (const u of m.units) {
        const list = out.get(u.id) ?? [];
        const code = unitCode(c, unitId);
        if (!list.includes(code)) list.push(code);
        out.set(u.id, list);
      }
    }
  }
  for (const list of out.values()) list.sort();
  return out;
}

function listedFinding(row: FormedFrom, m: RowMatch, overlap: OverlapResult, threshold: number, missing: number): ListedFinding {
  if (m.status !== 'matched') {
    const old = m.status === 'ambiguous' ? m.candidates.map(ref) : [];
    return { row, match: m.status, old, districtMismatch: false, shareInside: null, status: 'unmatched' };
  }
  const share = shareInside(overlap, m.units);
  // A name found only in another district is trusted when the geometry agrees; otherwise it is most
  // likely a namesake (the unit the row means is missing from the reference), not a misplaced unit.
  if (m.districtMismatch && share < threshold) {
    return { row, match: 'other-district', old: m.units.map(ref), districtMismatch: true, shareInside: share, status: 'unmatched' };
  }
  const status = row.kind === 'full' ? (share < threshold ? 'full-outside' : 'ok') : share <= missing ? 'partial-missing' : 'ok';
  return { row, match: 'matched', old: m.units.map(ref), districtMismatch: m.districtMismatch, shareInside: share, status };
}

export function mergerConsistency(c: Coverage, oldUnits: OldUnitCollection, options: MergerOptions = {}): MergerSummary {
  const threshold = checkShare('threshold', options.threshold ?? DEFAULT_MERGER_THRESHOLD);
  const missingShare = checkShare('missingShare', options.missingShare ?? DEFAULT_MISSING_SHARE);
  const index: OldUnitIndex = indexOldUnits(oldUnits);
  const districts = codeOrderDistricts(index, [...c.units.values()].flatMap((u) => u.attrs.formedFrom));
  const none = new Set<string>();
  const matches = new Map<string, RowMatch[]>();
  for (const u of c.units.values()) {
    const overlap = () => overlapsWithOld(unitGeometry(c, u.id), index);
    matches.set(u.id, u.attrs.formedFrom.map((row) => matchRow(index, row, districts.get(row.code) ?? none, overlap)));
  }
  const listedIn = listedInIndex(c, matches, index, threshold);
  const ids = options.unitIds ?? [...c.units.keys()];
  const rows = { total: 0, matched: 0, notFound: 0, ambiguous: 0, otherDistrict: 0 };
  const units: UnitMergerFindings[] = [];
  for (const unitId of ids) {
    const unit = c.units.get(unitId);
    if (!unit) continue;
    const overlap = overlapsWithOld(unitGeometry(c, unitId), index);
    const ms = matches.get(unitId)!;
    const listed = unit.attrs.formedFrom.map((row, i) => listedFinding(row, ms[i]!, overlap, threshold, missingShare));
    const mine = new Set(listed.flatMap((l) => (l.match === 'matched' ? l.old.map((o) => o.id) : [])));
    const unlisted: UnlistedFinding[] = [];
    for (const [old, area] of overlap.inside) {
      const share = old.areaM2 > 0 ? area / old.areaM2 : 0;
      if (mine.has(old.id) || !(share > threshold)) continue;
      unlisted.push({ old: ref(old), shareInside: share, listedIn: listedIn.get(old.id) ?? [] });
    }
    unlisted.sort((a, b) => b.shareInside - a.shareInside || (a.old.id < b.old.id ? -1 : 1));
    for (const l of listed) {
      rows.total++;
      if (l.match === 'matched') rows.matched++;
      else if (l.match === 'not-found') rows.notFound++;
      else if (l.match === 'ambiguous') rows.ambiguous++;
      else rows.otherDistrict++;
    }
    units.push({ unitId, code: unitCode(c, unitId), listed, unlisted, failed: overlap.failed.map(ref) });
  }
  const reference = { units: index.units.length, verticesPerUnit: index.verticesPerUnit, year: options.referenceYear ?? null, skipped: index.skipped };
  return { threshold, missingShare, reference, rows, units };
}

function oldGeometry(index: OldUnitIndex, ids: readonly string[]): MultiPolygon {
  const parts = index.units.filter((u) => ids.includes(u.id)).flatMap((u) => u.geometry.coordinates);
  return { type: 'MultiPolygon', coordinates: parts };
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

export function mergerConsistencyIssues(c: Coverage, oldUnits: OldUnitCollection, options: MergerOptions = {}): MergerIssue[] {
  const summary = mergerConsistency(c, oldUnits, options);
  const index = indexOldUnits(oldUnits);
  const common = {
    threshold: summary.threshold,
    referenceYear: summary.reference.year,
    referenceVerticesPerUnit: Math.round(summary.reference.verticesPerUnit),
  };
  const issues: MergerIssue[] = [];
  for (const f of summary.units) {
    const unmatchedRows = f.listed.filter((l) => l.status === 'unmatched').length;
    const emit = (finding: MergerFindingCode, old: readonly OldUnitRef[], share: number, extra: Record<string, string | number | boolean | null>) => {
      const geometry = oldGeometry(index, old.map((o) => o.id));
      const p: Position = labelPoint(geometry) ?? geometry.coordinates[0]?.[0]?.[0] ?? [0, 0];
      const at: [number, number] = [p[0]!, p[1]!];
      const oldIds = old.map((o) => o.id).join('+');
      issues.push({
        // The cast only lets issueId build the id before 'merger-consistency' joins IssueKind.
        id: issueId(MERGER_CONSISTENCY as unknown as IssueKind, [f.code], at, `${finding}/${oldIds}`),
        kind: MERGER_CONSISTENCY,
        severity: 'warning',
        units: [f.code],
        unitIds: [f.unitId],
        at,
        geometry,
        details: {
          finding,
          oldIds,
          oldName: old.map((o) => o.name).join(', '),
          oldDistrict: old[0]?.district ?? null,
          shareInside: round3(share),
          unmatchedRows,
          ...common,
          ...extra,
        },
      });
    };
    for (const l of f.listed) {
      if (l.status !== 'full-outside' && l.status !== 'partial-missing') continue;
      emit(l.status, l.old, l.shareInside ?? 0, { oldCode: l.row.code, listedKind: l.row.kind, districtMismatch: l.districtMismatch });
    }
    for (const u of f.unlisted) {
      const finding = u.listedIn.length > 0 ? 'unlisted-taken' : 'unlisted-unmapped';
      emit(finding, [u.old], u.shareInside, { oldCode: null, listedKind: null, listedIn: u.listedIn.join(',') });
    }
  }
  return issues.sort((a, b) => (a.units[0]! < b.units[0]! ? -1 : a.units[0]! > b.units[0]! ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
