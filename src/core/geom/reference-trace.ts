// Trace along a reference layer: when two consecutive points of a sketch snap onto the same path of a
// reference layer (a road, a river, a parcel's ring), the sketch follows that path's vertices between
// them instead of cutting straight across, as it does along a unit's border (editor/trace.ts). A ring
// has two ways round: the shorter on the ground is taken, since a surveyor clicking two corners of a
// parcel means the side between them, not the rest of the parcel.
import type { Position } from '../model/types';
import type { ReferenceHit, ReferencePath, ReferencePlace, ReferenceSnapIndex } from './reference-snap';

/** What the trace needs of the index: the paths, and every place a hit lies on. */
export type ReferencePaths = Pick<ReferenceSnapIndex, 'path' | 'places'>;

/**
 * The vertices strictly between hits `a` and `b` along a path of the reference layers that both lie
 * on, in walking order from a to b; [] when no path holds both (different features, parts or layers),
 * or when they lie on the same segment or vertex. A point shared by several paths (the corner of four
 * parcels) lies on each of them: of the paths holding both, the one that gives the shorter way on the
 * ground is followed (ties: the first in the input). Both hits must come from `index`. Returns fresh
 * positions; nothing of the index or its input is changed.
 */
export function traceReference(index: ReferencePaths, a: ReferenceHit, b: ReferenceHit): Position[] {
  const from = index.places(a);
  const to = index.places(b);
  const paths = new Map<number, ReferencePath | null>();
  let best: Position[] | null = null;
  let bestLength = Infinity;
  for (const p of from) {
    for (const q of to) {
      if (p.part !== q.part) continue;
      if (!paths.has(p.part)) paths.set(p.part, index.path(p.part));
      const traced = along(paths.get(p.part)!, p, q, a.at, b.at);
      if (!traced) continue;
      const length = groundLength(a.at, traced, b.at);
      if (length < bestLength) {
        best = traced;
        bestLength = length;
      }
    }
  }
  return best ?? [];
}

/** Vertices between two places on one path, the shorter way round a ring; null if they do not fit it. */
function along(path: ReferencePath | null, a: ReferencePlace, b: ReferencePlace, atA: Position, atB: Position): Position[] | null {
  if (!path || !valid(a, path.points.length) || !valid(b, path.points.length)) return null;
  const pts = path.points;
  // Positions along the path as integers: vertex i is 2i, a point inside segment i is 2i + 1. Vertices
  // between two positions are the even numbers strictly between them.
  if (!path.closed) {
    const ka = key(a, null);
    const kb = key(b, null);
    return ka === kb ? [] : clean(walk(pts, ka, kb, ka < kb ? 1 : -1, null), atA, atB);
  }
  // A ring of n segments stores n + 1 points, the last repeating the first: vertex n is vertex 0.
  const n = pts.length - 1;
  const ka = key(a, n);
  const kb = key(b, n);
  if (ka === kb) return [];
  const ahead = mod(kb - ka, 2 * n);
  const forward = clean(walk(pts, ka, ka + ahead, 1, n), atA, atB);
  const backward = clean(walk(pts, ka, ka + ahead - 2 * n, -1, n), atA, atB);
  return groundLength(atA, backward, atB) < groundLength(atA, forward, atB) ? backward : forward;
}

function valid(h: ReferencePlace, m: number): boolean {
  if (!Number.isInteger(h.index) || h.index < 0) return false;
  return h.kind === 'vertex' ? h.index < m : h.index < m - 1;
}

/** The hit's position as an integer (see above); on a ring of n segments vertex n is wrapped to 0. */
function key(h: ReferencePlace, n: number | null): number {
  return h.kind === 'vertex' ? 2 * (h.index === n ? 0 : h.index) : 2 * h.index + 1;
}

function mod(x: number, m: number): number {
  return ((x % m) + m) % m;
}

/**
 * The vertices at the even positions strictly between `from` and `to` (which differ), stepping by
 * `step`; on a ring of n segments positions wrap round.
 */
function walk(pts: readonly Position[], from: number, to: number, step: 1 | -1, n: number | null): Position[] {
  const out: Position[] = [];
  for (let k = from + step; k !== to; k += step) {
    if (k % 2 !== 0) continue;
    const q = pts[n === null ? k / 2 : mod(k / 2, n)]!;
    out.push([q[0], q[1]]);
  }
  return out;
}

/**
 * Drops repeated vertices (a path may repeat a point) and those on the ends themselves, so the sketch
 * gets no zero-length segment.
 */
function clean(pts: Position[], a: Position, b: Position): Position[] {
  const same = (p: Position, q: Position) => p[0] === q[0] && p[1] === q[1];
  const out: Position[] = [];
  for (const p of pts) {
    if (same(p, a) || same(p, b) || (out.length > 0 && same(p, out[out.length - 1]!))) continue;
    out.push(p);
  }
  return out;
}

/** Length of a → via… → b in degrees, longitude scaled by cos(lat) as the snap index measures. */
function groundLength(a: Position, via: readonly Position[], b: Position): number {
  const k = Math.cos((a[1] * Math.PI) / 180);
  let len = 0;
  let p = a;
  for (const q of [...via, b]) {
    len += Math.hypot((q[0] - p[0]) * k, q[1] - p[1]);
    p = q;
  }
  return len;
}
