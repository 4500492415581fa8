// Where to put a unit's name: a point inside its largest polygon (centroids of concave or coastal
// units often fall outside them, or in the sea).
import { pointOnFeature } from '@turf/turf';
import type { MultiPolygon, Position } from 'geojson';
import { polygonAreaM2 } from './geodesic';

/**
 * Area of a polygon (outer ring minus holes) in square degrees of longitude scaled by cos(latitude):
 * within a fraction of a per cent of the geodesic area for a commune, and a hundred times cheaper.
 */
function roughArea(poly: readonly Position[][]): number {
  let sum = 0;
  poly.forEach((ring, r) => {
    let a = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const p = ring[i]!, q = ring[j]!;
      a += (q[0]! - p[0]!) * (q[1]! + p[1]!);
    }
    sum += r === 0 ? Math.abs(a) : -Math.abs(a);
  });
  const lat = poly[0]?.[0]?.[1] ?? 0;
  return (sum / 2) * Math.cos((lat * Math.PI) / 180);
}

/** Clearly larger than any other by the rough measure: the geodesic one cannot disagree. */
const CLEAR_MARGIN = 1.1;

export function labelPoint(g: MultiPolygon): Position | null {
  const best = largestPolygon(g.coordinates);
  if (!best) return null;
  return pointOnFeature({ type: 'Polygon', coordinates: best }).geometry.coordinates;
}

/**
 * The largest polygon by geodesic area. The geodesic areas of a large province's units took most of the
 * time of drawing it the first time: one polygon needs none, and one clearly larger by the rough area
 * is the largest.
 */
function largestPolygon(polys: Position[][][]): Position[][] | null {
  if (polys.length <= 1) return polys[0] ?? null;
  const rough = polys.map(roughArea);
  const order = rough.map((_, i) => i).sort((a, b) => rough[b]! - rough[a]!);
  if (rough[order[0]!]! > CLEAR_MARGIN * rough[order[1]!]!) return polys[order[0]!]!;
  let best: Position[][] | null = null;
  let bestArea = -1;
  for (const poly of polys) {
    const a = polygonAreaM2(poly);
    if (a > bestArea) {
      bestArea = a;
      best = poly;
    }
  }
  return best;
}
