// GeoTIFF GeoKeys → the CRS of the pixels. Only what this app is for is accepted: WGS 84 degrees, Web
// Mercator, WGS 84 / UTM 48N–49N (drone orthophotos), VN-2000 / UTM 48N–49N (EPSG 3405, 3406), the EPSG
// VN-2000 TM-3 grids (vn2000.ts knows their codes) and the user-defined VN-2000 transverse Mercator that GDAL
// writes for a provincial meridian. Anything else is refused with the keys that were found, rather than
// drawn in the wrong place. As for a .prj (prj.ts), VN-2000 is always shifted to WGS 84 with the
// QĐ 05/2007 parameters, with a warning when the file carries other ones.
import type { SourceCrs } from './crs';
import type { IoError } from './errors';
import { GeoTiffError } from './geotiff-errors';
import { parseCrsSpec, VN2000_TOWGS84, vn2000, WGS84 } from './vn2000';

/** GeoKeys as geotiff.js parses them: numbers, strings, or typed arrays for multi-valued keys. */
export type GeoKeys = Readonly<Record<string, unknown>>;

export interface GeoTiffCrs {
  readonly crs: SourceCrs;
  readonly warnings: readonly IoError[];
}

const MODEL_PROJECTED = 1;
const MODEL_GEOGRAPHIC = 2;
const USER_DEFINED = 32767;
const CT_TRANSVERSE_MERCATOR = 1;
const LINEAR_METRE = 9001;
const ELLIPSOID_WGS84 = 7030;
const GCS_WGS84 = 4326;
const DATUM_WGS84 = 6326;
const GCS_VN2000 = 4756;
const DATUM_VN2000 = 6756;

/** Web Mercator under the codes it has had (EPSG, the Google joke code, ESRI's). */
const WEB_MERCATOR_CODES = new Set([3857, 900913, 3785, 102100, 102113]);
const WEB_MERCATOR: SourceCrs = { kind: 'other', def: 'EPSG:3857', name: 'WGS 84 / Pseudo-Mercator' };

/** Projected codes with a fixed definition, beyond the TM-3 grids that vn2000.ts resolves. */
const PROJECTED: ReadonlyMap<number, SourceCrs> = new Map<number, SourceCrs>([
  [3405, vn2000(105, 'en', 0.9996)],
  [3406, vn2000(111, 'en', 0.9996)],
  [32648, { kind: 'other', def: '+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs', name: 'WGS 84 / UTM zone 48N' }],
  [32649, { kind: 'other', def: '+proj=utm +zone=49 +datum=WGS84 +units=m +no_defs', name: 'WGS 84 / UTM zone 49N' }],
]);

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function numbers(v: unknown): number[] | null {
  if (typeof v === 'number') return [v];
  if (v && typeof v === 'object' && 'length' in v) return Array.from(v as ArrayLike<number>);
  return null;
}

/** "ProjectedCSTypeGeoKey=2154, GTCitationGeoKey="RGF93 / Lambert-93"": what the UI can show and a user can search. */
function describeKeys(keys: GeoKeys): string {
  return Object.entries(keys)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v.slice(0, 120)) : (numbers(v) ?? [String(v)]).join(',')}`)
    .join(', ');
}

function unknownCrs(keys: GeoKeys, file: string, why: string): GeoTiffError {
  const found = describeKeys(keys);
  const values: Record<string, string | number> = { keys: found };
  for (const k of ['GTModelTypeGeoKey', 'ProjectedCSTypeGeoKey', 'GeographicTypeGeoKey', 'ProjCoordTransGeoKey', 'GTCitationGeoKey']) {
    const v = keys[k];
    if (typeof v === 'number' || typeof v === 'string') values[k] = v;
  }
  return new GeoTiffError('unknown-crs', file, `unsupported CRS: ${why} (GeoKeys: ${found || 'none'})`, values);
}

function ourTowgs84(): number[] {
  return VN2000_TOWGS84.split(',').map(Number);
}

function sameTowgs84(theirs: readonly number[]): boolean {
  const ours = ourTowgs84();
  return theirs.length === 7 && theirs.every((v, i) => Math.abs(v - ours[i]!) <= 1e-6);
}

function wgs84Ellipsoid(keys: GeoKeys): boolean {
  const ell = num(keys.GeogEllipsoidGeoKey);
  if (ell !== null && ell !== USER_DEFINED) return ell === ELLIPSOID_WGS84;
  const a = num(keys.GeogSemiMajorAxisGeoKey), invf = num(keys.GeogInvFlatteningGeoKey);
  return (a === null || Math.abs(a - 6378137) < 1e-3) && (invf === null || Math.abs(invf - 298.257223563) < 1e-6);
}

/**
 * Whether the geographic CRS is VN-2000: by EPSG code or name, or (what GDAL writes for a proj string
 * "+ellps=WGS84 +towgs84=…") an unnamed datum on the WGS 84 ellipsoid whose shift is VN-2000's: the
 * translation within 10 m of QĐ 05/2007's. That takes in the variants in circulation (EPSG:6959, the
 * sign-flipped rotations, three-parameter copies), which all lie within 1.5 m of it; WGS 84 itself is 225 m away.
 */
function isVn2000(keys: GeoKeys): boolean {
  if (num(keys.GeographicTypeGeoKey) === GCS_VN2000 || num(keys.GeogGeodeticDatumGeoKey) === DATUM_VN2000) return true;
  const names = `${text(keys.GeogCitationGeoKey)}|${text(keys.GTCitationGeoKey)}|${text(keys.PCSCitationGeoKey)}`;
  if (/VN[-_ ]?2000|Vietnam[-_ ]?2000/i.test(names)) return true;
  const towgs84 = numbers(keys.GeogTOWGS84GeoKey);
  if (towgs84 === null || towgs84.length < 3 || !wgs84Ellipsoid(keys)) return false;
  const ours = ourTowgs84();
  return Math.hypot(towgs84[0]! - ours[0]!, towgs84[1]! - ours[1]!, towgs84[2]! - ours[2]!) <= 10;
}

function towgs84Warnings(keys: GeoKeys, file: string): IoError[] {
  const towgs84 = numbers(keys.GeogTOWGS84GeoKey);
  if (towgs84 === null || sameTowgs84(towgs84)) return [];
  return [{
    code: 'towgs84-differs', file, field: 'GeogTOWGS84GeoKey',
    message: `the file's TOWGS84 ${towgs84.join(',')} differs from QĐ 05/2007; the standard parameters are used`,
    values: { towgs84: towgs84.join(',') },
  }];
}

