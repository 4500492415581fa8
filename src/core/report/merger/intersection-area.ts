// Area of the intersection of two (multi)polygons without building the intersection, by Green's
// theorem: the boundary of A ∩ B is the part of A's boundary inside B plus the part of B's boundary
// inside A (region on the left of both), so the area is the sum of those pieces' trapezoid terms in
// the equal-area projection of the ellipsoid (core/geom/equal-area.ts).
//
// Why not turf.intersect: polyclip-ts computes with arbitrary-precision numbers and takes 30–150 ms for
// one 700-vertex commune against one 18-vertex old commune; the whole province took about a minute.
// This takes well under a millisecond per pair and agrees with turf.intersect to 1e-6
// (tests/core/validations/merger-consistency-area.test.ts).
//
// Topology is decided in [lon, lat] (so edges with identical input vertices are exactly collinear);
// pieces of boundary that A and B share count once when both run the same way (the regions are on the
// same side) and not at all when they run opposite ways (the regions only touch there).
import type { MultiPolygon, Position } from 'geojson';
import { intersectSegments, orient } from '../../geom/segment-intersection';
import { polylineEqualAreaSum } from '../../geom/equal-area';
import type { BBox } from '../../geom/bbox';

type Edge = readonly [Position, Position];

/** All edges of a multipolygon, shells counter-clockwise and holes clockwise (region on the left). */
function orientedEdges(g: MultiPolygon): Edge[] {
  const out: Edge[] = [];
  for (const poly of g.coordinates) {
    poly.forEach((ring, r) => {
      let s = 0;
      for (let i = 0; i + 1 < ring.length; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
      const flip = r === 0 ? s < 0 : s > 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        const p = ring[i]!, q = ring[i + 1]!;
        if (p[0] === q[0] && p[1] === q[1]) continue;
        out.push(flip ? [q, p] : [p, q]);
      }
    });
  }
  return out;
}

function edgeBoxOverlaps(e: Edge, b: BBox): boolean {
  const [p, q] = e;
  return Math.max(p[0]!, q[0]!) >= b[0] && Math.min(p[0]!, q[0]!) <= b[2] && Math.max(p[1]!, q[1]!) >= b[1] && Math.min(p[1]!, q[1]!) <= b[3];
}

function boxOf(edges: readonly Edge[]): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [p, q] of edges) {
    for (const v of [p, q]) {
      if (v[0]! < b[0]) b[0] = v[0]!;
      if (v[1]! < b[1]) b[1] = v[1]!;
      if (v[0]! > b[2]) b[2] = v[0]!;
      if (v[1]! > b[3]) b[3] = v[1]!;
    }
  }
  return b;
}

/** Even-odd test over every ring (a valid multipolygon's parts do not overlap). */
function inside(x: number, y: number, edges: readonly Edge[]): boolean {
  let odd = false;
  for (const [p, q] of edges) {
    const yi = p[1]!, yj = q[1]!;
    if (yi > y !== yj > y && x < ((q[0]! - p[0]!) * (y - yi)) / (yj - yi) + p[0]!) odd = !odd;
  }
  return odd;
}

const ON_EPS = 1e-11; // degrees, ≈ 1 µm: a midpoint this close to an edge lies on it.

/** The edge of `edges` that (x, y) lies on, or null. */
function edgeThrough(x: number, y: number, edges: readonly Edge[]): Edge | null {
  for (const e of edges) {
    const [p, q] = e;
    if (x < Math.min(p[0]!, q[0]!) - ON_EPS || x > Math.max(p[0]!, q[0]!) + ON_EPS) continue;
    if (y < Math.min(p[1]!, q[1]!) - ON_EPS || y > Math.max(p[1]!, q[1]!) + ON_EPS) continue;
    const len = Math.hypot(q[0]! - p[0]!, q[1]! - p[1]!);
    if (Math.abs(orient(p[0]!, p[1]!, q[0]!, q[1]!, x, y)) / len <= ON_EPS) return e;
  }
  return null;
}

const sameWay = (a: Edge, b: Edge) =>
  (a[1][0]! - a[0][0]!) * (b[1][0]! - b[0][0]!) + (a[1][1]! - a[0][1]!) * (b[1][1]! - b[0][1]!) > 0;

/**
 * Σ of the trapezoid terms of the pieces of `own` edges that lie inside `other` (or on it, running the
 * same way, when `keepShared`).
 */
function piecesSum(own: readonly Edge[], other: readonly Edge[], otherNear: readonly Edge[], keepShared: boolean): number {
  let sum = 0;
  for (const e of own) {
    const [p, q] = e;
    const ts = [0, 1];
    for (const f of otherNear) for (const h of intersectSegments(p, q, f[0], f[1])) if (h.t > 0 && h.t < 1) ts.push(h.t);
    ts.sort((a, b) => a - b);
    for (let k = 0; k + 1 < ts.length; k++) {
      const t0 = ts[k]!, t1 = ts[k + 1]!;
      if (t1 <= t0) continue;
      const a: Position = t0 === 0 ? p : [p[0]! + t0 * (q[0]! - p[0]!), p[1]! + t0 * (q[1]! - p[1]!)];
      const b: Position = t1 === 1 ? q : [p[0]! + t1 * (q[0]! - p[0]!), p[1]! + t1 * (q[1]! - p[1]!)];
      const mx = (a[0]! + b[0]!) / 2, my = (a[1]! + b[1]!) / 2;
      const on = edgeThrough(mx, my, otherNear);
      const take = on ? keepShared && sameWay(e, on) : inside(mx, my, other);
      if (take) sum += polylineEqualAreaSum([a, b]);
    }
  }
  return sum;
}

/** Area of A ∩ B on the WGS84 ellipsoid, m². Cheapest with A the smaller of the two. */
export function intersectionAreaM2(a: MultiPolygon, b: MultiPolygon): number {
  const ea = orientedEdges(a);
  const eb = orientedEdges(b);
  const boxA = boxOf(ea);
  const boxB = boxOf(eb);
  // Edges outside the other's box can neither cross it nor lie inside it.
  const nearB = eb.filter((e) => edgeBoxOverlaps(e, boxA));
  const nearA = ea.filter((e) => edgeBoxOverlaps(e, boxB));
  const sum = piecesSum(nearA, eb, nearB, true) + piecesSum(nearB, ea, nearA, false);
  return Math.max(0, sum);
}
