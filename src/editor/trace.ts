// Trace: when two consecutive points of a sketch lie on the same border, the sketch follows the border
// between them (its vertices), instead of cutting straight across.
import type { Coverage, Position } from '../core/model/types';
import type { ArcLocation } from '../core/topology/locate';

/** Border vertices strictly between two locations on the same arc, in walking order from a to b. */
export function traceBetween(c: Coverage, a: ArcLocation, b: ArcLocation): Position[] {
  if (a.arc !== b.arc) return [];
  const arc = c.arcs[a.arc]!;
  // Index of the first vertex after a location, walking forward.
  const after = (l: ArcLocation) => (l.kind === 'vertex' ? l.index + 1 : l.index + 1);
  const before = (l: ArcLocation) => (l.kind === 'vertex' ? l.index - 1 : l.index);
  const fa = a.kind === 'vertex' ? a.index : a.index + 0.5;
  const fb = b.kind === 'vertex' ? b.index : b.index + 0.5;
  if (fa === fb) return [];
  if (fa < fb) return arc.slice(after(a), before(b) + 1) as Position[];
  return (arc.slice(after(b), before(a) + 1) as Position[]).reverse();
}
