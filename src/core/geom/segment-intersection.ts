// Intersection of two straight segments in the plane of [lon, lat]: none, one point, or a collinear
// overlap. Used to node single arcs and to find crossings; the parameters t (along the first segment)
// and u (along the second) let callers split both segments at the same point object.
//
// Every sign that decides topology comes from Shewchuk's exact orientation test (robust-predicates), and
// contacts within SNAP_DEG are snapped onto the vertex involved (as GEOS's snapping noder does): a vertex
// that lies on a neighbour's edge up to rounding touches it there; a crossing computed next to a vertex is
// that vertex. Otherwise a second node appears beside the vertex, joined to it by an edge whose direction
// is rounding noise: the arrangement is then no longer planar and its faces merge (a 14 ha overlap strip
// once came out as no issue at all), or a gap's border with a third unit is lost behind a zero-area sliver.
import { orient2d } from 'robust-predicates';

type Pos = readonly number[];

/**
 * Contacts this close are exact (degrees, ≈ 10 µm). Files written by other tools (GEOS among them) put a
 * vertex on a neighbour's edge up to rounding: the exact test then sees a crossing one ulp from the
 * vertex, or no contact at all. Snapping bends the other segment by at most this much.
 */
export const SNAP_DEG = 1e-10;

export interface SegmentHit {
  readonly x: number;
  readonly y: number;
  /** Position along segment a (0 at a0, 1 at a1). */
  readonly t: number;
  /** Position along segment b. */
  readonly u: number;
  /** True when the segments meet only by snapping (within SNAP_DEG), not exactly. */
  readonly snapped?: true;
}

/**
 * Orientation of c relative to a→b: > 0 left, < 0 right, 0 exactly collinear. The sign is exact; the
 * magnitude is twice the triangle's area (approximately). robust-predicates' orient2d has the opposite
 * sign convention (negative for counter-clockwise), hence the minus.
 */
export function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return -orient2d(ax, ay, bx, by, cx, cy);
}

function paramOn(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  return Math.abs(dx) >= Math.abs(dy) ? (px - ax) / dx : (py - ay) / dy;
}

/** Distance (degrees) from p to segment a→b when p projects inside it, else Infinity. */
function distanceInside(ax: number, ay: number, bx: number, by: number, px: number, py: number, o: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = ((px - ax) * dx + (py - ay) * dy) / len2;
  if (!(t > 0 && t < 1)) return Infinity;
  return Math.abs(o) / Math.sqrt(len2);
}

/**
 * All intersection points of segments a0→a1 and b0→b1 (both of non-zero length): [] when disjoint, one hit
 * for a crossing or a touch, two hits (the ends of the shared stretch) for a collinear overlap.
 * Endpoints are returned with their exact input coordinates so that nodes match vertices bit for bit.
 *
 * Within SNAP_DEG counts as on: an endpoint that near the other segment touches it there, two endpoints
 * that near each other are one node (the hit carries a's endpoint, t and u say which ends), and a segment
 * whose both ends lie that near the other overlaps it. Callers treat a hit at t, u ∈ {0, 1} as a common
 * vertex only when the two endpoints are equal.
 */
