// Move one vertex of an arc. Arcs are shared, so every unit that uses the arc moves with it; a vertex
// that is an arc end (a node where borders meet) moves in every arc that ends there, so the borders stay
// joined and no gap or overlap can open. Refused when a moved segment would cross a border.
import type { Arc, Coverage, Position } from '../model/types';
import { segmentsCross, type SegmentRef } from '../topology/crossings';
import { makeAction, type Action } from './refusal';

export interface VertexRef {
  readonly arc: number;
  readonly index: number;
}

function samePos(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** All (arc, index) pairs at the same position as the given vertex that must move together. */
export function coincidentVertices(c: Coverage, v: VertexRef): VertexRef[] {
  const arc = c.arcs[v.arc];
  const p = arc?.[v.index];
  if (!arc || !p) return [];
  const isEnd = v.index === 0 || v.index === arc.length - 1;
  if (!isEnd) return [v];
  const out: VertexRef[] = [];
  c.arcs.forEach((a, i) => {
    if (a.length === 0) return;
    if (samePos(a[0]!, p)) out.push({ arc: i, index: 0 });
    if (a.length > 1 && samePos(a[a.length - 1]!, p)) out.push({ arc: i, index: a.length - 1 });
  });
  return out;
}

/** The segments that touch the moved vertices (the only ones an edit changes). */
export function segmentsAround(c: Coverage, targets: readonly VertexRef[]): SegmentRef[] {
  const out: SegmentRef[] = [];
  for (const t of targets) {
    const len = c.arcs[t.arc]!.length;
    if (t.index > 0) out.push({ arc: t.arc, index: t.index - 1 });
    if (t.index < len - 1) out.push({ arc: t.arc, index: t.index });
  }
  return out;
}

function apply(c: Coverage, v: VertexRef, to: Position): Coverage {
  const targets = coincidentVertices(c, v);
  if (targets.length === 0) return c;
  const arcs = c.arcs.slice();
  const byArc = new Map<number, number[]>();
  for (const t of targets) byArc.set(t.arc, [...(byArc.get(t.arc) ?? []), t.index]);
  for (const [i, indices] of byArc) {
    const next: Position[] = arcs[i]!.slice();
    for (const k of indices) next[k] = [to[0], to[1]];
    arcs[i] = next as Arc;
  }
  return { arcs, units: c.units };
}

export function actionMoveVertex(v: VertexRef, to: Position): Action<Coverage> {
  return makeAction(
    (c) => apply(c, v, to),
    (c) => {
      if (!c.arcs[v.arc]?.[v.index]) return 'unknown-vertex';
      const next = apply(c, v, to);
      return segmentsCross(next, segmentsAround(next, coincidentVertices(next, v))) ? 'self-intersection' : false;
    },
  );
}
