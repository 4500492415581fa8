// Snapping an incoming geometry onto the coverage: each incoming vertex within the tolerance of one of
// our vertices takes that vertex's exact coordinates, so borders that nearly match become identical and
// the rebuilt topology shares them. Returns new geometry; the input is not touched.
import Flatbush from 'flatbush';
import type { MultiPolygon, Position } from 'geojson';
import type { Coverage } from '../model/types';

export interface VertexIndex {
  readonly points: readonly (readonly [number, number])[];
  readonly index: Flatbush;
}

export function indexVertices(c: Coverage, skipUnits: ReadonlySet<string> = new Set()): VertexIndex {
  const seen = new Set<string>();
  const points: [number, number][] = [];
  const usedArcs = new Set<number>();
  for (const u of c.units.values()) {
    if (skipUnits.has(u.id)) continue;
    for (const p of u.polygons) for (const r of p) for (const ref of r) usedArcs.add(ref < 0 ? ~ref : ref);
  }
  for (const a of usedArcs) {
    for (const p of c.arcs[a]!) {
      const key = `${p[0]},${p[1]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      points.push([p[0], p[1]]);
    }
  }
  const index = new Flatbush(Math.max(1, points.length));
  for (const [x, y] of points) index.add(x, y, x, y);
  if (points.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return { points, index };
}

/** Snaps every vertex within `toleranceM` metres of an indexed vertex onto it. */
export function snapToVertices(g: MultiPolygon, idx: VertexIndex, toleranceM: number): { geometry: MultiPolygon; snapped: number } {
  let snapped = 0;
  const tolDeg = toleranceM / 111_320;
  const coordinates = g.coordinates.map((poly) =>
    poly.map((ring) =>
      ring.map((p): Position => {
        if (idx.points.length === 0) return [p[0]!, p[1]!];
        const k = Math.cos((p[1]! * Math.PI) / 180);
        const [hit] = idx.index.neighbors(p[0]!, p[1]!, 1, tolDeg / Math.max(k, 0.1));
        if (hit === undefined) return [p[0]!, p[1]!];
        const q = idx.points[hit]!;
        if (Math.hypot((q[0] - p[0]!) * k, q[1] - p[1]!) > tolDeg) return [p[0]!, p[1]!];
        if (q[0] !== p[0] || q[1] !== p[1]) snapped++;
        return [q[0], q[1]];
      }),
    ),
  );
  return { geometry: { type: 'MultiPolygon', coordinates }, snapped };
}
