// The block sampler's way out: when geotiff.js does not hand over its decoder through the pool it is
// given (another version of the library), tiles are read the window way rather than failing. The way in
// is tested against the window way and against gdalwarp in raster-warp.test.ts.
import type { GeoTIFFImage } from 'geotiff';
import { describe, expect, it } from 'vitest';
import { pixelLayout } from '../../src/io/geotiff-pixels';
import { pixelSampler } from '../../src/io/geotiff-sample';

/** A 4 × 4 RGB strip image whose readRasters never asks the pool for a decoder. */
function image(): { image: GeoTIFFImage; blockReads: () => number } {
  let blockReads = 0;
  const tags: Record<string, unknown> = { PlanarConfiguration: 1, BitsPerSample: [8, 8, 8] };
  const stub = {
    getFileDirectory: () => ({ getValue: (name: string) => tags[name] }),
    getSamplesPerPixel: () => 3,
    littleEndian: true,
    getWidth: () => 4,
    getHeight: () => 4,
    getTileWidth: () => 4,
    getTileHeight: () => 1,
    readRasters: () => Promise.resolve([new Uint8Array(1)]),
    getTileOrStrip: () => {
      blockReads++;
      return Promise.resolve({ x: 0, y: 0, sample: 0, data: new ArrayBuffer(12) });
    },
  };
  return { image: stub as unknown as GeoTIFFImage, blockReads: () => blockReads };
}

describe('block sampler', () => {
  it('declines, writing nothing and reading no block, when geotiff.js gives no decoder', async () => {
    const layout = pixelLayout({ photometric: 2, samplesPerPixel: 3, bitsPerSample: [8, 8, 8], sampleFormat: undefined, extraSamples: undefined, compression: 1, colorMap: undefined, nodata: null }, 'x.tif');
    const { image: im, blockReads } = image();
    const sampler = pixelSampler(im, layout, false)!;
    expect(sampler).not.toBeNull();
    const out = new Uint8ClampedArray(4 * 4).fill(7);
    expect(await sampler.sample(Int32Array.from([0, 1, 2, 3]), Int32Array.from([0, 1, 2, 3]), out)).toBe(false);
    expect(Array.from(out).every((v) => v === 7)).toBe(true);
    expect(blockReads()).toBe(0);
  });

  it('takes no layout it cannot copy: a separate mask, planar samples, sub-byte samples', () => {
    const rgb = pixelLayout({ photometric: 2, samplesPerPixel: 3, bitsPerSample: [8, 8, 8], sampleFormat: undefined, extraSamples: undefined, compression: 1, colorMap: undefined, nodata: null }, 'x.tif');
    expect(pixelSampler(image().image, rgb, true)).toBeNull();
    const planar = image().image;
    const fd = planar.getFileDirectory() as unknown as { getValue: (n: string) => unknown };
    (planar as unknown as { getFileDirectory: () => unknown }).getFileDirectory = () => ({ getValue: (n: string) => (n === 'PlanarConfiguration' ? 2 : fd.getValue(n)) });
    expect(pixelSampler(planar, rgb, false)).toBeNull();
    const fourBit = pixelLayout({ photometric: 1, samplesPerPixel: 1, bitsPerSample: [4], sampleFormat: undefined, extraSamples: undefined, compression: 1, colorMap: undefined, nodata: null }, 'x.tif');
    expect(pixelSampler(image().image, fourBit, false)).toBeNull();
  });
});
