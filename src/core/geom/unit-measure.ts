// Measurements of units in a coverage, in metres and m² on the ellipsoid. Memoised on the unit object
// and the arc objects it uses: after an edit, only units whose rings or arcs changed are recomputed
// (structural sharing makes the check a few pointer comparisons).
import type { MultiPolygon } from 'geojson';
import type { Arc, Coverage, Unit } from '../model/types';
import { arcIndex } from '../model/types';
import { unitToFeature, type UnitFeature } from '../model/to-geojson';
import { geometryAreaM2 } from './geodesic';

interface Entry {
  readonly arcs: readonly Arc[];
  readonly feature: UnitFeature;
  area?: number;
}

const byUnit = new WeakMap<Unit, Entry>();

function arcsOf(c: Coverage, u: Unit): Arc[] {
  const out: Arc[] = [];
  for (const poly of u.polygons) for (const ring of poly) for (const ref of ring) out.push(c.arcs[arcIndex(ref)] ?? []);
  return out;
}

function entry(c: Coverage, unitId: string): Entry {
  const unit = c.units.get(unitId);
  if (!unit) throw new Error(`unknown unit ${unitId}`);
  const arcs = arcsOf(c, unit);
  const hit = byUnit.get(unit);
  if (hit && hit.arcs.length === arcs.length && hit.arcs.every((a, i) => a === arcs[i])) return hit;
  const e: Entry = { arcs, feature: unitToFeature(c, unit) };
  byUnit.set(unit, e);
  return e;
}

export function unitFeature(c: Coverage, unitId: string): UnitFeature {
  return entry(c, unitId).feature;
}

export function unitGeometry(c: Coverage, unitId: string): MultiPolygon {
  return entry(c, unitId).feature.geometry;
}

/** Geodesic area of a unit on the WGS84 ellipsoid, m². */
export function unitAreaM2(c: Coverage, unitId: string): number {
  const e = entry(c, unitId);
  if (e.area === undefined) e.area = geometryAreaM2(e.feature.geometry);
  return e.area;
}

/** Difference of the measured area from the official one, in % of the official; null when unknown. */
export function areaDifferencePct(measuredM2: number, officialKm2: number | null): number | null {
  if (officialKm2 === null || officialKm2 <= 0) return null;
  return ((measuredM2 / 1e6 - officialKm2) / officialKm2) * 100;
}
