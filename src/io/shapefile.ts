// Zipped Shapefile import and export (.shp/.shx/.dbf/.prj/.cpg in one .zip).
// Read: our own strict .shp reader (polygon types 5/15/25; rings nested by containment, so files with
// either ring orientation read the same; points, multipoints and polylines for reference layers, in
// shp-shapes.ts), .dbf text in UTF-8 or Windows-1258 as the .cpg says, the CRS from
// the .prj (a missing .prj is asked about, never guessed). Write: UTF-8 .dbf with a .cpg, the .prj of the
// chosen CRS, outer rings clockwise as the format requires.
import { strToU8, zipSync } from 'fflate';
import type { MultiPolygon, Position } from 'geojson';
import { unitToFeature, writeUnitProps, type Coverage } from '../core/model';
import type { SourceCrs } from './crs';
import { unzipBounded } from './bounded-unzip';
import { readDbf, writeDbf, encodingFromCpg, type DbfEncoding } from './dbf';
import { dbfLayout, propsFromRecord } from './dbf-columns';
import { fail, ok, type IoError, type IoResult } from './errors';
import { finishImport, type RawFeature, type SourceFeatures } from './finish-import';
import type { ImportedLayer, ImportOptions } from './import-types';
import { LIMITS, overLimit, type FeatureLimit } from './limits';
import { geometryAreaM2 } from '../core/geom/geodesic';
import { nationalPropsWithExtras, type NationalFieldOptions } from './national-props';
import { crsFromPrj, vn2000Prj, WGS84_PRJ } from './prj';
import { nestRings } from './ring-nesting';
import { selectUnits } from './select-units';
import { isPointOrLineShape, readPointOrLine } from './shp-shapes';
import { bytesOf, checkFileSize, type Input } from './text';
import { wgs84ToVn2000, type Vn2000Crs } from './vn2000';
import { rewind } from './winding';

export interface ShapefileImportOptions extends ImportOptions {
  /** Text encoding of the .dbf when there is no .cpg (asked of the user after a 'bad-encoding'). */
  readonly dbfEncoding?: DbfEncoding;
  /** Which layer (base name) of an archive holding several. */
  readonly layer?: string;
}

const SHAPE_NAMES: Readonly<Record<number, string>> = {
  0: 'null', 1: 'Point', 3: 'LineString', 5: 'Polygon', 8: 'MultiPoint', 11: 'Point', 13: 'LineString', 15: 'Polygon',
  18: 'MultiPoint', 21: 'Point', 23: 'LineString', 25: 'Polygon', 28: 'MultiPoint', 31: 'MultiPatch',
};

type Members = ReadonlyMap<string, Uint8Array>;

const isMember = (name: string) => /\.(shp|dbf|prj|cpg)$/i.test(name) && !name.includes('__MACOSX');

/** Members by lowercase extension for one layer base name. */
/**
 * The layer's members by extension, or the extension found twice (a.dbf beside a.DBF): which one the
 * layer means cannot be known, and taking either silently would read attributes from a stowaway.
 */
function layerFiles(zip: Members, base: string): Partial<Record<'shp' | 'dbf' | 'prj' | 'cpg', Uint8Array>> | { twice: string } {
  const out: Partial<Record<'shp' | 'dbf' | 'prj' | 'cpg', Uint8Array>> = {};
  for (const [name, data] of zip) {
    const dot = name.lastIndexOf('.');
    if (name.slice(0, dot) !== base) continue;
    const ext = name.slice(dot + 1).toLowerCase() as 'shp';
    if (out[ext]) return { twice: ext };
    out[ext] = data;
  }
  return out;
}

