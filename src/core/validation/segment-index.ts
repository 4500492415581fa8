// A spatial index over every segment of every arc (flatbush over runs of CHUNK consecutive segments, so
// the tree has ~8× fewer items than segments), with the two queries the checks need: segment pairs that
// intersect other than at a common vertex ("conflicts"), and winding numbers of a point by ray casting.
// After an edit the tree is kept and the changed arcs are searched linearly beside it ("stale" arcs),
// until enough have changed that rebuilding is cheaper: an edit then costs the size of its arcs only.
import Flatbush from 'flatbush';
import type { Arc } from '../model';
import { intersectSegments, SNAP_DEG, type SegmentHit } from '../geom/segment-intersection';
import type { ArcUse } from './arc-uses';

const CHUNK = 8;
const MAX_STALE_VERTICES = 20_000;

interface Chunks {
  readonly arc: Int32Array;
  /** First segment of the chunk (segment k joins vertices k and k+1) and the end (exclusive). */
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** minX, minY, maxX, maxY per chunk. */
  readonly box: Float64Array;
}

export interface SegmentIndex {
  readonly arcs: readonly Arc[];
  readonly tree: Flatbush | null;
  /** Chunks in the tree (of the arcs as they were when it was built). */
  readonly base: Chunks;
  /** Chunk ids in `base` of each arc, as [first, end). */
  readonly baseChunksOf: Int32Array;
  /** Arcs changed since the tree was built: their base chunks are ignored, `extra` holds them now. */
  readonly stale: ReadonlySet<number>;
  readonly extra: ReadonlyMap<number, Chunks>;
  readonly staleVertices: number;
  readonly maxX: number;
  readonly maxY: number;
}

function chunksOf(arcs: readonly Arc[], ids: Iterable<number>): Chunks {
  const list = [...ids];
  let n = 0;
  for (const ai of list) {
    const a = arcs[ai];
    if (a && a.length > 1) n += Math.ceil((a.length - 1) / CHUNK);
  }
  const arc = new Int32Array(n);
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const box = new Float64Array(n * 4);
  let c = 0;
  for (const ai of list) {
    const a = arcs[ai];
    if (!a) continue;
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
      arc[c] = ai;
      start[c] = s;
      end[c] = e;
      box[4 * c] = minX;
      box[4 * c + 1] = minY;
      box[4 * c + 2] = maxX;
      box[4 * c + 3] = maxY;
      c++;
    }
  }
  return { arc, start, end, box };
}

export function buildSegmentIndex(arcs: readonly Arc[]): SegmentIndex {
  const base = chunksOf(arcs, arcs.keys());
  const n = base.arc.length;
  const tree = n > 0 ? new Flatbush(n) : null;
  for (let c = 0; c < n; c++) tree!.add(base.box[4 * c]!, base.box[4 * c + 1]!, base.box[4 * c + 2]!, base.box[4 * c + 3]!);
  tree?.finish();
  const baseChunksOf = new Int32Array(arcs.length * 2);
  for (let c = n - 1; c >= 0; c--) baseChunksOf[2 * base.arc[c]!] = c;
  for (let c = 0; c < n; c++) baseChunksOf[2 * base.arc[c]! + 1] = c + 1;
  return { arcs, tree, base, baseChunksOf, stale: new Set(), extra: new Map(), staleVertices: 0, maxX: tree?.maxX ?? 0, maxY: tree?.maxY ?? 0 };
}

/** The index of `arcs`, where only the arcs in `changed` differ from `prev.arcs`. */
export function updateSegmentIndex(prev: SegmentIndex, arcs: readonly Arc[], changed: ReadonlySet<number>): SegmentIndex {
  if (changed.size === 0 && arcs.length === prev.arcs.length) return { ...prev, arcs };
  const stale = new Set(prev.stale);
  const extra = new Map(prev.extra);
  let staleVertices = prev.staleVertices;
  let maxX = prev.maxX, maxY = prev.maxY;
  for (const a of changed) {
    if (!stale.has(a)) {
      stale.add(a);
      staleVertices += arcs[a]?.length ?? 0;
    }
    const ch = chunksOf(arcs, [a]);
    extra.set(a, ch);
    for (let c = 0; c < ch.arc.length; c++) {
      maxX = Math.max(maxX, ch.box[4 * c + 2]!);
      maxY = Math.max(maxY, ch.box[4 * c + 3]!);
    }
  }
  if (staleVertices > MAX_STALE_VERTICES || arcs.length < prev.arcs.length) return buildSegmentIndex(arcs);
  return { ...prev, arcs, stale, extra, staleVertices, maxX, maxY };
}

