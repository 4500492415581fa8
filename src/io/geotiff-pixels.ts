// How a GeoTIFF's samples become RGBA: grey (with a nodata value), RGB, RGB + alpha, palette (scanned
// maps), JPEG's YCbCr, an internal transparency mask (what GDAL writes for a JPEG orthophoto), 1–8-bit and
// 16-bit samples. The layout is decided once when the file is opened; the writer it makes is called once
// per output pixel, so it is specialised per case rather than branching on the layout every time.
import { GeoTiffError } from './geotiff-errors';

export type ColourModel = 'grey' | 'rgb' | 'palette' | 'ycbcr';

export interface PixelLayout {
  readonly model: ColourModel;
  /** Sample indices to read: the colour samples (1 or 3), then the alpha sample if there is one. */
  readonly samples: readonly number[];
  readonly alpha: 'none' | 'straight' | 'premultiplied';
  readonly bits: number;
  /** PhotometricInterpretation 0: 0 is white. */
  readonly whiteIsZero: boolean;
  /** GDAL_NODATA: pixels whose colour samples all equal it are transparent. */
  readonly nodata: number | null;
  /** Palette as 8-bit r, g, b triples, one per index. */
  readonly palette: Uint8Array | null;
  /** Raw value range mapped onto 0–255 for samples wider than 8 bits; null for 8 bits and less. */
  readonly stretch: readonly [number, number] | null;
}

/** The TIFF tags the layout depends on, as plain values. */
export interface SampleTags {
  readonly photometric: number | undefined;
  readonly samplesPerPixel: number;
  readonly bitsPerSample: ArrayLike<number>;
  readonly sampleFormat: ArrayLike<number> | undefined;
  readonly extraSamples: ArrayLike<number> | undefined;
  readonly compression: number;
  readonly colorMap: ArrayLike<number> | undefined;
  readonly nodata: number | null;
}

const PI_WHITE_IS_ZERO = 0;
const PI_BLACK_IS_ZERO = 1;
const PI_RGB = 2;
const PI_PALETTE = 3;
const PI_YCBCR = 6;
const COMPRESSION_JPEG = 7;
const EXTRA_ASSOCIATED_ALPHA = 1;
const EXTRA_UNASSOCIATED_ALPHA = 2;

const PHOTOMETRIC_NAMES: Readonly<Record<number, string>> = {
  4: 'transparency mask', 5: 'CMYK (separated)', 8: 'CIELab', 9: 'ICCLab', 10: 'ITULab', 32844: 'LogL', 32845: 'LogLuv',
};

/**
 * Palette entries to 8 bits. TIFF stores them as 16-bit values; most writers (GDAL among them) multiply the
 * 8-bit colour by 257, some by 256, a few write 8-bit values as they are. Dividing by the factor the whole
 * table fits gives back the writer's own colours (so the tiles match what GDAL shows for the file).
 */
export function paletteTo8Bit(colorMap: ArrayLike<number>): Uint8Array {
  const values = Array.from(colorMap);
  const factor = values.every((v) => v <= 255) ? 1 : values.every((v) => v % 257 === 0) ? 257 : 256;
  const n = values.length / 3;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    out[i * 3] = Math.min(255, Math.floor(values[i]! / factor));
    out[i * 3 + 1] = Math.min(255, Math.floor(values[n + i]! / factor));
    out[i * 3 + 2] = Math.min(255, Math.floor(values[2 * n + i]! / factor));
  }
  return out;
}

function unsupported(file: string, why: string, values: Record<string, string | number>): GeoTiffError {
  return new GeoTiffError('unsupported-pixels', file, `unsupported pixels: ${why}`, values);
}

/** The first extra sample that is an alpha channel, as a sample index, with its kind. */
function alphaSample(tags: SampleTags, colourCount: number): { index: number; kind: PixelLayout['alpha'] } {
  const extra = Array.from(tags.extraSamples ?? []);
  for (let k = 0; k < extra.length; k++) {
    const index = colourCount + k;
    if (index >= tags.samplesPerPixel) break;
    if (extra[k] === EXTRA_UNASSOCIATED_ALPHA) return { index, kind: 'straight' };
    if (extra[k] === EXTRA_ASSOCIATED_ALPHA) return { index, kind: 'premultiplied' };
  }
  return { index: -1, kind: 'none' };
}

