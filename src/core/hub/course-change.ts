// What a proposed course changes against the border it would replace, as the neighbour must see it
// before deciding: the land that changes hands (the area between the two lines) and the largest shift.
import type { Position } from '../model/types';
import { union } from '../geom/boolean';
import { geometryAreaM2 } from '../geom/geodesic';
import { nearestOnSegmentM } from '../geom/segment-distance';

export interface CourseChange {
  /** Area between the two courses, m² on the ellipsoid: every lobe counted once, whichever unit gains it. */
  readonly areaM2: number;
  /** Largest distance from a vertex of either course to the other course, m. */
  readonly maxShiftM: number;
}

function farthestM(from: readonly Position[], to: readonly Position[]): number {
  let worst = 0;
  for (const p of from) {
    let d = Infinity;
    for (let i = 0; i + 1 < to.length && d > 0; i++) d = Math.min(d, nearestOnSegmentM(p, to[i]!, to[i + 1]!).d);
    if (to.length === 1) d = nearestOnSegmentM(p, to[0]!, to[0]!).d;
    worst = Math.max(worst, d);
  }
  return worst;
}

/** Both courses run between the same two nodes (the hub keeps a border's ends). */
export function courseChange(current: readonly Position[], proposed: readonly Position[]): CourseChange {
  const maxShiftM = Math.max(farthestM(proposed, current), farthestM(current, proposed));
  if (maxShiftM === 0) return { areaM2: 0, maxShiftM };
  // The closed band "current, then proposed backwards" crosses itself wherever the courses cross; the
  // union of the band with itself resolves it into its lobes, each wound once.
  const band = [...current, ...[...proposed].reverse()].map((p) => [p[0], p[1]]);
  const lobes = band.length >= 4 ? union({ type: 'Polygon', coordinates: [band] }, { type: 'Polygon', coordinates: [band] }) : null;
  return { areaM2: lobes ? geometryAreaM2(lobes) : 0, maxShiftM };
}
