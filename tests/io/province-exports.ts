// Every export format of a province's draft, written as the export dialog writes it
// (io/province-export.ts) and read back by GDAL, an independent reader: feature count, codes, names, the
// national fields (matinh, tentinh, cancu, both areas, truocsapnhap), Vietnamese text byte for byte, the
// declared CRS (GDAL's EPSG zone for VN-2000, through PROJ), and every vertex against the source. Used by
// tests/io/province-exports.test.ts (all 34 provinces, light formats; a sample for the heavy ones) and by
// `npm run verify:exports` (every province in every format).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MultiPolygon, Position } from 'geojson';
import { unitToFeature, type Coverage } from '../../src/core/model';
import { provinceByCode, type Province } from '../../src/core/model/province';
import { geometryAreaM2 } from '../../src/core/geom/geodesic';
import { EXPORT_FORMATS, exportOnGrid, type ExportFormat } from '../../src/editor/export';
import { formatTruocSapNhap, LOAI } from '../../src/io/props';
import { provinceExportFileName, provinceFields, provinceGrid, writeProvinceExport } from '../../src/io/province-export';
import { buildSubmission, geoJsonText } from '../../src/io/submission';
import { decodeTopologyFile } from '../../src/io/topology-file';
import { coverageFromTopologyFile } from '../../src/io/topology-file-coverage';
import { parseCrsSpec, vn2000EpsgCode, wgs84ToVn2000 } from '../../src/io/vn2000';
import { ROOT } from '../helpers/data';

export { EXPORT_FORMATS };
export type { ExportFormat };

export const AT = '2026-12-06T03:00:00Z';
/** Tolerances: lon/lat files against the source (degrees), VN-2000 files (metres). */
export const TOL_DEG = 1e-7;
export const TOL_M = 0.01;
/** GDAL's reprojection of a VN-2000 file to WGS 84 against the source (see checkExport). */
export const REPROJECTED_TOL_M = 0.01;

/**
 * QĐ 05/2007/QĐ-BTNMT's VN-2000 → WGS 84 shift on a TM-3 grid, written out for PROJ by hand rather than
 * taken from src/: EPSG:6960's coordinate-frame rotations with their signs flipped, as +towgs84 takes
 * position-vector ones.
 */
