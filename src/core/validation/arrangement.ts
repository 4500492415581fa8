// The planar arrangement of the suspect arcs: their segments split at every conflict point, joined at
// common nodes, with the faces traced as cycles of half-edges (face on the left). Consistent shared
// arcs are left out: they change which unit covers a point but not how many units do, so overlaps
// (≥ 2 units) and gaps (0 units) are faces of this much smaller arrangement.
import type { Arc } from '../model';
import type { Conflict } from './segment-index';

/** A piece of one original segment that an arrangement edge lies on. */
export interface EdgeSource {
  readonly arc: number;
  readonly seg: number;
  /** +1 when the edge's u→v runs along the arc's stored direction. */
  readonly sigma: 1 | -1;
}

export interface Arrangement {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** Half-edge h: edge h >> 1, from edgeU to edgeV when h is even, reversed when odd. */
  readonly edgeU: Int32Array;
  readonly edgeV: Int32Array;
  readonly sources: readonly (readonly EdgeSource[])[];
  /** Cycle of each half-edge; cycles keep their face on the left. */
  readonly cycleOf: Int32Array;
  readonly cycles: readonly Cycle[];
  /** Node id of vertex 0 of each suspect arc (vertex i is node base + i, before merging at nodes). */
  readonly vertexBase: ReadonlyMap<number, number>;
}

