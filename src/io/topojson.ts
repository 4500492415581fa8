// TopoJSON: the coverage's own shape (shared arcs once), written unquantized so nothing is lost; read with
// topojson-client (quantized files too) and checked at the edge like any other import.
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { writeUnitProps, type Coverage } from '../core/model';
import { parseJson } from './bounded-json';
import { describe, fail, ok, type IoResult } from './errors';
import { finishImport, type RawFeature, type SourceFeatures } from './finish-import';
import { LIMITS, overLimit, type FeatureLimit } from './limits';
import { own } from './own-props';
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
  const read = topoJsonFeatures(file, input, options);
  return read.ok ? finishImport(file, read.value.raw, null, options) : read;
}

/**
 * The parse step of readTopoJson, shared with the reference layers: the chosen object's geometries as
 * GeoJSON, any kind. `featureLimit` names the limit on their number (a reference layer's is higher).
 */
export function topoJsonFeatures(file: string, input: Input, options: { readonly object?: string } = {}, featureLimit: FeatureLimit = 'features'): IoResult<SourceFeatures> {
  const text = decodeUtf8(file, input);
  if (isIoError(text)) return fail(text);
  const parsed = parseJson(file, text);
  if (!('value' in parsed)) return fail(parsed);
  const doc = parsed.value;
  const topo = doc as Partial<Topology> | null;
  if (typeof topo !== 'object' || topo === null || topo.type !== 'Topology' || typeof topo.objects !== 'object' || topo.objects === null || !Array.isArray(topo.arcs)) {
    return fail({ code: 'not-geojson', file, message: 'not a TopoJSON Topology with objects and arcs' });
  }
  const names = Object.keys(topo.objects);
  const name = options.object ?? names[0];
  if (name === undefined || !Object.hasOwn(topo.objects, name)) {
    return fail({ code: 'empty', file, message: `no object ${name ?? ''} in the topology`, values: { objects: names.slice(0, 50) } });
  }
  const obj = own(topo.objects, name) as Topology['objects'][string] | undefined;
  if (typeof obj !== 'object' || obj === null) return fail({ code: 'not-geojson', file, field: name, message: 'object is not a TopoJSON geometry' });
  const geometries = obj.type === 'GeometryCollection' ? ((obj as GeometryCollection).geometries ?? []) : [obj];
  if (!Array.isArray(geometries)) return fail({ code: 'not-geojson', file, field: name, message: 'geometries is not an array' });
  if (geometries.length > LIMITS[featureLimit]) return fail(overLimit(file, featureLimit, geometries.length));
  const arcs = topo.arcs as unknown[];
  const arcFault = arcsFault(arcs, own(topo, 'transform'));
  if (arcFault !== null) return fail({ code: 'bad-coordinates', file, message: arcFault });
  const raw: RawFeature[] = [];
  let positions = 0;
  for (let i = 0; i < geometries.length; i++) {
    const g = geometries[i] as unknown as { properties?: unknown } | null;
    // Arcs are shared: a tiny file can name one long arc a million times. Count before expanding.
    const shape = geometryFault(g, 0);
    if (shape !== null) return fail({ code: 'bad-coordinates', file, feature: i, message: shape });
    const refs = arcReferences(arcs, g);
    if (refs.bad !== null) {
      return fail({
        code: 'bad-coordinates', file, feature: i,
        message: `arc reference ${refs.bad} does not exist (the topology has ${arcs.length} arcs)`,
        values: { reference: refs.bad, arcs: arcs.length },
      });
    }
    positions += refs.positions;
    if (positions > LIMITS.vertices) return fail(overLimit(file, 'vertices', `at least ${positions}`, { feature: i }));
    let geometry: unknown;
    try {
      geometry = (feature(topo as Topology, g as never) as unknown as { geometry: unknown }).geometry;
    } catch (e) {
      // topojson-client trusts its input; what it still throws on is this feature's fault, said in the
      // file's terms (a TypeError's text means nothing to the officer).
      const why = e instanceof TypeError || e instanceof RangeError ? 'its arcs or coordinates are not nested as TopoJSON requires' : describe(e);
      return fail({ code: 'bad-coordinates', file, feature: i, message: `unreadable topology geometry: ${why}` });
    }
    raw.push({ index: i, geometry, properties: g && typeof g === 'object' ? g.properties : null });
  }
  return ok({ raw, declared: null, warnings: [] });
}

