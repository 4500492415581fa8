// Each neighbour of a unit with the length of their common border, read off the same walk as the
// boundary record: the unit panel, the record and its description always give the same lengths.
import type { Coverage } from '../model/types';
import type { ContextUnits } from '../model/context-units';
import type { RingLegs } from './boundary-legs';
import { legsOf } from './boundary-legs';
import { GAP, OUTSIDE } from './faces-across';
import { walkUnit } from './ring-walk';

export interface NeighbourBorder {
  readonly id: string;
  /** Geodesic length of the common border, m. */
  readonly lengthM: number;
}

/** Border lengths per neighbour from walked legs, longest first. */
export function bordersOfLegs(rings: readonly RingLegs[]): NeighbourBorder[] {
  const byId = new Map<string, number>();
  for (const r of rings) {
    // A gap is no neighbour: nobody signs a border with it.
    for (const l of r.legs) for (const run of l.runs) if (run.neighbour !== null && run.neighbour !== GAP) byId.set(run.neighbour, (byId.get(run.neighbour) ?? 0) + run.lengthM);
  }
  return [...byId]
    .map(([id, lengthM]) => ({ id, lengthM }))
    .sort((a, b) => b.lengthM - a.lengthM || a.id.localeCompare(b.id));
}

/** Neighbours (of the draft, and of the neighbouring provinces when given) with the length of the border shared with each, longest first. */
export function neighbourBorders(c: Coverage, unitId: string, context?: ContextUnits): NeighbourBorder[] {
  return bordersOfLegs(legsOf(walkUnit(c, unitId, { context }), OUTSIDE));
}
