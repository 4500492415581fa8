// Builds what the map draws from a coverage: unit polygons, each arc once, and label points.
import type { Feature, LineString, Point } from 'geojson';
import type { Coverage } from '../core/model/types';
import { arcUsage } from '../core/model/arc-usage';
import { unitFeature } from '../core/geom/unit-measure';
import { labelPoint } from '../core/geom/label-point';
import type { CoverageView } from './ports';

export function buildCoverageView(c: Coverage): CoverageView {
  const units: CoverageView['units']['features'] = [];
  const labels: Feature<Point, Record<string, unknown>>[] = [];
  for (const u of c.units.values()) {
    const f = unitFeature(c, u.id);
    const props = { id: u.id, code: u.attrs.code, name: u.attrs.name, type: u.attrs.type ?? 'unknown' };
    units.push({ type: 'Feature', properties: props, geometry: f.geometry });
    const at = labelPoint(f.geometry);
    if (at) labels.push({ type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: at } });
  }
  const { unitsByArc } = arcUsage(c);
  const borders: Feature<LineString, Record<string, unknown>>[] = [];
  c.arcs.forEach((arc, i) => {
    const users = unitsByArc[i] ?? [];
    if (users.length === 0) return;
    borders.push({
      type: 'Feature',
      properties: { arc: i, shared: users.length > 1 },
      geometry: { type: 'LineString', coordinates: arc as unknown as number[][] },
    });
  });
  return {
    units: { type: 'FeatureCollection', features: units },
    borders: { type: 'FeatureCollection', features: borders },
    labels: { type: 'FeatureCollection', features: labels },
  };
}