export interface Cycle {
  readonly halfEdges: readonly number[];
  /** Signed planar area in degrees² (> 0: counter-clockwise, the outer ring of a bounded face). */
  readonly area: number;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

class UnionFind {
  readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(i: number): number {
    const p = this.parent;
    while (p[i] !== i) {
      p[i] = p[p[i]!]!;
      i = p[i]!;
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

export function buildArrangement(arcs: readonly Arc[], suspect: readonly number[], conflicts: readonly Conflict[]): Arrangement {
  // 1. Nodes for every vertex of every suspect arc, plus one per interior conflict point.
  const vertexBase = new Map<number, number>();
  let nNodes = 0;
  for (const a of suspect) {
    vertexBase.set(a, nNodes);
    nNodes += arcs[a]!.length;
  }
  interface Split {
    t: number;
    node: number;
  }
  const splits = new Map<string, Split[]>();
  const extraX: number[] = [];
  const extraY: number[] = [];
  const keyed = new Map<string, number>();
  const pairs: [number, number][] = [];
  const keyNode = (x: number, y: number, node: number) => {
    const k = `${x} ${y}`;
    const had = keyed.get(k);
    if (had === undefined) keyed.set(k, node);
    else if (had !== node) pairs.push([had, node]);
  };
  // Arc ends meet other arcs' ends at the same coordinates: the topology's nodes.
  for (const a of suspect) {
    const arc = arcs[a]!;
    const base = vertexBase.get(a)!;
    keyNode(arc[0]![0], arc[0]![1], base);
    keyNode(arc[arc.length - 1]![0], arc[arc.length - 1]![1], base + arc.length - 1);
  }
  const onSide = (arc: number, seg: number, t: number, x: number, y: number, node: number | undefined): number => {
    const base = vertexBase.get(arc);
    if (base === undefined) throw new Error(`conflict on arc ${arc}, which is not suspect`);
    let n: number;
    if (t === 0) n = base + seg;
    else if (t === 1) n = base + seg + 1;
    else {
      n = node ?? nNodes + extraX.length;
      if (node === undefined) {
        extraX.push(x);
        extraY.push(y);
      }
      const k = `${arc}:${seg}`;
      let list = splits.get(k);
      if (!list) splits.set(k, (list = []));
      list.push({ t, node: n });
    }
    keyNode(x, y, n);
    return n;
  };
  for (const c of conflicts) {
    for (const h of c.hits) {
      const n = onSide(c.arcA, c.segA, h.t, h.x, h.y, undefined);
      onSide(c.arcB, c.segB, h.u, h.x, h.y, n);
    }
  }
  const total = nNodes + extraX.length;
  const uf = new UnionFind(total);
  for (const [p, q] of pairs) uf.union(p, q);
  // A vertex repeated in a row (the data has about a thousand) is one node: an edge between the two
  // copies would have no direction, and the faces around it would be traced wrongly.
  for (const a of suspect) {
    const arc = arcs[a]!;
    const base = vertexBase.get(a)!;
    for (let i = 1; i < arc.length; i++) if (arc[i]![0] === arc[i - 1]![0] && arc[i]![1] === arc[i - 1]![1]) uf.union(base + i - 1, base + i);
  }
  const xs = new Float64Array(total);
  const ys = new Float64Array(total);
  for (const a of suspect) {
    const arc = arcs[a]!;
    const base = vertexBase.get(a)!;
    for (let i = 0; i < arc.length; i++) {
      xs[base + i] = arc[i]![0];
      ys[base + i] = arc[i]![1];
    }
  }
  for (let i = 0; i < extraX.length; i++) {
    xs[nNodes + i] = extraX[i]!;
    ys[nNodes + i] = extraY[i]!;
  }

  // 2. Edges: segments cut at their splits, duplicates (collinear overlaps) merged with their sources.
  const edgeU: number[] = [];
  const edgeV: number[] = [];
  const sources: EdgeSource[][] = [];
  const byEnds = new Map<number, number>();
  const addEdge = (u: number, v: number, arc: number, seg: number) => {
    u = uf.find(u);
    v = uf.find(v);
    if (u === v) return;
    const lo = Math.min(u, v);
    const hi = Math.max(u, v);
    const k = lo * total + hi;
    const e = byEnds.get(k);
    if (e !== undefined) {
      sources[e]!.push({ arc, seg, sigma: edgeU[e] === u ? 1 : -1 });
      return;
    }
    byEnds.set(k, edgeU.length);
    edgeU.push(u);
    edgeV.push(v);
    sources.push([{ arc, seg, sigma: 1 }]);
  };
  for (const a of suspect) {
    const arc = arcs[a]!;
    const base = vertexBase.get(a)!;
    for (let s = 0; s < arc.length - 1; s++) {
      const list = splits.get(`${a}:${s}`);
      if (!list) {
        addEdge(base + s, base + s + 1, a, s);
        continue;
      }
      list.sort((p, q) => p.t - q.t);
      let prev = base + s;
      for (const sp of list) {
        addEdge(prev, sp.node, a, s);
        prev = sp.node;
      }
      addEdge(prev, base + s + 1, a, s);
    }
  }

  // 3. Half-edges around each node in counter-clockwise order; next(h) = the half-edge just clockwise
  // of twin(h) at h's head, which keeps the face on the left.
  const nEdges = edgeU.length;
  const nHalf = nEdges * 2;
  const tail = (h: number) => ((h & 1) === 0 ? edgeU[h >> 1]! : edgeV[h >> 1]!);
  const head = (h: number) => ((h & 1) === 0 ? edgeV[h >> 1]! : edgeU[h >> 1]!);
  const degree = new Int32Array(total + 1);
  for (let h = 0; h < nHalf; h++) degree[tail(h) + 1]!++;
  for (let i = 0; i < total; i++) degree[i + 1]! += degree[i]!;
  const start = degree;
  const fill = new Int32Array(total);
  const around = new Int32Array(nHalf);
  for (let h = 0; h < nHalf; h++) {
    const t = tail(h);
    around[start[t]! + fill[t]!] = h;
    fill[t]!++;
  }
  const posOf = new Int32Array(nHalf);
  const angle = (h: number) => Math.atan2(ys[head(h)]! - ys[tail(h)]!, xs[head(h)]! - xs[tail(h)]!);
  for (let n = 0; n < total; n++) {
    const s = start[n]!;
    const e = start[n + 1]!;
    if (e - s > 2) {
      const list = Array.from(around.subarray(s, e));
      const ang = new Map(list.map((h) => [h, angle(h)]));
      list.sort((p, q) => ang.get(p)! - ang.get(q)!);
      around.set(list, s);
    }
    for (let i = s; i < e; i++) posOf[around[i]!] = i - s;
  }
  const next = (h: number): number => {
    const t = h ^ 1;
    const n = head(h);
    const s = start[n]!;
    const deg = start[n + 1]! - s;
    return around[s + ((posOf[t]! - 1 + deg) % deg)]!;
  };

  // 4. Cycles.
  const cycleOf = new Int32Array(nHalf).fill(-1);
  const cycles: Cycle[] = [];
  const eu = Int32Array.from(edgeU);
  const ev = Int32Array.from(edgeV);
  for (let h0 = 0; h0 < nHalf; h0++) {
    if (cycleOf[h0] !== -1) continue;
    const id = cycles.length;
    const halfEdges: number[] = [];
    let h = h0;
    do {
      cycleOf[h] = id;
      halfEdges.push(h);
      h = next(h);
    } while (h !== h0 && cycleOf[h] === -1);
    cycles.push(measureCycle(xs, ys, eu, ev, halfEdges));
  }
  return { xs, ys, edgeU: eu, edgeV: ev, sources, cycleOf, cycles, vertexBase };
}

/** Signed area and box of a cycle (the same arithmetic whether built or patched after a move). */
export function measureCycle(xs: Float64Array, ys: Float64Array, edgeU: Int32Array, edgeV: Int32Array, halfEdges: readonly number[]): Cycle {
  let area = 0;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const h0 = halfEdges[0]!;
  const x0 = xs[(h0 & 1) === 0 ? edgeU[h0 >> 1]! : edgeV[h0 >> 1]!]!;
  for (const h of halfEdges) {
    const a = (h & 1) === 0 ? edgeU[h >> 1]! : edgeV[h >> 1]!;
    const b = (h & 1) === 0 ? edgeV[h >> 1]! : edgeU[h >> 1]!;
    const ax = xs[a]!, ay = ys[a]!, bx = xs[b]!, by = ys[b]!;
    area += (ax + bx - 2 * x0) * (by - ay);
    if (ax < minX) minX = ax;
    if (ax > maxX) maxX = ax;
    if (ay < minY) minY = ay;
    if (ay > maxY) maxY = ay;
  }
  return { halfEdges, area: area / 2, minX, minY, maxX, maxY };
}

export function halfTail(g: Arrangement, h: number): number {
  return (h & 1) === 0 ? g.edgeU[h >> 1]! : g.edgeV[h >> 1]!;
}

export function halfHead(g: Arrangement, h: number): number {
  return (h & 1) === 0 ? g.edgeV[h >> 1]! : g.edgeU[h >> 1]!;
}

/** The closed ring [lon, lat][] of a cycle. */
export function cycleRing(g: Arrangement, c: Cycle): [number, number][] {
  const ring: [number, number][] = c.halfEdges.map((h) => {
    const n = halfTail(g, h);
    return [g.xs[n]!, g.ys[n]!];
  });
  if (ring.length > 0) ring.push([ring[0]![0], ring[0]![1]]);
  return ring;
}
