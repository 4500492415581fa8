// TopoJSON: the coverage's own shape (shared arcs once), written unquantized so nothing is lost; read with
// topojson-client (quantized files too) and checked at the edge like any other import.
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { writeUnitProps, type Coverage } from '../core/model';
import { describe, fail, type IoResult } from './errors';
import { finishImport, type RawFeature } from './finish-import';
import type { ImportedLayer, ImportOptions } from './import-types';
import { selectUnits } from './select-units';
import { decodeUtf8, isIoError, type Input } from './text';

export interface TopoJsonExportOptions {
  readonly unitIds?: readonly string[];
  readonly objectName?: string;
}

/** The topology as it is: arcs in full precision, one MultiPolygon per unit with its properties. */
export function writeTopoJson(c: Coverage, o: TopoJsonExportOptions = {}): string {
  const units = selectUnits(c, o.unitIds);
  // Keep only the arcs the chosen units use, renumbered, so a one-unit export is not the whole province.
  const keep = new Map<number, number>();
  const arcs: (readonly (readonly [number, number])[])[] = [];
  const ref = (r: number) => {
    const i = r < 0 ? ~r : r;
    let j = keep.get(i);
    if (j === undefined) {
      keep.set(i, (j = arcs.length));
      arcs.push(c.arcs[i]!);
    }
    return r < 0 ? ~j : j;
  };
  const geometries = units.map((u) => ({
    type: 'MultiPolygon',
    id: u.attrs.code,
    properties: writeUnitProps(u.attrs),
    arcs: u.polygons.map((p) => p.map((ring) => ring.map(ref))),
  }));
  return `${JSON.stringify({ type: 'Topology', arcs, objects: { [o.objectName ?? 'units']: { type: 'GeometryCollection', geometries } } })}\n`;
}

export interface TopoJsonImportOptions extends ImportOptions {
  /** Object to read; the first when absent. */
  readonly object?: string;
}

export function readTopoJson(file: string, input: Input, options: TopoJsonImportOptions = {}): IoResult<ImportedLayer> {
  const text = decodeUtf8(file, input);
  if (isIoError(text)) return fail(text);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail({ code: 'not-json', file, message: describe(e) });
  }
  const topo = doc as Partial<Topology> | null;
  if (typeof topo !== 'object' || topo === null || topo.type !== 'Topology' || typeof topo.objects !== 'object' || topo.objects === null || !Array.isArray(topo.arcs)) {
    return fail({ code: 'not-geojson', file, message: 'not a TopoJSON Topology with objects and arcs' });
  }
  const names = Object.keys(topo.objects);
  const name = options.object ?? names[0];
  if (name === undefined || !(name in topo.objects)) {
    return fail({ code: 'empty', file, message: `no object ${name ?? ''} in the topology`, values: { objects: names } });
  }
  const obj = topo.objects[name];
  if (typeof obj !== 'object' || obj === null) return fail({ code: 'not-geojson', file, field: name, message: 'object is not a TopoJSON geometry' });
  const geometries = obj.type === 'GeometryCollection' ? ((obj as GeometryCollection).geometries ?? []) : [obj];
  if (!Array.isArray(geometries)) return fail({ code: 'not-geojson', file, field: name, message: 'geometries is not an array' });
  const raw: RawFeature[] = [];
  for (let i = 0; i < geometries.length; i++) {
    const g = geometries[i] as unknown as { properties?: unknown } | null;
    let geometry: unknown;
    try {
      geometry = (feature(topo as Topology, g as never) as unknown as { geometry: unknown }).geometry;
    } catch (e) {
      // topojson-client trusts its input: a bad arc index or transform throws; that is this feature's fault.
      return fail({ code: 'bad-coordinates', file, feature: i, message: `unreadable topology geometry: ${describe(e)}` });
    }
    raw.push({ index: i, geometry, properties: g && typeof g === 'object' ? g.properties : null });
  }
  return finishImport(file, raw, null, options);
}
