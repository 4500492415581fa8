// What the unit panel shows, computed outside React.
import type { Coverage, UnitAttrs } from '../core/model/types';
import { areaDifferencePct, unitAreaM2 } from '../core/geom/unit-measure';
import { neighbourBorders } from '../core/report/neighbour-borders';
import { neighbourLabel, NO_CONTEXT, type ContextUnits } from '../core/model/context-units';

export interface NeighbourSummary {
  readonly id: string;
  readonly code: string;
  readonly fullName: string;
  readonly sharedBorderM: number;
  /** A unit of a neighbouring province: named, never selectable or mergeable. */
  readonly otherProvince: boolean;
}

export interface UnitSummary {
  readonly id: string;
  readonly attrs: UnitAttrs;
  readonly areaM2: number;
  readonly areaDifferencePct: number | null;
  readonly neighbours: readonly NeighbourSummary[];
}

export function summarizeUnit(c: Coverage, unitId: string, context: ContextUnits = NO_CONTEXT): UnitSummary | null {
  const unit = c.units.get(unitId);
  if (!unit) return null;
  const areaM2 = unitAreaM2(c, unitId);
  return {
    id: unitId,
    attrs: unit.attrs,
    areaM2,
    areaDifferencePct: areaDifferencePct(areaM2, unit.attrs.officialAreaKm2),
    neighbours: neighbourBorders(c, unitId, context).map((n) => ({
      id: n.id,
      ...neighbourLabel(c, context, n.id),
      sharedBorderM: n.lengthM,
      otherProvince: context.has(n.id),
    })),
  };
}
