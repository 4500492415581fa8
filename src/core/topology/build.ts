// Polygons → coverage topology: every stretch of border that rings share becomes one arc.
//
// The result is exactly what topojson-server's topology() gives at full precision (the same arcs, in the
// same order and direction, the same ring starts, the same references), because the checks' output and
// the issue ids were pinned on it. The steps are topojson-server's (extract, join, cut, dedup); only the
// bookkeeping differs, as in mapshaper's buildPathTopology: a vertex is a slot in one flat array, equal
// coordinates are found once with an open-addressing hash over Int32Array slots, and from then on a
// point is its "label" (the first slot with those coordinates). Junction flags, neighbour tests, arc
// matching and the arc index then compare integers instead of hashing [x, y] arrays again at every step.
// On the whole country (7.1 M vertices) this replaces ~6 s of topojson-server with well under a second.
import type { MultiPolygon, Polygon as GeoPolygon, Position as GeoPosition } from 'geojson';
import type { Arc, ArcRef, Polygon, Position } from '../model/types';

export type PolygonalGeometry = GeoPolygon | MultiPolygon;

export interface BuiltTopology {
  /** Arcs as slices of the input positions (the position objects are shared, not copied). */
  readonly arcs: Arc[];
  /** Per input geometry, its polygons as rings of arc references; [] for a missing geometry. */
  readonly polygons: Polygon[][];
}

const f64 = new Float64Array(2);
const u32 = new Uint32Array(f64.buffer);

/** Hash of a point's bits; -0 is hashed as 0 because the two compare equal. */
function hashPoint(x: number, y: number): number {
  f64[0] = x + 0;
  f64[1] = y + 0;
  let h = Math.imul(u32[0]! ^ Math.imul(u32[1]!, 0x9e3779b1), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15) ^ u32[2]!, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13) ^ u32[3]!, 0x27d4eb2f);
  return h ^ (h >>> 16);
}

/**
 * Label of every slot: the first slot holding the same coordinates (NaN never equals anything).
 * Each table entry keeps, above the slot's bits, a few bits of the point's hash that the table index did
 * not use: a probe compares those first and reads a stored point only when they agree. On the country
 * (7.1 M slots, 8 tag bits) most probes that meet another point's entry then never touch its position,
 * which sits anywhere in a heap of half a gigabyte.
 */
function labelPoints(pts: readonly GeoPosition[]): Int32Array {
  const n = pts.length;
  const size = 1 << Math.max(4, Math.ceil(Math.log2(n * 1.4 + 1)));
  const mask = size - 1;
  const slotBits = Math.max(1, 32 - Math.clz32(n));
  const tagBits = Math.max(0, 31 - slotBits);
  const slotMask = 2 ** slotBits - 1;
  const table = new Int32Array(size).fill(-1);
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = pts[i]!;
    const x = p[0]!;
    const y = p[1]!;
    const hash = hashPoint(x, y);
    let h = hash & mask;
    const tag = tagBits === 0 ? 0 : hash >>> (32 - tagBits);
    let found = i;
    for (let e = table[h]!; e !== -1; e = table[(h = (h + 1) & mask)]!) {
      if (e >>> slotBits !== tag) continue;
      const j = e & slotMask;
      const q = pts[j]!;
      if (q[0] === x && q[1] === y) {
        found = j;
        break;
      }
    }
    // Tag and slot together stay below 2^31: an entry is never the empty mark -1.
    if (found === i) table[h] = (tag << slotBits) | i;
    label[i] = found;
  }
  return label;
}

/**
 * Junction flags by label: a point where the rings through it do not all have the same two neighbours
 * (topojson-server's join; a ring passing a point twice counts once). Out-of-range neighbours of
 * degenerate rings (one or no position) read as topojson-server's typed arrays read them.
 */
function junctions(label: Int32Array, ringStart: Int32Array, ringEnd: Int32Array): Uint8Array {
  const n = label.length;
  const visited = new Int32Array(n).fill(-1);
  const left = new Int32Array(n).fill(-1);
  const right = new Int32Array(n).fill(-1);
  const junction = new Uint8Array(n);
  // -2 stands for an undefined read: it never equals a stored neighbour, and it is stored as 0.
  const at = (k: number) => (k >= 0 && k < n ? label[k]! : -2);
  const sequence = (i: number, prev: number, cur: number, next: number) => {
    if (cur === -2 || visited[cur] === i) return;
    visited[cur] = i;
    const l = left[cur]!;
    if (l >= 0) {
      const r = right[cur]!;
      if ((l !== prev || r !== next) && (l !== next || r !== prev)) junction[cur] = 1;
    } else {
      left[cur] = prev === -2 ? 0 : prev;
      right[cur] = next === -2 ? 0 : next;
    }
  };
  for (let i = 0; i < ringStart.length; i++) {
    let k = ringStart[i]! + 1;
    const end = ringEnd[i]!;
    let prev = at(end - 1);
    let cur = at(k - 1);
    let next = at(k);
    sequence(i, prev, cur, next);
    while (++k <= end) {
      prev = cur;
      cur = next;
      next = at(k);
      sequence(i, prev, cur, next);
    }
  }
  return junction;
}

