// Opens a local GeoTIFF (an orthophoto, a scanned map; Cloud-Optimized or a plain strip TIFF) for drawing
// under the map: where its pixels lie (georef + CRS), how its samples become colours, and its overviews, so
// that a zoomed-out tile reads a small overview rather than the full image. Pure and DOM-free: it runs in a
// Web Worker. A File is read lazily, a range at a time (geotiff.js asks only for the IFDs and the tiles a
// window needs), so a gigabyte orthophoto is never loaded whole.
import { GeoTIFF, fromArrayBuffer, type GeoTIFFImage } from 'geotiff';
import { toLonLat, type SourceCrs } from './crs';
import { describe as describeError, type IoError } from './errors';
import { crsFromGeoKeys } from './geotiff-crs';
import { GeoTiffError } from './geotiff-errors';
import { applyGeoTransform, geoTransformFromTags, type GeoTransform } from './geotiff-georef';
import { pixelLayout, pixelWriter, type PixelLayout, type PixelWriter } from './geotiff-pixels';
import { pixelSampler } from './geotiff-sample';
import { buildOverviews, overviewSizes, sampleMemory, OVERVIEW_PIXELS, type MemoryLevel } from './geotiff-overviews';

/** One resolution of the image: the full one first, then the overviews from finest to coarsest. */
export interface RasterLevel {
  readonly width: number;
  readonly height: number;
  /** Full-resolution pixels per pixel of this level, across and down (1 for the full image). */
  readonly scaleX: number;
  readonly scaleY: number;
}

/** [west, south, east, north] in WGS 84 degrees. */
export type LonLatBounds = readonly [number, number, number, number];

/** Pixels of one window of one level, ready to be sampled: `write(i, …)` for i = (row − y0) · width + (col − x0). */
export interface RasterWindow {
  readonly x0: number;
  readonly y0: number;
  readonly width: number;
  readonly height: number;
  readonly write: PixelWriter;
}

export interface GeoRaster {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly crs: SourceCrs;
  /** Full-resolution pixel corner → CRS coordinates (PixelIsPoint already moved to the corner convention). */
  readonly geoTransform: GeoTransform;
  readonly levels: readonly RasterLevel[];
  readonly pixels: PixelLayout;
  /** Bounds of the image's outline (edges densified, so a rotated or reprojected outline is covered). */
  readonly footprint: LonLatBounds;
  /** Things the user should know that do not stop the image from being shown (a different datum shift). */
  readonly warnings: readonly IoError[];
  /** Reads [x0, y0, x1, y1) of a level (clamped to it). Throws GeoTiffError 'corrupt' on a damaged tile. */
  readWindow(level: number, window: readonly [number, number, number, number], signal?: AbortSignal): Promise<RasterWindow>;
  /**
   * Writes the RGBA of pixel (cols[k], rows[k]) of a level at out[4k..] for each k with cols[k] ≥ 0, reading
   * only the blocks those pixels are in; false (nothing written) when the level's layout is read by
   * readWindow only (see geotiff-sample.ts). Throws GeoTiffError 'corrupt' on a damaged block.
   */
  samplePixels(level: number, cols: Int32Array, rows: Int32Array, out: Uint8ClampedArray, signal?: AbortSignal): Promise<boolean>;
}

const SUBFILE_REDUCED = 1;
const SUBFILE_MASK = 4;
const PI_MASK = 4;

/** Compressions geotiff.js decodes. The others are named in the error so the user knows what to convert. */
const DECODABLE = new Set([1, 5, 7, 8, 32946, 32773, 34887, 50000, 50001]);
const COMPRESSION_NAMES: Readonly<Record<number, string>> = {
  2: 'CCITT RLE', 3: 'CCITT fax 3', 4: 'CCITT fax 4', 6: 'old-style JPEG', 34712: 'JPEG 2000', 34892: 'lossy JPEG (DNG)',
  34925: 'LZMA', 50002: 'JPEG XL',
};

