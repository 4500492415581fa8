// Split a unit by a line drawn across it, from one point of its border to another. The line becomes a
// new arc shared by the two parts; the user chooses which part becomes the new unit (part 'a' runs from
// the line's start along the border to its end, part 'b' the other way round).
import type { Arc, ArcRef, Coverage, Polygon, Position, Ring, Unit, UnitAttrs } from '../model/types';
import { arcIndex } from '../model/types';
import { locateOnArcs } from '../topology/locate';
import { ensureNode } from '../topology/nodes';
import { ringPositions } from '../topology/rings';
import { segmentsCross } from '../topology/crossings';
import { pointInRing } from '../geom/point-in-ring';
import { intersectSegments } from '../geom/segment-intersection';
import { makeAction, type Action, type Refusal } from './refusal';

function samePos(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function refEnd(c: Coverage, ref: ArcRef): Position {
  const arc = c.arcs[arcIndex(ref)]!;
  return ref < 0 ? arc[0]! : arc[arc.length - 1]!;
}

export type SplitPart = 'a' | 'b';

interface Plan {
  readonly coverage: Coverage;
  /** Each part's rings as positions (shell first), for showing them before the user decides. */
  readonly parts: Readonly<Record<SplitPart, Position[][]>>;
}

function plan(
  c: Coverage,
  unitId: string,
  line: readonly Position[],
  toleranceDeg: number,
  newId: string,
  attrs: UnitAttrs,
  newPart: SplitPart,
): Plan | Refusal {
  const unit = c.units.get(unitId);
  if (!unit) return 'unknown-unit';
  if (line.length < 2) return 'line-too-short';
  const own = new Set(unit.polygons.flatMap((p) => p.flatMap((r) => r.map(arcIndex))));
  const startLoc = locateOnArcs(c, line[0]!, toleranceDeg, (a) => own.has(a));
  if (!startLoc) return 'line-not-on-border';
  const s1 = ensureNode(c, startLoc);
  const own1 = new Set(s1.coverage.units.get(unitId)!.polygons.flatMap((p) => p.flatMap((r) => r.map(arcIndex))));
  const endLoc = locateOnArcs(s1.coverage, line[line.length - 1]!, toleranceDeg, (a) => own1.has(a));
  if (!endLoc) return 'line-not-on-border';
  const s2 = ensureNode(s1.coverage, endLoc);
  const P = s1.at;
  const Q = s2.at;
  if (samePos(P, Q)) return 'line-too-short';
  let cov = s2.coverage;
  const u = cov.units.get(unitId)!;

  // The shell that has both P and Q as nodes.
  let found: { poly: number; k: number; m: number } | null = null;
  u.polygons.forEach((poly, pi) => {
    const shell = poly[0]!;
    const k = shell.findIndex((r) => samePos(refEnd(cov, r), P));
    const m = shell.findIndex((r) => samePos(refEnd(cov, r), Q));
    if (k >= 0 && m >= 0 && !found) found = { poly: pi, k, m };
  });
  if (!found) return 'line-outside-unit';
  const { poly, k, m } = found as { poly: number; k: number; m: number };

  const newArc = [P, ...line.slice(1, -1).map((p) => [p[0], p[1]] as Position), Q] as Arc;
  const n = cov.arcs.length;
  cov = { arcs: [...cov.arcs, newArc], units: cov.units };
  if (segmentsCross(cov, newArc.slice(0, -1).map((_, i) => ({ arc: n, index: i })))) return 'self-intersection';
  // Crossing tests let segments meet at a shared vertex (that is how borders meet), so a line vertex
  // snapped onto a border vertex between the ends passes them, and one part would be a ring touching
  // itself at that point: invalid for the checker and for GEOS.
  if (touchesBorder(cov, u, newArc)) return 'line-touches-border';

  const shell = u.polygons[poly]![0]!;
  const len = shell.length;
  const walk = (from: number, to: number): ArcRef[] => {
    const out: ArcRef[] = [];
    for (let i = (from + 1) % len; ; i = (i + 1) % len) {
      out.push(shell[i]!);
      if (i === to) break;
    }
    return out;
  };
  const ring1: Ring = [...walk(k, m), ~n]; // P → Q along the border, back along the line
  const ring2: Ring = [...walk(m, k), n]; // Q → P along the border, then the line P → Q

  // The line must run inside the unit: a point just off its middle lies inside the original shell.
  const mid = midpoint(newArc);
  if (!pointInRing(mid[0], mid[1], ringPositions(cov, shell))) return 'line-outside-unit';

  const holes = u.polygons[poly]!.slice(1);
  const r1 = ringPositions(cov, ring1);
  const holes1: Ring[] = [];
  const holes2: Ring[] = [];
  for (const h of holes) {
    const p = ringPositions(cov, h)[0]!;
    (pointInRing(p[0], p[1], r1) ? holes1 : holes2).push(h);
  }
  const a: Polygon = [ring1, ...holes1];
  const b: Polygon = [ring2, ...holes2];
  const [kept, split] = newPart === 'b' ? [a, b] : [b, a];
  const keepPolys: Polygon[] = u.polygons.map((pg, i) => (i === poly ? kept : pg));
  const units = new Map<string, Unit>();
  for (const [id, x] of cov.units) units.set(id, id === unitId ? { ...x, polygons: keepPolys } : x);
  units.set(newId, { id: newId, attrs, polygons: [split] });
  const positions = (pg: Polygon) => pg.map((r) => ringPositions(cov, r));
  return { coverage: { arcs: cov.arcs, units }, parts: { a: positions(a), b: positions(b) } };
}

/** True when a vertex of `line` other than its ends is a vertex of one of the unit's rings. */
function touchesBorder(c: Coverage, u: Unit, line: Arc): boolean {
  if (line.length < 3) return false;
  const inner = new Set(line.slice(1, -1).map((p) => `${p[0]},${p[1]}`));
  for (const poly of u.polygons) {
    for (const ring of poly) {
      for (const ref of ring) for (const p of c.arcs[arcIndex(ref)]!) if (inner.has(`${p[0]},${p[1]}`)) return true;
    }
  }
  return false;
}

function midpoint(line: Arc): Position {
  if (line.length > 2) return line[Math.floor(line.length / 2)]!;
  const a = line[0]!;
  const b = line[1]!;
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

/**
 * Where a segment of a split line being drawn, a → b, runs into the unit's border (the first such point
 * from a), or null. `a` itself does not count when it is on the border (the line starts there), nor
 * does `b` (the line may end there). Lets the editor refuse a wrong click at once, while drawing.
 */
export function splitSegmentExit(c: Coverage, unitId: string, a: Position, b: Position): Position | null {
  const unit = c.units.get(unitId);
  if (!unit) return null;
  let best: { at: Position; d: number } | null = null;
  for (const poly of unit.polygons) {
    for (const ring of poly) {
      for (const ref of ring) {
        const arc = c.arcs[arcIndex(ref)]!;
        for (let k = 0; k + 1 < arc.length; k++) {
          for (const h of intersectSegments(a, b, arc[k]!, arc[k + 1]!)) {
            const at: Position = [h.x, h.y];
            if (samePos(at, a) || samePos(at, b)) continue;
            const d = (at[0] - a[0]) ** 2 + (at[1] - a[1]) ** 2;
            if (!best || d < best.d) best = { at, d };
          }
        }
      }
    }
  }
  return best?.at ?? null;
}

/**
 * The two parts a split line would make, or why it cannot split: checked while drawing, before the
 * new unit's code and name are asked for.
 */
export function splitParts(c: Coverage, unitId: string, line: readonly Position[], toleranceDeg: number): Plan['parts'] | Refusal {
  const probe = '\0split';
  const p = plan(c, unitId, line, toleranceDeg, probe, c.units.get(unitId)?.attrs ?? ({} as UnitAttrs), 'b');
  return typeof p === 'string' ? p : p.parts;
}

/**
 * `line` runs from the unit's border to its border (its ends are snapped within `toleranceDeg`).
 * The new unit gets `newId` and `attrs` (checked by the caller's form) and part `newPart`.
 */
export function actionSplitUnit(
  unitId: string,
  line: readonly Position[],
  toleranceDeg: number,
  newId: string,
  attrs: UnitAttrs,
  newPart: SplitPart = 'b',
): Action<Coverage> {
  return makeAction(
    (c) => {
      const p = plan(c, unitId, line, toleranceDeg, newId, attrs, newPart);
      return typeof p === 'string' ? c : p.coverage;
    },
    (c) => {
      if (c.units.has(newId)) return 'code-taken';
      const p = plan(c, unitId, line, toleranceDeg, newId, attrs, newPart);
      return typeof p === 'string' ? p : false;
    },
  );
}
