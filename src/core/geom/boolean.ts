// Polygon boolean operations (Turf / polyclip-ts) normalised to MultiPolygon | null. Used by the
// geometric edits (transfer, overlap and gap fixes, new units); the topology is rebuilt afterwards.
import { difference as tDifference, intersect as tIntersect, union as tUnion, featureCollection, feature } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

export type Polygonal = Polygon | MultiPolygon;

function asMulti(f: Feature<Polygonal> | null | undefined): MultiPolygon | null {
  if (!f) return null;
  const g = f.geometry;
  const coords = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return coords.length === 0 ? null : { type: 'MultiPolygon', coordinates: coords };
}

export function difference(a: Polygonal, b: Polygonal): MultiPolygon | null {
  return asMulti(tDifference(featureCollection([feature(a), feature(b)])));
}

export function union(a: Polygonal, b: Polygonal): MultiPolygon | null {
  return asMulti(tUnion(featureCollection([feature(a), feature(b)])));
}

export function intersection(a: Polygonal, b: Polygonal): MultiPolygon | null {
  return asMulti(tIntersect(featureCollection([feature(a), feature(b)])));
}
