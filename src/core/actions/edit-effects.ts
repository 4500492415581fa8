// What an edit does that the user may not have meant: units left in pieces, land that no unit holds
// any more. Computed from the coverages before and after, whatever the edit was, so every tool that
// asks first asks about the same things.
import type { MultiPolygon } from 'geojson';
import type { Coverage, Position } from '../model/types';
import { arcIndex } from '../model/types';
import { unitAreaM2, unitGeometry } from '../geom/unit-measure';
import { geometryAreaM2, geometryPerimeterM } from '../geom/geodesic';
import { difference, intersection, union } from '../geom/boolean';
import { bboxesOverlap, geometryBBox, type BBox } from '../geom/bbox';
import { labelPoint } from '../geom/label-point';
import { widthM } from '../geom/width';
import { contextBeside, type ContextUnits } from '../model/context-units';

export interface MorePartsEffect {
  readonly id: string;
  readonly before: number;
  readonly after: number;
}

/**
 * Below this (m²) land that leaves every unit is rounding in the polygon booleans, not an edit's
 * effect: a 0.1 m tolerance along a 100 m stretch.
 */
export const LEFT_LAND_M2 = 10;

/** Units of `after` that have more separate parts than they had in `before`. */
export function unitsInMoreParts(before: Coverage, after: Coverage): MorePartsEffect[] {
  const out: MorePartsEffect[] = [];
  for (const u of after.units.values()) {
    const was = before.units.get(u.id);
    if (was && u.polygons.length > was.polygons.length) out.push({ id: u.id, before: was.polygons.length, after: u.polygons.length });
  }
  return out;
}

/**
 * The ids of units the edit added, removed or changed. A unit whose arcs changed is changed even when
 * it is the same object: units refer to arcs by index, and structural sharing keeps such a unit.
 */
export function changedUnits(before: Coverage, after: Coverage): string[] {
  const arcs = new Set<number>();
  const n = Math.max(before.arcs.length, after.arcs.length);
  for (let i = 0; i < n; i++) if (before.arcs[i] !== after.arcs[i]) arcs.add(i);
  const out: string[] = [];
  for (const [id, u] of after.units) {
    if (before.units.get(id) !== u || u.polygons.some((p) => p.some((r) => r.some((a) => arcs.has(arcIndex(a)))))) out.push(id);
  }
  for (const id of before.units.keys()) if (!after.units.has(id)) out.push(id);
  return out;
}

function unionOf(c: Coverage, ids: readonly string[]): MultiPolygon | null {
  let acc: MultiPolygon | null = null;
  for (const id of ids) {
    if (!c.units.has(id)) continue;
    const g = unitGeometry(c, id);
    acc = acc ? union(acc, g) : g;
  }
  return acc;
}

/**
 * The land (m², on the ellipsoid) that some unit held before the edit and none holds after: a cut
 * along the coverage's edge hands it to "outside" (out of the province, or into a gap where two
 * borders that should be one are not shared). 0 when under LEFT_LAND_M2.
 */
export function landLeftToNoUnitM2(before: Coverage, after: Coverage): number {
  const ids = changedUnits(before, after);
  if (ids.length === 0) return 0;
  // Area sums first: when the changed units hold as much land as before, none left them. Only when
  // they hold less is the exact answer worth its booleans (overlapping units in the data would make
  // the sums alone claim a loss that is only land counted twice).
  const sum = (c: Coverage) => ids.reduce((s, id) => s + (c.units.has(id) ? unitAreaM2(c, id) : 0), 0);
  if (sum(before) - sum(after) <= LEFT_LAND_M2) return 0;
  const was = unionOf(before, ids);
  const now = unionOf(after, ids);
  if (!was) return 0;
  const left = now ? difference(was, now) : was;
  const m2 = left ? geometryAreaM2(left) : 0;
  return m2 > LEFT_LAND_M2 ? m2 : 0;
}

/** Land an edit gave to the draft's units that a unit of a neighbouring province holds. */
export interface ForeignLand {
  /** The context unit's id (context-units.ts). */
  readonly unit: string;
  readonly areaM2: number;
  /** A point inside the land taken. */
  readonly at: Position;
}

/**
 * The largest piece of land the edit gave to a unit of the draft that lies in a unit of another
 * province (`context`), or null. Pieces narrower than `toleranceM` (2·area/perimeter, the checker's
 * sliver measure) are rounding along a shared edge, not land taken. The draft may not take another
 * province's land: its border is agreed with that province, not drawn here.
 */
export function foreignLandTaken(before: Coverage, after: Coverage, context: ContextUnits, toleranceM: number): ForeignLand | null {
  if (context.size === 0) return null;
  const others = contextBeside(after, context);
  let best: ForeignLand | null = null;
  const near = (box: BBox) => [...others.values()].filter((u) => bboxesOverlap(box, [...u.bbox] as BBox));
  for (const id of changedUnits(before, after)) {
    if (!after.units.has(id)) continue;
    const now = unitGeometry(after, id);
    // Most edits are inside the province: no polygon boolean for a unit far from its edge.
    if (near(geometryBBox(now)).length === 0) continue;
    const gained = before.units.has(id) ? difference(now, unitGeometry(before, id)) : now;
    if (!gained) continue;
    for (const u of near(geometryBBox(gained))) {
      const piece = intersection(gained, { type: 'MultiPolygon', coordinates: u.polygons.map((p) => p.map((r) => r.map((q) => [q[0], q[1]]))) });
      if (!piece) continue;
      const areaM2 = geometryAreaM2(piece);
      if (widthM(areaM2, geometryPerimeterM(piece)) < toleranceM || (best && areaM2 <= best.areaM2)) continue;
      const at = labelPoint(piece) ?? piece.coordinates[0]![0]![0]!;
      best = { unit: u.id, areaM2, at: [at[0]!, at[1]!] };
    }
  }
  return best;
}
