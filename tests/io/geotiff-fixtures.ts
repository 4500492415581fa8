// The GeoTIFFs the GeoTIFF tests read, built with GDAL on first use into a test file's own temp dir. Each is
// about 10 km across in northern Vietnam (where PROJ, like us, takes EPSG:6960 for VN-2000 → WGS 84), with
// a pattern in which a one-pixel shift shows. Built lazily so that any single test can run alone.
import { join } from 'node:path';
import { VN2000_TOWGS84 } from '../../src/io/vn2000';
import { colourPattern, singleBand, smoothPattern, translate, writeVrt, type RawRaster, type VrtOptions } from './gdal-rasters';

const VN2000_GEOGCS =
  `GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],` +
  `TOWGS84[${VN2000_TOWGS84}],AUTHORITY["EPSG","6756"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],` +
  `UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4756"]]`;

/** A provincial TM-3 grid as WKT with no EPSG code, so GDAL writes a user-defined transverse Mercator. */
export function userTm3Wkt(lon0: number, k = 0.9999): string {
  return `PROJCS["VN-2000 / TM-3 user",${VN2000_GEOGCS},PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],` +
    `PARAMETER["central_meridian",${lon0}],PARAMETER["scale_factor",${k}],PARAMETER["false_easting",500000],` +
    `PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH]]`;
}

/** The same grid as the proj string many tools (and vn2000.ts) write: WGS 84 ellipsoid plus the shift. */
export const userTm3Proj = (lon0: number, towgs84 = VN2000_TOWGS84) =>
  `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=${towgs84} +units=m +no_defs`;

const RGB = ['Red', 'Green', 'Blue'];
const RGBA = ['Red', 'Green', 'Blue', 'Alpha'];
/** Hải Phòng on TM-3 105°45′, 10 m pixels. */
const HAI_PHONG_9210 = [590000, 10, 0, 2310000, 0, -10];
const COG = ['-of', 'COG', '-co', 'BLOCKSIZE=256', '-co', 'COMPRESS=DEFLATE'];
const N = 1000;

/**
 * Opaque except a disc of radius 100 px around (530, 570), whose edge passes through (430, 570), the point
 * the warp tests zoom in on: every tile compared has both transparent and opaque pixels.
 */
export const DISC = { i: 530, j: 570, radius: 100 };
const disc = (i: number, j: number) => ((i - DISC.i) ** 2 + (j - DISC.j) ** 2 < DISC.radius ** 2 ? 0 : 255);
const PALETTE: readonly (readonly [number, number, number])[] = Array.from({ length: 256 }, (_, k) => [k, 255 - k, (k * 37) & 255] as const);

interface Spec {
  readonly raster: () => RawRaster;
  readonly vrt: VrtOptions;
  readonly args: readonly string[];
}

