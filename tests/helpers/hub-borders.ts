// A coverage's borders as the hub first stores them (src/server/province-borders.ts): one per arc, the
// units' codes in order, unitB null on the outer edge. For the tests of the app's side of the hub.
import { arcUsage, type Coverage } from '../../src/core/model';
import type { HubBorderLine } from '../../src/core/hub/draft-course';

export function hubBorderLines(c: Coverage): HubBorderLine[] {
  const { unitsByArc } = arcUsage(c);
  const codeOf = new Map([...c.units.values()].map((u) => [u.id, u.attrs.code]));
  return c.arcs.map((arc, i) => {
    const codes = [...new Set(unitsByArc[i]!.map((id) => codeOf.get(id)!))].sort();
    return { unitA: codes[0]!, unitB: codes[1] ?? null, coordinates: arc.map((p) => [p[0], p[1]]) };
  });
}
