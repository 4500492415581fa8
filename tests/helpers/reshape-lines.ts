// Reshape lines on real data: from one border of a unit across the node where the unit across
// changes (A–B to A–C) to the next border, bowing outward (A takes land from both neighbours) or
// inward (each neighbour takes the land next to its own border).
import type { Coverage, Position } from '../../src/core/model/types';
import { actionReshapeBorder } from '../../src/core/actions/reshape-border';
import { distanceM } from '../../src/core/geom/geodesic';
import { OUTSIDE, unitRings, unitsAcross } from '../../src/core/topology/ring-stretch';
import { booleanPointInPolygon } from '@turf/turf';
import { unitGeometry } from '../../src/core/geom/unit-measure';
import { landLeftToNoUnitM2, unitsInMoreParts } from '../../src/core/actions/edit-effects';

export interface AcrossNode {
  /** The line: a ring vertex on the A–B border, three points outside (inside) A, a ring vertex on the A–C border. */
  readonly line: Position[];
  readonly node: Position;
  /** The units across the border before and after the node, in the ring's direction. */
  readonly before: string;
  readonly after: string;
}

/**
 * The first node of `unitId`'s outer ring where one neighbour gives way to another, with a line from
 * `alongM` before it to `alongM` after it, `outM` outside the unit, that the reshape accepts.
 */
export function outwardAcrossNode(c: Coverage, unitId: string, alongM = 150, outM = 25): AcrossNode {
  return acrossNode(c, unitId, alongM, outM);
}

/** The same, `inM` inside the unit: the reshape gives land to both neighbours. */
export function inwardAcrossNode(c: Coverage, unitId: string, alongM = 150, inM = 25): AcrossNode {
  return acrossNode(c, unitId, alongM, -inM);
}

/**
 * A unit's outer ring without its zero-length segments (repeated vertices of the data), each segment
 * with the one unit across it (OUTSIDE at the coverage's edge; null when several), and a point `m`
 * metres off the ring beside a segment, outward for m > 0.
 */
function ringWalk(c: Coverage, unitId: string, ring: ReturnType<typeof unitRings>[number]) {
  const pts: Position[] = [ring.pts[0]!];
  const acrossSeg: (string | null)[] = [];
  for (let i = 0; i + 1 < ring.pts.length; i++) {
    const q = ring.pts[i + 1]!;
    const last = pts[pts.length - 1]!;
    if (q[0] === last[0] && q[1] === last[1]) continue;
    const u = unitsAcross(c, unitId, { points: [last, q], arcs: [ring.arcs[i]!] }).units;
    acrossSeg.push(u.length === 1 ? u[0]! : null);
    pts.push(q);
  }
  const n = pts.length - 1;
  // Counter-clockwise rings have the unit on their left: outward is to the right.
  let s2 = 0;
  for (let i = 0; i < n; i++) s2 += pts[i]![0] * pts[i + 1]![1] - pts[i + 1]![0] * pts[i]![1];
  const side = s2 > 0 ? 1 : -1;
  const off = (a: Position, b: Position, at: Position, m: number): Position => {
    // Perpendicular to a→b, scaled to metres on the ground.
    const k = Math.cos((at[1] * Math.PI) / 180);
    const dx = (b[0] - a[0]) * k;
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy);
    const deg = m / 111_320;
    return [at[0] + (side * dy * deg) / len / k, at[1] - (side * dx * deg) / len];
  };
  const at = (x: number) => pts[((x % n) + n) % n]!;
  const across = (i: number) => acrossSeg[((i % n) + n) % n] ?? null;
  return { pts, n, at, across, off };
}

export interface AtOuterEdge {
  readonly unit: string;
  /** A ring vertex on the coverage's outer edge, a point `inM` inside the unit, a vertex `alongM` on. */
  readonly line: Position[];
}

/**
 * A line inside one of `units` from its outer edge (the coverage's edge, with no unit just beyond:
 * not a stretch where two borders that should be shared run apart) back to it, about `alongM` along
 * and `inM` in: the reshape hands the land between them to no unit, and leaves every unit whole.
 */
export function inwardAtOuterEdge(c: Coverage, units: Iterable<string>, alongM = 150, inM = 40): AtOuterEdge {
  for (const unit of units) {
    for (const ring of unitRings(c, unit).filter((r) => r.ring === 0)) {
      const { n, at, across, off } = ringWalk(c, unit, ring);
      for (let i = 0; i < n; i += 5) {
        let k = i;
        let dk = 0;
        while (dk < alongM && across(k) === OUTSIDE && k - i < n / 3) {
          dk += distanceM(at(k), at(k + 1));
          k++;
        }
        if (dk < alongM || k - i < 2) continue;
        const m = Math.floor((i + k) / 2);
        const line: Position[] = [at(i), off(at(m - 1), at(m + 1), at(m), -inM), at(k)];
        const beyond = off(at(m - 1), at(m + 1), at(m), inM);
        if ([...c.units.keys()].some((id) => booleanPointInPolygon([beyond[0], beyond[1]], unitGeometry(c, id)))) continue;
        const action = actionReshapeBorder(line, 1e-9, unit);
        if (action.disabled(c) !== false) continue;
        const after = action(c);
        if (landLeftToNoUnitM2(c, after) > 0 && unitsInMoreParts(c, after).length === 0) return { unit, line };
      }
    }
  }
  throw new Error('no unit with a usable inward line at the outer edge');
}

function acrossNode(c: Coverage, unitId: string, alongM: number, outM: number): AcrossNode {
  for (const ring of unitRings(c, unitId).filter((r) => r.ring === 0)) {
    const { pts, n, at, across: acrossAny, off } = ringWalk(c, unitId, ring);
    const across = (i: number) => {
      const u = acrossAny(i);
      return u === OUTSIDE ? null : u;
    };
    const outward = (a: Position, b: Position, p: Position) => off(a, b, p, outM);
    for (let i = 0; i < n; i++) {
      const b = across(i - 1);
      const a = across(i);
      if (!a || !b || a === b) continue;
      // Walk back along B's border and forward along C's, alongM each way.
      let j = i;
      let dj = 0;
      while (dj < alongM && across(j - 1) === b && i - j < n / 3) {
        dj += distanceM(pts[(((j - 1) % n) + n) % n]!, pts[((j % n) + n) % n]!);
        j--;
      }
      let k = i;
      let dk = 0;
      while (dk < alongM && across(k) === a && k - i < n / 3) {
        dk += distanceM(pts[k % n]!, pts[(k + 1) % n]!);
        k++;
      }
      if (dj < alongM || dk < alongM) continue;
      const node = at(i);
      const line: Position[] = [
        at(j),
        outward(at(j), at(j + 1), at(j)),
        outward(at(i - 1), at(i + 1), node),
        outward(at(k - 1), at(k), at(k)),
        at(k),
      ];
      if (actionReshapeBorder(line, 1e-9, unitId).disabled(c) === false) return { line, node, before: b, after: a };
    }
  }
  throw new Error(`no node of ${unitId} with a usable ${outM > 0 ? 'outward' : 'inward'} line`);
}