function vn2000Proj(lon0: number): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 ` +
    '+towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 +units=m +no_defs';
}

export interface LoadedProvince {
  readonly province: Province;
  readonly coverage: Coverage;
}

export function provinceCodes(): string[] {
  const index = JSON.parse(readFileSync(join(ROOT, 'public/data/provinces/index.json'), 'utf8')) as { provinces: { code: string }[] };
  return index.provinces.map((p) => p.code);
}

/** The province's prepared file as a draft's coverage: what a ward officer of that province edits. */
export function loadProvince(code: string): LoadedProvince {
  const file = `${code}.bin`;
  const decoded = decodeTopologyFile(readFileSync(join(ROOT, 'public/data/provinces', file)), file);
  const province = provinceByCode(code);
  if (!province) throw new Error(`no province object for ${code}`);
  return { province, coverage: coverageFromTopologyFile(decoded) };
}

/** Writes the format as the export dialog does; the path of the file. */
export function writeExport(dir: string, format: ExportFormat, p: LoadedProvince, unitIds?: readonly string[]): { path: string; fileName: string } {
  const o = { unitIds, exportedAt: AT };
  let fileName: string;
  let bytes: Uint8Array;
  if (format === 'submission') {
    fileName = provinceExportFileName(format, p.coverage, p.province, o);
    const sub = buildSubmission(p.coverage, { exportedAt: AT, unitIds, exceptions: [], ...provinceFields(p.province) });
    bytes = new TextEncoder().encode(geoJsonText(sub.collection));
  } else {
    const r = writeProvinceExport(format, p.coverage, p.province, o);
    if (!r.ok) throw new Error(`${format} of ${p.province.code}: ${JSON.stringify(r.errors.slice(0, 3))}`);
    ({ fileName, bytes } = r.value);
  }
  const path = join(dir, fileName);
  writeFileSync(path, bytes);
  return { path, fileName };
}

interface GdalFeature {
  readonly properties: Record<string, unknown>;
  readonly geometry: { readonly type: string; readonly coordinates: unknown } | null;
}

function gdalPath(path: string): string {
  return path.endsWith('.zip') ? `/vsizip/${path}` : path;
}

/**
 * The file as GDAL reads it, optionally reprojected by GDAL/PROJ to WGS 84: from the CRS the file
 * declares, or from `fromSrs` when given.
 */
export function gdalFeatures(path: string, toWgs84 = false, fromSrs?: string): GdalFeature[] {
  const srs = [...(fromSrs ? ['-s_srs', fromSrs] : []), ...(toWgs84 ? ['-t_srs', 'EPSG:4326'] : [])];
  const args = ['-f', 'GeoJSON', ...srs, '-lco', 'RFC7946=NO', '/vsistdout/', gdalPath(path)];
  const r = spawnSync('ogr2ogr', args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw new Error(`ogr2ogr could not run (GDAL is required): ${r.error.message}`);
  if (r.status !== 0 || /ERROR/.test(r.stderr)) throw new Error(`ogr2ogr on ${path}: ${r.stderr.slice(0, 500)}`);
  return (JSON.parse(r.stdout) as { features: GdalFeature[] }).features;
}

/**
 * What `ogrinfo` says of the layer: its feature count, the EPSG code GDAL identifies its CRS as, and the
 * EPSG code of the datum shift the file carries (a .prj's TOWGS84; 0 when GDAL cannot name it, null when
 * the file carries none).
 */
export function gdalInfo(path: string): { count: number; epsg: number | null; centralMeridian: number | null; datumShift: number | null } {
  const r = spawnSync('ogrinfo', ['-so', '-al', gdalPath(path)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error) throw new Error(`ogrinfo could not run (GDAL is required): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`ogrinfo on ${path}: ${r.stderr.slice(0, 500)}`);
  const count = Number(/Feature Count: (\d+)/.exec(r.stdout)?.[1] ?? NaN);
  // A VN-2000 file is a BOUNDCRS (the zone, and WGS 84 as the target of its datum shift): the zone's EPSG
  // code is the one that names a VN-2000 grid; a lon/lat file's is 4326.
  const ids = [...r.stdout.matchAll(/ID\["EPSG",(\d+)\]/g)].map((m) => Number(m[1]));
  const zone = ids.find((id) => parseCrsSpec(`epsg:${id}`)?.kind === 'vn2000');
  const cm = /PARAMETER\["Longitude of natural origin",([-\d.]+)/.exec(r.stdout);
  // An identified transformation's own ID (and maybe a REMARK) closes its block and the BOUNDCRS:
  // `ID["EPSG",6960]]]`; one GDAL could not identify ends on its last parameter's ID, one bracket deeper.
  const at = r.stdout.indexOf('ABRIDGEDTRANSFORMATION[');
  const block = at < 0 ? '' : r.stdout.slice(at, r.stdout.indexOf('Data axis', at));
  const shiftId = /ID\["EPSG",(\d+)\](?:,\s*REMARK\["[^"]*"\])?\]\]\s*$/.exec(block)?.[1];
  const datumShift = at < 0 ? null : shiftId ? Number(shiftId) : 0;
  return { count, epsg: zone ?? (ids.includes(4326) ? 4326 : null), centralMeridian: cm ? Number(cm[1]) : null, datumShift };
}

type Ring = readonly Position[];

/** GDAL's geometry as polygons of rings. */
function polygonsOf(g: GdalFeature['geometry']): Ring[][] {
  if (!g) return [];
  if (g.type === 'Polygon') return [g.coordinates as Ring[]];
  if (g.type === 'MultiPolygon') return g.coordinates as Ring[][];
  throw new Error(`geometry type ${g.type}`);
}

/**
 * Largest distance from a source vertex to its counterpart in the exported ring, walking both in order
 * (either direction, any start). Consecutive source vertices that the export's rounding made one map to
 * one exported vertex; every exported vertex must stand for at least one source vertex. Infinity when
 * the rings do not correspond within `tol`.
 */
function ringDistance(src: Ring, out: Ring, tol: number, dist: (a: Position, b: Position) => number): number {
  const s = src.slice(0, -1), o0 = out.slice(0, -1);
  if (o0.length === 0 || s.length === 0) return Infinity;
  let best = Infinity;
  for (const o of [o0, [...o0].reverse()]) {
    for (let start = 0; start < o.length; start++) {
      if (dist(s[0]!, o[start]!) > tol) continue;
      let j = 0, max = 0, ok = true;
      for (let i = 1; i < s.length && ok; i++) {
        // The nearer of the export's next vertex and the same one again, the next on a tie (a repeated
        // vertex is repeated in both files; one the rounding merged is not).
        const next = j + 1 < o.length ? dist(s[i]!, o[(start + j + 1) % o.length]!) : Infinity;
        const here = dist(s[i]!, o[(start + j) % o.length]!);
        if (next <= tol && next <= here) {
          j++;
          max = Math.max(max, next);
        } else if (here <= tol) max = Math.max(max, here);
        else ok = false;
      }
      max = Math.max(max, dist(s[0]!, o[start]!));
      if (ok && j === o.length - 1) best = Math.min(best, max);
      if (best <= tol) return best;
    }
  }
  return best;
}

function bbox(r: Ring): number[] {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of r) {
    b[0] = Math.min(b[0]!, p[0]!); b[1] = Math.min(b[1]!, p[1]!);
    b[2] = Math.max(b[2]!, p[0]!); b[3] = Math.max(b[3]!, p[1]!);
  }
  return b;
}

