// Snapping while drawing or dragging: to a vertex first, then to an edge, within a pixel tolerance the
// map converts to degrees at the current zoom. Alt (or the snapping toggle) turns it off.
// Targets are the units' borders and the visible reference layers (parcels, surveyed markers). A surveyor
// expects a corner to win over a line: the nearest vertex of either kind wins over any edge, and among
// edges the nearest wins. On a tie the unit's border wins, so the two borders share the point.
import type { Coverage, Position } from '../core/model/types';
import { locateOnArcs, type ArcLocation } from '../core/topology/locate';
import type { ReferenceHit, ReferenceSnapIndex } from '../core/geom/reference-snap';

export interface Snap {
  readonly at: Position;
  /** The point of a unit's border snapped to (null for a reference target: it is on no arc). */
  readonly target: ArcLocation | null;
  /** The reference layer target snapped to, when it won over the borders. */
  readonly reference: ReferenceHit | null;
}

export interface SnapOptions {
  /** Which arcs may be snapped to. */
  readonly accept?: (arc: number) => boolean;
  /** The visible reference layers' targets. */
  readonly reference?: ReferenceSnapIndex | null;
  /** Which reference points may be snapped to (the next best is taken instead). */
  readonly acceptReference?: (at: Position) => boolean;
}

/** Whether a snap put the point on something (a border or a reference layer): the overlay marks it. */
export function snapped(s: Snap): boolean {
  return s.target !== null || s.reference !== null;
}

export function snapPoint(c: Coverage, p: Position, toleranceDeg: number, enabled: boolean, options: SnapOptions = {}): Snap {
  if (!enabled) return { at: p, target: null, reference: null };
  const loc = locateOnArcs(c, p, toleranceDeg, options.accept);
  const ref = options.reference?.nearest(p, toleranceDeg, options.acceptReference) ?? null;
  if (ref && (!loc || referenceWins(loc, ref))) return { at: ref.at, target: null, reference: ref };
  return loc ? { at: loc.at, target: loc, reference: null } : { at: p, target: null, reference: null };
}

function referenceWins(loc: ArcLocation, ref: ReferenceHit): boolean {
  const locVertex = loc.kind === 'vertex';
  const refVertex = ref.kind === 'vertex';
  if (locVertex !== refVertex) return refVertex;
  return ref.distance < loc.distance;
}