function readShp(file: string, bytes: Uint8Array, featureLimit: FeatureLimit): { geometries: unknown[] } | IoError {
  const broken = (message: string, feature?: number): IoError => ({ code: 'broken-shp', file, message, ...(feature !== undefined ? { feature } : {}) });
  if (bytes.length < 100) return broken('file shorter than the 100-byte header');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getInt32(0, false) !== 9994) return broken('not a .shp (file code is not 9994)');
  const geometries: unknown[] = [];
  let vertices = 0;
  let off = 100;
  for (let rec = 0; off < bytes.length; rec++) {
    if (rec >= LIMITS[featureLimit]) return overLimit(file, featureLimit, `at least ${rec + 1}`);
    if (off + 12 > bytes.length) return broken('truncated record header', rec);
    const words = v.getInt32(off + 4, false);
    const len = words * 2;
    if (words < 2 || off + 8 + len > bytes.length) return broken(`record length ${len} does not fit the file`, rec);
    const c = off + 8;
    const type = v.getInt32(c, true);
    off = c + len;
    if (type === 5 || type === 15 || type === 25) {
      if (len < 44) return broken('polygon record too short', rec);
      const numParts = v.getInt32(c + 36, true);
      const numPoints = v.getInt32(c + 40, true);
      const pointsAt = c + 44 + 4 * numParts;
      if (numParts < 1 || numPoints < numParts || numParts > len || numPoints > len || pointsAt + 16 * numPoints > c + len) {
        return broken(`polygon with ${numParts} parts and ${numPoints} points does not fit its record`, rec);
      }
      vertices += numPoints;
      if (vertices > LIMITS.vertices) return overLimit(file, 'vertices', `at least ${vertices}`, { feature: rec });
      const starts: number[] = [];
      for (let p = 0; p < numParts; p++) starts.push(v.getInt32(c + 44 + 4 * p, true));
      const rings: Position[][] = [];
      for (let p = 0; p < numParts; p++) {
        const from = starts[p]!, to = p + 1 < numParts ? starts[p + 1]! : numPoints;
        if (from < 0 || to > numPoints || to <= from) return broken(`part ${p} has impossible bounds ${from}..${to}`, rec);
        const ring: Position[] = [];
        for (let i = from; i < to; i++) ring.push([v.getFloat64(pointsAt + 16 * i, true), v.getFloat64(pointsAt + 16 * i + 8, true)]);
        rings.push(ring);
      }
      // Nesting needs well-formed rings; leave malformed ones as they are for the edge check to report.
      const wellFormed = rings.every((r) => {
        const a = r[0]!, b = r[r.length - 1]!;
        return r.length >= 4 && a[0] === b[0] && a[1] === b[1] && r.every((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
      });
      const polys = wellFormed ? nestRings(rings) : rings.map((r) => [r]);
      geometries.push(polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys });
    } else if (isPointOrLineShape(type)) {
      // Read for the reference layers; the unit import refuses them as not polygons, as before.
      const shape = readPointOrLine(v, c, len, type);
      if (typeof shape === 'string') return broken(shape, rec);
      vertices += shape.positions;
      if (vertices > LIMITS.vertices) return overLimit(file, 'vertices', `at least ${vertices}`, { feature: rec });
      geometries.push(shape.geometry);
    } else {
      geometries.push(type === 0 ? null : { type: SHAPE_NAMES[type] ?? `shape type ${type}` });
    }
  }
  return { geometries };
}

export function readShapefileZip(file: string, input: Input, options: ShapefileImportOptions = {}): IoResult<ImportedLayer> {
  const read = shapefileFeatures(file, input, options);
  if (!read.ok) return read;
  // Our own short column names back to the unit's properties (a reference layer keeps the columns).
  const raw = read.value.raw.map((f) => ({ ...f, properties: propsFromRecord(f.properties as Record<string, unknown>) }));
  const r = finishImport(file, raw, read.value.declared, options);
  return r.ok ? { ...r, warnings: [...read.value.warnings, ...r.warnings] } : r;
}

/**
 * The parse step of readShapefileZip, shared with the reference layers: the layer's shapes (any kind)
 * with their .dbf records as the table names its columns, and the CRS its .prj names. A missing or
 * unreadable .prj fails here unless the user chose a CRS (`fromCrs`): it is asked about, never guessed.
 */
