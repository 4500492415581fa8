// Even-odd point-in-ring test in the plane of [lon, lat] (half-open rule, so a ray through a vertex
// counts once). Points exactly on the boundary may go either way; callers avoid them.
type Pos = readonly number[];

export function pointInRing(x: number, y: number, ring: readonly Pos[]): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[i]![0]!, yi = ring[i]![1]!;
    const xj = ring[j]![0]!, yj = ring[j]![1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the first ring and outside all the others (a GeoJSON polygon). */
export function pointInPolygon(x: number, y: number, rings: readonly (readonly Pos[])[]): boolean {
  if (rings.length === 0 || !pointInRing(x, y, rings[0]!)) return false;
  for (let i = 1; i < rings.length; i++) if (pointInRing(x, y, rings[i]!)) return false;
  return true;
}
