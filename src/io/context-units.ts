// The units of a neighbouring province's topology file as read-only context (core/model/context-units.ts):
// only those near the draft, each with its name and its province's name for the record.
import { makeContextUnit, type ContextUnit } from '../core/model/context-units';
import { topologyFileFeatures, type DecodedTopologyFile } from './topology-file';

export type BBox = readonly [west: number, south: number, east: number, north: number];

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Units of `file` whose bounding box meets `near`; every coordinate exactly as decoded. */
export function contextUnitsFromTopologyFile(file: DecodedTopologyFile, near: BBox): ContextUnit[] {
  const province = file.header.province;
  const out: ContextUnit[] = [];
  for (const f of topologyFileFeatures(file)) {
    const p = f.properties;
    const u = makeContextUnit({
      code: str(p.code) || String(f.id),
      fullName: str(p.fullName) || str(p.name) || String(f.id),
      provinceCode: str(p.provinceCode) || province.code,
      provinceName: str(p.provinceName) || province.name,
      // Decoded positions are fresh [lon, lat] pairs (topologyFileFeatures copies them).
      polygons: f.geometry.coordinates as unknown as ContextUnit['polygons'],
    });
    const b = u.bbox;
    if (b[0] <= near[2] && near[0] <= b[2] && b[1] <= near[3] && near[1] <= b[3]) out.push(u);
  }
  return out;
}
