// Does an edit make borders cross? Edits change a few segments; only those are tested, against the
// segments of arcs whose boxes they reach. Touching at a shared vertex is allowed (that is how borders
// meet); crossing, or running along another border, is not: it would make a unit self-intersect or two
// units overlap.
import type { Coverage, Position } from '../model/types';
import { intersectSegments } from '../geom/segment-intersection';
import { arcBox, boxesOverlap, type Box } from './arc-bbox';

export interface SegmentRef {
  readonly arc: number;
  /** Index of the segment's first vertex in the arc. */
  readonly index: number;
}

function same(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function segBox(a: Position, b: Position): Box {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
}

/** True if any of the given segments of `c` crosses or overlaps another segment of `c`. */
export function segmentsCross(c: Coverage, segments: readonly SegmentRef[]): boolean {
  return firstCrossing(c, segments) !== null;
}

/** The first crossing of one of the given segments with another segment: the other arc and where. */
export function firstCrossing(c: Coverage, segments: readonly SegmentRef[]): { readonly arc: number; readonly at: Position } | null {
  for (const s of segments) {
    const arc = c.arcs[s.arc];
    const a0 = arc?.[s.index];
    const a1 = arc?.[s.index + 1];
    if (!a0 || !a1 || same(a0, a1)) continue;
    const box = segBox(a0, a1);
    for (let j = 0; j < c.arcs.length; j++) {
      const other = c.arcs[j]!;
      if (other.length < 2 || !boxesOverlap(box, arcBox(other))) continue;
      for (let k = 0; k < other.length - 1; k++) {
        if (j === s.arc && k === s.index) continue;
        const b0 = other[k]!;
        const b1 = other[k + 1]!;
        if (same(b0, b1)) continue;
        if (Math.max(a0[0], a1[0]) < Math.min(b0[0], b1[0]) || Math.max(b0[0], b1[0]) < Math.min(a0[0], a1[0])) continue;
        if (Math.max(a0[1], a1[1]) < Math.min(b0[1], b1[1]) || Math.max(b0[1], b1[1]) < Math.min(a0[1], a1[1])) continue;
        const hits = intersectSegments(a0, a1, b0, b1);
        if (hits.length > 1) return { arc: j, at: [hits[0]!.x, hits[0]!.y] }; // collinear overlap
        const h = hits[0];
        if (!h) continue;
        const atVertexOfA = (h.x === a0[0] && h.y === a0[1]) || (h.x === a1[0] && h.y === a1[1]);
        const atVertexOfB = (h.x === b0[0] && h.y === b0[1]) || (h.x === b1[0] && h.y === b1[1]);
        if (!(atVertexOfA && atVertexOfB)) return { arc: j, at: [h.x, h.y] };
      }
    }
  }
  return null;
}
