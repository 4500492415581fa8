// What the map draws from a coverage: unit polygons, the arcs used once (the coverage's edge, and
// borders that do not match), and label points; and, after an edit, only what changed (a drag must not
// rebuild the whole GeoJSON). Shared borders are the units' outlines (drawn from the unit polygons):
// sending every arc as a line too cost the map a third more vertices (Lâm Đồng: 296 k of 827 k).
import type { Feature, LineString, MultiPolygon, Point } from 'geojson';
import type { Coverage, Unit } from '../core/model/types';
import { arcUsage } from '../core/model/arc-usage';
import { unitFeature } from '../core/geom/unit-measure';
import { labelPoint } from '../core/geom/label-point';
import type { CoveragePatch, CoverageView } from './ports';

type Props = Record<string, unknown>;

function unitProps(u: Unit): Props {
  return { id: u.id, code: u.attrs.code, name: u.attrs.name, type: u.attrs.type ?? 'unknown' };
}

function unitView(c: Coverage, u: Unit): Feature<MultiPolygon, Props> {
  return { type: 'Feature', id: u.id, properties: unitProps(u), geometry: unitFeature(c, u.id).geometry };
}

const labels = new WeakMap<MultiPolygon, Point | null>();

function labelView(c: Coverage, u: Unit): Feature<Point, Props> | null {
  const g = unitFeature(c, u.id).geometry;
  let pt = labels.get(g);
  if (pt === undefined) {
    const at = labelPoint(g);
    labels.set(g, (pt = at ? { type: 'Point', coordinates: at } : null));
  }
  return pt ? { type: 'Feature', id: u.id, properties: unitProps(u), geometry: pt } : null;
}

/** Arc i as a line of the map's edge layer, or null when it is no edge (unused, or shared). */
function borderView(c: Coverage, i: number): Feature<LineString, Props> | null {
  const users = arcUsage(c).unitsByArc[i] ?? [];
  const arc = c.arcs[i]!;
  if (users.length !== 1 || arc.length < 2) return null;
  return {
    type: 'Feature',
    id: i,
    properties: { arc: i, shared: false },
    geometry: { type: 'LineString', coordinates: arc as unknown as number[][] },
  };
}

export function buildCoverageView(c: Coverage): CoverageView {
  const units: Feature<MultiPolygon, Props>[] = [];
  const points: Feature<Point, Props>[] = [];
  for (const u of c.units.values()) {
    units.push(unitView(c, u));
    const l = labelView(c, u);
    if (l) points.push(l);
  }
  const borders: Feature<LineString, Props>[] = [];
  for (let i = 0; i < c.arcs.length; i++) {
    const b = borderView(c, i);
    if (b) borders.push(b);
  }
  return {
    units: { type: 'FeatureCollection', features: units },
    borders: { type: 'FeatureCollection', features: borders },
    labels: { type: 'FeatureCollection', features: points },
  };
}

/** What changed between two coverages, as features to update and ids to remove. */
export function coveragePatch(prev: Coverage, next: Coverage): CoveragePatch {
  const units: Feature<MultiPolygon, Props>[] = [];
  const unitLabels: Feature<Point, Props>[] = [];
  const removedUnits: string[] = [];
  const changedArcs = new Set<number>();
  for (let i = 0; i < Math.max(prev.arcs.length, next.arcs.length); i++) if (prev.arcs[i] !== next.arcs[i]) changedArcs.add(i);
  const prevUsage = arcUsage(prev).unitsByArc;
  const nextUsage = arcUsage(next).unitsByArc;
  for (const [id, u] of next.units) {
    const old = prev.units.get(id);
    const moved = old === u && u.polygons.some((p) => p.some((r) => r.some((ref) => changedArcs.has(ref < 0 ? ~ref : ref))));
    if (old !== u || moved) {
      units.push(unitView(next, u));
      const l = labelView(next, u);
      if (l) unitLabels.push(l);
    }
  }
  for (const id of prev.units.keys()) if (!next.units.has(id)) removedUnits.push(id);
  // Arcs whose shared/single status changed must be redrawn too.
  for (let i = 0; i < next.arcs.length; i++) {
    if ((prevUsage[i]?.length ?? 0) > 1 !== (nextUsage[i]?.length ?? 0) > 1) changedArcs.add(i);
  }
  const borders: Feature<LineString, Props>[] = [];
  const removedBorders: number[] = [];
  for (const i of changedArcs) {
    const b = i < next.arcs.length ? borderView(next, i) : null;
    if (b) borders.push(b);
    else removedBorders.push(i);
  }
  return { units, removedUnits, labels: unitLabels, borders, removedBorders };
}
