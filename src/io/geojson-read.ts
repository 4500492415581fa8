// Reads GeoJSON text at the edge of the app and the command line: parses it, checks that it is a
// polygonal coverage in longitude/latitude, and either returns the features or says exactly which file,
// which feature and what is wrong. Pure (no file system): callers pass the text and a file name. The
// limits of limits.ts hold here too (nesting, features, vertices, property names and values).
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { parseJson } from './bounded-json';
import { LIMITS } from './limits';
import { own } from './own-props';
import { boundProperties } from './property-bounds';

export type PolygonalFeature = Feature<Polygon | MultiPolygon, Record<string, unknown> | null>;

export type ReadProblem = 'not-json' | 'not-geojson' | 'not-polygonal' | 'not-lonlat' | 'missing-id' | 'too-large';

export interface ReadError {
  readonly file: string;
  /** Index of the feature in the file, when the problem is in one feature. */
  readonly featureIndex: number | null;
  /** The feature's id-field value, when it has one. */
  readonly featureCode: string | null;
  readonly problem: ReadProblem;
  /** What was found, in a few words (e.g. 'geometry type LineString', 'position [512345.2, 2301111.8]'). */
  readonly found: string;
}

export type ReadResult =
  | { readonly ok: true; readonly features: readonly PolygonalFeature[] }
  | { readonly ok: false; readonly error: ReadError };

export interface ReadOptions {
  /** Property holding each feature's id (named in messages). Null: 'code', and no requirement. */
  readonly idField?: string | null;
  /**
   * Whether every feature must have a non-empty id (default true). The checker says false: a unit
   * without a code is an issue the missing-attribute rule reports, not a reason to stop the whole check.
   */
  readonly requireId?: boolean;
}

const PROBLEM_TEXT: Record<ReadProblem, string> = {
  'not-json': 'is not JSON',
  'not-geojson': 'is not GeoJSON',
  'not-polygonal': 'geometry is not Polygon or MultiPolygon',
  'not-lonlat': 'coordinates are not longitude/latitude',
  'missing-id': 'id field is missing',
  'too-large': 'is too large',
};

/** One line for people: "file: feature 3 (code 10507): geometry is not Polygon or MultiPolygon (LineString)". */
export function formatReadError(e: ReadError): string {
  const where =
    e.featureIndex === null ? '' : `: feature ${e.featureIndex}${e.featureCode !== null ? ` (${e.featureCode})` : ''}`;
  return `${e.file}${where}: ${PROBLEM_TEXT[e.problem]}${e.found ? ` (${e.found})` : ''}`;
}

class Problem extends Error {
  constructor(
    readonly problem: ReadProblem,
    readonly found: string,
  ) {
    super(found);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function short(v: unknown): string {
  // Numbers JSON cannot write (a 1e400 in the file reads as Infinity) are shown as they are, not as null.
  const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x)) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function checkPosition(p: unknown): void {
  if (!Array.isArray(p) || p.length < 2) throw new Problem('not-geojson', `position ${short(p)}`);
  const [x, y] = p as unknown[];
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw new Problem('not-geojson', `position ${short(p)}`);
  }
  if (Math.abs(x) > 180 || Math.abs(y) > 90) throw new Problem('not-lonlat', `position ${short(p)}`);
}

/** Positions read so far in the file, against LIMITS.vertices. */
interface Budget {
  vertices: number;
}

function checkRings(rings: unknown, budget: Budget): void {
  if (!Array.isArray(rings) || rings.length === 0) throw new Problem('not-geojson', `polygon ${short(rings)}`);
  for (const ring of rings) {
    if (!Array.isArray(ring) || ring.length === 0) throw new Problem('not-geojson', `ring ${short(ring)}`);
    budget.vertices += ring.length;
    if (budget.vertices > LIMITS.vertices) throw new Problem('too-large', `more than ${LIMITS.vertices} vertices`);
    for (const p of ring) checkPosition(p);
  }
}

function checkGeometry(g: unknown, budget: Budget): Polygon | MultiPolygon {
  if (g === null || g === undefined) throw new Problem('not-polygonal', 'no geometry');
  if (!isObject(g) || typeof g.type !== 'string') throw new Problem('not-geojson', `geometry ${short(g)}`);
  if (g.type === 'Polygon') checkRings(g.coordinates, budget);
  else if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates)) throw new Problem('not-geojson', 'MultiPolygon without coordinates');
    for (const poly of g.coordinates) checkRings(poly, budget);
  } else throw new Problem('not-polygonal', `geometry type ${g.type.slice(0, 60)}`);
  return g as unknown as Polygon | MultiPolygon;
}

