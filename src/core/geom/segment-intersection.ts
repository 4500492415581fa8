// Intersection of two straight segments in the plane of [lon, lat]: none, one point, or a collinear
// overlap. Used to node single arcs and to find crossings; the parameters t (along the first segment)
// and u (along the second) let callers split both segments at the same point object.
type Pos = readonly number[];

export interface SegmentHit {
  readonly x: number;
  readonly y: number;
  /** Position along segment a (0 at a0, 1 at a1). */
  readonly t: number;
  /** Position along segment b. */
  readonly u: number;
}

/** Orientation of c relative to a→b: > 0 left, < 0 right, 0 collinear (exact in floating point only for 0). */
export function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

function paramOn(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  return Math.abs(dx) >= Math.abs(dy) ? (px - ax) / dx : (py - ay) / dy;
}

/**
 * All intersection points of segments a0→a1 and b0→b1 (both of non-zero length): [] when disjoint, one hit
 * for a crossing or a touch, two hits (the ends of the shared stretch) for a collinear overlap.
 * Endpoints are returned with their exact input coordinates so that nodes match vertices bit for bit.
 */
export function intersectSegments(a0: Pos, a1: Pos, b0: Pos, b1: Pos): SegmentHit[] {
  const ax = a0[0]!, ay = a0[1]!, bx = a1[0]!, by = a1[1]!;
  const cx = b0[0]!, cy = b0[1]!, dx = b1[0]!, dy = b1[1]!;
  if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx)) return [];
  if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return [];
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 === 0 && o2 === 0) {
    // Collinear: the overlap is bounded by endpoints that lie on the other segment.
    const hits: SegmentHit[] = [];
    const push = (x: number, y: number, t: number, u: number) => {
      if (t < 0 || t > 1 || u < 0 || u > 1) return;
      if (!hits.some((h) => h.x === x && h.y === y)) hits.push({ x, y, t, u });
    };
    push(ax, ay, 0, paramOn(cx, cy, dx, dy, ax, ay));
    push(bx, by, 1, paramOn(cx, cy, dx, dy, bx, by));
    push(cx, cy, paramOn(ax, ay, bx, by, cx, cy), 0);
    push(dx, dy, paramOn(ax, ay, bx, by, dx, dy), 1);
    return hits;
  }
  if ((o1 > 0 && o2 > 0) || (o1 < 0 && o2 < 0) || (o3 > 0 && o4 > 0) || (o3 < 0 && o4 < 0)) return [];
  // Touches at an endpoint: return the endpoint itself.
  if (o1 === 0) return [{ x: cx, y: cy, t: paramOn(ax, ay, bx, by, cx, cy), u: 0 }];
  if (o2 === 0) return [{ x: dx, y: dy, t: paramOn(ax, ay, bx, by, dx, dy), u: 1 }];
  if (o3 === 0) return [{ x: ax, y: ay, t: 0, u: paramOn(cx, cy, dx, dy, ax, ay) }];
  if (o4 === 0) return [{ x: bx, y: by, t: 1, u: paramOn(cx, cy, dx, dy, bx, by) }];
  // Proper crossing.
  const t = o3 / (o3 - o4);
  const u = o1 / (o1 - o2);
  return [{ x: ax + t * (bx - ax), y: ay + t * (by - ay), t, u }];
}
