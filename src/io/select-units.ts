// The units an export covers: all of them (coverage order) or the ones named, in coverage order.
import type { Coverage, Unit } from '../core/model';

export function selectUnits(c: Coverage, unitIds?: readonly string[]): Unit[] {
  if (!unitIds) return [...c.units.values()];
  const wanted = new Set(unitIds);
  for (const id of wanted) if (!c.units.has(id)) throw new RangeError(`unknown unit id ${id}`);
  return [...c.units.values()].filter((u) => wanted.has(u.id));
}
