// Coverage → GeoJSON with topojson-client. Used for rendering, Turf calls and export.
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import type { Topology, MultiPolygon as TopoMultiPolygon } from 'topojson-specification';
import type { Coverage, Unit } from './types';
import { writeUnitProps } from './attributes';

export type UnitFeature = Feature<MultiPolygon, Record<string, unknown>>;

function topologyOf(c: Coverage, units: Iterable<Unit>): Topology {
  const geometries: TopoMultiPolygon[] = [];
  for (const u of units) {
    geometries.push({ type: 'MultiPolygon', arcs: u.polygons as number[][][], id: u.id });
  }
  return {
    type: 'Topology',
    arcs: c.arcs as unknown as Topology['arcs'],
    objects: { units: { type: 'GeometryCollection', geometries } },
  };
}

/** One unit as a GeoJSON MultiPolygon feature (id = unit id, properties = its attributes). */
export function unitToFeature(c: Coverage, unit: Unit): UnitFeature {
  const topo = topologyOf(c, [unit]);
  const geom = (topo.objects.units as { geometries: TopoMultiPolygon[] }).geometries[0]!;
  const f = feature(topo, geom) as unknown as Feature<MultiPolygon>;
  return { type: 'Feature', id: unit.id, properties: writeUnitProps(unit.attrs), geometry: f.geometry };
}

export function coverageToFeatureCollection(c: Coverage): FeatureCollection<MultiPolygon, Record<string, unknown>> {
  const features: UnitFeature[] = [];
  for (const u of c.units.values()) features.push(unitToFeature(c, u));
  return { type: 'FeatureCollection', features };
}
