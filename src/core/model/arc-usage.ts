// Which units use which arc. Neighbours are units that share an arc; shared arcs are consistent by
// construction, single arcs (used once) are the coverage's outer edge or borders that do not match.
import type { Coverage } from './types';
import { arcIndex } from './types';

export interface ArcUsage {
  /** For each arc id, the ids of the units whose rings use it (a unit appears once per use). */
  readonly unitsByArc: ReadonlyArray<readonly string[]>;
}

const cache = new WeakMap<Coverage, ArcUsage>();

export function arcUsage(c: Coverage): ArcUsage {
  const hit = cache.get(c);
  if (hit) return hit;
  const unitsByArc: string[][] = c.arcs.map(() => []);
  for (const u of c.units.values()) {
    for (const poly of u.polygons) for (const ring of poly) for (const ref of ring) unitsByArc[arcIndex(ref)]!.push(u.id);
  }
  const usage = { unitsByArc };
  cache.set(c, usage);
  return usage;
}

/** Arc ids used by exactly one ring of one unit. */
export function singleArcs(c: Coverage): number[] {
  const { unitsByArc } = arcUsage(c);
  const out: number[] = [];
  unitsByArc.forEach((users, i) => {
    if (users.length === 1) out.push(i);
  });
  return out;
}

export interface Neighbour {
  readonly id: string;
  /** Arc ids this unit shares with the neighbour. */
  readonly arcs: readonly number[];
}

/** Units that share at least one arc with `unitId`, in coverage order. */
export function neighboursOf(c: Coverage, unitId: string): Neighbour[] {
  const unit = c.units.get(unitId);
  if (!unit) return [];
  const { unitsByArc } = arcUsage(c);
  const shared = new Map<string, Set<number>>();
  for (const poly of unit.polygons) {
    for (const ring of poly) {
      for (const ref of ring) {
        const a = arcIndex(ref);
        for (const other of unitsByArc[a]!) {
          if (other === unitId) continue;
          let s = shared.get(other);
          if (!s) shared.set(other, (s = new Set()));
          s.add(a);
        }
      }
    }
  }
  const out: Neighbour[] = [];
  for (const id of c.units.keys()) {
    const s = shared.get(id);
    if (s) out.push({ id, arcs: [...s].sort((x, y) => x - y) });
  }
  return out;
}
