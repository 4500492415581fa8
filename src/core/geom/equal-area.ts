// Fast ellipsoidal areas through the cylindrical equal-area projection of the WGS84 ellipsoid
// (authalic latitude, Snyder 1987 eq. 3-12). A planar polygon in that projection has exactly the area of
// the ellipsoidal polygon whose edges are straight in the projection; on real commune rings it differs
// from the geodesic area by under 1e-5 (tests/core/validations/no-mutation.test.ts), plenty for a
// check against official areas at the per-cent level.
// It costs one sine and one logarithm per vertex instead of a geodesic inverse problem per edge, which
// is what makes whole-province area checks fit in a few milliseconds. Use geodesic.ts for small pieces.
type Pos = readonly number[];

const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const E = Math.sqrt(E2);
const DEG = Math.PI / 180;

/** q(φ) of Snyder eq. 3-12; y = a²/2 · q(φ) gives an equal-area northing in metres (with x = a·λ). */
function q(lat: number): number {
  const s = Math.sin(lat * DEG);
  const es = E * s;
  return (1 - E2) * (s / (1 - es * es) - (1 / (2 * E)) * Math.log((1 - es) / (1 + es)));
}

/** Equal-area [x, y] in metres (x = a·λ, y = a/2·q(φ)); areas of shoelace polygons are true areas. */
export function equalAreaXY(p: Pos): [number, number] {
  return [A * p[0]! * DEG, (A / 2) * q(p[1]!)];
}

/**
 * Signed shoelace sum, in m², of the edges of a polyline in the equal-area projection (trapezoid form:
 * Σ (x_i + x_{i+1} - 2·x0)(y_{i+1} - y_i) / 2). It is additive along a ring, so arcs can be summed
 * separately and a ring's area is the sum of its arcs' sums (negated for reversed arcs). Positive for
 * counter-clockwise rings. x0 (a fixed meridian) only improves precision: Σ dy = 0 on a closed ring.
 */
export function polylineEqualAreaSum(line: readonly Pos[], lon0 = 105): number {
  let sum = 0;
  const n = line.length;
  if (n < 2) return 0;
  let px = A * (line[0]![0]! - lon0) * DEG;
  let py = (A / 2) * q(line[0]![1]!);
  for (let i = 1; i < n; i++) {
    const x = A * (line[i]![0]! - lon0) * DEG;
    const y = (A / 2) * q(line[i]![1]!);
    sum += (px + x) * (y - py);
    px = x;
    py = y;
  }
  return sum / 2;
}

/** Unsigned area in m² of a closed ring (closing position optional). */
export function ringEqualAreaM2(ring: readonly Pos[]): number {
  const n = ring.length;
  if (n < 3) return 0;
  const closed = ring[0]![0] === ring[n - 1]![0] && ring[0]![1] === ring[n - 1]![1];
  const s = polylineEqualAreaSum(ring) + (closed ? 0 : polylineEqualAreaSum([ring[n - 1]!, ring[0]!]));
  return Math.abs(s);
}
