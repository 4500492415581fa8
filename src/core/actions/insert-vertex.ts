// Insert a vertex into an arc after vertex `index` (dragging a midpoint, or snapping onto a border).
// The arc is shared, so the neighbour gets the vertex too.
import type { Arc, Coverage, Position } from '../model/types';
import { segmentsCross } from '../topology/crossings';
import { makeAction, type Action } from './refusal';

function apply(c: Coverage, arc: number, index: number, at: Position): Coverage {
  const old = c.arcs[arc];
  if (!old || index < 0 || index >= old.length - 1) return c;
  const arcs = c.arcs.slice();
  arcs[arc] = [...old.slice(0, index + 1), [at[0], at[1]], ...old.slice(index + 1)] as Arc;
  return { arcs, units: c.units };
}

export function actionInsertVertex(arc: number, index: number, at: Position): Action<Coverage> {
  return makeAction(
    (c) => apply(c, arc, index, at),
    (c) => {
      const old = c.arcs[arc];
      if (!old) return 'unknown-arc';
      if (index < 0 || index >= old.length - 1) return 'unknown-vertex';
      const next = apply(c, arc, index, at);
      return segmentsCross(next, [{ arc, index }, { arc, index: index + 1 }]) ? 'self-intersection' : false;
    },
  );
}
