// After an edit that only moved interior vertices of one arrangement arc, without touching any other
// segment (no new conflict, nothing else inside the box the moved stretch swept over), the arrangement
// keeps its nodes, edges, cycles, face counts and units: only coordinates change. Patching them costs
// the size of the cycles involved instead of a rebuild, and gives exactly what a rebuild would.
import type { Arc } from '../model';
import { cycleRing, measureCycle, type Cycle } from './arrangement';
import type { Overlay, OverlayFace } from './overlay';

/** Vertices from..to (inclusive) of `arc` changed; all other vertices of all arcs are the same. */
export interface MovedStretch {
  readonly arc: number;
  readonly from: number;
  readonly to: number;
}

interface Incidence {
  readonly start: Int32Array;
  readonly edges: Int32Array;
}

// Edges at each node, per arrangement (patched arrangements share their edge arrays, so this is built once).
const incidences = new WeakMap<Int32Array, Incidence>();

function incidence(edgeU: Int32Array, edgeV: Int32Array, nodes: number): Incidence {
  const hit = incidences.get(edgeU);
  if (hit) return hit;
  const start = new Int32Array(nodes + 1);
  for (let e = 0; e < edgeU.length; e++) {
    start[edgeU[e]! + 1]!++;
    start[edgeV[e]! + 1]!++;
  }
  for (let i = 0; i < nodes; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, nodes);
  const edges = new Int32Array(edgeU.length * 2);
  for (let e = 0; e < edgeU.length; e++) {
    edges[fill[edgeU[e]!]!++] = e;
    edges[fill[edgeV[e]!]!++] = e;
  }
  const inc = { start, edges };
  incidences.set(edgeU, inc);
  return inc;
}

export function patchOverlay(ov: Overlay, arcs: readonly Arc[], moved: MovedStretch): Overlay {
  const g = ov.g;
  const base = g.vertexBase.get(moved.arc);
  if (base === undefined) throw new Error(`arc ${moved.arc} is not in the arrangement`);
  const xs = g.xs.slice();
  const ys = g.ys.slice();
  const nodes = new Set<number>();
  const arc = arcs[moved.arc]!;
  for (let i = moved.from; i <= moved.to; i++) {
    xs[base + i] = arc[i]![0];
    ys[base + i] = arc[i]![1];
    nodes.add(base + i);
  }
  const touched = new Set<number>();
  const inc = incidence(g.edgeU, g.edgeV, xs.length);
  for (const n of nodes) {
    for (let k = inc.start[n]!; k < inc.start[n + 1]!; k++) {
      const e = inc.edges[k]!;
      touched.add(g.cycleOf[2 * e]!);
      touched.add(g.cycleOf[2 * e + 1]!);
    }
  }
  const cycles: Cycle[] = g.cycles.map((c, i) => (touched.has(i) ? measureCycle(xs, ys, g.edgeU, g.edgeV, c.halfEdges) : c));
  const next = { ...g, xs, ys, cycles };
  const faces: OverlayFace[] = ov.faces.map((f) =>
    touched.has(f.cycle) || f.holes.some((h) => touched.has(h))
      ? { ...f, rings: [cycleRing(next, cycles[f.cycle]!), ...f.holes.map((h) => cycleRing(next, cycles[h]!))] }
      : f,
  );
  return { ...ov, g: next, faces };
}