/** Above this many pixels, the 16-bit stretch is not measured on the coarsest level but set to the full range. */
const STRETCH_SAMPLE_LIMIT = 4_000_000;

interface Level extends RasterLevel {
  readonly image: GeoTIFFImage;
  readonly mask: GeoTIFFImage | null;
}

/** A library failure while `doing` something, as a 'corrupt' error that keeps the library's words as detail. */
function corrupt(file: string, doing: string, e: unknown): GeoTiffError {
  if (e instanceof GeoTiffError) return e;
  const detail = describeError(e);
  return new GeoTiffError('corrupt', file, `corrupt file: ${doing} failed (${detail}); the file may be truncated or damaged`, { doing, detail: detail.slice(0, 300) });
}

/** TIFF ("II*\0", "MM\0*") or BigTIFF ("II+\0", "MM\0+"), else what the bytes look like. */
function checkHeader(head: Uint8Array, file: string): void {
  const le = head[0] === 0x49 && head[1] === 0x49 && (head[2] === 42 || head[2] === 43) && head[3] === 0;
  const be = head[0] === 0x4d && head[1] === 0x4d && head[2] === 0 && (head[3] === 42 || head[3] === 43);
  if (le || be) return;
  const hex = Array.from(head.slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  const looks = head.length === 0 ? 'an empty file'
    : head[0] === 0x89 && head[1] === 0x50 ? 'a PNG image'
      : head[0] === 0xff && head[1] === 0xd8 ? 'a JPEG image'
        : head[0] === 0x50 && head[1] === 0x4b ? 'a ZIP archive'
          : head[0] === 0x25 && head[1] === 0x50 ? 'a PDF document'
            : `bytes ${hex}`;
  throw new GeoTiffError('not-tiff', file, `not a TIFF: the file starts with ${looks}, not a TIFF header ("II*" or "MM*")`, { start: hex });
}

/** Bytes of a Blob read at once; reads of the same block share it while it is among the last READ_BLOCKS. */
const READ_BLOCK = 256 * 1024;
const READ_BLOCKS = 32;

/**
 * Reads of `blob` served from aligned blocks of READ_BLOCK bytes, the last READ_BLOCKS kept (8 MiB).
 * geotiff.js asks each strip (GDAL writes one or two rows a strip) and each entry of the strip offset
 * tables separately; on a File kept in the browser's private file system every read is a round trip to
 * the browser process, so a window of a 100 MB plain TIFF took tens of thousands of them (issue 12's
 * bench: 49 s for a first view). Reads of a block or more go straight to the Blob.
 */
function blockReader(blob: Blob): (offset: number, length: number) => Promise<ArrayBuffer> {
  const blocks = new Map<number, Promise<Uint8Array>>();
  const block = (k: number): Promise<Uint8Array> => {
    let b = blocks.get(k);
    if (b) {
      blocks.delete(k); // most recently used last
    } else {
      b = blob.slice(k * READ_BLOCK, (k + 1) * READ_BLOCK).arrayBuffer().then((a) => new Uint8Array(a));
      b.catch(() => blocks.delete(k)); // a failed read is tried again next time
    }
    blocks.set(k, b);
    if (blocks.size > READ_BLOCKS) blocks.delete(blocks.keys().next().value!);
    return b;
  };
  return async (offset, length) => {
    const end = Math.min(offset + length, blob.size);
    if (end - offset >= READ_BLOCK) return blob.slice(offset, end).arrayBuffer();
    const out = new Uint8Array(Math.max(0, end - offset));
    const first = Math.floor(offset / READ_BLOCK);
    const parts = await Promise.all(Array.from({ length: Math.ceil(end / READ_BLOCK) - first }, (_, i) => block(first + i)));
    parts.forEach((part, i) => {
      const at = (first + i) * READ_BLOCK;
      const from = Math.max(offset, at), to = Math.min(end, at + part.length);
      if (to > from) out.set(part.subarray(from - at, to - at), from - offset);
    });
    return out.buffer;
  };
}

async function openTiff(data: ArrayBuffer | Blob, file: string): Promise<GeoTIFF> {
  const head = new Uint8Array(data instanceof Blob ? await data.slice(0, 8).arrayBuffer() : data.slice(0, 8));
  checkHeader(head, file);
  try {
    if (!(data instanceof Blob)) return await fromArrayBuffer(data);
    // geotiff.js's own fromBlob goes through FileReader, which Node lacks; Blob.slice works everywhere.
    const read = blockReader(data);
    const source = {
      fetch: (slices: readonly { offset: number; length: number }[]) => Promise.all(slices.map((s) => read(s.offset, s.length))),
      fileSize: data.size,
      close: async () => {},
    };
    return await GeoTIFF.fromSource(source as unknown as Parameters<typeof GeoTIFF.fromSource>[0]);
  } catch (e) {
    throw corrupt(file, 'reading the TIFF header', e);
  }
}

async function images(tiff: GeoTIFF, file: string): Promise<GeoTIFFImage[]> {
  try {
    const n = await tiff.getImageCount();
    const out: GeoTIFFImage[] = [];
    for (let i = 0; i < n; i++) out.push(await tiff.getImage(i));
    return out;
  } catch (e) {
    throw corrupt(file, 'reading the image directories', e);
  }
}

const subfileType = (im: GeoTIFFImage): number => Number(im.getFileDirectory().getValue('NewSubfileType') ?? 0);
const photometric = (im: GeoTIFFImage): number | undefined => im.getFileDirectory().getValue('PhotometricInterpretation') as number | undefined;
const isMask = (im: GeoTIFFImage) => (subfileType(im) & SUBFILE_MASK) !== 0 || photometric(im) === PI_MASK;

/**
 * The full image and its overviews (reduced-resolution IFDs with the same samples), each with its
 * transparency mask if the file has one (GDAL writes a mask, not an alpha band, for JPEG orthophotos).
 * Other pages of a multi-page TIFF are not overviews and are left out.
 */
function levelsOf(all: readonly GeoTIFFImage[]): Level[] {
  const main = all[0]!;
  const masks = all.filter(isMask);
  const maskFor = (im: GeoTIFFImage) => masks.find((m) => m.getWidth() === im.getWidth() && m.getHeight() === im.getHeight()) ?? null;
  const overviews = all
    .slice(1)
    .filter((im) => !isMask(im) && (subfileType(im) & SUBFILE_REDUCED) !== 0)
    .filter((im) => im.getSamplesPerPixel() === main.getSamplesPerPixel() && photometric(im) === photometric(main))
    .filter((im) => im.getWidth() < main.getWidth() && im.getHeight() < main.getHeight())
    .sort((a, b) => b.getWidth() - a.getWidth());
  return [main, ...overviews].map((image) => ({
    image,
    mask: maskFor(image),
    width: image.getWidth(),
    height: image.getHeight(),
    scaleX: main.getWidth() / image.getWidth(),
    scaleY: main.getHeight() / image.getHeight(),
  }));
}

function checkCompression(im: GeoTIFFImage, file: string): number {
  const c = Number(im.getFileDirectory().getValue('Compression') ?? 1);
  if (!DECODABLE.has(c)) {
    throw new GeoTiffError('unsupported-pixels', file, `unsupported pixels: ${COMPRESSION_NAMES[c] ?? 'unknown'} compression (${c}); convert the file, e.g. gdal_translate -of COG`, { compression: c });
  }
  return c;
}

async function layoutOf(im: GeoTIFFImage, file: string, compression: number): Promise<PixelLayout> {
  const fd = im.getFileDirectory();
  let colorMap: ArrayLike<number> | undefined;
  try {
    colorMap = fd.hasTag('ColorMap') ? ((await fd.loadValue('ColorMap')) as ArrayLike<number>) : undefined;
  } catch (e) {
    throw corrupt(file, 'reading the palette', e);
  }
  return pixelLayout({
    photometric: photometric(im),
    samplesPerPixel: im.getSamplesPerPixel(),
    bitsPerSample: (fd.getValue('BitsPerSample') as ArrayLike<number> | undefined) ?? [8],
    sampleFormat: fd.getValue('SampleFormat') as ArrayLike<number> | undefined,
    extraSamples: fd.getValue('ExtraSamples') as ArrayLike<number> | undefined,
    compression,
    colorMap,
    nodata: im.getGDALNoData(),
  }, file);
}

/** The value range shown as 0–255 for samples wider than 8 bits: GDAL's statistics, else the coarsest level's. */
async function withStretch(layout: PixelLayout, levels: readonly Level[], file: string): Promise<PixelLayout> {
  if (layout.bits <= 8 || layout.model === 'palette') return layout;
  const colour = layout.samples.slice(0, layout.model === 'grey' ? 1 : 3);
  try {
    const main = levels[0]!.image;
    const stats = await Promise.all(colour.map((s) => main.getGDALMetadata(s)));
    const mins = stats.map((m) => Number(m?.STATISTICS_MINIMUM)), maxs = stats.map((m) => Number(m?.STATISTICS_MAXIMUM));
    if (mins.every(Number.isFinite) && maxs.every(Number.isFinite)) return { ...layout, stretch: [Math.min(...mins), Math.max(...maxs)] };
    const coarsest = levels[levels.length - 1]!;
    if (coarsest.width * coarsest.height > STRETCH_SAMPLE_LIMIT) return { ...layout, stretch: [0, 2 ** layout.bits - 1] };
    const bands = await coarsest.image.readRasters({ samples: colour, interleave: false });
    let min = Infinity, max = -Infinity;
    for (const band of bands) {
      for (let i = 0; i < band.length; i++) {
        const v = band[i]!;
        if (v === layout.nodata) continue;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    return { ...layout, stretch: min <= max ? [min, max] : [0, 2 ** layout.bits - 1] };
  } catch (e) {
    throw corrupt(file, 'measuring the value range', e);
  }
}

/**
 * Every level's pixels (and masks) lie within the file: a download or copy cut short fails here, before
 * the file is kept, not tile by tile on the map. Reads the offset and byte-count tables only.
 */
async function checkWithinFile(levels: readonly Level[], size: number, file: string): Promise<void> {
  for (const [k, level] of levels.entries()) {
    for (const im of [level.image, level.mask]) {
      if (!im) continue;
      const fd = im.getFileDirectory();
      const tiled = fd.hasTag('TileOffsets');
      let offsets: ArrayLike<number>, counts: ArrayLike<number>;
      try {
        offsets = (await fd.loadValue(tiled ? 'TileOffsets' : 'StripOffsets')) as ArrayLike<number>;
        counts = (await fd.loadValue(tiled ? 'TileByteCounts' : 'StripByteCounts')) as ArrayLike<number>;
      } catch (e) {
        throw corrupt(file, `reading where the pixels of level ${k} are`, e);
      }
      let end = 0;
      for (let i = 0; i < offsets.length; i++) if (Number(counts[i] ?? 0) > 0) end = Math.max(end, Number(offsets[i]) + Number(counts[i]));
      if (end > size) {
        throw new GeoTiffError('corrupt', file, `corrupt file: cut short: the pixels of level ${k} reach byte ${end} but the file has ${size} bytes; the file may be truncated or damaged`, { end, size });
      }
    }
  }
}

/** Edges of the full image, densified, through the CRS to lon/lat. */
function footprintOf(gt: GeoTransform, width: number, height: number, crs: SourceCrs, file: string): LonLatBounds {
  const toLl = toLonLat(crs);
  const steps = 32;
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (let k = 0; k <= steps; k++) {
    const t = k / steps;
    for (const [u, v] of [[t * width, 0], [t * width, height], [0, t * height], [width, t * height]] as const) {
      let lon = NaN, lat = NaN;
      try {
        [lon, lat] = toLl(applyGeoTransform(gt, u, v));
      } catch {
        // proj4 throws for points its projection cannot invert; reported below with the others.
      }
      w = Math.min(w, lon); e = Math.max(e, lon); s = Math.min(s, lat); n = Math.max(n, lat);
    }
  }
  if (![w, s, e, n].every(Number.isFinite) || s < -90 || n > 90) {
    throw new GeoTiffError('unsupported-transform', file, `unsupported transform: the image's outline does not fall on the Earth in its CRS (bounds ${[w, s, e, n].join(', ')}); its coordinates may be in another CRS than the one it names`, { bounds: [w, s, e, n].join(', ') });
  }
  return [w, s, e, n];
}

/** A window of a level in memory. */
function memoryWindow(level: MemoryLevel, win: readonly [number, number, number, number]): RasterWindow {
  const x0 = Math.max(0, Math.floor(win[0])), y0 = Math.max(0, Math.floor(win[1]));
  const x1 = Math.min(level.width, Math.ceil(win[2])), y1 = Math.min(level.height, Math.ceil(win[3]));
  if (x1 <= x0 || y1 <= y0) return { x0, y0, width: 0, height: 0, write: () => {} };
  const w = x1 - x0;
  const write: PixelWriter = (i, out, o) => {
    const s = ((y0 + Math.floor(i / w)) * level.width + x0 + (i % w)) * 4;
    out[o] = level.rgba[s]!; out[o + 1] = level.rgba[s + 1]!; out[o + 2] = level.rgba[s + 2]!; out[o + 3] = level.rgba[s + 3]!;
  };
  return { x0, y0, width: w, height: y1 - y0, write };
}

async function readBands(level: Level, window: number[], samples: readonly number[], signal: AbortSignal | undefined) {
  const [bands, mask] = await Promise.all([
    level.image.readRasters({ window, samples: [...samples], interleave: false, signal }),
    level.mask ? level.mask.readRasters({ window, samples: [0], interleave: false, signal }) : null,
  ]);
  return { bands, mask: mask ? mask[0]! : null };
}

export interface OpenOptions {
  /** A file without overviews larger than this many pixels gets overviews made in memory (geotiff-overviews.ts). */
  readonly overviewPixels?: number;
}

export async function openGeoTiff(data: ArrayBuffer | Blob, file: string, options: OpenOptions = {}): Promise<GeoRaster> {
  const tiff = await openTiff(data, file);
  const all = await images(tiff, file);
  if (all.length === 0 || isMask(all[0]!)) throw corrupt(file, 'finding the image', new Error('no image in the file'));
  const main = all[0]!;
  const fd = main.getFileDirectory();
  let geoKeys: Record<string, unknown> | null;
  try {
    geoKeys = main.getGeoKeys();
  } catch (e) {
    throw corrupt(file, 'reading the GeoKeys', e);
  }
  const geoTransform = geoTransformFromTags({
    pixelScale: fd.getValue('ModelPixelScale') as ArrayLike<number> | undefined,
    tiepoints: fd.getValue('ModelTiepoint') as ArrayLike<number> | undefined,
    transformation: fd.getValue('ModelTransformation') as ArrayLike<number> | undefined,
    rasterType: geoKeys?.GTRasterTypeGeoKey as number | undefined,
  }, file);
  const { crs, warnings } = crsFromGeoKeys(geoKeys, file);
  const compression = checkCompression(main, file);
  const levels = levelsOf(all);
  await checkWithinFile(levels, data instanceof Blob ? data.size : data.byteLength, file);
  const pixels = await withStretch(await layoutOf(main, file, compression), levels, file);
  const width = main.getWidth(), height = main.getHeight();
  const footprint = footprintOf(geoTransform, width, height, crs, file);
  // One pixel of the coarsest level: a file whose tiles cannot be decoded fails now, not on the map.
  try {
    await readBands(levels[levels.length - 1]!, [0, 0, 1, 1], pixels.samples, undefined);
  } catch (e) {
    throw corrupt(file, 'decoding the first pixel', e);
  }

  // Overviews in memory when the file has none, made when a tile first needs one; a failed read is not kept.
  const memorySizes = levels.length === 1 ? overviewSizes(width, height, options.overviewPixels ?? OVERVIEW_PIXELS) : [];
  const levelCount = levels.length + memorySizes.length;
  let memory: Promise<MemoryLevel[]> | null = null;
  async function memoryLevel(index: number): Promise<MemoryLevel> {
    if (!memory) {
      memory = buildOverviews({ width, height }, memorySizes, readFull);
      memory.catch(() => (memory = null));
    }
    return (await memory)[index - levels.length]!;
  }

  async function readWindow(index: number, win: readonly [number, number, number, number], signal?: AbortSignal): Promise<RasterWindow> {
    if (index >= levels.length && index < levelCount) return memoryWindow(await memoryLevel(index), win);
    const level = levels[index];
    if (!level) throw new RangeError(`no level ${index} (the file has ${levelCount})`);
    const x0 = Math.max(0, Math.floor(win[0])), y0 = Math.max(0, Math.floor(win[1]));
    const x1 = Math.min(level.width, Math.ceil(win[2])), y1 = Math.min(level.height, Math.ceil(win[3]));
    if (x1 <= x0 || y1 <= y0) return { x0, y0, width: 0, height: 0, write: () => {} };
    try {
      const { bands, mask } = await readBands(level, [x0, y0, x1, y1], pixels.samples, signal);
      return { x0, y0, width: x1 - x0, height: y1 - y0, write: pixelWriter(pixels, bands, mask) };
    } catch (e) {
      if (signal?.aborted) throw e;
      throw corrupt(file, `decoding pixels ${x0}–${x1} × ${y0}–${y1} of level ${index}`, e);
    }
  }

  const samplers = levels.map((level) => pixelSampler(level.image, pixels, level.mask !== null));

  async function samplePixels(index: number, cols: Int32Array, rows: Int32Array, out: Uint8ClampedArray, signal?: AbortSignal): Promise<boolean> {
    if (index >= levels.length && index < levelCount) {
      sampleMemory(await memoryLevel(index), cols, rows, out);
      return true;
    }
    if (!levels[index]) throw new RangeError(`no level ${index} (the file has ${levelCount})`);
    const sampler = samplers[index];
    if (!sampler) return false;
    try {
      return await sampler.sample(cols, rows, out, signal);
    } catch (e) {
      if (signal?.aborted) throw e;
      throw corrupt(file, `decoding the pixels of a tile from level ${index}`, e);
    }
  }

  /** Full-resolution pixels for the overviews in memory: sampled block by block, else by windows. */
  async function readFull(cols: Int32Array, rows: Int32Array, out: Uint8ClampedArray): Promise<void> {
    if (await samplePixels(0, cols, rows, out)) return;
    let c0 = Infinity, r0 = Infinity, c1 = -Infinity, r1 = -Infinity;
    for (let k = 0; k < cols.length; k++) {
      c0 = Math.min(c0, cols[k]!); c1 = Math.max(c1, cols[k]!);
      r0 = Math.min(r0, rows[k]!); r1 = Math.max(r1, rows[k]!);
    }
    const win = await readWindow(0, [c0, r0, c1 + 1, r1 + 1]);
    for (let k = 0; k < cols.length; k++) win.write((rows[k]! - win.y0) * win.width + (cols[k]! - win.x0), out, 4 * k);
  }

  return {
    file, width, height, crs, geoTransform, pixels, footprint, warnings,
    levels: [
      ...levels.map(({ width: w, height: h, scaleX, scaleY }) => ({ width: w, height: h, scaleX, scaleY })),
      ...memorySizes.map(({ width: w, height: h }) => ({ width: w, height: h, scaleX: width / w, scaleY: height / h })),
    ],
    readWindow,
    samplePixels,
  };
}