export function shapefileFeatures(file: string, input: Input, options: ShapefileImportOptions = {}, featureLimit: FeatureLimit = 'features'): IoResult<SourceFeatures> {
  const bytes = bytesOf(input);
  const big = checkFileSize(file, bytes.length);
  if (big) return fail(big);
  const members = unzipBounded(file, bytes, isMember);
  if (!(members instanceof Map)) return fail(members);
  const layers = [...members.keys()].filter((n) => /\.shp$/i.test(n)).map((n) => n.slice(0, -4));
  if (layers.length === 0) return fail({ code: 'no-shapefile', file, message: 'the archive holds no .shp' });
  let base = layers[0]!;
  if (layers.length > 1) {
    if (!options.layer || !layers.includes(options.layer)) {
      return fail({ code: 'several-layers', file, message: `the archive holds ${layers.length} layers; choose one`, values: { layers } });
    }
    base = options.layer;
  }
  const parts = layerFiles(members, base);
  if ('twice' in parts) {
    return fail({ code: 'broken-zip', file, message: `layer ${base} has two .${parts.twice} files (names differing only in case): which one is meant cannot be told`, values: { layer: base } });
  }
  const shp = readShp(`${file}/${base}.shp`, parts.shp!, featureLimit);
  if ('code' in shp) return fail(shp);

  const warnings: IoError[] = [];
  let declared: SourceCrs | null = null;
  if (parts.prj) {
    const prj = crsFromPrj(`${file}/${base}.prj`, new TextDecoder().decode(parts.prj));
    if ('code' in prj) {
      if (!options.fromCrs) return fail(prj);
    } else {
      declared = prj.crs;
      warnings.push(...prj.warnings);
    }
  } else if (!options.fromCrs) {
    return fail({ code: 'missing-prj', file, message: `${base}.prj is missing: the coordinate system must be chosen`, values: { layer: base } });
  }

  let records: (Record<string, unknown> | null)[] = [];
  if (parts.dbf) {
    let encoding: DbfEncoding = options.dbfEncoding ?? 'utf-8';
    if (parts.cpg) {
      const cpgText = new TextDecoder().decode(parts.cpg);
      const e = encodingFromCpg(cpgText);
      if (!e) return fail({ code: 'bad-encoding', file: `${file}/${base}.cpg`, message: `unsupported code page "${cpgText.trim().slice(0, 40)}"`, values: { cpg: cpgText.trim().slice(0, 40) } });
      encoding = options.dbfEncoding ?? e;
    }
    const table = readDbf(`${file}/${base}.dbf`, parts.dbf, encoding, shp.geometries.length);
    if ('code' in table) return fail(table);
    warnings.push(...table.warnings);
    if (table.records.length !== shp.geometries.length) {
      return fail({ code: 'broken-dbf', file: `${file}/${base}.dbf`, message: `${table.records.length} records for ${shp.geometries.length} shapes`, values: { records: table.records.length, shapes: shp.geometries.length } });
    }
    records = table.records;
  }
  const raw: RawFeature[] = [];
  shp.geometries.forEach((geometry, index) => {
    const rec = records[index];
    if (rec === null) return; // deleted in the .dbf: not part of the layer
    raw.push({ index, geometry, properties: rec ?? {} });
  });
  return ok({ raw, declared, warnings });
}

export interface ShapefileExportOptions {
  readonly unitIds?: readonly string[];
  /** VN-2000 grid to write in; WGS 84 lon/lat when absent. */
  readonly crs?: Vn2000Crs;
  /** Base name of the members inside the zip. */
  readonly layerName?: string;
  /**
   * The national columns (national-props.ts) filled for the draft's province, instead of the app's own
   * (code, fullname, formedfrom …): the file a province's GIS reads.
   */
  readonly national?: NationalFieldOptions;
}

/** [xmin, ymin, xmax, ymax] by a loop (spreading 100k values into Math.min overflows the stack). */
function extent(pts: readonly Position[]): number[] {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of pts) {
    b[0] = Math.min(b[0]!, p[0]!);
    b[1] = Math.min(b[1]!, p[1]!);
    b[2] = Math.max(b[2]!, p[0]!);
    b[3] = Math.max(b[3]!, p[1]!);
  }
  return pts.length ? b : [0, 0, 0, 0];
}

