// VN-2000 defined by a proj string (+towgs84=…, the custom CRS Vietnamese GIS tutorials have QGIS users
// make) reaches a Shapefile's .prj without its datum shift: GDAL writes ESRI WKT, which has no TOWGS84,
// and keeps the parameters only in the datum's name, every "." and "," turned into "_":
//   DATUM["D_Unknown_based_on_WGS84_ellipsoid_using_towgs84_-191_90441429_-39_30318279_…"
// Read as it stands, such a .prj is a plain WGS 84 transverse Mercator, some 200 m off. This file reads
// the parameters back from the name so that prj.ts can recognise VN-2000.
import { VN2000_TOWGS84 } from './vn2000';

const OURS = VN2000_TOWGS84.split(',').map(Number);

/**
 * The three or seven numbers a name can spell: each is "int" or "int_frac", and "_" also separates
 * them, so a name may read several ways (at most a few dozen); all are returned.
 */
function readings(tokens: readonly string[]): number[][] {
  const out: number[][] = [];
  const walk = (i: number, acc: number[]): void => {
    if (i === tokens.length) {
      if (acc.length === 3 || acc.length === 7) out.push(acc);
      return;
    }
    if (acc.length === 7) return;
    const int = tokens[i];
    if (int === undefined || !/^-?\d+$/.test(int)) return;
    walk(i + 1, [...acc, Number(int)]);
    const frac = tokens[i + 1];
    if (frac !== undefined && /^\d+$/.test(frac)) walk(i + 2, [...acc, Number(`${int}.${frac}`)]);
  };
  walk(0, []);
  return out;
}

/**
 * Whether a datum shift is VN-2000's: the QĐ 05/2007 translations within a metre (alone, as in the
 * three-parameter copies), its rotations within a thousandth of a second whatever their sign (the
 * sign-flipped copy is common), its scale within 0.01 ppm. prj.ts warns when they are not exactly ours.
 */
function isVn2000Shift(p: readonly number[]): boolean {
  return p.every((v, i) => {
    const o = OURS[i]!;
    if (i < 3) return Math.abs(v - o) <= 1;
    if (i < 6) return Math.abs(Math.abs(v) - Math.abs(o)) <= 1e-3;
    return Math.abs(v - o) <= 0.01;
  });
}

/** The VN-2000 datum shift a GDAL datum name spells (the reading nearest ours), or null when it spells none. */
export function vn2000ShiftInDatumName(wkt: string): number[] | null {
  const m = /DATUM\[\s*"[^"]*using_towgs84_([-\d_]+)"/i.exec(wkt);
  if (!m) return null;
  const tokens = m[1]!.split('_');
  // Seven numbers take at most fourteen tokens.
  if (tokens.length > 14) return null;
  const candidates = readings(tokens).filter(isVn2000Shift);
  if (candidates.length === 0) return null;
  const off = (p: readonly number[]) => p.reduce((s, v, i) => s + Math.abs(v - OURS[i]!), 0);
  return candidates.reduce((best, p) => (off(p) < off(best) ? p : best));
}
