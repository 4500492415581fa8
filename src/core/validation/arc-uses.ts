// Which units use each arc and on which side their interior lies. A ring may be stored clockwise or
// counter-clockwise (GeoJSON sources disagree), so each use gets an effective direction: +1 when the
// unit's interior is on the left of the arc in its stored direction, -1 when on the right. An arc used
// exactly twice, once each way, is a consistent shared border (DESIGN.md §1); every other arc is suspect.
import type { Arc, Coverage } from '../model';
import { arcIndex } from '../model';

export interface ArcUse {
  readonly unit: string;
  /** +1: interior on the left of the stored arc; -1: on the right. */
  readonly dir: 1 | -1;
}

export interface ArcUses {
  /** Uses of each arc id (empty for arcs no unit uses). */
  readonly byArc: readonly (readonly ArcUse[])[];
  /** True for arcs used exactly twice with opposite effective directions. */
  readonly consistent: Uint8Array;
}

// Planar (lon/lat) trapezoid sums per arc, additive along a ring; only their sign is used (orientation).
const arcSums = new WeakMap<Arc, number>();

function arcPlanarSum(arc: Arc): number {
  let s = arcSums.get(arc);
  if (s !== undefined) return s;
  s = 0;
  for (let i = 1; i < arc.length; i++) {
    const a = arc[i - 1]!;
    const b = arc[i]!;
    s += (a[0] + b[0] - 210) * (b[1] - a[1]);
  }
  arcSums.set(arc, s);
  return s;
}

const cache = new WeakMap<Coverage, ArcUses>();

/** Signed planar sum of a ring (its orientation is the sign). */
function ringSum(c: Coverage, ring: readonly number[]): number {
  let sum = 0;
  for (const ref of ring) sum += ref < 0 ? -arcPlanarSum(c.arcs[~ref]!) : arcPlanarSum(c.arcs[ref]!);
  return sum;
}

// The rings (as arc reference lists) that use each arc, per units map; a vertex move keeps the map.
const ringsByArcOf = new WeakMap<Coverage['units'], Map<number, (readonly number[])[]>>();

function ringsByArc(units: Coverage['units']): Map<number, (readonly number[])[]> {
  let m = ringsByArcOf.get(units);
  if (m) return m;
  m = new Map();
  for (const u of units.values()) {
    for (const poly of u.polygons) {
      for (const ring of poly) {
        for (const ref of ring) {
          const a = arcIndex(ref);
          let list = m.get(a);
          if (!list) m.set(a, (list = []));
          list.push(ring);
        }
      }
    }
  }
  ringsByArcOf.set(units, m);
  return m;
}

/**
 * The uses of `next`, which differs from `prev` only in the arcs listed: the very object of `prev` when
 * no unit changed and no ring through a changed arc flipped orientation (the uses then cannot differ),
 * else computed afresh. Sharing the object saves rebuilding thousands of small arrays per edit, whose
 * garbage shows up as collector pauses inside the next edits.
 */
export function arcUsesAfter(prev: Coverage, next: Coverage, changedArcs: ReadonlySet<number>): ArcUses {
  const hit = cache.get(next);
  if (hit) return hit;
  const before = cache.get(prev);
  if (before && prev.units === next.units && prev.arcs.length === next.arcs.length) {
    const rings = ringsByArc(next.units);
    let same = true;
    for (const a of changedArcs) {
      for (const ring of rings.get(a) ?? []) {
        if (ringSum(prev, ring) >= 0 !== ringSum(next, ring) >= 0) same = false;
      }
    }
    if (same) {
      cache.set(next, before);
      return before;
    }
  }
  return arcUses(next);
}

export function arcUses(c: Coverage): ArcUses {
  const hit = cache.get(c);
  if (hit) return hit;
  const byArc: ArcUse[][] = c.arcs.map(() => []);
  for (const u of c.units.values()) {
    for (const poly of u.polygons) {
      poly.forEach((ring, r) => {
        // Shells keep their interior on the left when counter-clockwise, holes when clockwise.
        const ccw = ringSum(c, ring) >= 0;
        const ringDir = (r === 0) === ccw ? 1 : -1;
        for (const ref of ring) {
          const stored = ref < 0 ? -1 : 1;
          byArc[arcIndex(ref)]!.push({ unit: u.id, dir: (stored * ringDir) as 1 | -1 });
        }
      });
    }
  }
  const consistent = new Uint8Array(c.arcs.length);
  byArc.forEach((uses, i) => {
    if (uses.length === 2 && uses[0]!.dir !== uses[1]!.dir) consistent[i] = 1;
  });
  const out = { byArc, consistent };
  cache.set(c, out);
  return out;
}
