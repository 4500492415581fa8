// Edits that change areas between units: transfer a drawn area, give an overlap to one unit, fill a gap,
// add a drawn unit. Each computes the new unit geometries with polygon booleans, then rebuilds the
// topology so the borders they create are shared arcs (see topology/rebuild.ts).
import type { MultiPolygon } from 'geojson';
import type { Coverage, UnitAttrs } from '../model/types';
import { unitGeometry } from '../geom/unit-measure';
import { difference, intersection, union, type Polygonal } from '../geom/boolean';
import { rebuildCoverage, unitsWith } from '../topology/rebuild';
import { bboxesOverlap, geometryBBox } from '../geom/bbox';
import { neighboursOf } from '../model/arc-usage';
import { makeAction, type Action } from './refusal';

/** Moves the part of `area` that lies in unit `from` to unit `to`. */
export function actionTransferArea(area: Polygonal, from: string, to: string): Action<Coverage> {
  const compute = (c: Coverage) => {
    if (!c.units.has(from) || !c.units.has(to)) return null;
    const moved = intersection(unitGeometry(c, from), area);
    if (!moved) return null;
    return {
      from: difference(unitGeometry(c, from), moved),
      to: union(unitGeometry(c, to), moved) ?? moved,
    };
  };
  return makeAction(
    (c) => {
      const r = compute(c);
      if (!r) return c;
      return rebuildCoverage(c, unitsWith(c, new Map([[from, r.from], [to, r.to]])), new Set([from, to]));
    },
    (c) => {
      if (!c.units.has(from) || !c.units.has(to)) return 'unknown-unit';
      if (from === to) return 'same-unit';
      if (!neighboursOf(c, from).some((n) => n.id === to)) return 'not-neighbours';
      const r = compute(c);
      if (!r) return 'nothing-to-do';
      return r.from ? false : 'empty-result';
    },
  );
}

/**
 * Resolves an overlap by giving the whole piece to `keeper`: the piece is cut out of every other unit
 * in `units` (the keeper already covers it).
 */
export function actionAssignOverlap(piece: Polygonal, keeper: string, units: readonly string[]): Action<Coverage> {
  const others = units.filter((u) => u !== keeper);
  return makeAction(
    (c) => {
      const replace = new Map<string, MultiPolygon | null>();
      for (const id of others) if (c.units.has(id)) replace.set(id, difference(unitGeometry(c, id), piece));
      return rebuildCoverage(c, unitsWith(c, replace), new Set(units));
    },
    (c) => {
      if (!c.units.has(keeper) || others.some((u) => !c.units.has(u))) return 'unknown-unit';
      if (others.length === 0) return 'nothing-to-do';
      for (const id of others) if (!difference(unitGeometry(c, id), piece)) return 'empty-result';
      return false;
    },
  );
}

/**
 * Cuts `piece` out of `unit`: the unit gives up land it overlaps with a unit outside the draft (a unit
 * of a neighbouring province), which this draft cannot edit.
 */
export function actionCedeArea(piece: Polygonal, unit: string): Action<Coverage> {
  return makeAction(
    (c) => {
      const rest = c.units.has(unit) ? difference(unitGeometry(c, unit), piece) : null;
      return rest ? rebuildCoverage(c, unitsWith(c, new Map([[unit, rest]])), new Set([unit])) : c;
    },
    (c) => {
      if (!c.units.has(unit)) return 'unknown-unit';
      return difference(unitGeometry(c, unit), piece) ? false : 'empty-result';
    },
  );
}

/** Fills a gap (land no unit covers) into `into`. */
export function actionFillGap(gap: Polygonal, into: string): Action<Coverage> {
  return makeAction(
    (c) => {
      const merged = union(unitGeometry(c, into), gap);
      return merged ? rebuildCoverage(c, unitsWith(c, new Map([[into, merged]])), new Set([into])) : c;
    },
    (c) => (c.units.has(into) ? false : 'unknown-unit'),
  );
}

/**
 * Adds a drawn unit. Land already covered by other units is left to them (as QGIS's "avoid overlap"),
 * so a new unit cannot create an overlap; it may still leave a gap, which the checks report.
 */
export function actionAddUnit(id: string, attrs: UnitAttrs, drawn: Polygonal): Action<Coverage> {
  const compute = (c: Coverage): MultiPolygon | null => {
    let g: MultiPolygon | null = drawn.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [drawn.coordinates] } : drawn;
    const box = geometryBBox(drawn);
    for (const u of c.units.keys()) {
      if (!g) break;
      // Turf's booleans cost ~30 ms even on disjoint units: test the boxes first.
      if (!bboxesOverlap(box, geometryBBox(unitGeometry(c, u)))) continue;
      g = difference(g, unitGeometry(c, u)) ?? null;
    }
    return g;
  };
  return makeAction(
    (c) => {
      const g = compute(c);
      return g ? rebuildCoverage(c, unitsWith(c, new Map(), [{ id, attrs, geometry: g }]), new Set([id])) : c;
    },
    (c) => {
      if (c.units.has(id)) return 'code-taken';
      return compute(c) ? false : 'empty-result';
    },
  );
}

/** Units whose land the drawn area covers (more than a sliver of floating-point noise). */
export function unitsUnder(c: Coverage, drawn: Polygonal): string[] {
  const box = geometryBBox(drawn);
  return [...c.units.keys()].filter((u) => bboxesOverlap(box, geometryBBox(unitGeometry(c, u))) && intersection(unitGeometry(c, u), drawn) !== null);
}

/**
 * A new unit that is exactly the drawn area, taking it from the units it covers (a transfer to the new
 * unit), for a unit drawn over existing ones. Refused when a unit would lose all of its land.
 */
export function actionCarveUnit(id: string, attrs: UnitAttrs, drawn: Polygonal): Action<Coverage> {
  const compute = (c: Coverage): Map<string, MultiPolygon | null> | 'empty-result' => {
    const replace = new Map<string, MultiPolygon | null>();
    for (const u of unitsUnder(c, drawn)) {
      const rest = difference(unitGeometry(c, u), drawn);
      if (!rest) return 'empty-result';
      replace.set(u, rest);
    }
    return replace;
  };
  const geometry: MultiPolygon = drawn.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [drawn.coordinates] } : drawn;
  return makeAction(
    (c) => {
      const r = compute(c);
      if (r === 'empty-result') return c;
      return rebuildCoverage(c, unitsWith(c, r, [{ id, attrs, geometry }]), new Set([id, ...r.keys()]));
    },
    (c) => {
      if (c.units.has(id)) return 'code-taken';
      return compute(c) === 'empty-result' ? 'empty-result' : false;
    },
  );
}
