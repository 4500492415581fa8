// Largest distance between two boundaries (a discrete Hausdorff distance, in metres): how far a
// neighbour's version of a border strays from ours. Vertices of each are measured to the nearest segment
// of the other, in a local metric projection (fine at the scale of one unit).
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon, Position } from 'geojson';

const M_PER_DEG = 111_320;

function rings(g: Polygon | MultiPolygon): Position[][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

function directed(from: Position[][], to: Position[][], k: number): number {
  const segs: [number, number, number, number][] = [];
  for (const r of to) for (let i = 0; i < r.length - 1; i++) segs.push([r[i]![0]! * k, r[i]![1]!, r[i + 1]![0]! * k, r[i + 1]![1]!]);
  if (segs.length === 0) return Infinity;
  const index = new Flatbush(segs.length);
  for (const [x0, y0, x1, y1] of segs) index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
  index.finish();
  let worst = 0;
  for (const r of from) {
    for (const p of r) {
      const px = p[0]! * k;
      const py = p[1]!;
      let best = Infinity;
      for (const i of index.neighbors(px, py, 8)) {
        const [x0, y0, x1, y1] = segs[i]!;
        const dx = x1 - x0;
        const dy = y1 - y0;
        const len2 = dx * dx + dy * dy;
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2));
        best = Math.min(best, Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy)));
      }
      if (best > worst) worst = best;
    }
  }
  return worst * M_PER_DEG;
}

/** Largest distance in metres from any vertex of one boundary to the other boundary, both ways. */
export function boundaryDistanceM(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): number {
  const ra = rings(a);
  const rb = rings(b);
  const lat = ra[0]?.[0]?.[1] ?? 0;
  const k = Math.cos((lat * Math.PI) / 180);
  return Math.max(directed(ra, rb, k), directed(rb, ra, k));
}
