// Where to put a unit's name: a point inside its largest polygon (centroids of concave or coastal
// units often fall outside them, or in the sea).
import { pointOnFeature } from '@turf/turf';
import type { MultiPolygon, Position } from 'geojson';
import { polygonAreaM2 } from './geodesic';

export function labelPoint(g: MultiPolygon): Position | null {
  let best: Position[][] | null = null;
  let bestArea = -1;
  for (const poly of g.coordinates) {
    const a = polygonAreaM2(poly);
    if (a > bestArea) {
      bestArea = a;
      best = poly;
    }
  }
  if (!best) return null;
  return pointOnFeature({ type: 'Polygon', coordinates: best }).geometry.coordinates;
}
