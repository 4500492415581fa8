// GeoJSON → coverage topology at full precision (no quantization), so every coordinate survives exactly
// and identical border vertices become one shared arc (src/core/topology/build.ts, topojson-server's rules).
import type { Feature, MultiPolygon, Polygon as GeoPolygon } from 'geojson';
import type { Coverage, Unit } from './types';
import { readUnitAttrs } from './attributes';
import { buildTopology } from '../topology/build';

export type PolygonalFeature = Feature<GeoPolygon | MultiPolygon>;

export interface BuildOptions {
  /** Property that holds the unit code (default "code"). */
  readonly codeField?: string;
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
  const topo = buildTopology(features.map((f) => f.geometry));
  const attrs = features.map((f) => readUnitAttrs(f.properties, options.codeField));
  const ids = assignIds(attrs.map((a) => a.code));
  const units = new Map<string, Unit>();
  topo.polygons.forEach((polygons, i) => {
    const id = ids[i]!;
    units.set(id, { id, attrs: attrs[i]!, polygons });
  });
  return { arcs: topo.arcs, units };
}