/** Calls visit(arc, firstSegment, endSegment) for each chunk whose box meets the query box. */
export function searchChunks(
  ix: SegmentIndex,
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
  visit: (arc: number, start: number, end: number) => void,
): void {
  if (ix.tree) {
    const b = ix.base;
    for (const c of ix.tree.search(minX, minY, maxX, maxY)) {
      const a = b.arc[c]!;
      if (!ix.stale.has(a)) visit(a, b.start[c]!, b.end[c]!);
    }
  }
  for (const e of ix.extra.values()) {
    for (let c = 0; c < e.arc.length; c++) {
      if (e.box[4 * c]! <= maxX && e.box[4 * c + 2]! >= minX && e.box[4 * c + 1]! <= maxY && e.box[4 * c + 3]! >= minY) {
        visit(e.arc[c]!, e.start[c]!, e.end[c]!);
      }
    }
  }
}

/** Calls visit(start, end, box) for each current chunk of one arc. */
function chunksOfArc(ix: SegmentIndex, a: number, visit: (start: number, end: number, box: Float64Array, k: number) => void): void {
  const e = ix.extra.get(a);
  if (e) {
    for (let c = 0; c < e.arc.length; c++) visit(e.start[c]!, e.end[c]!, e.box, c);
  } else if (a < ix.arcs.length && 2 * a + 1 < ix.baseChunksOf.length) {
    for (let c = ix.baseChunksOf[2 * a]!; c < ix.baseChunksOf[2 * a + 1]!; c++) visit(ix.base.start[c]!, ix.base.end[c]!, ix.base.box, c);
  }
}

/** Two segments that meet other than at a vertex they both end at: a crossing, a touch or an overlap. */
export interface Conflict {
  readonly arcA: number;
  readonly segA: number;
  readonly arcB: number;
  readonly segB: number;
  readonly hits: readonly SegmentHit[];
}

/**
 * A hit at a vertex where both arcs end (the same coordinates): the topology's own node, no conflict.
 * Two arcs that share an interior vertex (a ring touching another, or itself, at one vertex) do conflict
 * there: the overlay must make that vertex one node, or its faces are traced through a zero-length edge.
 */
function isCommonEnd(h: SegmentHit, q0: readonly number[], q1: readonly number[], aEnd: boolean, bEnd: boolean): boolean {
  if (!((h.t === 0 || h.t === 1) && (h.u === 0 || h.u === 1))) return false;
  const q = h.u === 0 ? q0 : q1;
  return q[0] === h.x && q[1] === h.y && aEnd && bEnd;
}

function testChunks(arcs: readonly Arc[], ai: number, cs: number, ce: number, bi: number, ds: number, de: number, out: Conflict[]): void {
  const a = arcs[ai]!;
  const b = arcs[bi]!;
  const same = ai === bi && cs === ds;
  for (let i = cs; i < ce; i++) {
    const p0 = a[i]!;
    const p1 = a[i + 1]!;
    if (p0[0] === p1[0] && p0[1] === p1[1]) continue;
    const pMinX = Math.min(p0[0], p1[0]), pMaxX = Math.max(p0[0], p1[0]);
    const pMinY = Math.min(p0[1], p1[1]), pMaxY = Math.max(p0[1], p1[1]);
    for (let j = same ? i + 1 : ds; j < de; j++) {
      const q0 = b[j]!;
      const q1 = b[j + 1]!;
      if (Math.max(q0[0], q1[0]) + SNAP_DEG < pMinX || Math.min(q0[0], q1[0]) - SNAP_DEG > pMaxX) continue;
      if (Math.max(q0[1], q1[1]) + SNAP_DEG < pMinY || Math.min(q0[1], q1[1]) - SNAP_DEG > pMaxY) continue;
      if (q0[0] === q1[0] && q0[1] === q1[1]) continue;
      // Consecutive segments of one arc: nearly every segment has such a pair, and nearly all of them meet
      // only at their shared vertex, which is dropped below. When the far end of each lies more than
      // 2·SNAP_DEG from the other's line (|u×v|/|v| and |u×v|/|u|), intersectSegments can find no other
      // contact (no end is within SNAP_DEG of the other segment, and the far ends are further apart than
      // that), so skip the call: it was half of a whole-country check. The factor 2 covers rounding of
      // u×v, which is many orders below SNAP_DEG for segments of at most a few degrees.
      if (ai === bi && (j === i + 1 || j === i - 1)) {
        const ux = p1[0] - p0[0], uy = p1[1] - p0[1], vx = q1[0] - q0[0], vy = q1[1] - q0[1];
        const cross = Math.abs(ux * vy - uy * vx);
        if (cross > 2 * SNAP_DEG * Math.hypot(ux, uy) && cross > 2 * SNAP_DEG * Math.hypot(vx, vy)) continue;
      }
      // Always intersect in (arc, segment) order, so a partial search computes the very same points.
      const first = ai < bi || (ai === bi && i < j);
      const raw = first ? intersectSegments(p0, p1, q0, q1) : intersectSegments(q0, q1, p0, p1);
      if (raw.length === 0) continue;
      if (raw.length === 1) {
        const h = raw[0]!;
        // Whether the hit's vertex is an end of its arc, on each side (A: the first segment given).
        const [arcA, segA, arcB, segB] = first ? [a, i, b, j] : [b, j, a, i];
        const aEnd = (h.t === 0 && segA === 0) || (h.t === 1 && segA === arcA.length - 2);
        const bEnd = (h.u === 0 && segB === 0) || (h.u === 1 && segB === arcB.length - 2);
        if (isCommonEnd(h, first ? q0 : p0, first ? q1 : p1, aEnd, bEnd)) continue;
        // Consecutive segments of one arc meet at their shared vertex by construction.
        if (ai === bi && Math.abs(i - j) === 1 && (h.t === 0 || h.t === 1) && (h.u === 0 || h.u === 1)) continue;
      }
      if (first) out.push({ arcA: ai, segA: i, arcB: bi, segB: j, hits: raw });
      else out.push({ arcA: bi, segA: j, arcB: ai, segB: i, hits: raw });
    }
  }
}