/** Shapes in the .shp order: outer rings clockwise, holes counter-clockwise (ESRI's rule). */
function shpBytes(geoms: readonly MultiPolygon[]): { shp: Uint8Array; shx: Uint8Array } {
  const recLens = geoms.map((g) => {
    const parts = g.coordinates.reduce((n, p) => n + p.length, 0);
    const points = g.coordinates.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
    return 44 + 4 * parts + 16 * points;
  });
  const shpLen = 100 + recLens.reduce((a, l) => a + 8 + l, 0);
  const shp = new Uint8Array(shpLen);
  const shx = new Uint8Array(100 + 8 * geoms.length);
  const sv = new DataView(shp.buffer);
  const xv = new DataView(shx.buffer);
  const bbox = extent(geoms.flatMap((g) => g.coordinates.flat(2)));
  for (const [view, len] of [[sv, shpLen], [xv, shx.length]] as const) {
    view.setInt32(0, 9994, false);
    view.setInt32(24, len / 2, false);
    view.setInt32(28, 1000, true);
    view.setInt32(32, 5, true);
    bbox.forEach((b, i) => view.setFloat64(36 + 8 * i, b, true));
  }
  let off = 100;
  geoms.forEach((g, i) => {
    xv.setInt32(100 + 8 * i, off / 2, false);
    xv.setInt32(104 + 8 * i, recLens[i]! / 2, false);
    sv.setInt32(off, i + 1, false);
    sv.setInt32(off + 4, recLens[i]! / 2, false);
    const c = off + 8;
    const rings = g.coordinates.flat(1);
    const pts = rings.flat(1);
    sv.setInt32(c, 5, true);
    extent(pts).forEach((x, k) => sv.setFloat64(c + 4 + 8 * k, x, true));
    sv.setInt32(c + 36, rings.length, true);
    sv.setInt32(c + 40, pts.length, true);
    let start = 0;
    rings.forEach((r, k) => {
      sv.setInt32(c + 44 + 4 * k, start, true);
      start += r.length;
    });
    const at = c + 44 + 4 * rings.length;
    pts.forEach((p, k) => {
      sv.setFloat64(at + 16 * k, p[0]!, true);
      sv.setFloat64(at + 16 * k + 8, p[1]!, true);
    });
    off = c + recLens[i]!;
  });
  return { shp, shx };
}

export interface ShapefileExport {
  readonly zip: Uint8Array;
  /** What dBase could not hold as it was: renamed columns, cut or changed text (dbf-columns.ts). */
  readonly warnings: readonly IoError[];
  /** Member files, for callers that want them loose. */
  readonly files: Readonly<Record<string, Uint8Array>>;
}

/** The zipped Shapefile, or 'too-large' when the attributes need more dBase columns than there are. */
export function writeShapefileZip(c: Coverage, o: ShapefileExportOptions = {}): IoResult<ShapefileExport> {
  const units = selectUnits(c, o.unitIds);
  const layer = o.layerName ?? 'units';
  const features = units.map((u) => unitToFeature(c, u));
  const geoms = features.map((f) => {
    // Right-hand rule reversed: shapefile shells are clockwise.
    const g = rewind(f.geometry, false);
    if (!o.crs) return g;
    const crs = o.crs;
    return { type: 'MultiPolygon' as const, coordinates: g.coordinates.map((p) => p.map((r) => r.map((q) => wgs84ToVn2000(crs, q)))) };
  });
  const national = o.national;
  const layout = dbfLayout(`${layer}.dbf`, units.map((u, i) => {
    if (national) {
      const { truocsapnhap, matruocsapnhap, ...props } = nationalPropsWithExtras(u, geometryAreaM2(features[i]!.geometry), national);
      return { unit: u.attrs.code, props, split: { truocsapnhap: String(truocsapnhap), matruocsapnhap: String(matruocsapnhap) } };
    }
    const { formedFrom: _formedFrom, ...props } = writeUnitProps(u.attrs);
    return { unit: u.attrs.code, props, split: { formedFrom: JSON.stringify(u.attrs.formedFrom) } };
  }));
  if ('code' in layout) return fail(layout);
  const { shp, shx } = shpBytes(geoms);
  const files: Record<string, Uint8Array> = {
    [`${layer}.shp`]: shp,
    [`${layer}.shx`]: shx,
    [`${layer}.dbf`]: writeDbf(layout.columns, layout.rows),
    [`${layer}.prj`]: strToU8(o.crs ? vn2000Prj(o.crs) : WGS84_PRJ),
    [`${layer}.cpg`]: strToU8('UTF-8'),
  };
  // Fixed member times: the same coverage gives the same archive bytes.
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([n, d]) => [n, [d, { mtime: new Date(Date.UTC(2000, 0, 1)) }]])));
  return ok({ zip, files, warnings: layout.warnings }, layout.warnings);
}
