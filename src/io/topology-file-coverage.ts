// A province file (topology-file.ts) as an editable coverage, with no rebuild: the file is already a
// topology, so its arcs become the coverage's arcs and each feature's rings of arc references a unit's.
// Unit ids are the codes, as a coverage built from GeoJSON has them.
import { readUnitAttrs, type Coverage, type Unit } from '../core/model';
import type { DecodedTopologyFile } from './topology-file';

export function coverageFromTopologyFile(d: DecodedTopologyFile): Coverage {
  const units = new Map<string, Unit>();
  for (const f of d.header.features) {
    const attrs = readUnitAttrs(structuredClone(f.properties) as Record<string, unknown>);
    const id = attrs.code || f.id;
    units.set(id, { id, attrs, polygons: f.polygons.map((p) => p.map((r) => [...r])) });
  }
  return { arcs: d.arcs, units };
}
