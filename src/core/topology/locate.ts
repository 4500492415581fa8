// Where a point lies on the borders: on a vertex or on a segment of an arc, within a tolerance in
// degrees (the editor converts its pixel tolerance at the current zoom). Used by snapping, reshape and split.
import type { Coverage, Position } from '../model/types';
import { arcBox } from './arc-bbox';

export type ArcLocation =
  | { readonly kind: 'vertex'; readonly arc: number; readonly index: number; readonly at: Position; readonly distance: number }
  | { readonly kind: 'segment'; readonly arc: number; readonly index: number; readonly at: Position; readonly distance: number };

/** Nearest vertex within tolerance wins over a nearer edge (vertices first, as snapping expects). */
export function locateOnArcs(
  c: Coverage,
  p: Position,
  tolerance: number,
  accept: (arc: number) => boolean = () => true,
): ArcLocation | null {
  let bestVertex: ArcLocation | null = null;
  let bestSegment: ArcLocation | null = null;
  const [px, py] = p;
  // Distances in degrees, with longitude scaled by cos(lat) so the tolerance is round on the ground.
  const k = Math.cos((py * Math.PI) / 180);
  c.arcs.forEach((arc, i) => {
    if (arc.length < 2 || !accept(i)) return;
    const b = arcBox(arc);
    if (px < b[0] - tolerance / k || px > b[2] + tolerance / k || py < b[1] - tolerance || py > b[3] + tolerance) return;
    for (let j = 0; j < arc.length; j++) {
      const v = arc[j]!;
      const d = Math.hypot((v[0] - px) * k, v[1] - py);
      if (d <= tolerance && (!bestVertex || d < bestVertex.distance)) bestVertex = { kind: 'vertex', arc: i, index: j, at: v, distance: d };
      if (j === arc.length - 1) continue;
      const w = arc[j + 1]!;
      const dx = (w[0] - v[0]) * k;
      const dy = w[1] - v[1];
      const len2 = dx * dx + dy * dy;
      if (len2 === 0) continue;
      const t = Math.max(0, Math.min(1, (((px - v[0]) * k) * dx + (py - v[1]) * dy) / len2));
      if (t === 0 || t === 1) continue;
      const qx = v[0] + t * (w[0] - v[0]);
      const qy = v[1] + t * (w[1] - v[1]);
      const ds = Math.hypot((qx - px) * k, qy - py);
      if (ds <= tolerance && (!bestSegment || ds < bestSegment.distance)) {
        bestSegment = { kind: 'segment', arc: i, index: j, at: [qx, qy], distance: ds };
      }
    }
  });
  return bestVertex ?? bestSegment;
}
