// What the unit panel shows, computed outside React.
import type { Coverage, UnitAttrs } from '../core/model/types';
import { areaDifferencePct, unitAreaM2 } from '../core/geom/unit-measure';
import { neighbourBorders } from '../core/report/neighbour-borders';

export interface NeighbourSummary {
  readonly id: string;
  readonly code: string;
  readonly fullName: string;
  readonly sharedBorderM: number;
}

export interface UnitSummary {
  readonly id: string;
  readonly attrs: UnitAttrs;
  readonly areaM2: number;
  readonly areaDifferencePct: number | null;
  readonly neighbours: readonly NeighbourSummary[];
}

export function summarizeUnit(c: Coverage, unitId: string): UnitSummary | null {
  const unit = c.units.get(unitId);
  if (!unit) return null;
  const areaM2 = unitAreaM2(c, unitId);
  return {
    id: unitId,
    attrs: unit.attrs,
    areaM2,
    areaDifferencePct: areaDifferencePct(areaM2, unit.attrs.officialAreaKm2),
    neighbours: neighbourBorders(c, unitId).map((n) => {
      const a = c.units.get(n.id)!.attrs;
      return { id: n.id, code: a.code, fullName: a.fullName, sharedBorderM: n.lengthM };
    }),
  };
}
