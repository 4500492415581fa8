// Bounding box of an arc, memoised on the arc object (arcs are immutable, so it never goes stale).
import type { Arc, Coverage, Unit } from '../model/types';
import { arcIndex } from '../model/types';

export type Box = readonly [minX: number, minY: number, maxX: number, maxY: number];

const cache = new WeakMap<Arc, Box>();

export function arcBox(arc: Arc): Box {
  let b = cache.get(arc);
  if (!b) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const p of arc) {
      if (p[0] < x0) x0 = p[0];
      if (p[1] < y0) y0 = p[1];
      if (p[0] > x1) x1 = p[0];
      if (p[1] > y1) y1 = p[1];
    }
    b = [x0, y0, x1, y1];
    cache.set(arc, b);
  }
  return b;
}

export function boxesOverlap(a: Box, b: Box): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Bounding box of a unit: the union of its arcs' boxes (memoised per arc). */
export function unitBox(c: Coverage, u: Unit): Box {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const poly of u.polygons) {
    for (const ring of poly) {
      for (const ref of ring) {
        const b = arcBox(c.arcs[arcIndex(ref)] ?? []);
        if (b[0] < x0) x0 = b[0];
        if (b[1] < y0) y0 = b[1];
        if (b[2] > x1) x1 = b[2];
        if (b[3] > y1) y1 = b[3];
      }
    }
  }
  return [x0, y0, x1, y1];
}