const SPECS = {
  'tm3-epsg-cog': { raster: () => colourPattern(N, N), vrt: { srs: 'EPSG:9210', geoTransform: HAI_PHONG_9210, colorInterp: RGB }, args: COG },
  'tm3-epsg-strip': { raster: () => colourPattern(N, N), vrt: { srs: 'EPSG:9210', geoTransform: HAI_PHONG_9210, colorInterp: RGB }, args: [] },
  'tm3-user-wkt-strip': {
    raster: () => colourPattern(N, N), vrt: { srs: userTm3Wkt(106.25), geoTransform: [545000, 10, 0, 2312000, 0, -10], colorInterp: RGB }, args: ['-co', 'COMPRESS=LZW'],
  },
  'utm48-cog': { raster: () => colourPattern(N, N), vrt: { srs: 'EPSG:3405', geoTransform: [585000, 10, 0, 2330000, 0, -10], colorInterp: RGB }, args: COG },
  'utm49-strip': { raster: () => colourPattern(N, N), vrt: { srs: 'EPSG:3406', geoTransform: [200000, 10, 0, 1780000, 0, -10], colorInterp: RGB }, args: [] },
  'wgs84-cog': { raster: () => colourPattern(N, N), vrt: { srs: 'EPSG:4326', geoTransform: [106.6, 0.0001, 0, 20.9, 0, -0.0001], colorInterp: RGB }, args: COG },
  'webmerc-cog': { raster: () => colourPattern(N, N), vrt: { srs: 'EPSG:3857', geoTransform: [11866000, 10, 0, 2373000, 0, -10], colorInterp: RGB }, args: COG },
  'rgba-utm48-cog': {
    raster: () => colourPattern(N, N, [disc]), vrt: { srs: 'EPSG:3405', geoTransform: [585000, 10, 0, 2330000, 0, -10], colorInterp: RGBA }, args: COG,
  },
  'palette-proj-strip': {
    raster: () => singleBand(N, N, (i, j) => (7 * i + 3 * j) & 255), vrt: { srs: userTm3Proj(105.75), geoTransform: HAI_PHONG_9210, colorTable: PALETTE }, args: [],
  },
  'palette-cog': {
    raster: () => singleBand(N, N, (i, j) => (7 * i + 3 * j) & 255), vrt: { srs: 'EPSG:9210', geoTransform: HAI_PHONG_9210, colorTable: PALETTE }, args: COG,
  },
  /** Grey 1–250 with nodata 0 over the lower-left triangle. */
  'grey-nodata-strip': {
    raster: () => singleBand(N, N, (i, j) => (j > i + 400 ? 0 : ((7 * i + 3 * j) % 250) + 1)), vrt: { srs: 'EPSG:9210', geoTransform: HAI_PHONG_9210, nodata: 0 }, args: [],
  },
  'point-strip': { raster: () => colourPattern(N, N), vrt: { srs: 'EPSG:9210', geoTransform: HAI_PHONG_9210, colorInterp: RGB, pixelIsPoint: true }, args: [] },
  /** Turned 10° (ModelTransformation with rotation terms). */
  'rotated-strip': {
    raster: () => colourPattern(N, N),
    vrt: {
      srs: 'EPSG:9210', colorInterp: RGB,
      geoTransform: [590000, 10 * Math.cos(Math.PI / 18), 10 * Math.sin(Math.PI / 18), 2310000, 10 * Math.sin(Math.PI / 18), -10 * Math.cos(Math.PI / 18)],
    },
    args: [],
  },
  /** What an orthophoto usually is: JPEG in YCbCr, the alpha turned by GDAL into an internal 1-bit mask. */
  'jpeg-mask-cog': {
    raster: () => smoothPattern(N, N, [disc]), vrt: { srs: 'EPSG:9210', geoTransform: HAI_PHONG_9210, colorInterp: RGBA },
    args: ['-of', 'COG', '-co', 'BLOCKSIZE=256', '-co', 'COMPRESS=JPEG', '-co', 'QUALITY=95'],
  },
  'uint16-strip': {
    raster: () => singleBand(200, 200, (i, j) => 1000 + 10 * i + 10 * j, 'UInt16'), vrt: { srs: 'EPSG:9210', geoTransform: [590000, 50, 0, 2310000, 0, -50] }, args: [],
  },
  /** Big-endian 16-bit samples ("MM" byte order), as some older scanners and GIS software write them. */
  'uint16-big-endian-strip': {
    raster: () => singleBand(200, 200, (i, j) => 1000 + 37 * i + 11 * j, 'UInt16'), vrt: { srs: 'EPSG:9210', geoTransform: [590000, 50, 0, 2310000, 0, -50] }, args: ['-co', 'ENDIANNESS=BIG'],
  },
  /** Tiled, DEFLATE with the horizontal-differencing predictor (undone by the decoder, per block). */
  'rgb-deflate-predictor-tiled': {
    raster: () => colourPattern(N, N), vrt: { srs: 'EPSG:9210', geoTransform: HAI_PHONG_9210, colorInterp: RGB },
    args: ['-co', 'TILED=YES', '-co', 'BLOCKXSIZE=128', '-co', 'BLOCKYSIZE=64', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=2'],
  },
  /** Strips of several rows each, PackBits. */
  'rgb-packbits-strip': {
    raster: () => colourPattern(N, N), vrt: { srs: 'EPSG:9210', geoTransform: HAI_PHONG_9210, colorInterp: RGB },
    args: ['-co', 'COMPRESS=PACKBITS', '-co', 'BLOCKYSIZE=7'],
  },
  'palette-4bit-strip': {
    raster: () => singleBand(37, 37, (i, j) => (3 * i + j) % 16), vrt: { srs: 'EPSG:9210', geoTransform: HAI_PHONG_9210, colorTable: PALETTE.slice(0, 16) }, args: ['-co', 'NBITS=4'],
  },
} satisfies Record<string, Spec>;

export type FixtureName = keyof typeof SPECS;

export interface Fixture {
  readonly path: string;
  readonly raster: RawRaster;
  readonly palette?: VrtOptions['colorTable'];
}

/** A builder of the named fixtures in `dir`, each made once. */
export function fixtures(dir: string): (name: FixtureName) => Fixture {
  const made = new Map<FixtureName, Fixture>();
  return (name) => {
    let f = made.get(name);
    if (!f) {
      const spec: Spec = SPECS[name];
      const raster = spec.raster();
      const vrt = writeVrt(dir, name, raster, spec.vrt);
      f = { path: translate(vrt, join(dir, `${name}.tif`), spec.args), raster, palette: spec.vrt.colorTable };
      made.set(name, f);
    }
    return f;
  };
}
