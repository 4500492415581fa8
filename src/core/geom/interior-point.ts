// A point strictly inside a polygon, as GEOS's InteriorPointArea finds it: cut the polygon with the
// horizontal line through the middle of its box (nudged off any vertex), and take the middle of the
// widest interval inside. Centroids of thin curved pieces fall outside them; first vertices lie on
// the boundary; this does neither.
type Pos = readonly number[];

export function interiorPoint(rings: readonly (readonly Pos[])[]): [number, number] | null {
  const shell = rings[0];
  if (!shell || shell.length < 4) return null;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of shell) {
    minY = Math.min(minY, p[1]!);
    maxY = Math.max(maxY, p[1]!);
  }
  // The scan line avoids vertex latitudes: the midpoint of the two vertex latitudes nearest the middle
  // of the box, one on each side, so no crossing is ambiguous.
  const mid = (minY + maxY) / 2;
  let below = minY;
  let above = maxY;
  for (const r of rings) for (const p of r) {
    const y = p[1]!;
    if (y <= mid && y > below) below = y;
    if (y > mid && y < above) above = y;
  }
  const y = (below + above) / 2;
  const xs: number[] = [];
  for (const r of rings) {
    for (let i = 0; i + 1 < r.length; i++) {
      const a = r[i]!;
      const b = r[i + 1]!;
      if (a[1]! > y !== b[1]! > y) xs.push(a[0]! + ((y - a[1]!) * (b[0]! - a[0]!)) / (b[1]! - a[1]!));
    }
  }
  xs.sort((p, q) => p - q);
  let best: [number, number] | null = null;
  let bestW = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const w = xs[i + 1]! - xs[i]!;
    if (w > bestW) {
      bestW = w;
      best = [(xs[i]! + xs[i + 1]!) / 2, y];
    }
  }
  return best;
}