const isNumberList = (x: unknown, min: number): boolean => Array.isArray(x) && x.length >= min && x.every((v) => typeof v === 'number');

/** Why the arcs (or the transform) cannot be read, or null: every arc is a list of positions. */
function arcsFault(arcs: readonly unknown[], transform: unknown): string | null {
  if (transform !== undefined && (typeof transform !== 'object' || transform === null || !isNumberList(own(transform, 'scale'), 2) || !isNumberList(own(transform, 'translate'), 2))) {
    return 'the transform is not a scale and a translate of two numbers each';
  }
  for (let i = 0; i < arcs.length; i++) {
    const arc = arcs[i];
    if (!Array.isArray(arc)) return `arc ${i} is not a list of positions`;
    for (let j = 0; j < arc.length; j++) if (!isNumberList(arc[j], 2)) return `arc ${i}, position ${j} is not a pair of numbers`;
  }
  return null;
}

/** How deeply each geometry type nests its arc indexes (Point and MultiPoint carry coordinates). */
const ARC_NESTING: Readonly<Record<string, number>> = { LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

/** Why a geometry's shape is not TopoJSON's (type, nesting of its arcs, its coordinates), or null. */
function geometryFault(g: unknown, depth: number): string | null {
  if (typeof g !== 'object' || g === null || Array.isArray(g)) return 'a geometry is not an object';
  const type = own(g, 'type');
  if (type === null) return null;
  if (type === 'GeometryCollection') {
    const geometries = own(g, 'geometries');
    if (!Array.isArray(geometries)) return 'a GeometryCollection without a list of geometries';
    if (depth >= LIMITS.jsonDepth) return 'geometry collections nested too deeply';
    for (const x of geometries) {
      const fault = geometryFault(x, depth + 1);
      if (fault !== null) return fault;
    }
    return null;
  }
  if (type === 'Point') return isNumberList(own(g, 'coordinates'), 2) ? null : 'a Point whose coordinates are not a pair of numbers';
  if (type === 'MultiPoint') {
    const c = own(g, 'coordinates');
    return Array.isArray(c) && c.every((p) => isNumberList(p, 2)) ? null : 'a MultiPoint whose coordinates are not pairs of numbers';
  }
  const nesting = typeof type === 'string' ? ARC_NESTING[type] : undefined;
  if (nesting === undefined) return `unknown geometry type ${JSON.stringify(type)?.slice(0, 40)}`;
  const nested = (x: unknown, d: number): boolean => (d === 0 ? typeof x === 'number' : Array.isArray(x) && x.every((y) => nested(y, d - 1)));
  return nested(own(g, 'arcs'), nesting) ? null : `a ${type} whose arcs are not nested ${nesting} deep as TopoJSON requires`;
}

/**
 * Positions topojson-client would make of a geometry's arc references (nested arrays of arc indexes),
 * and the first reference that names no arc (topojson-client would read past the list and throw a
 * TypeError no officer can act on), or null.
 */
function arcReferences(arcs: readonly unknown[], g: unknown): { positions: number; bad: number | null } {
  let positions = 0;
  let bad: number | null = null;
  const walk = (refs: unknown, d: number): void => {
    if (bad !== null) return;
    if (typeof refs === 'number') {
      const arc = Number.isInteger(refs) ? arcs[refs < 0 ? ~refs : refs] : undefined;
      if (Array.isArray(arc)) positions += arc.length;
      else bad = refs;
    } else if (Array.isArray(refs) && d <= LIMITS.jsonDepth) for (const r of refs) walk(r, d + 1);
  };
  const geometry = (x: unknown, depth: number): void => {
    if (typeof x !== 'object' || x === null || depth > LIMITS.jsonDepth) return;
    const geometries = own(x, 'geometries');
    if (Array.isArray(geometries)) for (const y of geometries) geometry(y, depth + 1);
    else walk(own(x, 'arcs'), 0);
  };
  geometry(g, 0);
  return { positions, bad };
}