/** The layout, without the 16-bit stretch (which needs the pixels: geotiff-read.ts adds it). */
export function pixelLayout(tags: SampleTags, file: string): PixelLayout {
  const bits = Array.from(tags.bitsPerSample);
  const formats = Array.from(tags.sampleFormat ?? [1]);
  if (formats.some((f) => f !== 1)) {
    throw unsupported(file, `samples are ${formats.includes(3) ? 'floating point' : 'signed or complex'} (SampleFormat ${formats.join(',')}): an elevation or analysis raster, not an image`, { sampleFormat: formats.join(',') });
  }
  const pi = tags.photometric ?? PI_BLACK_IS_ZERO;
  let model: ColourModel;
  let colourCount: number;
  if (pi === PI_WHITE_IS_ZERO || pi === PI_BLACK_IS_ZERO) {
    // Three or more samples without a colour interpretation are shown as bands 1-2-3, as GIS viewers do.
    colourCount = tags.samplesPerPixel >= 3 ? 3 : 1;
    model = colourCount === 3 ? 'rgb' : 'grey';
  } else if (pi === PI_RGB) {
    colourCount = 3;
    model = 'rgb';
  } else if (pi === PI_PALETTE) {
    colourCount = 1;
    model = 'palette';
  } else if (pi === PI_YCBCR && tags.compression === COMPRESSION_JPEG) {
    // The JPEG decoder returns Y, Cb, Cr as stored; other YCbCr TIFFs are chroma-subsampled in the file
    // itself, which the reader does not undo.
    colourCount = 3;
    model = 'ycbcr';
  } else {
    const name = PHOTOMETRIC_NAMES[pi] ?? (pi === PI_YCBCR ? 'YCbCr without JPEG compression' : 'unknown');
    throw unsupported(file, `colour model ${name} (PhotometricInterpretation ${pi})`, { photometric: pi });
  }
  if (tags.samplesPerPixel < colourCount) {
    throw unsupported(file, `${tags.samplesPerPixel} sample(s) per pixel for a ${model} image`, { samplesPerPixel: tags.samplesPerPixel });
  }
  const depth = bits[0] ?? 8;
  if (bits.some((b) => b !== depth) || depth > 16 || (depth !== 8 && depth !== 16 && model !== 'grey' && model !== 'palette')) {
    throw unsupported(file, `${bits.join('/')} bits per sample; 8 or 16 bits (or 1–8-bit grey and palette) are read`, { bitsPerSample: bits.join(',') });
  }
  if (model === 'palette' && !tags.colorMap) throw unsupported(file, 'a palette image without a ColorMap', {});
  const alpha = alphaSample(tags, colourCount);
  const samples = Array.from({ length: colourCount }, (_, i) => i);
  if (alpha.index >= 0) samples.push(alpha.index);
  return {
    model,
    samples,
    alpha: alpha.kind,
    bits: depth,
    whiteIsZero: pi === PI_WHITE_IS_ZERO,
    nodata: tags.nodata !== null && Number.isFinite(tags.nodata) ? tags.nodata : null,
    palette: model === 'palette' ? paletteTo8Bit(tags.colorMap!) : null,
    stretch: null,
  };
}

/** Writes the RGBA of source pixel `i` at `out[o..o+3]`. */
export type PixelWriter = (i: number, out: Uint8ClampedArray, o: number) => void;

/** A function from a raw sample value to 0–255. */
function toByte(layout: PixelLayout): (v: number) => number {
  const invert = layout.whiteIsZero;
  if (layout.stretch) {
    const [min, max] = layout.stretch;
    const k = max > min ? 255 / (max - min) : 0;
    return invert ? (v) => 255 - (v - min) * k : (v) => (v - min) * k;
  }
  const k = layout.bits < 8 ? 255 / (2 ** layout.bits - 1) : 1;
  return invert ? (v) => 255 - v * k : k === 1 ? (v) => v : (v) => v * k;
}

/**
 * The writer for one window read from the file: `bands` are the samples of `layout.samples` in that order,
 * `mask` the window of the image's transparency mask (0 = transparent), if it has one.
 */
export function pixelWriter(layout: PixelLayout, bands: readonly ArrayLike<number>[], mask: ArrayLike<number> | null): PixelWriter {
  const nodata = layout.nodata;
  const colours = layout.model === 'grey' || layout.model === 'palette' ? 1 : 3;
  const alphaBand = layout.alpha === 'none' ? null : bands[colours]!;
  const premultiplied = layout.alpha === 'premultiplied';
  const byte = toByte(layout);
  const b0 = bands[0]!;
  let colour: PixelWriter;
  if (layout.model === 'palette') {
    const pal = layout.palette!;
    colour = (i, out, o) => {
      const p = b0[i]! * 3;
      out[o] = pal[p]!; out[o + 1] = pal[p + 1]!; out[o + 2] = pal[p + 2]!;
    };
  } else if (layout.model === 'grey') {
    colour = (i, out, o) => {
      const g = byte(b0[i]!);
      out[o] = g; out[o + 1] = g; out[o + 2] = g;
    };
  } else if (layout.model === 'ycbcr') {
    const cb = bands[1]!, cr = bands[2]!;
    // JFIF full-range conversion, the one libjpeg applies.
    colour = (i, out, o) => {
      const y = b0[i]!, u = cb[i]! - 128, v = cr[i]! - 128;
      out[o] = y + 1.402 * v; out[o + 1] = y - 0.344136 * u - 0.714136 * v; out[o + 2] = y + 1.772 * u;
    };
  } else {
    const g = bands[1]!, b = bands[2]!;
    colour = (i, out, o) => {
      out[o] = byte(b0[i]!); out[o + 1] = byte(g[i]!); out[o + 2] = byte(b[i]!);
    };
  }
  const isNodata = nodata === null ? null
    : colours === 1 ? (i: number) => b0[i] === nodata
      : (i: number) => b0[i] === nodata && bands[1]![i] === nodata && bands[2]![i] === nodata;
  const alphaMax = layout.bits === 16 ? 65535 : layout.bits < 8 ? 2 ** layout.bits - 1 : 255;
  return (i, out, o) => {
    if ((mask && mask[i] === 0) || (isNodata && isNodata(i))) return;
    colour(i, out, o);
    if (!alphaBand) {
      out[o + 3] = 255;
      return;
    }
    const a = (alphaBand[i]! * 255) / alphaMax;
    out[o + 3] = a;
    if (premultiplied && a > 0 && a < 255) {
      const k = 255 / a;
      out[o] = out[o]! * k; out[o + 1] = out[o + 1]! * k; out[o + 2] = out[o + 2]! * k;
    }
  };
}
