// Bounding boxes of GeoJSON geometries, in degrees (for fitting the view, not for measuring).
import type { Geometry, Position } from 'geojson';

export type BBox = [west: number, south: number, east: number, north: number];

function visit(coords: unknown, box: BBox): void {
  if (typeof (coords as Position)[0] === 'number') {
    const [x, y] = coords as Position;
    if (x! < box[0]) box[0] = x!;
    if (y! < box[1]) box[1] = y!;
    if (x! > box[2]) box[2] = x!;
    if (y! > box[3]) box[3] = y!;
    return;
  }
  for (const c of coords as unknown[]) visit(c, box);
}

export function geometryBBox(g: Geometry): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  if (g.type === 'GeometryCollection') for (const child of g.geometries) visit(geometryBBoxCoords(child), box);
  else visit(g.coordinates, box);
  return box;
}

function geometryBBoxCoords(g: Geometry): Position[] {
  const b = geometryBBox(g);
  return [[b[0], b[1]], [b[2], b[3]]];
}

export function unionBBox(a: BBox, b: BBox): BBox {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

export function bboxesOverlap(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}
