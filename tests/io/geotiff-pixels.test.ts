// Samples → RGBA for the cases GDAL-made fixtures do not cover: palette scaling, premultiplied alpha,
// 1-bit and white-is-zero grey, RGB nodata, and the layouts that are refused.
import { describe, expect, it } from 'vitest';
import { GeoTiffError } from '../../src/io/geotiff-errors';
import { paletteTo8Bit, pixelLayout, pixelWriter, type SampleTags } from '../../src/io/geotiff-pixels';

const RGB: SampleTags = {
  photometric: 2, samplesPerPixel: 3, bitsPerSample: [8, 8, 8], sampleFormat: undefined, extraSamples: undefined,
  compression: 1, colorMap: undefined, nodata: null,
};

function rgba(tags: SampleTags, bands: number[][], i = 0, mask: number[] | null = null): number[] {
  const out = new Uint8ClampedArray(4);
  pixelWriter(pixelLayout(tags, 'x.tif'), bands, mask)(i, out, 0);
  return Array.from(out);
}

describe('palette', () => {
  it('takes the factor the whole table fits: 257 (GDAL), 256, or none', () => {
    // Two entries, stored as all reds, then all greens, then all blues: black and (200, 10, 255).
    expect(Array.from(paletteTo8Bit([0, 257 * 200, 0, 257 * 10, 0, 65535]))).toEqual([0, 0, 0, 200, 10, 255]);
    expect(Array.from(paletteTo8Bit([0, 256 * 200, 0, 256 * 10, 0, 65280]))).toEqual([0, 0, 0, 200, 10, 255]);
    expect(Array.from(paletteTo8Bit([0, 200, 0, 10, 0, 255]))).toEqual([0, 0, 0, 200, 10, 255]);
  });

  it('an index equal to nodata is transparent', () => {
    const tags: SampleTags = { ...RGB, photometric: 3, samplesPerPixel: 1, bitsPerSample: [8], colorMap: new Array(768).fill(257 * 9), nodata: 5 };
    expect(rgba(tags, [[5, 6]], 0)).toEqual([0, 0, 0, 0]);
    expect(rgba(tags, [[5, 6]], 1)).toEqual([9, 9, 9, 255]);
  });
});

describe('grey', () => {
  it('1-bit grey spans black to white; white-is-zero inverts', () => {
    const bilevel: SampleTags = { ...RGB, photometric: 1, samplesPerPixel: 1, bitsPerSample: [1] };
    expect(rgba(bilevel, [[1]])).toEqual([255, 255, 255, 255]);
    expect(rgba({ ...bilevel, photometric: 0 }, [[1]])).toEqual([0, 0, 0, 255]);
  });

  it('grey + alpha', () => {
    const tags: SampleTags = { ...RGB, photometric: 1, samplesPerPixel: 2, bitsPerSample: [8, 8], extraSamples: [2] };
    expect(rgba(tags, [[40], [128]])).toEqual([40, 40, 40, 128]);
  });
});

describe('RGB', () => {
  it('premultiplied (associated) alpha is divided out', () => {
    const tags: SampleTags = { ...RGB, samplesPerPixel: 4, bitsPerSample: [8, 8, 8, 8], extraSamples: [1] };
    expect(rgba(tags, [[50], [100], [0], [128]])).toEqual([100, 199, 0, 128]);
  });

  it('an extra sample that is not alpha (a near-infrared band) is not taken for alpha', () => {
    const tags: SampleTags = { ...RGB, samplesPerPixel: 4, bitsPerSample: [8, 8, 8, 8], extraSamples: [0] };
    expect(pixelLayout(tags, 'x.tif')).toMatchObject({ samples: [0, 1, 2], alpha: 'none' });
  });

  it('nodata is a pixel whose three samples all equal it', () => {
    const tags: SampleTags = { ...RGB, nodata: 0 };
    expect(rgba(tags, [[0], [0], [0]])).toEqual([0, 0, 0, 0]);
    expect(rgba(tags, [[0], [0], [1]])).toEqual([0, 0, 1, 255]);
  });

  it('a mask value of 0 is transparent whatever the colour', () => {
    expect(rgba(RGB, [[10], [20], [30]], 0, [0])).toEqual([0, 0, 0, 0]);
    expect(rgba(RGB, [[10], [20], [30]], 0, [1])).toEqual([10, 20, 30, 255]);
  });

  it('JPEG YCbCr: grey stays grey, a colour converts as JFIF says', () => {
    const tags: SampleTags = { ...RGB, photometric: 6, compression: 7 };
    expect(rgba(tags, [[90], [128], [128]])).toEqual([90, 90, 90, 255]);
    // R = Y + 1.402 (Cr − 128), G = Y − 0.344136 (Cb − 128) − 0.714136 (Cr − 128), B = Y + 1.772 (Cb − 128).
    expect(rgba(tags, [[100], [90], [200]])).toEqual([201, 62, 33, 255]);
  });
});

describe('refused layouts', () => {
  const refusal = (tags: SampleTags) => {
    try {
      pixelLayout(tags, 'x.tif');
    } catch (e) {
      if (e instanceof GeoTiffError) return e;
    }
    throw new Error('accepted');
  };

  it.each([
    [{ ...RGB, photometric: 5, samplesPerPixel: 4, bitsPerSample: [8, 8, 8, 8] }, /colour model CMYK \(separated\) \(PhotometricInterpretation 5\)/],
    [{ ...RGB, photometric: 6, compression: 1 }, /colour model YCbCr without JPEG compression/],
    [{ ...RGB, bitsPerSample: [12, 12, 12] }, /12\/12\/12 bits per sample/],
    [{ ...RGB, sampleFormat: [2, 2, 2] }, /samples are signed or complex \(SampleFormat 2,2,2\)/],
    [{ ...RGB, photometric: 3, samplesPerPixel: 1, bitsPerSample: [8] }, /a palette image without a ColorMap/],
    [{ ...RGB, samplesPerPixel: 2, bitsPerSample: [8, 8] }, /2 sample\(s\) per pixel for a rgb image/],
  ] as const)('%#: %s', (tags, message) => {
    const e = refusal(tags as SampleTags);
    expect(e.code).toBe('unsupported-pixels');
    expect(e.message).toMatch(/^unsupported pixels: /);
    expect(e.message).toMatch(message);
  });
});
