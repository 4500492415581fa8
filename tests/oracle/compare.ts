// Our checks beside GEOS's answer on the same features, piece by piece. The property (issue 15):
// - every overlap or gap piece over 1 m² that GEOS finds, we find, with the same units, and the area of
//   each pair's overlap (each gap) within 1 %; classed as an error when clearly wider than the tolerance
//   and as a sliver warning when clearly narrower;
// - we report no overlap or gap error that GEOS does not have;
// - a unit GEOS finds invalid is invalid for us too (and the other way round).
// Pieces of at most 1 m² ("dust", e.g. 0.3 mm-wide crumbs where a vertex sits on the decimal midpoint
// of its neighbour's edge) may be reported as slivers or not at all, never as errors.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { coverageFromFeatures } from '../../src/core/model';
import { validateCoverage, type ValidationIssue } from '../../src/core/validation';
import { oracle, type CodedFeature, type OraclePiece } from './geos';

export const DUST_M2 = 1;
const REL = 0.01;
/** Absolute slack on areas: rounding of two engines' noding on real coordinates. */
const ABS_M2 = 0.05;
/** Widths within this factor of the tolerance may be classed either way (width is an estimate). */
const CLASS_MARGIN = 1.25;

export interface Disagreement {
  readonly what: string;
  readonly detail: string;
}