/** A user-defined transverse Mercator on VN-2000, as GDAL writes a provincial TM-3 (or UTM-like) grid. */
function userDefinedVn2000(keys: GeoKeys, file: string): GeoTiffCrs {
  const ct = num(keys.ProjCoordTransGeoKey);
  if (ct !== CT_TRANSVERSE_MERCATOR) throw unknownCrs(keys, file, `user-defined projection with ProjCoordTransGeoKey=${ct ?? 'missing'}, not transverse Mercator`);
  if (!isVn2000(keys)) {
    throw unknownCrs(keys, file, 'transverse Mercator on a datum that is not VN-2000 (a VN-2000 file written without its datum shift reads as WGS 84 and would lie about 225 m off)');
  }
  const units = num(keys.ProjLinearUnitsGeoKey);
  if (units !== null && units !== LINEAR_METRE) throw unknownCrs(keys, file, `VN-2000 transverse Mercator in linear unit ${units}, not metres`);
  const lon0 = num(keys.ProjNatOriginLongGeoKey) ?? num(keys.ProjCenterLongGeoKey) ?? num(keys.ProjFalseOriginLongGeoKey);
  const lat0 = num(keys.ProjNatOriginLatGeoKey) ?? num(keys.ProjCenterLatGeoKey) ?? 0;
  const k = num(keys.ProjScaleAtNatOriginGeoKey) ?? num(keys.ProjScaleAtCenterGeoKey) ?? 1;
  const x0 = num(keys.ProjFalseEastingGeoKey) ?? 0;
  const y0 = num(keys.ProjFalseNorthingGeoKey) ?? 0;
  if (lon0 === null || !(lon0 >= 100 && lon0 <= 114) || lat0 !== 0 || x0 !== 500000 || y0 !== 0 || !(k === 0.9999 || k === 0.9996)) {
    throw unknownCrs(keys, file, `VN-2000 transverse Mercator with lon_0=${lon0}, lat_0=${lat0}, k=${k}, x_0=${x0}, y_0=${y0}; expected a meridian in Vietnam, lat_0=0, k=0.9999 (TM-3) or 0.9996 (UTM), x_0=500000, y_0=0`);
  }
  return { crs: vn2000(lon0, 'en', k), warnings: towgs84Warnings(keys, file) };
}

function projected(keys: GeoKeys, file: string): GeoTiffCrs {
  const code = num(keys.ProjectedCSTypeGeoKey);
  if (code === null || code === USER_DEFINED) return userDefinedVn2000(keys, file);
  if (WEB_MERCATOR_CODES.has(code)) return { crs: WEB_MERCATOR, warnings: [] };
  const fixed = PROJECTED.get(code) ?? parseCrsSpec(`epsg:${code}`);
  if (fixed && fixed.kind !== 'wgs84') return { crs: fixed, warnings: fixed.kind === 'vn2000' ? towgs84Warnings(keys, file) : [] };
  throw unknownCrs(keys, file, `projected CRS EPSG:${code} is not one this app reads`);
}

function geographic(keys: GeoKeys, file: string): GeoTiffCrs {
  const code = num(keys.GeographicTypeGeoKey);
  if (code === GCS_WGS84) return { crs: WGS84, warnings: [] };
  if (code === USER_DEFINED && num(keys.GeogGeodeticDatumGeoKey) === DATUM_WGS84) return { crs: WGS84, warnings: [] };
  if (code === GCS_VN2000 || isVn2000(keys)) throw unknownCrs(keys, file, 'VN-2000 in degrees is not supported; use a projected (TM-3 or UTM) file');
  throw unknownCrs(keys, file, `geographic CRS ${code === null ? 'not given' : `EPSG:${code}`} is not WGS 84`);
}

/** The CRS of the GeoKey directory, or an 'unknown-crs' error naming the keys found. */
export function crsFromGeoKeys(keys: GeoKeys | null, file: string): GeoTiffCrs {
  if (!keys || Object.keys(keys).length === 0) {
    throw new GeoTiffError('unknown-crs', file, 'unsupported CRS: the file has a pixel grid but no GeoKeyDirectory, so its coordinate system is unknown', { keys: 'none' });
  }
  const model = num(keys.GTModelTypeGeoKey);
  if (model === MODEL_PROJECTED) return projected(keys, file);
  if (model === MODEL_GEOGRAPHIC) return geographic(keys, file);
  // Some writers leave the model type out; the CRS keys that are present still say which it is.
  if (model === null && num(keys.ProjectedCSTypeGeoKey) !== null) return projected(keys, file);
  if (model === null && num(keys.GeographicTypeGeoKey) !== null) return geographic(keys, file);
  throw unknownCrs(keys, file, `GTModelTypeGeoKey=${model ?? 'missing'} is neither projected (1) nor geographic (2)`);
}
