// Measurements of units in a coverage, in metres and m² on the ellipsoid. Memoised per coverage
// (a coverage is immutable, so a result never goes stale); a moved shared arc yields a new coverage.
import type { MultiPolygon } from 'geojson';
import type { Coverage } from '../model/types';
import { unitToFeature, type UnitFeature } from '../model/to-geojson';
import { neighboursOf } from '../model/arc-usage';
import { geometryAreaM2, lineLengthM } from './geodesic';

const features = new WeakMap<Coverage, Map<string, UnitFeature>>();
const areas = new WeakMap<Coverage, Map<string, number>>();
const arcLengths = new WeakMap<Coverage, Map<number, number>>();

function memo<K, V>(store: WeakMap<Coverage, Map<K, V>>, c: Coverage, key: K, compute: () => V): V {
  let m = store.get(c);
  if (!m) store.set(c, (m = new Map()));
  let v = m.get(key);
  if (v === undefined) m.set(key, (v = compute()));
  return v;
}

export function unitFeature(c: Coverage, unitId: string): UnitFeature {
  return memo(features, c, unitId, () => {
    const unit = c.units.get(unitId);
    if (!unit) throw new Error(`unknown unit ${unitId}`);
    return unitToFeature(c, unit);
  });
}

export function unitGeometry(c: Coverage, unitId: string): MultiPolygon {
  return unitFeature(c, unitId).geometry;
}

/** Geodesic area of a unit on the WGS84 ellipsoid, m². */
export function unitAreaM2(c: Coverage, unitId: string): number {
  return memo(areas, c, unitId, () => geometryAreaM2(unitGeometry(c, unitId)));
}

export function arcLengthM(c: Coverage, arc: number): number {
  return memo(arcLengths, c, arc, () => lineLengthM(c.arcs[arc] ?? []));
}

export interface NeighbourBorder {
  readonly id: string;
  /** Length of the shared border, m. */
  readonly lengthM: number;
}

/** Neighbours with the length of the border shared with each, longest first. */
export function neighbourBorders(c: Coverage, unitId: string): NeighbourBorder[] {
  return neighboursOf(c, unitId)
    .map((n) => ({ id: n.id, lengthM: n.arcs.reduce((s, a) => s + arcLengthM(c, a), 0) }))
    .sort((a, b) => b.lengthM - a.lengthM || a.id.localeCompare(b.id));
}

/** Difference of the measured area from the official one, in % of the official; null when unknown. */
export function areaDifferencePct(measuredM2: number, officialKm2: number | null): number | null {
  if (officialKm2 === null || officialKm2 <= 0) return null;
  return ((measuredM2 / 1e6 - officialKm2) / officialKm2) * 100;
}
