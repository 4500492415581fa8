// Which faces meet at each node of the topology. A node is an arc end; the faces around it are the units
// whose arcs end there, plus OUTSIDE when one of those arcs is used by a single unit: the other side of a
// single arc belongs to no unit in the coverage (the province edge, the coast, or a border that does not
// match its neighbour's). A node where three or more faces meet is a characteristic point (TT 48/2014).
import type { Coverage, Position } from '../model/types';
import { arcUsage } from '../model/arc-usage';

/** The face on the far side of a single arc. Not a valid unit id (unit ids never start with "\0"). */
export const OUTSIDE = '\0outside';

export const positionKey = (p: Position): string => `${p[0]},${p[1]}`;

const cache = new WeakMap<Coverage, ReadonlyMap<string, ReadonlySet<string>>>();

/** Node position key → the faces meeting there (unit ids and possibly OUTSIDE). Cached per coverage. */
export function nodeFaces(c: Coverage): ReadonlyMap<string, ReadonlySet<string>> {
  const hit = cache.get(c);
  if (hit) return hit;
  const { unitsByArc } = arcUsage(c);
  const faces = new Map<string, Set<string>>();
  c.arcs.forEach((arc, i) => {
    const users = unitsByArc[i] ?? [];
    if (users.length === 0 || arc.length < 2) return;
    for (const end of [arc[0]!, arc[arc.length - 1]!]) {
      const key = positionKey(end);
      let s = faces.get(key);
      if (!s) faces.set(key, (s = new Set()));
      for (const u of users) s.add(u);
      if (users.length === 1) s.add(OUTSIDE);
    }
  });
  cache.set(c, faces);
  return faces;
}
