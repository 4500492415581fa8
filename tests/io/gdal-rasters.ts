// GeoTIFF fixtures made on the spot with GDAL, and GDAL's own warp of them as the reference: nothing is
// downloaded or committed. Pixels are written raw, described by a VRT (size, SRS, geotransform, palette,
// nodata, pixel-is-point), then gdal_translate makes the TIFF (plain strips, or a COG with overviews).
// gdalwarp renders the reference tile into an ENVI file (raw band-sequential bytes), so reading it back
// needs no TIFF reader at all, and in particular not the one under test.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Why the GDAL tests are skipped, or null when gdalwarp is there (CI installs gdal-bin). */
export const GDAL_MISSING: string | null = (() => {
  const r = spawnSync('gdalwarp', ['--version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? `gdalwarp is not installed (${r.error?.message ?? `exit ${r.status}`}); install gdal-bin to run these tests` : null;
})();

export function gdal(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error) throw new Error(`${cmd} could not run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

export interface RawRaster {
  readonly width: number;
  readonly height: number;
  readonly dataType: 'Byte' | 'UInt16';
  readonly bands: readonly (Uint8Array | Uint16Array)[];
}

/**
 * Distinct colours in every 3 × 3 neighbourhood (each channel steps by a different prime across and down),
 * so that sampling one pixel off shows.
 */
export function colourPattern(width: number, height: number, extraBands: readonly ((i: number, j: number) => number)[] = []): RawRaster {
  return bandsOf(width, height, [
    (i, j) => (7 * i + 3 * j) & 255, (i, j) => (5 * i + 11 * j) & 255, (i, j) => (13 * i + 17 * j) & 255, ...extraBands,
  ]);
}

function bandsOf(width: number, height: number, channels: readonly ((i: number, j: number) => number)[]): RawRaster {
  const bands = channels.map((f) => {
    const b = new Uint8Array(width * height);
    for (let j = 0; j < height; j++) for (let i = 0; i < width; i++) b[j * width + i] = f(i, j);
    return b;
  });
  return { width, height, dataType: 'Byte', bands };
}

/** Slowly varying colours, for lossy (JPEG) files: a decoder's rounding must not look like a shift. */
export function smoothPattern(width: number, height: number, extraBands: readonly ((i: number, j: number) => number)[] = []): RawRaster {
  const wave = (t: number) => Math.round(128 + 100 * Math.sin(t));
  return bandsOf(width, height, [(i) => wave(i / 40), (_, j) => wave(j / 50), (i, j) => wave((i + j) / 70), ...extraBands]);
}

/** Three bands (red, green, blue) from f(col, row). */
export function bandsOfRgb(width: number, height: number, f: (i: number, j: number) => readonly [number, number, number]): RawRaster {
  return bandsOf(width, height, [0, 1, 2].map((k) => (i: number, j: number) => f(i, j)[k]!));
}

/** One band from f(col, row). */
export function singleBand(width: number, height: number, f: (i: number, j: number) => number, dataType: RawRaster['dataType'] = 'Byte'): RawRaster {
  const b = dataType === 'Byte' ? new Uint8Array(width * height) : new Uint16Array(width * height);
  for (let j = 0; j < height; j++) for (let i = 0; i < width; i++) b[j * width + i] = f(i, j);
  return { width, height, dataType, bands: [b] };
}

export interface VrtOptions {
  readonly srs?: string;
  /** GDAL order: x0, dx/dcol, dx/drow, y0, dy/dcol, dy/drow. */
  readonly geoTransform?: readonly number[];
  readonly colorInterp?: readonly string[];
  /** RGB entries of a palette (band 1 becomes a palette band). */
  readonly colorTable?: readonly (readonly [number, number, number])[];
  readonly nodata?: number;
  readonly pixelIsPoint?: boolean;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Writes `name`.bin (band-sequential, little-endian) and `name`.vrt describing it; returns the .vrt path. */
export function writeVrt(dir: string, name: string, raster: RawRaster, o: VrtOptions = {}): string {
  const bytesPer = raster.dataType === 'Byte' ? 1 : 2;
  const planes = raster.bands.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  writeFileSync(join(dir, `${name}.bin`), Buffer.concat(planes));
  const plane = raster.width * raster.height * bytesPer;
  const bands = raster.bands.map((_, k) => {
    const interp = o.colorTable && k === 0 ? 'Palette' : o.colorInterp?.[k];
    const table = o.colorTable && k === 0
      ? `<ColorTable>${o.colorTable.map(([r, g, b]) => `<Entry c1="${r}" c2="${g}" c3="${b}" c4="255"/>`).join('')}</ColorTable>` : '';
    return `<VRTRasterBand dataType="${raster.dataType}" band="${k + 1}" subClass="VRTRawRasterBand">` +
      (interp ? `<ColorInterp>${interp}</ColorInterp>` : '') + table +
      (o.nodata !== undefined ? `<NoDataValue>${o.nodata}</NoDataValue>` : '') +
      `<SourceFilename relativeToVRT="1">${name}.bin</SourceFilename><ByteOrder>LSB</ByteOrder>` +
      `<ImageOffset>${k * plane}</ImageOffset><PixelOffset>${bytesPer}</PixelOffset><LineOffset>${raster.width * bytesPer}</LineOffset>` +
      '</VRTRasterBand>';
  }).join('\n');
  const vrt = `<VRTDataset rasterXSize="${raster.width}" rasterYSize="${raster.height}">\n` +
    (o.srs ? `<SRS>${xml(o.srs)}</SRS>\n` : '') +
    (o.geoTransform ? `<GeoTransform>${o.geoTransform.join(',')}</GeoTransform>\n` : '') +
    (o.pixelIsPoint ? '<Metadata><MDI key="AREA_OR_POINT">Point</MDI></Metadata>\n' : '') +
    `${bands}\n</VRTDataset>\n`;
  const path = join(dir, `${name}.vrt`);
  writeFileSync(path, vrt);
  return path;
}

/** gdal_translate `src` to `dst` with extra creation arguments; returns dst. */
export function translate(src: string, dst: string, args: readonly string[] = []): string {
  gdal('gdal_translate', ['-q', ...args, src, dst]);
  return dst;
}

export function fileBytes(path: string): ArrayBuffer {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** Web Mercator bounds of tile z/x/y, written out here rather than taken from the code under test. */
export function mercatorTileBounds(z: number, x: number, y: number): [number, number, number, number] {
  const half = 20037508.342789244;
  const size = (2 * half) / 2 ** z;
  return [-half + x * size, half - (y + 1) * size, -half + (x + 1) * size, half - y * size];
}

/** The XYZ tile of zoom z containing lon/lat. */
export function tileAt(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const s = Math.sin((lat * Math.PI) / 180);
  const y = Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n);
  return { z, x, y };
}

/**
 * GDAL's rendering of the tile as RGBA: `gdalwarp -t_srs EPSG:3857 -te <tile> -ts 256 256 -r near`, with
 * `-et 0` (exact projection of every pixel: the reference must not carry GDAL's own 0.125 px approximation),
 * `-ovr` at the level our code sampled (GDAL's AUTO rule picks differently; the comparison is about where
 * pixels land, for each level), and `-dstalpha` so that "outside" and "nodata" come back as alpha 0. A
 * palette image comes back as indices, turned into colours with `palette`.
 */
let warps = 0;

export function gdalTile(
  dir: string, src: string, z: number, x: number, y: number, level: number, palette?: readonly (readonly [number, number, number])[],
): Uint8ClampedArray {
  const out = join(dir, `warp-${z}-${x}-${y}-${level}-${warps++}.bin`);
  gdal('gdalwarp', [
    '-q', '-overwrite', '-of', 'ENVI', '-t_srs', 'EPSG:3857', '-te', ...mercatorTileBounds(z, x, y).map(String), '-ts', '256', '256',
    '-r', 'near', '-et', '0', '-ovr', level === 0 ? 'NONE' : String(level - 1), '-dstalpha', src, out,
  ]);
  const raw = readFileSync(out);
  const n = 256 * 256;
  const bandCount = raw.length / n;
  const rgba = new Uint8ClampedArray(n * 4);
  for (let k = 0; k < n; k++) {
    const a = raw[(bandCount - 1) * n + k]!;
    if (a === 0) continue;
    const colour = bandCount - 1 >= 3 ? [raw[k]!, raw[n + k]!, raw[2 * n + k]!] : palette ? palette[raw[k]!]! : [raw[k]!, raw[k]!, raw[k]!];
    rgba.set([...colour, a], k * 4);
  }
  return rgba;
}

export interface TileComparison {
  /** Share of pixels with exactly the same RGBA. */
  readonly identical: number;
  /** Pixels of either tile with no equal pixel (within the tolerance) in the other's 3 × 3 neighbourhood. */
  readonly unmatched: number;
  /** Opaque pixels in the reference: a comparison of two empty tiles proves nothing. */
  readonly opaque: number;
}

/** Compares RGBA tiles; `tolerance` allows lossy (JPEG) decoders to differ by a few levels per channel. */
export function compareTiles(ours: Uint8ClampedArray, ref: Uint8ClampedArray, tolerance = 0): TileComparison {
  const same = (a: Uint8ClampedArray, i: number, b: Uint8ClampedArray, j: number) => {
    if ((a[i + 3] === 0) !== (b[j + 3] === 0)) return false;
    if (a[i + 3] === 0) return true;
    for (let c = 0; c < 4; c++) if (Math.abs(a[i + c]! - b[j + c]!) > tolerance) return false;
    return true;
  };
  const nearby = (a: Uint8ClampedArray, b: Uint8ClampedArray, x: number, y: number) => {
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const u = x + dx, v = y + dy;
        if (u >= 0 && v >= 0 && u < 256 && v < 256 && same(a, (y * 256 + x) * 4, b, (v * 256 + u) * 4)) return true;
      }
    }
    return false;
  };
  let equal = 0, unmatched = 0, opaque = 0;
  for (let y = 0; y < 256; y++) {
    for (let x = 0; x < 256; x++) {
      const i = (y * 256 + x) * 4;
      if (ref[i + 3] !== 0) opaque++;
      if (same(ours, i, ref, i)) {
        equal++;
        continue;
      }
      if (!nearby(ours, ref, x, y)) unmatched++;
      if (!nearby(ref, ours, x, y)) unmatched++;
    }
  }
  return { identical: equal / (256 * 256), unmatched, opaque };
}

/** Where the value of `tag` sits in the first IFD of a little-endian classic TIFF (inline or pointed to). */
export function tagValueOffset(bytes: Uint8Array, tag: number): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ifd = v.getUint32(4, true);
  for (let k = 0; k < v.getUint16(ifd, true); k++) {
    const e = ifd + 2 + 12 * k;
    if (v.getUint16(e, true) !== tag) continue;
    const size = ({ 3: 2, 4: 4, 12: 8 } as Record<number, number>)[v.getUint16(e + 2, true)]! * v.getUint32(e + 4, true);
    return size <= 4 ? e + 8 : v.getUint32(e + 8, true);
  }
  throw new Error(`tag ${tag} not in the first IFD`);
}