export function compareConflicts(a: Conflict, b: Conflict): number {
  return a.arcA - b.arcA || a.segA - b.segA || a.arcB - b.arcB || a.segB - b.segB;
}

/**
 * The check found more pairs of crossing or overlapping segments than it can arrange in memory that grows
 * with the input: a ring running over itself hundreds of times (a 112 KB file, one square repeated 2,000
 * times, once took 4 GB and crashed), not real data (at most 0.014 pairs per segment in the 34 provinces).
 */
export class CheckLimitError extends Error {
  override readonly name = 'CheckLimitError';
}

/** Pairs allowed: this many per segment, and at least CONFLICTS_FLOOR (a province against a shifted copy of itself stays far below). */
const CONFLICTS_PER_SEGMENT = 10;
const CONFLICTS_FLOOR = 100_000;

/**
 * All conflicts, or (with `onlyArcs`) those involving at least one of the given arcs, sorted. Each pair of
 * segments is reported once: chunks are ordered by (arc, first segment), and a pair is tested from its
 * lower chunk, or from the changed side when only one of the two arcs changed. Throws CheckLimitError
 * past CONFLICTS_PER_SEGMENT pairs per segment.
 */
export function findConflicts(ix: SegmentIndex, onlyArcs?: ReadonlySet<number>): Conflict[] {
  const out: Conflict[] = [];
  let segments = 0;
  for (const a of ix.arcs) segments += Math.max(0, a.length - 1);
  const cap = Math.max(CONFLICTS_FLOOR, CONFLICTS_PER_SEGMENT * segments);
  const visit = (a: number, s: number, e: number, box: Float64Array, k: number) => {
    searchChunks(ix, box[4 * k]! - SNAP_DEG, box[4 * k + 1]! - SNAP_DEG, box[4 * k + 2]! + SNAP_DEG, box[4 * k + 3]! + SNAP_DEG, (b, ds, de) => {
      const lower = b < a || (b === a && ds < s);
      if (lower && (!onlyArcs || onlyArcs.has(b))) return;
      testChunks(ix.arcs, a, s, e, b, ds, de, out);
    });
    if (out.length > cap) {
      const p = ix.arcs[a]![s]!;
      throw new CheckLimitError(
        `more than ${cap} pairs of crossing or overlapping segments for ${segments} segments, the first ones near ${p[0]}, ${p[1]}: a ring probably runs over itself many times; the check stops here`,
      );
    }
  };
  const arcs = onlyArcs ? [...onlyArcs].filter((a) => a < ix.arcs.length).sort((x, y) => x - y) : [...ix.arcs.keys()];
  for (const a of arcs) chunksOfArc(ix, a, (s, e, box, k) => visit(a, s, e, box, k));
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
  const visit = (ai: number, s: number, e: number) => {
    const arcUses = uses[ai];
    if (!arcUses || arcUses.length === 0) return;
    const a = ix.arcs[ai]!;
    for (let i = s; i < e; i++) {
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
  };
  if (north) searchChunks(ix, x, y, x, Math.max(y, ix.maxY), visit);
  else searchChunks(ix, x, y, Math.max(x, ix.maxX), y, visit);
  return w;
}