/** Largest vertex distance between the source and the exported geometry; Infinity when a ring has no match. */
function geometryDistance(src: MultiPolygon, out: Ring[][], tol: number, dist: (a: Position, b: Position) => number, project: (r: Ring) => Ring): number {
  const srcRings = src.coordinates.flat().map(project);
  const outRings = out.flat();
  if (srcRings.length !== outRings.length) return Infinity;
  const outBoxes = outRings.map(bbox);
  const used = new Set<number>();
  let max = 0;
  for (const r of srcRings) {
    const b = bbox(r);
    // The exported ring whose box is nearest this one's (ring order may change, e.g. GDAL's shapefile reader).
    let bestJ = -1, bestD = Infinity;
    outBoxes.forEach((q, j) => {
      if (used.has(j)) return;
      const d = Math.max(...q.map((v, k) => Math.abs(v - b[k]!)));
      if (d < bestD) [bestD, bestJ] = [d, j];
    });
    if (bestJ < 0) return Infinity;
    used.add(bestJ);
    max = Math.max(max, ringDistance(r, outRings[bestJ]!, tol, dist));
    if (max === Infinity) return max;
  }
  return max;
}

const degDist = (a: Position, b: Position) => Math.max(Math.abs(a[0]! - b[0]!), Math.abs(a[1]! - b[1]!));
const metreDist = (a: Position, b: Position) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
/** Metres between two lon/lat positions a few metres apart at most (local equirectangular). */
const lonLatMetres = (a: Position, b: Position) =>
  Math.hypot((a[0]! - b[0]!) * 111_320 * Math.cos((a[1]! * Math.PI) / 180), (a[1]! - b[1]!) * 110_574);

/**
 * How far GDAL's own reprojection of the VN-2000 Shapefile of these units lands from the source when
 * GDAL picks the datum shift itself (the grid's EPSG code, as another program reading the file would):
 * the median over source vertices of the distance to the nearest reprojected vertex, in metres.
 */
export function gdalDefaultShiftM(dir: string, p: LoadedProvince, unitIds: readonly string[]): number {
  const { path } = writeExport(dir, 'shapefile-vn2000', p, unitIds);
  const out = gdalFeatures(path, true).flatMap((f) => polygonsOf(f.geometry).flat(2));
  const src = unitIds.flatMap((id) => unitToFeature(p.coverage, p.coverage.units.get(id)!).geometry.coordinates.flat(2));
  const nearest = src.map((q) => Math.min(...out.map((o) => lonLatMetres(q, o))));
  return nearest.sort((x, y) => x - y)[nearest.length >> 1]!;
}

export interface ExportCheck {
  readonly province: string;
  readonly format: ExportFormat;
  readonly fileName: string;
  readonly features: number;
  /** Largest vertex difference from the source: degrees for lon/lat files, metres on the grid for VN-2000 ones. */
  readonly maxDifference: number;
  /** VN-2000 files when asked: metres between the source and GDAL's own reprojection of the file. */
  readonly maxReprojectedM: number | null;
  /** Everything that is not as it should be, one line each. */
  readonly problems: readonly string[];
}

/** A field GDAL read, case-insensitively (GDAL's rule for shapefile and KML names). */
function field(props: Record<string, unknown>, name: string): unknown {
  const hit = Object.entries(props).find(([k]) => k.toLowerCase() === name.toLowerCase());
  return hit ? hit[1] : undefined;
}

/** A dBase list split over numbered columns (dbf-columns.ts), joined again. */
function joined(props: Record<string, unknown>, first: string, stem: string): unknown {
  const head = field(props, first);
  if (head === undefined || head === null) return head;
  let s = String(head);
  for (let n = 2; field(props, `${stem}${n}`) !== undefined; n++) s += String(field(props, `${stem}${n}`) ?? '');
  return s;
}

