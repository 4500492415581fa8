// How much of each old unit lies inside a new unit: area(old ∩ new) on the ellipsoid, computed only for
// pairs whose bounding boxes overlap (intersection-area.ts says why not turf.intersect). Memoised on the new unit's geometry object (the
// coverage's unitGeometry is itself memoised on the unit and its arcs), so revalidating after an edit
// recomputes only the units the edit changed.
import type { MultiPolygon } from 'geojson';
import { bboxesOverlap, geometryBBox } from '../../geom/bbox';
import { intersectionAreaM2 } from './intersection-area';
import type { OldUnit, OldUnitIndex } from './old-units';

export interface OverlapResult {
  /** Old unit → area of its part inside the new unit, m² (only old units with a positive area). */
  readonly inside: ReadonlyMap<OldUnit, number>;
  /** Old units whose intersection area came out non-finite (degenerate input); counted, not guessed. */
  readonly failed: readonly OldUnit[];
}

const cache = new WeakMap<MultiPolygon, WeakMap<OldUnitIndex, OverlapResult>>();

export function overlapsWithOld(geometry: MultiPolygon, index: OldUnitIndex): OverlapResult {
  let perIndex = cache.get(geometry);
  const hit = perIndex?.get(index);
  if (hit) return hit;
  const box = geometryBBox(geometry);
  const inside = new Map<OldUnit, number>();
  const failed: OldUnit[] = [];
  for (const old of index.units) {
    if (!bboxesOverlap(box, old.bbox)) continue;
    const area = intersectionAreaM2(old.geometry, geometry);
    if (!Number.isFinite(area)) failed.push(old);
    else if (area > 0) inside.set(old, area);
  }
  const result = { inside, failed };
  if (!perIndex) cache.set(geometry, (perIndex = new WeakMap()));
  perIndex.set(index, result);
  return result;
}

/** Share (0..1) of a group of old units (one unit, or a whole district) that lies inside. */
export function shareInside(result: OverlapResult, group: readonly OldUnit[]): number {
  const total = group.reduce((s, u) => s + u.areaM2, 0);
  if (!(total > 0)) return 0;
  return group.reduce((s, u) => s + (result.inside.get(u) ?? 0), 0) / total;
}
