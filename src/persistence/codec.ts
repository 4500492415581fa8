// Conversions between the core model and stored rows. Pure functions, no database access.
import type { Arc, Coverage, Unit } from '../core/model/types';
import { packCoverage as packCore, unpackArc, unpackCoverage as unpackCore } from '../core/model/packed';
import type { CoverageDiff, UnitRecord } from '../core/history/diff';
import type { StoredDiff, StoredUnit } from './rows';

export function encodeArc(arc: Arc): Float64Array {
  const out = new Float64Array(arc.length * 2);
  for (let i = 0; i < arc.length; i++) {
    const p = arc[i]!;
    out[2 * i] = p[0];
    out[2 * i + 1] = p[1];
  }
  return out;
}

export const decodeArc: (coords: Float64Array, from?: number, to?: number) => Arc = unpackArc;

export function storedUnit(u: UnitRecord): StoredUnit {
  return { id: u.id, attrs: u.attrs, polygons: u.polygons };
}

export function encodeDiff(d: CoverageDiff): StoredDiff {
  const arcs = Object.entries(d.arcs).map(([k, arc]) => ({ id: Number(k), coords: encodeArc(arc) }));
  const units = Object.entries(d.units).map(([id, u]) => ({ id, unit: u ? storedUnit(u) : null }));
  return { arcCount: d.arcCount, arcs, units, ...(d.order ? { order: [...d.order] } : {}) };
}

export function decodeDiff(s: StoredDiff): CoverageDiff {
  const arcs: Record<number, Arc> = {};
  for (const a of s.arcs) arcs[a.id] = decodeArc(a.coords);
  const units: Record<string, UnitRecord | null> = {};
  for (const u of s.units) units[u.id] = u.unit;
  return { arcCount: s.arcCount, arcs, units, ...(s.order ? { order: s.order } : {}) };
}

/** Builds a coverage from base rows: one row per arc id (an emptied arc has no coordinates), units in order. */
export function coverageFromRows(
  arcCount: number,
  arcRows: readonly { readonly id: number; readonly coords: Float64Array }[],
  order: readonly string[],
  unitRows: readonly StoredUnit[],
): Coverage {
  if (arcRows.length !== arcCount) throw new Error(`the base has ${arcRows.length} arc rows for ${arcCount} arcs`);
  const arcs: Arc[] = new Array(arcCount);
  for (const r of arcRows) {
    if (r.id >= arcCount) throw new Error(`stored arc ${r.id} is beyond the arc count ${arcCount}`);
    arcs[r.id] = decodeArc(r.coords);
  }
  const byId = new Map(unitRows.map((u) => [u.id, u]));
  const units = new Map<string, Unit>();
  for (const id of order) {
    const u = byId.get(id);
    if (!u) throw new Error(`stored unit order names ${id}, which has no row`);
    units.set(id, { id: u.id, attrs: u.attrs, polygons: u.polygons }); // not the row: it carries draftId
  }
  if (units.size !== byId.size) throw new Error(`${byId.size - units.size} stored units are missing from the unit order`);
  return { arcs, units };
}

/** A whole coverage packed into two typed arrays and a unit list (named versions). */
export function packCoverage(c: Coverage): { coords: Float64Array; offsets: Uint32Array; units: StoredUnit[] } {
  const p = packCore(c);
  return { coords: p.coords, offsets: p.offsets, units: p.units.map(storedUnit) };
}

export function unpackCoverage(p: { coords: Float64Array; offsets: Uint32Array; units: readonly StoredUnit[] }): Coverage {
  return unpackCore(p);
}
