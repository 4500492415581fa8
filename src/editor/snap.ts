// Snapping while drawing or dragging: to a vertex first, then to an edge, within a pixel tolerance the
// map converts to degrees at the current zoom. Alt (or the snapping toggle) turns it off.
import type { Coverage, Position } from '../core/model/types';
import { locateOnArcs, type ArcLocation } from '../core/topology/locate';

export interface Snap {
  readonly at: Position;
  readonly target: ArcLocation | null;
}

export function snapPoint(
  c: Coverage,
  p: Position,
  toleranceDeg: number,
  enabled: boolean,
  accept?: (arc: number) => boolean,
): Snap {
  if (!enabled) return { at: p, target: null };
  const loc = locateOnArcs(c, p, toleranceDeg, accept);
  return loc ? { at: loc.at, target: loc } : { at: p, target: null };
}
