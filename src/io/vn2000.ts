// VN-2000 (Vietnam's national reference system) ⇄ WGS84 with proj4.
//
// Datum shift: QĐ 05/2007/QĐ-BTNMT parameters in proj4's position-vector convention. EPSG publishes the same
// transformation (6960, "VN-2000 to WGS 84 (2)") in the coordinate-frame convention, i.e. with the three
// rotations negated; the variant often copied with the rotation signs flipped is 0.5–0.75 m off.
// Projection: TM-3 (transverse Mercator, k = 0.9999, x0 = 500 000 m, y0 = 0) on the province's meridian
// (core/model/vn2000-zones.ts). proj4's "tmerc" is the exact (Poder/Engsager) transverse Mercator.
import proj4 from 'proj4';
import type { Position } from '../core/model';

export const VN2000_TOWGS84 =
  '-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278';

/** Order of a source coordinate pair: easting first (GIS) or northing first (X = northing, surveyors). */
export type AxisOrder = 'en' | 'ne';

export interface Vn2000Crs {
  readonly kind: 'vn2000';
  /** Central meridian, decimal degrees. */
  readonly lon0: number;
  /** Scale factor on the meridian: 0.9999 for TM-3 (cadastral), 0.9996 for the UTM-style zones. */
  readonly k: number;
  readonly axis: AxisOrder;
}

export interface Wgs84Crs {
  readonly kind: 'wgs84';
}

export type SourceCrs = Wgs84Crs | Vn2000Crs;

export const WGS84: Wgs84Crs = { kind: 'wgs84' };

export function vn2000(lon0: number, axis: AxisOrder = 'en', k = 0.9999): Vn2000Crs {
  return { kind: 'vn2000', lon0, k, axis };
}

/** EPSG codes of the VN-2000 TM-3 grids (k = 0.9999), by central meridian. */
const TM3_EPSG: ReadonlyMap<number, number> = new Map([
  [102, 5896], [103, 9205], [104, 9206], [104.5, 9207], [104.75, 9208], [105, 5897], [105.5, 9209],
  [105.75, 9210], [106, 9211], [106.25, 9212], [106.5, 9213], [107, 9214], [107.25, 9215], [107.5, 9216],
  [107.75, 5899], [108, 5898], [108.25, 9217], [108.5, 9218],
]);

export function vn2000EpsgCode(crs: Vn2000Crs): number | null {
  return crs.k === 0.9999 ? (TM3_EPSG.get(crs.lon0) ?? null) : null;
}

/** "105-45" for 105.75. */
export function meridianLabel(lon0: number): string {
  const deg = Math.floor(lon0);
  const min = Math.round((lon0 - deg) * 60);
  return `${deg}-${String(min).padStart(2, '0')}`;
}

/**
 * Human-readable CRS name: "VN-2000 / TM-3 105-45", as EPSG names its 92xx grids and 5899 (EPSG names
 * 5896, 5897 and 5898 "VN-2000 / TM-3 zone 481", "zone 482" and "zone 491"; the code says which).
 */
export function vn2000Name(crs: Vn2000Crs): string {
  return crs.k === 0.9999 ? `VN-2000 / TM-3 ${meridianLabel(crs.lon0)}` : `VN-2000 / TM k=${crs.k} ${meridianLabel(crs.lon0)}`;
}

export function vn2000Proj4(crs: Pick<Vn2000Crs, 'lon0' | 'k'>): string {
  return (
    `+proj=tmerc +lat_0=0 +lon_0=${crs.lon0} +k=${crs.k} +x_0=500000 +y_0=0 +ellps=WGS84 ` +
    `+towgs84=${VN2000_TOWGS84} +units=m +no_defs`
  );
}

const converters = new Map<string, proj4.Converter>();

function converter(crs: Pick<Vn2000Crs, 'lon0' | 'k'>): proj4.Converter {
  const def = vn2000Proj4(crs);
  let c = converters.get(def);
  if (!c) {
    c = proj4(def, 'WGS84');
    converters.set(def, c);
  }
  return c;
}