/** Writes one format of the province, reads it back with GDAL and lists what differs. */
export function checkExport(dir: string, format: ExportFormat, p: LoadedProvince, unitIds?: readonly string[], reproject = false): ExportCheck {
  const { path, fileName } = writeExport(dir, format, p, unitIds);
  const problems: string[] = [];
  // Files hold the units in the coverage's order, whatever the order of the ids asked for.
  const units = [...p.coverage.units.values()].filter((u) => !unitIds || unitIds.includes(u.id));
  const prov = p.province;
  const onGrid = exportOnGrid(format);
  const grid = provinceGrid(prov);
  if (onGrid) {
    const info = gdalInfo(path);
    if (info.count !== units.length) problems.push(`ogrinfo counts ${info.count} features, ${units.length} exported`);
    if (info.epsg !== vn2000EpsgCode(grid)) problems.push(`GDAL identifies the CRS as EPSG ${info.epsg}, not ${vn2000EpsgCode(grid)}`);
    if (info.centralMeridian !== prov.meridian.lon0) problems.push(`central meridian ${info.centralMeridian}, province's is ${prov.meridian.lon0}`);
    // EPSG:6960 is QĐ 05/2007's shift; only the Shapefile can carry one (GeoJSON names the grid alone).
    const shift = format === 'shapefile-vn2000' ? 6960 : null;
    if (info.datumShift !== shift) problems.push(`GDAL reads the datum shift as EPSG ${info.datumShift}, not ${shift}`);
  }
  if (!fileName.startsWith(`${prov.code}_`)) problems.push(`file name ${fileName} does not start with the province code`);

  const back = gdalFeatures(path);
  if (back.length !== units.length) problems.push(`GDAL reads ${back.length} features, ${units.length} exported`);
  const national = format !== 'topojson';
  const isShp = format.startsWith('shapefile');
  const say = (code: string, what: string, got: unknown, want: unknown) => {
    if (problems.length < 40) problems.push(`${code} ${what}: GDAL has ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  };
  let maxDifference = 0;
  units.forEach((u, i) => {
    const got = back[i];
    if (!got) return;
    const a = u.attrs;
    const pr = got.properties;
    const expect = (name: string, want: unknown, value = field(pr, name)) => {
      const same = typeof want === 'number' && typeof value === 'number' ? Math.abs(value - want) < 1e-9 : value === want || (want === null && value === undefined);
      if (!same) say(a.code, name, value, want);
    };
    if (national) {
      expect('maxa', a.code);
      expect('tenhc', a.fullName);
      expect('matinh', prov.code);
      expect('tentinh', prov.name);
      expect('loai', a.type ? LOAI[a.type] : null);
      expect('cancu', prov.resolution);
      expect('dientichkm2', a.officialAreaKm2, isShp ? field(pr, 'dientichkm') : field(pr, 'dientichkm2'));
      const measured = isShp ? field(pr, 'dtdokm2') : field(pr, 'dientichdokm2');
      const want = geometryAreaM2(unitToFeature(p.coverage, u).geometry) / 1e6;
      if (typeof measured !== 'number' || Math.abs(measured - want) > 0.0051 + want * 1e-6) say(a.code, 'dientichdokm2', measured, want);
      expect('truocsapnhap', formatTruocSapNhap(a.formedFrom), isShp ? joined(pr, 'truocsapnh', 'truocsap') : field(pr, 'truocsapnhap'));
      if (a.provinceCode !== prov.code) say(a.code, 'provinceCode of the source unit', a.provinceCode, prov.code);
    } else {
      expect('code', a.code);
      expect('fullName', a.fullName);
      expect('provinceCode', prov.code);
    }
    const src = unitToFeature(p.coverage, u).geometry;
    // VN-2000 files: the metres as written, against the source projected on the province's grid.
    const d = onGrid
      ? geometryDistance(src, polygonsOf(got.geometry), TOL_M, metreDist, (r) => r.map((q) => wgs84ToVn2000(grid, q)))
      : geometryDistance(src, polygonsOf(got.geometry), TOL_DEG, degDist, (r) => r);
    if (d > (onGrid ? TOL_M : TOL_DEG)) say(a.code, 'geometry', d === Infinity ? 'rings do not correspond' : d, `within ${onGrid ? `${TOL_M} m` : `${TOL_DEG}°`}`);
    maxDifference = Math.max(maxDifference, d);
  });

  let maxReprojectedM: number | null = null;
  if (onGrid && reproject) {
    // GDAL's own reprojection to WGS 84 with the national datum shift. GDAL is told the shift rather than
    // left to choose: once it identifies the grid's EPSG code (even from a .prj that carries QĐ 05/2007's
    // TOWGS84, which gdalInfo checks), PROJ picks the shift by area, and in the Mekong delta takes
    // EPSG:5194, a petroleum-block shift 0.8 m from the national one.
    maxReprojectedM = 0;
    const lonlat = gdalFeatures(path, true, vn2000Proj(grid.lon0));
    units.forEach((u, i) => {
      const g = lonlat[i];
      if (!g) return;
      const d = geometryDistance(unitToFeature(p.coverage, u).geometry, polygonsOf(g.geometry), REPROJECTED_TOL_M, lonLatMetres, (r) => r);
      if (d > REPROJECTED_TOL_M) say(u.attrs.code, 'geometry reprojected by GDAL', d === Infinity ? 'rings do not correspond' : d, `within ${REPROJECTED_TOL_M} m`);
      maxReprojectedM = Math.max(maxReprojectedM!, d);
    });
  }
  return { province: prov.code, format, fileName, features: back.length, maxDifference, maxReprojectedM, problems };
}
