// Where a drawn ring crosses or touches itself, if it does: a polygon sketched by hand (a new unit, an
// area to transfer) that does so is no polygon, and an edit made from it leaves a self-intersection
// the checker then reports. Exact orientation tests (segment-intersection.ts) decide.
import type { Position } from '../model/types';
import { intersectSegments } from './segment-intersection';

const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

/**
 * The first point where the closed ring through `points` (no closing repeat) meets itself other than at
 * the vertex two consecutive sides share: two sides crossing or touching, or a side folding back along
 * the one before. Repeated points (a double click) are no sides and are skipped. Null for a simple ring.
 */
export function ringSelfCrossing(points: readonly Position[]): Position | null {
  const v: Position[] = [];
  for (const p of points) if (v.length === 0 || !same(v[v.length - 1]!, p)) v.push(p);
  while (v.length > 1 && same(v[0]!, v[v.length - 1]!)) v.pop();
  const n = v.length;
  if (n < 3) return null;
  for (let i = 0; i < n; i++) {
    const a0 = v[i]!, a1 = v[(i + 1) % n]!;
    for (let j = i + 1; j < n; j++) {
      const b0 = v[j]!, b1 = v[(j + 1) % n]!;
      const hits = intersectSegments(a0, a1, b0, b1);
      const next = j === i + 1;
      const prev = i === 0 && j === n - 1;
      for (const h of hits) {
        // Consecutive sides meet at their shared vertex: that is no crossing; anything more is.
        if (next && h.t === 1 && h.u === 0) continue;
        if (prev && h.t === 0 && h.u === 1) continue;
        return [h.x, h.y];
      }
    }
  }
  return null;
}