function checkCrs(root: Record<string, unknown>): void {
  // GeoJSON (RFC 7946) is always WGS84 lon/lat; old files may still name another CRS.
  const crs = root.crs;
  if (!isObject(crs)) return;
  const name = isObject(crs.properties) ? String(crs.properties.name ?? '') : '';
  if (name && !/CRS84|EPSG:?:?4326/i.test(name)) throw new Problem('not-lonlat', `crs ${name.slice(0, 60)}`);
}

export function readGeoJsonText(text: string, file: string, options: ReadOptions = {}): ReadResult {
  const fail = (problem: ReadProblem, found: string, featureIndex: number | null = null, featureCode: string | null = null): ReadResult => ({
    ok: false,
    error: { file, featureIndex, featureCode, problem, found },
  });
  if (text.length > LIMITS.fileBytes) return fail('too-large', `more than ${LIMITS.fileBytes} characters`);
  const parsed = parseJson(file, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (!('value' in parsed)) return fail(parsed.code === 'too-large' ? 'too-large' : 'not-json', parsed.message);
  return readGeoJsonValue(parsed.value, file, options);
}

/** readGeoJsonText after the parse: `root` is what JSON.parse gave (of text within the limits). */
export function readGeoJsonValue(root: unknown, file: string, options: ReadOptions = {}): ReadResult {
  const fail = (problem: ReadProblem, found: string, featureIndex: number | null = null, featureCode: string | null = null): ReadResult => ({
    ok: false,
    error: { file, featureIndex, featureCode, problem, found },
  });
  if (!isObject(root) || typeof root.type !== 'string') return fail('not-geojson', `top level ${short(root)}`);
  try {
    checkCrs(root);
  } catch (e) {
    if (e instanceof Problem) return fail(e.problem, e.found);
    throw e;
  }
  let raw: unknown[];
  if (root.type === 'FeatureCollection') {
    if (!Array.isArray(root.features)) return fail('not-geojson', 'FeatureCollection without a features array');
    raw = root.features;
  } else if (root.type === 'Feature') raw = [root];
  else if (root.type === 'Polygon' || root.type === 'MultiPolygon') raw = [{ type: 'Feature', properties: null, geometry: root }];
  else if (['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'GeometryCollection'].includes(root.type)) {
    return fail('not-polygonal', `geometry type ${root.type}`);
  } else return fail('not-geojson', `type ${short(root.type)}`);
  if (raw.length === 0) return fail('not-geojson', 'no features');
  if (raw.length > LIMITS.features) return fail('too-large', `${raw.length} features, more than ${LIMITS.features}`);
  const idField = options.idField ?? null;
  const features: PolygonalFeature[] = [];
  const budget: Budget = { vertices: 0 };
  for (let i = 0; i < raw.length; i++) {
    const f = raw[i];
    if (!isObject(f) || f.type !== 'Feature') return fail('not-geojson', `feature ${short(f)}`, i);
    if (f.properties !== null && f.properties !== undefined && !isObject(f.properties)) return fail('not-geojson', `properties ${short(f.properties)}`, i);
    const bounded = isObject(f.properties) ? boundProperties(file, i, f.properties) : null;
    if (bounded && 'code' in bounded) return fail('too-large', bounded.message, i);
    const props = bounded ? bounded.props : null;
    const idValue = props ? own(props, idField ?? 'code') : undefined;
    const code = typeof idValue === 'string' || typeof idValue === 'number' ? String(idValue) : null;
    if (idField !== null && options.requireId !== false && (code === null || code.trim() === '')) {
      return fail('missing-id', code === null ? `no "${idField}" property` : `"${idField}" is empty`, i);
    }
    try {
      const geometry = checkGeometry(f.geometry, budget);
      features.push({ type: 'Feature', properties: props, geometry });
    } catch (e) {
      if (e instanceof Problem) return fail(e.problem, e.found, i, code);
      throw e;
    }
  }
  return { ok: true, features };
}