/** A source pair in `crs.axis` order → [lon, lat] WGS84. */
export function vn2000ToWgs84(crs: Vn2000Crs, p: readonly number[]): [number, number] {
  return vn2000ToWgs84With(crs)(p);
}

/**
 * vn2000ToWgs84 for many positions of one grid: the converter is looked up once (building its proj
 * string for every position took a quarter of the time of reading 50,000 parcels).
 */
export function vn2000ToWgs84With(crs: Vn2000Crs): (p: readonly number[]) => [number, number] {
  const c = converter(crs);
  const en = crs.axis === 'en';
  return (p) => {
    const out = c.forward(en ? [p[0]!, p[1]!] : [p[1]!, p[0]!]);
    return [out[0]!, out[1]!];
  };
}

/** [lon, lat] WGS84 → [easting, northing] (or [northing, easting] for axis 'ne'), metres. */
export function wgs84ToVn2000(crs: Vn2000Crs, p: Position | readonly number[]): [number, number] {
  const out = converter(crs).inverse([p[0]!, p[1]!]);
  return crs.axis === 'en' ? [out[0]!, out[1]!] : [out[1]!, out[0]!];
}

/**
 * "vn2000:105.75", "vn2000:105-45", "vn2000:105.75:ne", "wgs84", "epsg:4326", "epsg:9210" → a CRS;
 * null when not understood.
 */
export function parseCrsSpec(spec: string): SourceCrs | null {
  const s = spec.trim().toLowerCase();
  if (s === 'wgs84' || s === 'epsg:4326' || s === 'crs84') return WGS84;
  const epsg = /^epsg:(\d+)$/.exec(s);
  if (epsg) {
    const code = Number(epsg[1]);
    for (const [lon0, c] of TM3_EPSG) if (c === code) return vn2000(lon0);
    return null;
  }
  const m = /^vn-?2000:(\d{3})(?:\.(\d+)|-(\d{2}))?(?::(en|ne))?$/.exec(s);
  if (!m) return null;
  const deg = Number(m[1]);
  const lon0 = m[2] !== undefined ? Number(`${m[1]}.${m[2]}`) : m[3] !== undefined ? deg + Number(m[3]) / 60 : deg;
  if (!(lon0 >= 100 && lon0 <= 112)) return null;
  return vn2000(lon0, (m[4] as AxisOrder | undefined) ?? 'en');
}

export type CoordinateGuess =
  | { readonly kind: 'lonlat' }
  | { readonly kind: 'vn2000-metres'; readonly axis: AxisOrder }
  | { readonly kind: 'unknown' };

// Vietnam in TM-3 metres: eastings stay within ~±400 km of the 500 km false easting on any provincial
// meridian; northings run from ~930 km (Cà Mau) to ~2 600 km (Hà Giang). The two ranges do not overlap,
// which is what tells X = northing files from easting-first ones.
const EASTING = [100_000, 900_000] as const;
const NORTHING = [900_000, 2_700_000] as const;

const within = (v: number, r: readonly [number, number]) => v >= r[0] && v <= r[1];

/** What the numbers look like: degrees, VN-2000 metres (and in which order), or neither. */
export function guessCoordinates(points: Iterable<readonly number[]>): CoordinateGuess {
  let n = 0, deg = 0, en = 0, ne = 0;
  for (const p of points) {
    const x = p[0]!, y = p[1]!;
    n++;
    if (Math.abs(x) <= 180 && Math.abs(y) <= 90) deg++;
    else if (within(x, EASTING) && within(y, NORTHING)) en++;
    else if (within(x, NORTHING) && within(y, EASTING)) ne++;
  }
  if (n === 0) return { kind: 'unknown' };
  if (deg === n) return { kind: 'lonlat' };
  if (en === n) return { kind: 'vn2000-metres', axis: 'en' };
  if (ne === n) return { kind: 'vn2000-metres', axis: 'ne' };
  return { kind: 'unknown' };
}
