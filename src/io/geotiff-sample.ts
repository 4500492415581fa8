// Reads just the source pixels a tile samples, block by block (a tile or strip of the file), instead of
// the whole window under the tile. A zoomed-out tile of a file without overviews samples 65,536 pixels
// from a window of millions: geotiff.js's readRasters copies every sample of that window through a
// DataView call (2.3 s of the 4 s four z14 tiles of a 5,700-pixel strip TIFF took), where the tile needs
// one pixel in sixteen. Blocks are decoded by geotiff.js itself (decompression, predictor), so the values
// are exactly those readRasters gives; only the copy is ours. Interleaved (chunky) 8- and 16-bit samples
// without a separate mask image take this way; anything else goes through readRasters.
import type { GeoTIFFImage } from 'geotiff';
import { getDecoder } from 'geotiff';
import type { PixelLayout } from './geotiff-pixels';
import { pixelWriter } from './geotiff-pixels';

/** What geotiff.js's getTileOrStrip decodes a block with. */
interface BlockDecoder {
  decode(data: ArrayBuffer): Promise<ArrayBuffer>;
}

/**
 * The decoder geotiff.js would use for `image`, with the parameters it derives from the tags; null when
 * this geotiff.js does not hand them over as expected (then tiles are read the window way).
 */
async function decoderOf(image: GeoTIFFImage): Promise<BlockDecoder | null> {
  // getDecoderParameters is not exported; readRasters hands the parameters to a pool's bindParameters,
  // so a one-pixel read through this stand-in pool captures them, and getDecoder (exported) makes the
  // same decoder readRasters makes.
  let made: Promise<BlockDecoder> | null = null;
  const pool = {
    bindParameters(compression: number, parameters: unknown): BlockDecoder {
      made ??= getDecoder(compression, parameters as never) as Promise<BlockDecoder>;
      const m = made;
      return { decode: async (data) => (await m).decode(data) };
    },
  };
  await image.readRasters({ window: [0, 0, 1, 1], samples: [0], pool: pool as never });
  return made;
}

export interface PixelSampler {
  /**
   * Writes the RGBA of source pixel (cols[k], rows[k]) at out[4k..4k+3] for every k with cols[k] ≥ 0.
   * Pixels outside the image are left as they are. False, with nothing written, when geotiff.js gave no
   * decoder (read the window way instead).
   */
  sample(cols: Int32Array, rows: Int32Array, out: Uint8ClampedArray, signal?: AbortSignal): Promise<boolean>;
}

/** A sampler for `image`, or null when its layout is one readRasters must read (planar, sub-byte, a mask). */
export function pixelSampler(image: GeoTIFFImage, layout: PixelLayout, hasMask: boolean): PixelSampler | null {
  const fd = image.getFileDirectory();
  const planar = Number(fd.getValue('PlanarConfiguration') ?? 1);
  if (hasMask || planar !== 1 || (layout.bits !== 8 && layout.bits !== 16)) return null;
  const bits = Array.from((fd.getValue('BitsPerSample') as ArrayLike<number> | undefined) ?? [8]);
  if (bits.some((b) => b !== layout.bits)) return null;
  const bytesPerSample = layout.bits / 8;
  const bytesPerPixel = image.getSamplesPerPixel() * bytesPerSample;
  const offsets = layout.samples.map((s) => s * bytesPerSample);
  const little = image.littleEndian;
  const width = image.getWidth(), height = image.getHeight();
  const blockWidth = image.getTileWidth(), blockHeight = image.getTileHeight();
  const across = Math.ceil(width / blockWidth);
  let decoder: Promise<BlockDecoder | null> | null = null;

  return {
    async sample(cols, rows, out, signal) {
      // The output pixels of each block, so that each block is decoded once.
      const byBlock = new Map<number, number[]>();
      for (let k = 0; k < cols.length; k++) {
        const c = cols[k]!, r = rows[k]!;
        if (c < 0 || c >= width || r < 0 || r >= height) continue;
        const b = Math.floor(r / blockHeight) * across + Math.floor(c / blockWidth);
        const list = byBlock.get(b);
        if (list) list.push(k);
        else byBlock.set(b, [k]);
      }
      if (byBlock.size === 0) return true;
      decoder ??= decoderOf(image);
      const d = await decoder;
      if (!d) return false;
      await Promise.all([...byBlock].map(async ([b, ks]) => {
        const bx = b % across, by = Math.floor(b / across);
        const { data } = await image.getTileOrStrip(bx, by, 0, d as never, signal);
        const bytes = new Uint8Array(data);
        // The samples of this block's pixels, one array per sample read, in the order of `ks`.
        const bands = offsets.map(() => (bytesPerSample === 1 ? new Uint8Array(ks.length) : new Uint16Array(ks.length)));
        for (let j = 0; j < ks.length; j++) {
          const k = ks[j]!;
          const at = ((rows[k]! - by * blockHeight) * blockWidth + (cols[k]! - bx * blockWidth)) * bytesPerPixel;
          for (let s = 0; s < offsets.length; s++) {
            const o = at + offsets[s]!;
            bands[s]![j] = bytesPerSample === 1 ? bytes[o]! : little ? bytes[o]! | (bytes[o + 1]! << 8) : (bytes[o]! << 8) | bytes[o + 1]!;
          }
        }
        const write = pixelWriter(layout, bands, null);
        for (let j = 0; j < ks.length; j++) write(j, out, ks[j]! * 4);
      }));
      return true;
    },
  };
}
