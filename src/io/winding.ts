// RFC 7946 §3.1.6 right-hand rule: exterior rings counter-clockwise, holes clockwise (in lon/lat).
import type { MultiPolygon, Polygon, Position } from 'geojson';

import { signedArea2 } from '../core/geom/planar-area';

function orient(ring: Position[], ccw: boolean): Position[] {
  const isCcw = signedArea2(ring) > 0;
  return isCcw === ccw ? ring.map((p) => [p[0]!, p[1]!]) : ring.map((p) => [p[0]!, p[1]!]).reverse();
}

function rewindPolygon(rings: Position[][], rightHand: boolean): Position[][] {
  return rings.map((r, i) => orient(r, i === 0 ? rightHand : !rightHand));
}

/** A new geometry wound by the right-hand rule (rightHand = true) or the shapefile/KML-agnostic opposite. */
export function rewind<G extends Polygon | MultiPolygon>(g: G, rightHand = true): G {
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: rewindPolygon(g.coordinates, rightHand) } as G;
  return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => rewindPolygon(p, rightHand)) } as G;
}