export function intersectSegments(a0: Pos, a1: Pos, b0: Pos, b1: Pos): SegmentHit[] {
  const ax = a0[0]!, ay = a0[1]!, bx = a1[0]!, by = a1[1]!;
  const cx = b0[0]!, cy = b0[1]!, dx = b1[0]!, dy = b1[1]!;
  if (Math.max(ax, bx) + SNAP_DEG < Math.min(cx, dx) || Math.max(cx, dx) + SNAP_DEG < Math.min(ax, bx)) return [];
  if (Math.max(ay, by) + SNAP_DEG < Math.min(cy, dy) || Math.max(cy, dy) + SNAP_DEG < Math.min(ay, by)) return [];
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  // Endpoint contacts: ends that (nearly) coincide, then ends (nearly) on the other segment's interior.
  const hits: SegmentHit[] = [];
  const push = (x: number, y: number, t: number, u: number, exact: boolean) => {
    if (hits.some((h) => (h.t === t && (t === 0 || t === 1)) || (h.u === u && (u === 0 || u === 1)) || (h.x === x && h.y === y))) return;
    hits.push(exact ? { x, y, t, u } : { x, y, t, u, snapped: true });
  };
  const near = (px: number, py: number, qx: number, qy: number) => Math.max(Math.abs(px - qx), Math.abs(py - qy)) <= SNAP_DEG;
  const aEnds: [number, number, number][] = [[ax, ay, 0], [bx, by, 1]];
  const bEnds: [number, number, number][] = [[cx, cy, 0], [dx, dy, 1]];
  for (const [px, py, t] of aEnds) for (const [qx, qy, u] of bEnds) if (near(px, py, qx, qy)) push(px, py, t, u, px === qx && py === qy);
  const oA = [o3, o4];
  const oB = [o1, o2];
  aEnds.forEach(([px, py, t], k) => {
    if (hits.some((h) => h.t === t)) return;
    if (oA[k] === 0 || distanceInside(cx, cy, dx, dy, px, py, oA[k]!) <= SNAP_DEG) {
      const u = paramOn(cx, cy, dx, dy, px, py);
      if (u > 0 && u < 1) push(px, py, t, u, oA[k] === 0);
    }
  });
  bEnds.forEach(([qx, qy, u], k) => {
    if (hits.some((h) => h.u === u)) return;
    if (oB[k] === 0 || distanceInside(ax, ay, bx, by, qx, qy, oB[k]!) <= SNAP_DEG) {
      const t = paramOn(ax, ay, bx, by, qx, qy);
      if (t > 0 && t < 1) push(qx, qy, t, u, oB[k] === 0);
    }
  });
  // Snapped hits are marked only when the segments do not meet exactly: a proper crossing reported at a
  // nearby vertex is still a crossing (GEOS's validity test sees it).
  const crossExactly = ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0));
  if (crossExactly) for (let i = 0; i < hits.length; i++) if (hits[i]!.snapped) hits[i] = { x: hits[i]!.x, y: hits[i]!.y, t: hits[i]!.t, u: hits[i]!.u };
  if (hits.length >= 2) {
    // A shared stretch: its two ends (an end of each segment, or both ends of one).
    hits.sort((p, q) => p.t - q.t);
    return [hits[0]!, hits[hits.length - 1]!];
  }
  if (hits.length === 1) return hits;
  if ((o1 > 0 && o2 > 0) || (o1 < 0 && o2 < 0) || (o3 > 0 && o4 > 0) || (o3 < 0 && o4 < 0)) return [];
  if (o1 === 0 || o2 === 0 || o3 === 0 || o4 === 0) return []; // collinear and apart, or touching beyond an end
  // Proper crossing (the signs say so exactly; the point is rounded). Far from every end, by the above.
  const t = o3 / (o3 - o4);
  const u = o1 / (o1 - o2);
  const x = ax + t * (bx - ax);
  const y = ay + t * (by - ay);
  const inBoxes =
    x >= Math.min(ax, bx) && x <= Math.max(ax, bx) && y >= Math.min(ay, by) && y <= Math.max(ay, by) &&
    x >= Math.min(cx, dx) && x <= Math.max(cx, dx) && y >= Math.min(cy, dy) && y <= Math.max(cy, dy);
  if (inBoxes) return [{ x, y, t, u }];
  // Rounded outside a box (nearly parallel segments): the nearest endpoint, as JTS does.
  const ends: [number, number, number, number][] = [
    [ax, ay, 0, paramOn(cx, cy, dx, dy, ax, ay)],
    [bx, by, 1, paramOn(cx, cy, dx, dy, bx, by)],
    [cx, cy, paramOn(ax, ay, bx, by, cx, cy), 0],
    [dx, dy, paramOn(ax, ay, bx, by, dx, dy), 1],
  ];
  let best = ends[0]!;
  let bestD = Infinity;
  for (const e of ends) {
    const d = Math.hypot(e[0] - x, e[1] - y);
    if (d < bestD) {
      bestD = d;
      best = e;
    }
  }
  return [{ x: best[0], y: best[1], t: Math.min(1, Math.max(0, best[2])), u: Math.min(1, Math.max(0, best[3])) }];
}
