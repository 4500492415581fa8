// A spatial index over every segment of every arc (flatbush over runs of CHUNK consecutive segments, so
// the tree has ~8× fewer items than segments), with the two queries the checks need: segment pairs that
// intersect other than at a common vertex ("conflicts"), and winding numbers of a point by ray casting.
import Flatbush from 'flatbush';
import type { Arc } from '../model';
import { intersectSegments, type SegmentHit } from '../geom/segment-intersection';
import type { ArcUse } from './arc-uses';

const CHUNK = 8;

export interface SegmentIndex {
  readonly arcs: readonly Arc[];
  readonly tree: Flatbush | null;
  readonly chunkArc: Int32Array;
  /** First segment (index into the arc: segment k joins vertices k and k+1) of each chunk. */
  readonly chunkStart: Int32Array;
  readonly chunkEnd: Int32Array;
  /** Chunk ids of each arc, as [first, end). */
  readonly arcChunks: Int32Array;
  /** minX, minY, maxX, maxY of each chunk. */
  readonly chunkBox: Float64Array;
}

export function buildSegmentIndex(arcs: readonly Arc[]): SegmentIndex {
  let n = 0;
  for (const a of arcs) if (a.length > 1) n += Math.ceil((a.length - 1) / CHUNK);
  const chunkArc = new Int32Array(n);
  const chunkStart = new Int32Array(n);
  const chunkEnd = new Int32Array(n);
  const arcChunks = new Int32Array(arcs.length * 2);
  const chunkBox = new Float64Array(n * 4);
  const tree = n > 0 ? new Flatbush(n) : null;
  let c = 0;
  arcs.forEach((a, ai) => {
    arcChunks[2 * ai] = c;
    for (let s = 0; s < a.length - 1; s += CHUNK) {
      const e = Math.min(s + CHUNK, a.length - 1);
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (let v = s; v <= e; v++) {
        const p = a[v]!;
        if (p[0] < minX) minX = p[0];
        if (p[0] > maxX) maxX = p[0];
        if (p[1] < minY) minY = p[1];
        if (p[1] > maxY) maxY = p[1];
      }
      chunkArc[c] = ai;
      chunkStart[c] = s;
      chunkEnd[c] = e;
      chunkBox[4 * c] = minX;
      chunkBox[4 * c + 1] = minY;
      chunkBox[4 * c + 2] = maxX;
      chunkBox[4 * c + 3] = maxY;
      tree!.add(minX, minY, maxX, maxY);
      c++;
    }
    arcChunks[2 * ai + 1] = c;
  });
  tree?.finish();
  return { arcs, tree, chunkArc, chunkStart, chunkEnd, arcChunks, chunkBox };
}

/** Two segments that meet other than at a vertex they both end at: a crossing, a touch or an overlap. */
export interface Conflict {
  readonly arcA: number;
  readonly segA: number;
  readonly arcB: number;
  readonly segB: number;
  readonly hits: readonly SegmentHit[];
}

function isCommonEnd(h: SegmentHit): boolean {
  return (h.t === 0 || h.t === 1) && (h.u === 0 || h.u === 1);
}

function testChunks(ix: SegmentIndex, c: number, d: number, out: Conflict[]): void {
  const arcs = ix.arcs;
  const ai = ix.chunkArc[c]!;
  const bi = ix.chunkArc[d]!;
  const a = arcs[ai]!;
  const b = arcs[bi]!;
  for (let i = ix.chunkStart[c]!; i < ix.chunkEnd[c]!; i++) {
    const p0 = a[i]!;
    const p1 = a[i + 1]!;
    if (p0[0] === p1[0] && p0[1] === p1[1]) continue;
    const pMinX = Math.min(p0[0], p1[0]), pMaxX = Math.max(p0[0], p1[0]);
    const pMinY = Math.min(p0[1], p1[1]), pMaxY = Math.max(p0[1], p1[1]);
    const jFrom = c === d ? i + 1 : ix.chunkStart[d]!;
    for (let j = jFrom; j < ix.chunkEnd[d]!; j++) {
      const q0 = b[j]!;
      const q1 = b[j + 1]!;
      if (Math.max(q0[0], q1[0]) < pMinX || Math.min(q0[0], q1[0]) > pMaxX) continue;
      if (Math.max(q0[1], q1[1]) < pMinY || Math.min(q0[1], q1[1]) > pMaxY) continue;
      if (q0[0] === q1[0] && q0[1] === q1[1]) continue;
      // Always intersect in (arc, segment) order, so a partial search computes the very same points.
      const first = ai < bi || (ai === bi && i < j);
      const raw = first ? intersectSegments(p0, p1, q0, q1) : intersectSegments(q0, q1, p0, p1);
      if (raw.length === 0) continue;
      if (raw.length === 1 && isCommonEnd(raw[0]!)) continue;
      if (first) out.push({ arcA: ai, segA: i, arcB: bi, segB: j, hits: raw });
      else out.push({ arcA: bi, segA: j, arcB: ai, segB: i, hits: raw });
    }
  }
}

