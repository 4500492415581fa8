// A generated cadastral parcel layer: a jittered grid of quadrilateral parcels with two extra vertices
// on each side (12 vertices a ring), neighbours sharing their sides exactly, as parcels of one survey do.
// Every 50th parcel has a hole. Seeded, so tests and measurements replay exactly.
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import { mulberry32 } from './random';

export interface ParcelGrid {
  readonly fc: FeatureCollection<Polygon>;
  /** [minLon, minLat, maxLon, maxLat] of the grid. */
  readonly extent: readonly [number, number, number, number];
}

/** `cols` × `rows` parcels of about `size`° (2e-4°: about 20 m) from (x0, y0). */
export function parcelGrid(cols: number, rows: number, seed = 1, x0 = 106.5, y0 = 21, size = 2e-4): ParcelGrid {
  const rand = mulberry32(seed);
  const jitter = () => (rand() - 0.5) * size * 0.3;
  const node: Position[][] = [];
  for (let i = 0; i <= cols; i++) {
    node.push([]);
    for (let j = 0; j <= rows; j++) node[i]!.push([x0 + i * size + jitter(), y0 + j * size + jitter()]);
  }
  // The two inner vertices of a side from a to b, jittered once per side so both neighbours share them.
  const side = (a: Position, b: Position): Position[] =>
    [1 / 3, 2 / 3].map((t) => [a[0]! + t * (b[0]! - a[0]!) + jitter() * 0.2, a[1]! + t * (b[1]! - a[1]!) + jitter() * 0.2]);
  const south: Position[][][] = [];
  const west: Position[][][] = [];
  for (let i = 0; i <= cols; i++) {
    south.push([]);
    west.push([]);
    for (let j = 0; j <= rows; j++) {
      south[i]!.push(i < cols ? side(node[i]![j]!, node[i + 1]![j]!) : []);
      west[i]!.push(j < rows ? side(node[i]![j]!, node[i]![j + 1]!) : []);
    }
  }
  const features: Feature<Polygon>[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const ring: Position[] = [
        node[i]![j]!, ...south[i]![j]!,
        node[i + 1]![j]!, ...west[i + 1]![j]!,
        node[i + 1]![j + 1]!, ...[...south[i]![j + 1]!].reverse(),
        node[i]![j + 1]!, ...[...west[i]![j]!].reverse(),
      ].map((q) => [q[0]!, q[1]!]);
      const coordinates = [[...ring, [ring[0]![0]!, ring[0]![1]!]]];
      if (features.length % 50 === 0) {
        const cx = x0 + (i + 0.5) * size;
        const cy = y0 + (j + 0.5) * size;
        const h = size * 0.1;
        coordinates.push([[cx - h, cy - h], [cx - h, cy + h], [cx + h, cy + h], [cx + h, cy - h], [cx - h, cy - h]]);
      }
      features.push({ type: 'Feature', properties: { parcel: features.length }, geometry: { type: 'Polygon', coordinates } });
    }
  }
  return { fc: { type: 'FeatureCollection', features }, extent: [x0 - size, y0 - size, x0 + (cols + 1) * size, y0 + (rows + 1) * size] };
}
