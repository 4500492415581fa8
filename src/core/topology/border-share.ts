// How much of a polygon's boundary runs along each unit's border, in metres. Decides "the neighbour
// with the longest shared border" for gap fills and overlap assignments.
import type { MultiPolygon, Polygon } from 'geojson';
import type { Coverage, Position } from '../model/types';
import { arcIndex } from '../model/types';
import { distanceM } from '../geom/geodesic';
import { locateOnArcs } from './locate';

/** Tolerance for "on the border", degrees (≈ 1 cm). */
const ON_BORDER = 1e-7;

export function boundaryShare(c: Coverage, area: Polygon | MultiPolygon, candidates: readonly string[]): Map<string, number> {
  const arcsOf = new Map<string, Set<number>>();
  for (const id of candidates) {
    const u = c.units.get(id);
    if (u) arcsOf.set(id, new Set(u.polygons.flatMap((p) => p.flatMap((r) => r.map(arcIndex)))));
  }
  const share = new Map<string, number>(candidates.map((id) => [id, 0]));
  const polys = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  for (const poly of polys) {
    for (const ring of poly) {
      for (let i = 0; i < ring.length - 1; i++) {
        const a = ring[i] as unknown as Position;
        const b = ring[i + 1] as unknown as Position;
        const mid: Position = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
        const len = distanceM(a, b);
        for (const [id, arcs] of arcsOf) {
          if (locateOnArcs(c, mid, ON_BORDER, (x) => arcs.has(x))) share.set(id, share.get(id)! + len);
        }
      }
    }
  }
  return share;
}

/** The candidate with the longest shared boundary (ties: the first in order). */
export function longestShare(c: Coverage, area: Polygon | MultiPolygon, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestLen = -1;
  for (const [id, len] of boundaryShare(c, area, candidates)) {
    if (len > bestLen) {
      best = id;
      bestLen = len;
    }
  }
  return best;
}
