// Delete a vertex inside an arc. Nodes (arc ends, where borders meet) are kept: deleting one would
// change which units meet there. Refused when a ring would collapse or the new segment would cross.
import type { Arc, Coverage } from '../model/types';
import { segmentsCross } from '../topology/crossings';
import { ringsCollapse } from '../topology/rings';
import { makeAction, type Action } from './refusal';
import type { VertexRef } from './move-vertex';

function apply(c: Coverage, v: VertexRef): Coverage {
  const old = c.arcs[v.arc];
  if (!old || v.index <= 0 || v.index >= old.length - 1) return c;
  const arcs = c.arcs.slice();
  arcs[v.arc] = [...old.slice(0, v.index), ...old.slice(v.index + 1)] as Arc;
  return { arcs, units: c.units };
}

export function actionDeleteVertex(v: VertexRef): Action<Coverage> {
  return makeAction(
    (c) => apply(c, v),
    (c) => {
      const old = c.arcs[v.arc];
      if (!old?.[v.index]) return 'unknown-vertex';
      if (v.index === 0 || v.index === old.length - 1) return 'vertex-is-node';
      const next = apply(c, v);
      if (ringsCollapse(next, [v.arc])) return 'collapsed-ring';
      return segmentsCross(next, [{ arc: v.arc, index: v.index - 1 }]) ? 'self-intersection' : false;
    },
  );
}
