// Clean topology: removes every consecutive repeated vertex from every arc, and every arc that is then a
// single point (a zero-length arc, which topojson-server makes where a repeated vertex sits at a
// junction) from the rings that use it. The real Hải Phòng data has 1,055 repeated vertices that became
// 474 zero-length arcs; they put handles on top of each other, split borders into pieces and made merges
// leave holes of one point. One edit for the whole coverage, offered on the duplicate-vertex warnings
// with a preview, never applied silently: the user decides when the data changes.
import type { Arc, ArcRef, Coverage, Polygon, Unit } from '../model/types';
import { arcIndex } from '../model/types';
import { makeAction, type Action } from './refusal';

export interface DuplicatePlan {
  /** Repeated vertices removed, counted once per arc (a shared border's repeat is one vertex). */
  readonly vertices: number;
  /** Arcs that were one point and leave every ring. */
  readonly zeroLengthArcs: number;
}

function dedupe(arc: Arc): Arc {
  let repeats = false;
  for (let i = 1; i < arc.length && !repeats; i++) repeats = arc[i]![0] === arc[i - 1]![0] && arc[i]![1] === arc[i - 1]![1];
  if (!repeats) return arc;
  return arc.filter((p, i) => i === 0 || p[0] !== arc[i - 1]![0] || p[1] !== arc[i - 1]![1]);
}

function clean(c: Coverage): { coverage: Coverage; plan: DuplicatePlan } {
  let vertices = 0;
  const zero = new Set<number>();
  const arcs = c.arcs.map((arc, i) => {
    const d = dedupe(arc);
    if (d === arc) return arc;
    vertices += arc.length - d.length;
    if (d.length >= 2) return d;
    zero.add(i);
    return [] as Arc;
  });
  if (vertices === 0) return { coverage: c, plan: { vertices: 0, zeroLengthArcs: 0 } };
  const units = new Map<string, Unit>();
  for (const [id, u] of c.units) {
    const uses = u.polygons.some((p) => p.some((r) => r.some((ref) => zero.has(arcIndex(ref)))));
    if (!uses) {
      units.set(id, u);
      continue;
    }
    const keep = (ring: readonly ArcRef[]) => ring.filter((ref) => !zero.has(arcIndex(ref)));
    // A ring made only of zero-length arcs is a point: it goes, and a polygon whose shell goes with it.
    const polygons: Polygon[] = u.polygons.map((p) => p.map(keep).filter((r) => r.length > 0)).filter((p, k) => p.length > 0 && keep(u.polygons[k]![0]!).length > 0);
    units.set(id, { ...u, polygons });
  }
  return { coverage: { arcs, units }, plan: { vertices, zeroLengthArcs: zero.size } };
}

/**
 * The same coverage without zero-length arcs in any ring: no coordinate changes, only the topology (a
 * tool that walks a border from arc to arc must not stop at a node that is one repeated point).
 */
export function dropZeroLengthArcs(c: Coverage): Coverage {
  const zero = new Set<number>();
  c.arcs.forEach((arc, i) => {
    if (arc.length >= 2 && arc.every((p) => p[0] === arc[0]![0] && p[1] === arc[0]![1])) zero.add(i);
  });
  if (zero.size === 0) return c;
  const units = new Map<string, Unit>();
  for (const [id, u] of c.units) {
    const uses = u.polygons.some((p) => p.some((r) => r.some((ref) => zero.has(arcIndex(ref)))));
    if (!uses) units.set(id, u);
    else units.set(id, { ...u, polygons: u.polygons.map((p) => p.map((r) => r.filter((ref) => !zero.has(arcIndex(ref))))) });
  }
  return { arcs: c.arcs, units };
}

/** What the clean-up would remove, without changing anything. */
export function duplicatePlan(c: Coverage): DuplicatePlan {
  return clean(c).plan;
}

export function actionRemoveDuplicateVertices(): Action<Coverage> {
  return makeAction(
    (c) => clean(c).coverage,
    (c) => (clean(c).plan.vertices > 0 ? false : 'nothing-to-do'),
  );
}
