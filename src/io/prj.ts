// The .prj of a shapefile (ESRI/OGC WKT 1) ⇄ our CRS. VN-2000 is recognised by its datum name whatever
// datum-shift parameters the file carries: we always apply the QĐ 05/2007 parameters (vn2000.ts), and say
// so when the file's own TOWGS84 differs (the sign-flipped copy is common and 0.5–0.75 m off).
import proj4 from 'proj4';
import type { OtherCrs, SourceCrs } from './crs';
import type { IoError } from './errors';
import { vn2000ShiftInDatumName } from './prj-towgs84-name';
import { VN2000_TOWGS84, vn2000, vn2000EpsgCode, vn2000Name, WGS84, type Vn2000Crs } from './vn2000';

function param(wkt: string, names: readonly string[]): number | null {
  for (const n of names) {
    const m = new RegExp(`PARAMETER\\[\\s*"${n}"\\s*,\\s*(-?[\\d.eE+-]+)`, 'i').exec(wkt);
    if (m) return Number(m[1]);
  }
  return null;
}

export interface PrjReading {
  readonly crs: SourceCrs;
  readonly warnings: readonly IoError[];
}

/** WKT → CRS, or an 'unknown-crs' error naming what the file says. */
export function crsFromPrj(file: string, wkt: string): PrjReading | IoError {
  const text = wkt.trim();
  // GDAL's .prj of a proj-string VN-2000 names no datum but spells the shift in the datum's name.
  const namedShift = vn2000ShiftInDatumName(text);
  const isVn2000 = /VN[-_ ]?2000|Vietnam[-_ ]2000/i.test(text) || namedShift !== null;
  const projected = /^\s*PROJCS|^\s*PROJCRS/i.test(text);
  if (isVn2000) {
    if (!projected) return { code: 'unknown-crs', file, message: 'VN-2000 geographic (degrees) is not supported; use a TM-3 projected file', values: { wkt: text.slice(0, 200) } };
    if (!/Transverse[_ ]Mercator/i.test(text)) return { code: 'unknown-crs', file, message: 'VN-2000 with a projection other than transverse Mercator', values: { wkt: text.slice(0, 200) } };
    const lon0 = param(text, ['central_meridian', 'Longitude of natural origin']);
    const k = param(text, ['scale_factor', 'Scale factor at natural origin']) ?? 1;
    const x0 = param(text, ['false_easting', 'False easting']) ?? 0;
    const y0 = param(text, ['false_northing', 'False northing']) ?? 0;
    if (lon0 === null || x0 !== 500000 || y0 !== 0) {
      return { code: 'unknown-crs', file, message: `VN-2000 TM with central meridian ${lon0}, false easting ${x0}, false northing ${y0}`, values: { wkt: text.slice(0, 200) } };
    }
    const warnings: IoError[] = [];
    const tw = /TOWGS84\[([^\]]*)\]/i.exec(text);
    const given = tw ? tw[1]! : namedShift?.join(',');
    if (given !== undefined) {
      const theirs = given.split(',').map(Number);
      const ours = VN2000_TOWGS84.split(',').map(Number);
      if (theirs.length !== 7 || theirs.some((v, i) => Math.abs(v - ours[i]!) > 1e-6)) {
        warnings.push({ code: 'towgs84-differs', file, field: 'TOWGS84', message: `the file's TOWGS84[${given}] differs from QĐ 05/2007; the standard parameters are used`, values: { towgs84: given } });
      }
    }
    return { crs: vn2000(lon0, 'en', k), warnings };
  }
  if (!projected && /WGS[_ ]?(19)?84/i.test(text) && /^\s*GEOG(CS|CRS)/i.test(text)) return { crs: WGS84, warnings: [] };
  // Anything else proj4 can read (e.g. WGS 84 / UTM zone 48N) is used as it stands.
  try {
    proj4(text, 'WGS84');
  } catch (e) {
    // The parser's own words ("havn't handled "[" in neutral yet") say nothing to an officer: kept in
    // the values for a support request, not in the message.
    const detail = (e instanceof Error ? e.message : String(e)).slice(0, 200);
    return { code: 'unknown-crs', file, message: 'unreadable .prj (not a coordinate system definition that can be read)', values: { wkt: text.slice(0, 200), detail } };
  }
  const name = /^\s*\w+\[\s*"([^"]*)"/.exec(text)?.[1] ?? 'unnamed';
  const other: OtherCrs = { kind: 'other', def: text, name };
  return { crs: other, warnings: [] };
}

export const WGS84_PRJ =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
  'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],' +
  'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]';

/** OGC WKT 1 (as GDAL writes it) with the position-vector TOWGS84 of QĐ 05/2007. */
export function vn2000Prj(crs: Vn2000Crs): string {
  const epsg = vn2000EpsgCode(crs);
  return (
    `PROJCS["${vn2000Name(crs)}",GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563,` +
    `AUTHORITY["EPSG","7030"]],TOWGS84[${VN2000_TOWGS84}],AUTHORITY["EPSG","6756"]],PRIMEM["Greenwich",0,` +
    `AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4756"]],` +
    `PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",${crs.lon0}],` +
    `PARAMETER["scale_factor",${crs.k}],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],` +
    `UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH]` +
    `${epsg ? `,AUTHORITY["EPSG","${epsg}"]` : ''}]`
  );
}
