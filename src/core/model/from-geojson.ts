// GeoJSON → coverage topology, with topojson-server at full precision (no quantization), so every
// coordinate survives exactly and identical border vertices become one shared arc.
import { topology } from 'topojson-server';
import type { Feature, MultiPolygon, Polygon as GeoPolygon } from 'geojson';
import type { Arc, Coverage, Polygon, Unit } from './types';
import { readUnitAttrs } from './attributes';

export type PolygonalFeature = Feature<GeoPolygon | MultiPolygon>;

export interface BuildOptions {
  /** Property that holds the unit code (default "code"). */
  readonly codeField?: string;
}

interface TopoGeometry {
  type: string | null;
  arcs?: number[][] | number[][][];
}

/** Unique, stable unit ids: the code, or code#n for repeated codes, #i when there is no code. */
function assignIds(codes: readonly string[]): string[] {
  const used = new Set<string>();
  return codes.map((code, i) => {
    let id = code === '' ? `#${i}` : code;
    for (let n = 2; used.has(id); n++) id = `${code}#${n}`;
    used.add(id);
    return id;
  });
}

export function coverageFromFeatures(features: readonly PolygonalFeature[], options: BuildOptions = {}): Coverage {
  // Hand topojson-server bare geometries: it must not carry (or touch) the input properties.
  const bare = {
    type: 'FeatureCollection' as const,
    features: features.map((f) => ({ type: 'Feature' as const, properties: null, geometry: f.geometry })),
  };
  const topo = topology({ units: bare });
  const collection = topo.objects.units as unknown as { geometries: TopoGeometry[] };
  const attrs = features.map((f) => readUnitAttrs(f.properties, options.codeField));
  const ids = assignIds(attrs.map((a) => a.code));
  const units = new Map<string, Unit>();
  collection.geometries.forEach((g, i) => {
    let polygons: Polygon[] = [];
    if (g.type === 'Polygon') polygons = [g.arcs as number[][]];
    else if (g.type === 'MultiPolygon') polygons = g.arcs as number[][][];
    const id = ids[i]!;
    units.set(id, { id, attrs: attrs[i]!, polygons });
  });
  return { arcs: topo.arcs as unknown as Arc[], units };
}
