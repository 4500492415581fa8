// Rings without roles (a shapefile record's parts, a CSV's rings) → polygons, by even-odd nesting: a ring
// inside no other is a shell, inside one a hole, inside two an island in a hole. Orientation is ignored, so
// files written with either winding read the same.
import { booleanPointInPolygon } from '@turf/turf';
import type { Position } from 'geojson';
import { signedArea2 } from '../core/geom/planar-area';

/** Even-odd nesting of rings into polygons: depth 0 shells, depth 1 holes, depth 2 islands in holes… */
export function nestRings(rings: Position[][]): Position[][][] {
  const order = rings
    .map((r, i) => ({ r, i, area: Math.abs(signedArea2(r)) }))
    .sort((a, b) => b.area - a.area);
  const placed: { r: Position[]; depth: number; polygon: Position[][] | null }[] = [];
  const polygons: Position[][][] = [];
  for (const { r } of order) {
    // Smallest already-placed ring (they come largest first) that contains this ring's first vertex.
    let parent: (typeof placed)[number] | null = null;
    for (let j = placed.length - 1; j >= 0; j--) {
      const cand = placed[j]!;
      if (booleanPointInPolygon(r[0] as [number, number], { type: 'Polygon', coordinates: [cand.r] }, { ignoreBoundary: true })) {
        parent = cand;
        break;
      }
    }
    const depth = parent ? parent.depth + 1 : 0;
    if (depth % 2 === 0) {
      const polygon = [r];
      polygons.push(polygon);
      placed.push({ r, depth, polygon });
    } else {
      parent!.polygon!.push(r);
      placed.push({ r, depth, polygon: null });
    }
  }
  return polygons;
}

