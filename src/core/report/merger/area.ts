// Areas of GeoJSON (multi)polygons on the WGS84 ellipsoid through the equal-area projection: fast enough
// for hundreds of intersection pieces, and within 1e-5 of the geodesic area (core/geom/equal-area.ts).
import type { MultiPolygon, Position } from 'geojson';
import { ringEqualAreaM2 } from '../../geom/equal-area';

export function polygonEqualAreaM2(rings: readonly (readonly Position[])[]): number {
  return rings.reduce((s, r, i) => s + (i === 0 ? ringEqualAreaM2(r) : -ringEqualAreaM2(r)), 0);
}

export function multiPolygonEqualAreaM2(g: MultiPolygon): number {
  return g.coordinates.reduce((s, p) => s + polygonEqualAreaM2(p), 0);
}
