// Compact differences between two coverages: the arcs and units an edit touched, nothing else.
// Used to store undo history and drafts incrementally (an edit writes what changed, not the document).
// Relies on structural sharing: unchanged arcs and units are the same objects in both coverages.
import type { Arc, Coverage, Unit, UnitAttrs, Polygon } from '../model/types';

export interface UnitRecord {
  readonly id: string;
  readonly attrs: UnitAttrs;
  readonly polygons: readonly Polygon[];
}

export interface CoverageDiff {
  /** Arc count after the change (arcs are only appended or emptied, never renumbered). */
  readonly arcCount: number;
  /** Changed or new arcs by id. */
  readonly arcs: Readonly<Record<number, Arc>>;
  /** Changed or new units by id; null = removed. */
  readonly units: Readonly<Record<string, UnitRecord | null>>;
  /** Unit order after the change, only when it differs from applying the above in place. */
  readonly order?: readonly string[];
}

export function isEmptyDiff(d: CoverageDiff, before: Coverage): boolean {
  return d.arcCount === before.arcs.length && Object.keys(d.arcs).length === 0 && Object.keys(d.units).length === 0 && !d.order;
}

export function diffCoverage(a: Coverage, b: Coverage): CoverageDiff {
  const arcs: Record<number, Arc> = {};
  for (let i = 0; i < b.arcs.length; i++) if (a.arcs[i] !== b.arcs[i]) arcs[i] = b.arcs[i]!;
  const units: Record<string, UnitRecord | null> = {};
  for (const [id, u] of b.units) if (a.units.get(id) !== u) units[id] = { id: u.id, attrs: u.attrs, polygons: u.polygons };
  for (const id of a.units.keys()) if (!b.units.has(id)) units[id] = null;
  const applied = applyDiff(a, { arcCount: b.arcs.length, arcs, units });
  const sameOrder = sequenceEqual([...applied.units.keys()], [...b.units.keys()]);
  return { arcCount: b.arcs.length, arcs, units, ...(sameOrder ? {} : { order: [...b.units.keys()] }) };
}

function sequenceEqual(x: readonly string[], y: readonly string[]): boolean {
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Applies a diff; untouched arcs and units stay the same objects (structural sharing). */
export function applyDiff(a: Coverage, d: CoverageDiff): Coverage {
  const arcs: Arc[] = a.arcs.slice(0, d.arcCount);
  while (arcs.length < d.arcCount) arcs.push([]);
  for (const [k, arc] of Object.entries(d.arcs)) arcs[Number(k)] = arc;
  const units = new Map<string, Unit>();
  for (const [id, u] of a.units) {
    if (!(id in d.units)) units.set(id, u);
    else if (d.units[id]) units.set(id, d.units[id]!);
  }
  for (const [id, u] of Object.entries(d.units)) if (u && !a.units.has(id)) units.set(id, u);
  if (d.order) {
    const ordered = new Map<string, Unit>();
    for (const id of d.order) {
      const u = units.get(id);
      if (!u) throw new Error(`diff order names unit ${id}, which the coverage does not have`);
      ordered.set(id, u);
    }
    return { arcs, units: ordered };
  }
  return { arcs, units };
}