function pointInRing(x: number, y: number, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!, yi = ring[i]![1]!, xj = ring[j]![0]!, yj = ring[j]![1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(p: readonly [number, number], g: Polygon | MultiPolygon): boolean {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.some((poly) => pointInRing(p[0], p[1], poly[0]!) && !poly.slice(1).some((h) => pointInRing(p[0], p[1], h)));
}

const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(REL * Math.max(a, b), ABS_M2);
const fmt = (v: number) => v.toFixed(3);

function issueGeometry(i: ValidationIssue): Polygon | MultiPolygon | null {
  return i.geometry.type === 'Polygon' || i.geometry.type === 'MultiPolygon' ? i.geometry : null;
}

export interface Compared {
  readonly ours: readonly ValidationIssue[];
  readonly geos: { overlaps: readonly OraclePiece[]; gaps: readonly OraclePiece[]; invalid: ReadonlyMap<string, string> };
  readonly disagreements: readonly Disagreement[];
}

export async function compareWithGeos(features: readonly CodedFeature[], options: { toleranceM: number; outline?: MultiPolygon }): Promise<Compared> {
  const coverage = coverageFromFeatures(features as never, { codeField: 'code' });
  const ours = validateCoverage(coverage, { toleranceM: options.toleranceM, ...(options.outline ? { outline: options.outline } : {}) });
  const geos = await oracle(features, options.outline);
  const out: Disagreement[] = [];
  const tol = options.toleranceM;
  const invalidUnits = new Set(geos.invalid.keys());
  // A unit with no land at all (an empty geometry, which GEOS calls valid) is our error of its own kind,
  // not a claim that the geometry is invalid.
  const ourInvalid = new Set(
    ours
      .filter((i) => i.kind === 'self-intersection' || (i.kind === 'invalid-ring' && (i.details as { problem?: string } | undefined)?.problem !== 'empty'))
      .flatMap((i) => i.units),
  );

  // Validity.
  for (const [code, why] of geos.invalid) if (!ourInvalid.has(code)) out.push({ what: 'invalid for GEOS only', detail: `${code}: ${why}` });
  for (const code of ourInvalid) if (!invalidUnits.has(code)) out.push({ what: 'invalid for us only', detail: code });
  // Overlap and gap areas are compared where every unit involved is valid: on invalid input GEOS
  // answers only after MakeValid, a repair that is one choice among several.
  const allValid = (units: readonly string[]) => units.every((u) => !invalidUnits.has(u));

  // Overlaps, per pair.
  // A near-coincident border issue (of 'border') holds a pair's sliver pieces of both kinds; its overlap
  // part is details.overlapM2 and its gap part details.gapM2.
  const overlapArea = (i: ValidationIssue) => (i.details?.of === 'border' ? Number(i.details.overlapM2) : (i.areaM2 ?? 0));
  const gapArea = (i: ValidationIssue) => (i.details?.of === 'border' ? Number(i.details.gapM2) : (i.areaM2 ?? 0));
  const ourOverlaps = ours.filter((i) => ((i.kind === 'overlap' || i.kind === 'sliver') && i.details?.of === 'overlap') || (i.details?.of === 'border' && overlapArea(i) > 0));
  const pairKey = (u: readonly string[]) => [...u].sort().join('+');
  const geosByPair = new Map<string, OraclePiece[]>();
  for (const p of geos.overlaps) {
    const k = pairKey(p.units);
    let l = geosByPair.get(k);
    if (!l) geosByPair.set(k, (l = []));
    l.push(p);
  }
  const ourByPair = new Map<string, ValidationIssue[]>();
  for (const i of ourOverlaps) {
    const k = pairKey(i.units);
    let l = ourByPair.get(k);
    if (!l) ourByPair.set(k, (l = []));
    l.push(i);
  }
  for (const k of new Set([...geosByPair.keys(), ...ourByPair.keys()])) {
    const units = k.split('+');
    if (!allValid(units)) continue;
    const g = geosByPair.get(k) ?? [];
    const o = ourByPair.get(k) ?? [];
    const gArea = g.reduce((s, p) => s + p.areaM2, 0);
    const oArea = o.reduce((s, i) => s + overlapArea(i), 0);
    const gBig = g.filter((p) => p.areaM2 > DUST_M2);
    if (gBig.length > 0 && !close(gArea, oArea)) {
      out.push({ what: 'overlap area differs', detail: `${k}: GEOS ${fmt(gArea)} m² in ${g.length} piece(s), ours ${fmt(oArea)} m² in ${o.length} issue(s)` });
    }
    if (gBig.length === 0 && o.some((i) => i.severity === 'error') && !close(gArea, oArea)) {
      out.push({ what: 'overlap error GEOS does not have', detail: `${k}: ours ${fmt(oArea)} m², GEOS ${fmt(gArea)} m²` });
    }
    for (const p of gBig) {
      // Matched when either piece's inside point lies in the other: GEOS's point on surface may sit in
      // a zero-width spike of its piece that our piece, noded a hair differently, does not have.
      const holder = o.find((i) => {
        const geom = issueGeometry(i);
        return (geom !== null && inPolygon(p.inside, geom)) || inPolygon(i.at, p.polygon);
      });
      if (!holder) {
        out.push({ what: 'overlap piece missed', detail: `${k}: ${fmt(p.areaM2)} m², ${fmt(p.widthM)} m wide, at ${p.inside.map((v) => v.toFixed(6)).join(' ')}` });
        continue;
      }
      // A class is wrong only when both of GEOS's width readings (with and without hairs) say so.
      if (p.widthM > tol * CLASS_MARGIN && holder.severity !== 'error') {
        out.push({ what: 'overlap classed as sliver', detail: `${k}: ${fmt(p.areaM2)} m², ${fmt(p.widthM)} m wide (GEOS), ours ${holder.kind} ${fmt(holder.widthM ?? 0)} m` });
      }
      if (p.widthWithoutHairsM < tol / CLASS_MARGIN && holder.severity === 'error') {
        out.push({ what: 'sliver classed as overlap', detail: `${k}: ${fmt(p.areaM2)} m², ${fmt(p.widthM)} m wide (GEOS), ours ${fmt(holder.widthM ?? 0)} m` });
      }
    }
  }

  // Gaps, piece by piece. Each GEOS piece over 1 m² must lie in one of our gap issues. Pieces are then
  // compared in groups: a GEOS piece and one of our issues belong together when either's inside point
  // lies in the other (GEOS splits a gap where it pinches to a point and we may not, or the other way
  // round), and each group's areas must agree.
  const ourGaps = ours.filter((i) => i.kind === 'gap' || (i.kind === 'sliver' && i.details?.of === 'gap') || (i.details?.of === 'border' && gapArea(i) > 0));
  if (invalidUnits.size === 0) {
    const n = geos.gaps.length;
    const parent = Array.from({ length: n + ourGaps.length }, (_, k) => k);
    const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k]!)));
    const join = (a: number, b: number) => {
      parent[find(a)] = find(b);
    };
    const linked = new Set<number>();
    geos.gaps.forEach((p, gi) => {
      ourGaps.forEach((i, oi) => {
        const geom = issueGeometry(i);
        if ((geom !== null && inPolygon(p.inside, geom)) || inPolygon(i.at, p.polygon)) {
          join(gi, n + oi);
          linked.add(gi);
          linked.add(n + oi);
        }
      });
    });
    for (let gi = 0; gi < n; gi++) {
      const p = geos.gaps[gi]!;
      if (!linked.has(gi) && p.areaM2 > DUST_M2) out.push({ what: 'gap missed', detail: `${fmt(p.areaM2)} m², ${fmt(p.widthM)} m wide, around ${p.units.join(' ')}, at ${p.inside.map((v) => v.toFixed(6)).join(' ')}` });
    }
    ourGaps.forEach((i, oi) => {
      if (!linked.has(n + oi) && i.severity === 'error') out.push({ what: 'gap error GEOS does not have', detail: `${fmt(i.areaM2 ?? 0)} m² around ${i.units.join(' ')} at ${i.at.map((v) => v.toFixed(6)).join(' ')}` });
    });
    const groups = new Map<number, { pieces: OraclePiece[]; issues: ValidationIssue[] }>();
    for (const k of linked) {
      const r = find(k);
      let grp = groups.get(r);
      if (!grp) groups.set(r, (grp = { pieces: [], issues: [] }));
      if (k < n) grp.pieces.push(geos.gaps[k]!);
      else grp.issues.push(ourGaps[k - n]!);
    }
    for (const { pieces, issues } of groups.values()) {
      const gArea = pieces.reduce((t, p) => t + p.areaM2, 0);
      const oArea = issues.reduce((t, i) => t + gapArea(i), 0);
      const big = pieces.some((p) => p.areaM2 > DUST_M2);
      const names = [...new Set(issues.flatMap((i) => i.units))].sort();
      if (!close(gArea, oArea) && (big || issues.some((i) => i.severity === 'error'))) {
        out.push({ what: 'gap area differs', detail: `around ${names.join(' ')}: GEOS ${fmt(gArea)} m² in ${pieces.length} piece(s), ours ${fmt(oArea)} m² in ${issues.length} issue(s)` });
      }
      if (!big) continue;
      if (issues.every((i) => i.details?.source !== 'outline')) {
        const bordering = names.filter((u) => !u.startsWith('#'));
        const must = new Set(pieces.filter((p) => p.areaM2 > DUST_M2).flatMap((p) => p.units));
        const may = new Set(pieces.flatMap((p) => p.touching ?? p.units));
        if (![...must].every((u) => bordering.includes(u)) || !bordering.every((u) => may.has(u))) {
          out.push({ what: 'gap units differ', detail: `GEOS ${[...must].join(' ')} (touching ${[...may].join(' ')}), ours ${bordering.join(' ')} (${fmt(gArea)} m²)` });
        }
      }
      const widest = Math.max(...pieces.map((p) => p.widthM));
      const widestWithoutHairs = Math.max(...pieces.map((p) => p.widthWithoutHairsM));
      const anyError = issues.some((i) => i.severity === 'error');
      if (widest > tol * CLASS_MARGIN && !anyError) out.push({ what: 'gap classed as sliver', detail: `${fmt(gArea)} m², ${fmt(widest)} m wide` });
      if (widestWithoutHairs < tol / CLASS_MARGIN && anyError) out.push({ what: 'sliver gap classed as gap', detail: `${fmt(gArea)} m², ${fmt(widestWithoutHairs)} m wide without hairs` });
    }
  }
  return { ours, geos, disagreements: out };
}
