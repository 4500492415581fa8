// Overviews made in memory for a GeoTIFF that has none (a plain strip TIFF, as scanners and many tools
// write). Without them a zoomed-out tile samples pixels spread over the whole image: every tile of the
// first view reads blocks from top to bottom of the file, and the 98 MB strip TIFF of issue 12's bench
// took 3.6 s to show (a COG with overviews 1.6 s). Here the image is read once, top to bottom, into a
// level of at most OVERVIEW_PIXELS pixels, and coarser levels are made from that one; tiles then choose
// them as they choose a file's own overviews (raster-warp.ts chooseLevel).
//
// Nearest neighbour, as GDAL's `gdaladdo -r nearest` (3.6): pixel i of a level `scale` times coarser is
// source pixel floor(½ + i · scale), the one at its top-left corner when the scale is whole (the tests
// compare with GDAL's own overviews). The coarser levels take their pixels from the first overview, not
// from the full image: with whole scales that is the same pixel.
import type { RasterLevel } from './geotiff-read';

/** Pixels of the first overview made, at most (16 MB as RGBA). */
export const OVERVIEW_PIXELS = 4_000_000;
/** Overviews stop at a level whose longer side fits in one tile. */
const SMALLEST_SIDE = 256;
/** Full-resolution pixels read at once when the image is read window by window. */
const WINDOW_PIXELS = 4_000_000;

export interface MemoryLevel extends RasterLevel {
  /** RGBA, row by row. */
  readonly rgba: Uint8ClampedArray;
}

/**
 * The sizes of the overviews to make for a width × height image without its own, finest first: none when
 * the image has at most `maxPixels` pixels, else halvings from the first that has at most that many.
 */
export function overviewSizes(width: number, height: number, maxPixels = OVERVIEW_PIXELS): { width: number; height: number }[] {
  if (width * height <= maxPixels) return [];
  let f = 2;
  while (Math.ceil(width / f) * Math.ceil(height / f) > maxPixels) f *= 2;
  const out: { width: number; height: number }[] = [];
  for (; ; f *= 2) {
    const w = Math.ceil(width / f), h = Math.ceil(height / f);
    out.push({ width: w, height: h });
    if (Math.max(w, h) <= SMALLEST_SIDE) return out;
  }
}

/** How the full image's pixels are read: RGBA of (cols[k], rows[k]) at out[4k..]. */
export type FullPixels = (cols: Int32Array, rows: Int32Array, out: Uint8ClampedArray) => Promise<void>;

/** Index of the source pixel GDAL takes for pixel i of a level `scale` times coarser, within [0, n). */
const under = (i: number, scale: number, n: number) => Math.min(n - 1, Math.floor(0.5 + i * scale));

/** Reads the first overview band by band (top to bottom, so the file is read in order) from the full image. */
async function firstLevel(full: { width: number; height: number }, size: { width: number; height: number }, read: FullPixels): Promise<MemoryLevel> {
  const { width, height } = size;
  const scaleX = full.width / width, scaleY = full.height / height;
  const rgba = new Uint8ClampedArray(width * height * 4);
  const band = Math.max(1, Math.floor(WINDOW_PIXELS / (full.width * Math.ceil(scaleY))));
  const srcCol = Int32Array.from({ length: width }, (_, i) => under(i, scaleX, full.width));
  for (let top = 0; top < height; top += band) {
    const rowsHere = Math.min(band, height - top);
    const cols = new Int32Array(rowsHere * width);
    const rows = new Int32Array(rowsHere * width);
    for (let j = 0; j < rowsHere; j++) {
      const r = under(top + j, scaleY, full.height);
      cols.set(srcCol, j * width);
      rows.fill(r, j * width, (j + 1) * width);
    }
    await read(cols, rows, rgba.subarray(top * width * 4, (top + rowsHere) * width * 4));
  }
  return { width, height, scaleX, scaleY, rgba };
}

/** A coarser level from a finer one in memory. */
function coarser(full: { width: number; height: number }, from: MemoryLevel, size: { width: number; height: number }): MemoryLevel {
  const { width, height } = size;
  const sx = from.width / width, sy = from.height / height;
  const rgba = new Uint8ClampedArray(width * height * 4);
  const src = new Uint32Array(from.rgba.buffer, from.rgba.byteOffset, from.width * from.height);
  const dst = new Uint32Array(rgba.buffer);
  for (let j = 0; j < height; j++) {
    const row = under(j, sy, from.height) * from.width;
    for (let i = 0; i < width; i++) dst[j * width + i] = src[row + under(i, sx, from.width)]!;
  }
  return { width, height, scaleX: full.width / width, scaleY: full.height / height, rgba };
}

/** The overviews of `sizes` (from overviewSizes), the first read from the full image, the rest from it. */
export async function buildOverviews(full: { width: number; height: number }, sizes: readonly { width: number; height: number }[], read: FullPixels): Promise<MemoryLevel[]> {
  if (sizes.length === 0) return [];
  const out = [await firstLevel(full, sizes[0]!, read)];
  for (const size of sizes.slice(1)) out.push(coarser(full, out[0]!, size));
  return out;
}

/** samplePixels on a level in memory: RGBA of (cols[k], rows[k]) at out[4k..] for cols[k] ≥ 0. */
export function sampleMemory(level: MemoryLevel, cols: Int32Array, rows: Int32Array, out: Uint8ClampedArray): void {
  const src = level.rgba;
  for (let k = 0; k < cols.length; k++) {
    const c = cols[k]!;
    if (c < 0) continue;
    const i = (rows[k]! * level.width + c) * 4;
    out[4 * k] = src[i]!;
    out[4 * k + 1] = src[i + 1]!;
    out[4 * k + 2] = src[i + 2]!;
    out[4 * k + 3] = src[i + 3]!;
  }
}