export function compareConflicts(a: Conflict, b: Conflict): number {
  return a.arcA - b.arcA || a.segA - b.segA || a.arcB - b.arcB || a.segB - b.segB;
}

/**
 * All conflicts, or (with `onlyArcs`) those involving at least one of the given arcs. Each pair of
 * segments is reported once.
 */
export function findConflicts(ix: SegmentIndex, onlyArcs?: ReadonlySet<number>): Conflict[] {
  const out: Conflict[] = [];
  const tree = ix.tree;
  if (!tree) return out;
  const box = ix.chunkBox;
  const visit = (c: number) => {
    for (const d of tree.search(box[4 * c]!, box[4 * c + 1]!, box[4 * c + 2]!, box[4 * c + 3]!)) {
      // Each pair once: in a full search the lower chunk tests; in a partial one, a pair of two touched
      // arcs is tested from its lower chunk, a pair with an untouched arc from the touched side.
      if (d < c && (!onlyArcs || onlyArcs.has(ix.chunkArc[d]!))) continue;
      testChunks(ix, c, d, out);
    }
  };
  if (onlyArcs) {
    for (const a of [...onlyArcs].sort((x, y) => x - y)) {
      if (a >= ix.arcs.length) continue;
      for (let c = ix.arcChunks[2 * a]!; c < ix.arcChunks[2 * a + 1]!; c++) visit(c);
    }
  } else {
    for (let c = 0; c < ix.chunkArc.length; c++) visit(c);
  }
  return out.sort(compareConflicts);
}

/**
 * Winding number of each unit at (x, y) by casting a ray east (or north, for points on horizontal
 * edges), skipping the segments listed in `skip` ("arc:seg"). Segments of consistent shared arcs
 * cancel out in the sum over units but not per unit, so every segment the ray meets counts.
 */
export function windingAt(
  ix: SegmentIndex,
  uses: readonly (readonly ArcUse[])[],
  x: number,
  y: number,
  north: boolean,
  skip: ReadonlySet<string>,
): Map<string, number> {
  const w = new Map<string, number>();
  const tree = ix.tree;
  if (!tree) return w;
  const found = north ? tree.search(x, y, x, tree.maxY) : tree.search(x, y, tree.maxX, y);
  for (const c of found) {
    const ai = ix.chunkArc[c]!;
    const arcUses = uses[ai];
    if (!arcUses || arcUses.length === 0) continue;
    const a = ix.arcs[ai]!;
    for (let i = ix.chunkStart[c]!; i < ix.chunkEnd[c]!; i++) {
      const p = a[i]!;
      const q = a[i + 1]!;
      let sign = 0;
      if (!north) {
        if (p[1] > y !== q[1] > y) {
          const xi = p[0] + ((y - p[1]) * (q[0] - p[0])) / (q[1] - p[1]);
          if (xi > x) sign = q[1] > p[1] ? 1 : -1;
        }
      } else if (p[0] > x !== q[0] > x) {
        const yi = p[1] + ((x - p[0]) * (q[1] - p[1])) / (q[0] - p[0]);
        if (yi > y) sign = q[0] < p[0] ? 1 : -1;
      }
      if (sign === 0 || skip.has(`${ai}:${i}`)) continue;
      for (const u of arcUses) w.set(u.unit, (w.get(u.unit) ?? 0) + sign * u.dir);
    }
  }
  return w;
}
