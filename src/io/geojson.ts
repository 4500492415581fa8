// GeoJSON import: a FeatureCollection, a single Feature, or a bare Polygon/MultiPolygon/GeometryCollection.
// A legacy `crs` member (GeoJSON 2008) naming a VN-2000 grid or WGS 84 is honoured, as our VN-2000 export
// writes one; RFC 7946 files have none and are lon/lat.
import { parseJson } from './bounded-json';
import { fail, ok, type IoError, type IoResult } from './errors';
import { finishImport, type RawFeature, type SourceFeatures } from './finish-import';
import type { SourceCrs } from './crs';
import type { ImportedLayer, ImportOptions } from './import-types';
import { decodeUtf8, isIoError, type Input } from './text';
import { parseCrsSpec, WGS84 } from './vn2000';

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** "urn:ogc:def:crs:EPSG::9210", "EPSG:9210", "urn:ogc:def:crs:OGC:1.3:CRS84" → CRS; undefined = absent; null = unknown. */
function declaredCrs(doc: Record<string, unknown>): SourceCrs | null | undefined {
  const crs = doc.crs;
  if (crs === undefined || crs === null) return undefined;
  const name = isObject(crs) && isObject(crs.properties) ? crs.properties.name : undefined;
  if (typeof name !== 'string') return null;
  if (/CRS84$/i.test(name)) return WGS84;
  const m = /EPSG:(?::|[\d.]*:)?(\d+)$/i.exec(name);
  return m ? parseCrsSpec(`epsg:${m[1]}`) : null;
}

export function readGeoJson(file: string, input: Input, options: ImportOptions = {}): IoResult<ImportedLayer> {
  const read = geoJsonFeatures(file, input);
  return read.ok ? finishImport(file, read.value.raw, read.value.declared, options) : read;
}

/** The parse step of readGeoJson, shared with the reference layers: features as they stand, any geometry. */
export function geoJsonFeatures(file: string, input: Input): IoResult<SourceFeatures> {
  const text = decodeUtf8(file, input);
  if (isIoError(text)) return fail(text);
  const parsed = parseJson(file, text);
  if (!('value' in parsed)) return fail(parsed);
  const doc = parsed.value;
  if (!isObject(doc) || typeof doc.type !== 'string') {
    return fail({ code: 'not-geojson', file, message: 'top level is not a GeoJSON object with a "type"' });
  }
  const crs = declaredCrs(doc);
  if (crs === null) {
    return fail({ code: 'unknown-crs', file, field: 'crs', message: `unsupported crs member ${JSON.stringify(doc.crs).slice(0, 200)}` });
  }
  const raw: RawFeature[] = [];
  if (doc.type === 'FeatureCollection') {
    if (!Array.isArray(doc.features)) {
      return fail({ code: 'not-geojson', file, field: 'features', message: 'FeatureCollection without a "features" array' });
    }
    for (let i = 0; i < doc.features.length; i++) {
      const f: unknown = doc.features[i];
      if (!isObject(f) || f.type !== 'Feature') {
        return fail({ code: 'not-geojson', file, feature: i, message: 'member of "features" is not a Feature' });
      }
      const bad = badProperties(file, f.properties, i);
      if (bad) return fail(bad);
      raw.push({ index: i, geometry: f.geometry, properties: f.properties });
    }
  } else if (doc.type === 'Feature') {
    const bad = badProperties(file, doc.properties, 0);
    if (bad) return fail(bad);
    raw.push({ index: 0, geometry: doc.geometry, properties: doc.properties });
  } else if (GEOMETRY_TYPES.has(doc.type)) {
    raw.push({ index: 0, geometry: doc, properties: null });
  } else {
    return fail({ code: 'wrong-type', file, field: 'type', message: `GeoJSON type "${doc.type.slice(0, 50)}" is not a FeatureCollection, Feature or geometry`, values: { type: doc.type.slice(0, 50) } });
  }
  return ok({ raw, declared: crs ?? null, warnings: [] });
}

/**
 * GeoJSON's "properties" is an object or null: an array or a string is refused, as the command line's
 * checker refuses it, rather than read as no attributes (the unit's code would silently be lost).
 */
function badProperties(file: string, p: unknown, feature: number): IoError | null {
  if (p === null || p === undefined || isObject(p)) return null;
  return { code: 'not-geojson', file, feature, field: 'properties', message: `properties ${JSON.stringify(p).slice(0, 60)} is not an object` };
}