/** The slots' contents: positions and labels, moved together when a ring is rotated. */
interface Slots {
  readonly pts: GeoPosition[];
  readonly label: Int32Array;
}

function swap(s: Slots, a: number, b: number): void {
  const p = s.pts[a]!;
  s.pts[a] = s.pts[b]!;
  s.pts[b] = p;
  const l = s.label[a]!;
  s.label[a] = s.label[b]!;
  s.label[b] = l;
}

function reverse(s: Slots, start: number, end: number): void {
  for (let mid = start + ((end-- - start) >> 1); start < mid; ++start, --end) swap(s, start, end);
}

/** Rotates slots [start, end) left by end - offset, so that the slot at end - offset comes first. */
function rotate(s: Slots, start: number, end: number, offset: number): void {
  reverse(s, start, end);
  reverse(s, start, start + offset);
  reverse(s, start + offset, end);
}

function copySlot(s: Slots, to: number, from: number): void {
  s.pts[to] = s.pts[from]!;
  s.label[to] = s.label[from]!;
}

export function buildTopology(geometries: readonly (PolygonalGeometry | null | undefined)[]): BuiltTopology {
  // Extract: every ring's positions into one flat array of slots, rings in input order.
  const ringsOf = (g: PolygonalGeometry | null | undefined): readonly (readonly GeoPosition[])[][] =>
    !g ? [] : g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  let n = 0;
  let ringCount = 0;
  for (const g of geometries) {
    for (const polygon of ringsOf(g)) {
      ringCount += polygon.length;
      for (const ring of polygon) n += ring.length;
    }
  }
  const rings: (readonly GeoPosition[])[] = [];
  const ringStart = new Int32Array(ringCount);
  const ringEnd = new Int32Array(ringCount);
  let k = 0;
  for (const g of geometries) {
    for (const polygon of ringsOf(g)) {
      for (const ring of polygon) {
        ringStart[rings.length] = k;
        k += ring.length;
        ringEnd[rings.length] = k - 1;
        rings.push(ring);
      }
    }
  }
  // Positions by slot, shared into the arcs. No typed copy of the coordinates: on the whole country it
  // cost 114 MB at the check's memory peak for little time. Allocated once at its length and packed
  // (Array.from calls back in index order): filled by push, the array's growth left ~200 MB of old
  // backing stores on the country at the peak; new Array(n) would be holey, slower to read.
  let ri = 0;
  let pi = 0;
  const pts: GeoPosition[] = Array.from({ length: n }, () => {
    while (pi >= rings[ri]!.length) {
      ri++;
      pi = 0;
    }
    return rings[ri]![pi++]!;
  });
  const label = labelPoints(pts);
  const junction = junctions(label, ringStart, ringEnd);
  const slots: Slots = { pts, label };
  const isJunction = (k: number) => k < n && junction[label[k]!] === 1;

  // Cut: each ring into pieces at its junctions; a ring that does not start at a junction is first
  // rotated to its first one. A ring's pieces are consecutive: ring i has pieces [firstPiece[i], firstPiece[i + 1]).
  const ps: number[] = [];
  const pe: number[] = [];
  const firstPiece = new Int32Array(ringStart.length + 1);
  for (let i = 0; i < ringStart.length; i++) {
    firstPiece[i] = ps.length;
    const start = ringStart[i]!;
    const end = ringEnd[i]!;
    let piece = ps.push(start) - 1;
    pe.push(end);
    let fixed = isJunction(start);
    for (let mid = start; ++mid < end; ) {
      if (!isJunction(mid)) continue;
      if (fixed) {
        pe[piece] = mid;
        piece = ps.push(mid) - 1;
        pe.push(end);
      } else {
        rotate(slots, start, end, end - mid);
        copySlot(slots, end, start);
        fixed = true;
        mid = start; // restart: junctions before mid were skipped
      }
    }
  }
  firstPiece[ringStart.length] = ps.length;

  // Dedup: a piece equal to an earlier arc (forwards, or backwards; rings up to rotation) refers to it.
  const arcOfPiece = new Int32Array(ps.length);
  const arcPieces: number[] = [];
  const byEnd = new Map<number, number[]>();
  const key = (k: number) => (k < n ? label[k]! : -1);
  const same = (a: number, b: number) => a < n && b < n && label[a] === label[b];
  const equalLine = (a: number, b: number) => {
    let ia = ps[a]!;
    let ib = ps[b]!;
    const ja = pe[a]!;
    if (ia - ja !== ib - pe[b]!) return false;
    for (; ia <= ja; ++ia, ++ib) if (!same(ia, ib)) return false;
    return true;
  };
  const reverseEqualLine = (a: number, b: number) => {
    let ia = ps[a]!;
    let jb = pe[b]!;
    const ja = pe[a]!;
    if (ia - ja !== ps[b]! - jb) return false;
    for (; ia <= ja; ++ia, --jb) if (!same(ia, jb)) return false;
    return true;
  };
  const minimumOffset = (a: number) => {
    const start = ps[a]!;
    const end = pe[a]!;
    let minimum = start;
    let mx = pts[start]![0]!;
    let my = pts[start]![1]!;
    for (let mid = start + 1; mid < end; mid++) {
      const x = pts[mid]![0]!;
      const y = pts[mid]![1]!;
      if (x < mx || (x === mx && y < my)) {
        minimum = mid;
        mx = x;
        my = y;
      }
    }
    return minimum - start;
  };
  const equalRing = (a: number, b: number) => {
    const ia = ps[a]!;
    const ib = ps[b]!;
    const len = pe[a]! - ia;
    if (len !== pe[b]! - ib) return false;
    const ka = minimumOffset(a);
    const kb = minimumOffset(b);
    for (let i = 0; i < len; ++i) if (!same(ia + ((i + ka) % len), ib + ((i + kb) % len))) return false;
    return true;
  };
  const reverseEqualRing = (a: number, b: number) => {
    const ia = ps[a]!;
    const jb = pe[b]!;
    const len = pe[a]! - ia;
    if (len !== jb - ps[b]!) return false;
    const ka = minimumOffset(a);
    const kb = len - minimumOffset(b);
    for (let i = 0; i < len; ++i) if (!same(ia + ((i + ka) % len), jb - ((i + kb) % len))) return false;
    return true;
  };
  const refer = (piece: number, arcPiece: number, reversed: boolean) => {
    ps[piece] = reversed ? pe[arcPiece]! : ps[arcPiece]!;
    pe[piece] = reversed ? ps[arcPiece]! : pe[arcPiece]!;
    arcOfPiece[piece] = arcOfPiece[arcPiece]!;
  };
  const add = (piece: number) => {
    arcOfPiece[piece] = arcPieces.push(piece) - 1;
  };
  const dedupLine = (piece: number) => {
    const startKey = key(ps[piece]!);
    const startArcs = byEnd.get(startKey);
    if (startArcs) for (const a of startArcs) if (equalLine(a, piece)) return refer(piece, a, false);
    const endKey = key(pe[piece]!);
    const endArcs = byEnd.get(endKey);
    if (endArcs) for (const a of endArcs) if (reverseEqualLine(a, piece)) return refer(piece, a, true);
    if (startArcs) startArcs.push(piece);
    else byEnd.set(startKey, [piece]);
    if (endArcs) endArcs.push(piece);
    else byEnd.set(endKey, [piece]);
    add(piece);
  };
  const dedupRing = (piece: number) => {
    const matchAt = (arcs: number[] | undefined) => {
      for (const a of arcs ?? []) {
        if (equalRing(a, piece)) return (refer(piece, a, false), true);
        if (reverseEqualRing(a, piece)) return (refer(piece, a, true), true);
      }
      return false;
    };
    if (matchAt(byEnd.get(key(ps[piece]!)))) return;
    const minKey = key(ps[piece]! + minimumOffset(piece));
    const arcs = byEnd.get(minKey);
    if (matchAt(arcs)) return;
    if (arcs) arcs.push(piece);
    else byEnd.set(minKey, [piece]);
    add(piece);
  };
  for (let i = 0; i < ringStart.length; i++) {
    const from = firstPiece[i]!;
    const to = firstPiece[i + 1]!;
    if (to - from > 1) for (let p = from; p < to; p++) dedupLine(p);
    else dedupRing(from);
  }

  const arcs: Arc[] = arcPieces.map((p) => pts.slice(ps[p]!, pe[p]! + 1) as unknown as Position[]);
  const polygons: Polygon[][] = [];
  let ring = 0;
  for (const g of geometries) {
    polygons.push(
      ringsOf(g).map((polygon) =>
        polygon.map(() => {
          const refs: ArcRef[] = [];
          for (let p = firstPiece[ring]!; p < firstPiece[ring + 1]!; p++) refs.push(ps[p]! < pe[p]! ? arcOfPiece[p]! : ~arcOfPiece[p]!);
          ring++;
          return refs;
        }),
      ),
    );
  }
  return { arcs, polygons };
}
