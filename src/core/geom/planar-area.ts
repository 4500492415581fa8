// Twice the signed planar area of a closed ring of [lon, lat] positions (> 0: counter-clockwise), in
// degrees², summed about the first vertex so that coordinates near 106° lose no precision. Used where
// only the orientation or a relative size matters; areas people read are geodesic (geodesic.ts).
type Pos = readonly number[];

export function signedArea2(ring: readonly Pos[]): number {
  if (ring.length === 0) return 0;
  const x0 = ring[0]![0]!;
  const y0 = ring[0]![1]!;
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    s += (ring[i]![0]! - x0) * (ring[i + 1]![1]! - y0) - (ring[i + 1]![0]! - x0) * (ring[i]![1]! - y0);
  }
  return s;
}
