// The .shp records that are not polygons: points, multipoints and polylines, with their Z and M
// variants read as 2D (the Z and M blocks follow the X/Y block, so they are simply not read). The unit
// import refuses these kinds after reading them; reference layers keep them. Polygons stay in
// shapefile.ts, which nests their rings.
import type { LineString, MultiLineString, MultiPoint, Point, Position } from 'geojson';

export type PointOrLine = Point | MultiPoint | LineString | MultiLineString;

const POINT = new Set([1, 11, 21]);
const MULTIPOINT = new Set([8, 18, 28]);
const POLYLINE = new Set([3, 13, 23]);

/** Whether `type` is a shape type this file reads. */
export function isPointOrLineShape(type: number): boolean {
  return POINT.has(type) || MULTIPOINT.has(type) || POLYLINE.has(type);
}

/**
 * The geometry of one record whose content (shape type first) starts at `c` and is `len` bytes long, and
 * how many positions it holds; or why the record cannot be read. Positions are copied as they are:
 * non-finite numbers are for the caller's checks to name.
 */
export function readPointOrLine(v: DataView, c: number, len: number, type: number): { readonly geometry: PointOrLine; readonly positions: number } | string {
  const at = (i: number, base: number): Position => [v.getFloat64(base + 16 * i, true), v.getFloat64(base + 16 * i + 8, true)];
  if (POINT.has(type)) {
    if (len < 20) return 'point record too short';
    return { geometry: { type: 'Point', coordinates: at(0, c + 4) }, positions: 1 };
  }
  if (MULTIPOINT.has(type)) {
    if (len < 40) return 'multipoint record too short';
    const n = v.getInt32(c + 36, true);
    if (n < 1 || 40 + 16 * n > len) return `multipoint with ${n} points does not fit its record`;
    const coordinates: Position[] = [];
    for (let i = 0; i < n; i++) coordinates.push(at(i, c + 40));
    return { geometry: { type: 'MultiPoint', coordinates }, positions: n };
  }
  // Polyline: box, part count, point count, part starts, points (the polygon layout).
  if (len < 44) return 'polyline record too short';
  const numParts = v.getInt32(c + 36, true);
  const numPoints = v.getInt32(c + 40, true);
  const pointsAt = c + 44 + 4 * numParts;
  if (numParts < 1 || numPoints < numParts || numParts > len || numPoints > len || pointsAt + 16 * numPoints > c + len) {
    return `polyline with ${numParts} parts and ${numPoints} points does not fit its record`;
  }
  const lines: Position[][] = [];
  for (let p = 0; p < numParts; p++) {
    const from = v.getInt32(c + 44 + 4 * p, true);
    const to = p + 1 < numParts ? v.getInt32(c + 48 + 4 * p, true) : numPoints;
    if (from < 0 || to > numPoints || to <= from) return `part ${p} has impossible bounds ${from}..${to}`;
    const line: Position[] = [];
    for (let i = from; i < to; i++) line.push(at(i, pointsAt));
    lines.push(line);
  }
  const geometry: PointOrLine = lines.length === 1 ? { type: 'LineString', coordinates: lines[0]! } : { type: 'MultiLineString', coordinates: lines };
  return { geometry, positions: numPoints };
}
