// Opening GeoTIFFs: georeferencing and overviews as GDAL reads them (gdalinfo is the reference), the CRS
// of every supported kind, pixels of every colour model, and a clear error for each kind of bad file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SourceCrs } from '../../src/io/crs';
import { GeoTiffError, type GeoTiffErrorCode } from '../../src/io/geotiff-errors';
import { openGeoTiff, type GeoRaster } from '../../src/io/geotiff-read';
import { fileBytes, GDAL_MISSING, singleBand, colourPattern, tagValueOffset, translate, writeVrt, type VrtOptions } from './gdal-rasters';
import { DISC, fixtures, userTm3Proj, type FixtureName } from './geotiff-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'dia-gioi-geotiff-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = fixtures(dir);

const open = (name: FixtureName): Promise<GeoRaster> => openGeoTiff(fileBytes(fixture(name).path), name);

interface GdalInfo {
  geoTransform: number[];
  wgs84Extent: { coordinates: number[][][] };
  bands: { overviews?: { size: [number, number] }[] }[];
}

function gdalinfo(path: string): GdalInfo {
  const r = spawnSync('gdalinfo', ['-json', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gdalinfo failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as GdalInfo;
}

/** RGBA of pixels [x0, x1) × [y0, y1) of a level, through the reader. */
async function pixels(r: GeoRaster, level: number, x0: number, y0: number, x1: number, y1: number): Promise<number[][]> {
  const win = await r.readWindow(level, [x0, y0, x1, y1]);
  const out: number[][] = [];
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const px = new Uint8ClampedArray(4);
      win.write((y - win.y0) * win.width + (x - win.x0), px, 0);
      out.push(Array.from(px));
    }
  }
  return out;
}

let small = 0;
/** A 20 × 20 TIFF made from a VRT with these options and gdal_translate arguments. */
function smallTiff(vrt: VrtOptions, args: readonly string[] = []): string {
  const name = `small-${small++}`;
  return translate(writeVrt(dir, name, colourPattern(20, 20), vrt), join(dir, `${name}.tif`), args);
}

/** A copy of `path` with `edit` applied to its bytes. */
function patched(path: string, edit: (bytes: Uint8Array, view: DataView) => void): ArrayBuffer {
  const bytes = new Uint8Array(readFileSync(path));
  edit(bytes, new DataView(bytes.buffer));
  return bytes.buffer;
}

async function failure(data: ArrayBuffer | Blob, file = 'bad.tif'): Promise<GeoTiffError> {
  try {
    await openGeoTiff(data, file);
  } catch (e) {
    if (e instanceof GeoTiffError) return e;
    throw e;
  }
  throw new Error('the file opened');
}

async function expectFailure(data: ArrayBuffer | Blob, code: GeoTiffErrorCode, message: RegExp): Promise<GeoTiffError> {
  const e = await failure(data);
  expect(e.code).toBe(code);
  expect(e.message).toMatch(message);
  expect(e.file).toBe('bad.tif');
  return e;
}

const gdalTitle = (title: string) => (GDAL_MISSING ? `${title} (skipped: ${GDAL_MISSING})` : title);

describe('not a TIFF (no GDAL needed)', () => {
  it('a PNG says it is a PNG', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).buffer;
    await expectFailure(png, 'not-tiff', /^not a TIFF: the file starts with a PNG image/);
  });

  it('text and an empty file', async () => {
    await expectFailure(new TextEncoder().encode('{"type":"FeatureCollection"}').buffer as ArrayBuffer, 'not-tiff', /^not a TIFF: the file starts with bytes 7b 22 74/);
    await expectFailure(new ArrayBuffer(0), 'not-tiff', /^not a TIFF: the file starts with an empty file/);
    await expectFailure(new Blob([]), 'not-tiff', /^not a TIFF/);
  });
});

describe.skipIf(GDAL_MISSING !== null)(gdalTitle('georeferencing, CRS and overviews as gdalinfo reads them'), () => {
  const CRS: readonly { name: FixtureName; crs: SourceCrs; levels: number }[] = [
    { name: 'tm3-epsg-cog', crs: { kind: 'vn2000', lon0: 105.75, k: 0.9999, axis: 'en' }, levels: 3 },
    { name: 'tm3-epsg-strip', crs: { kind: 'vn2000', lon0: 105.75, k: 0.9999, axis: 'en' }, levels: 1 },
    { name: 'tm3-user-wkt-strip', crs: { kind: 'vn2000', lon0: 106.25, k: 0.9999, axis: 'en' }, levels: 1 },
    { name: 'palette-proj-strip', crs: { kind: 'vn2000', lon0: 105.75, k: 0.9999, axis: 'en' }, levels: 1 },
    { name: 'utm48-cog', crs: { kind: 'vn2000', lon0: 105, k: 0.9996, axis: 'en' }, levels: 3 },
    { name: 'utm49-strip', crs: { kind: 'vn2000', lon0: 111, k: 0.9996, axis: 'en' }, levels: 1 },
    { name: 'wgs84-cog', crs: { kind: 'wgs84' }, levels: 3 },
    { name: 'webmerc-cog', crs: { kind: 'other', def: 'EPSG:3857', name: 'WGS 84 / Pseudo-Mercator' }, levels: 3 },
    { name: 'point-strip', crs: { kind: 'vn2000', lon0: 105.75, k: 0.9999, axis: 'en' }, levels: 1 },
    { name: 'rotated-strip', crs: { kind: 'vn2000', lon0: 105.75, k: 0.9999, axis: 'en' }, levels: 1 },
  ];

  it.each(CRS)('$name: CRS, geotransform, overviews and footprint', async ({ name, crs, levels }) => {
    const r = await open(name);
    const info = gdalinfo(fixture(name).path);
    expect(r.crs).toEqual(crs);
    expect(r.warnings).toEqual([]);
    r.geoTransform.forEach((v, i) => expect(v).toBeCloseTo(info.geoTransform[i]!, 9));
    const sizes = [[r.width, r.height], ...(info.bands[0]!.overviews ?? []).map((o) => o.size)];
    expect(r.levels.map((l) => [l.width, l.height])).toEqual(sizes);
    expect(r.levels).toHaveLength(levels);
    for (const l of r.levels) expect([l.scaleX, l.scaleY]).toEqual([r.width / l.width, r.height / l.height]);
    // GDAL's extent is the four corners (rounded to 1e-7°); ours follows the edges, which bow by metres.
    const [w, s, e, n] = r.footprint;
    const corners = info.wgs84Extent.coordinates[0]!;
    for (const [lon, lat] of corners) {
      expect(lon).toBeGreaterThanOrEqual(w - 1e-6);
      expect(lon).toBeLessThanOrEqual(e + 1e-6);
      expect(lat).toBeGreaterThanOrEqual(s - 1e-6);
      expect(lat).toBeLessThanOrEqual(n + 1e-6);
    }
    expect(Math.min(...corners.map((c) => c[0]!))).toBeCloseTo(w, 4);
    expect(Math.max(...corners.map((c) => c[1]!))).toBeCloseTo(n, 4);
  });

  it('PixelIsPoint ties pixel centres: the corner is half a pixel up and left of the tie point', async () => {
    const r = await open('point-strip');
    expect(r.geoTransform).toEqual([590000, 10, 0, 2310000, 0, -10]);
    const bytes = new Uint8Array(readFileSync(fixture('point-strip').path));
    const tie = new DataView(bytes.buffer).getFloat64(tagValueOffset(bytes, 33922) + 24, true);
    expect(tie).toBe(590005);
  });

  it('a Blob (a File in the browser) reads the same as an ArrayBuffer', async () => {
    const path = fixture('tm3-epsg-cog').path;
    const fromBlob = await openGeoTiff(new Blob([readFileSync(path)]), 'x.tif');
    const fromBuffer = await open('tm3-epsg-cog');
    expect(fromBlob.geoTransform).toEqual(fromBuffer.geoTransform);
    expect(fromBlob.levels).toEqual(fromBuffer.levels);
    expect(await pixels(fromBlob, 1, 100, 100, 104, 102)).toEqual(await pixels(fromBuffer, 1, 100, 100, 104, 102));
  });

  it('a strip TIFF in a Blob is read in a few large reads, not one per strip', async () => {
    // Each read of a File kept in the browser's private file system is a round trip to the browser
    // process; GDAL writes one or two rows a strip, so a window of a plain TIFF meant thousands of them.
    class CountingBlob extends Blob {
      reads = 0;
      override slice(start?: number, end?: number, type?: string): Blob {
        this.reads++;
        return super.slice(start, end, type);
      }
    }
    const path = fixture('tm3-epsg-strip').path;
    const blob = new CountingBlob([readFileSync(path)]);
    const r = await openGeoTiff(blob, 'x.tif');
    blob.reads = 0;
    const whole = await pixels(r, 0, 0, 0, 1000, 1000);
    expect(blob.reads).toBeLessThanOrEqual(Math.ceil(readFileSync(path).length / (256 * 1024)) + 2);
    expect(whole).toEqual(await pixels(await open('tm3-epsg-strip'), 0, 0, 0, 1000, 1000));
  });

  it('a TM-3 file with another datum shift opens, with a towgs84-differs warning', async () => {
    const flipped = '-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278';
    const r = await openGeoTiff(fileBytes(smallTiff({ srs: userTm3Proj(105.75, flipped), geoTransform: [590000, 10, 0, 2310000, 0, -10] })), 'x.tif');
    expect(r.crs).toEqual({ kind: 'vn2000', lon0: 105.75, k: 0.9999, axis: 'en' });
    expect(r.warnings.map((w) => w.code)).toEqual(['towgs84-differs']);
  });
});

describe.skipIf(GDAL_MISSING !== null)(gdalTitle('pixels as RGBA'), () => {
  const pattern = (i: number, j: number) => [(7 * i + 3 * j) & 255, (5 * i + 11 * j) & 255, (13 * i + 17 * j) & 255];

  it('RGB, strip and tiled alike, is the pattern that was written', async () => {
    for (const name of ['tm3-epsg-strip', 'tm3-epsg-cog'] as const) {
      const r = await open(name);
      const expected = [];
      for (let j = 500; j < 503; j++) for (let i = 250; i < 256; i++) expected.push([...pattern(i, j), 255]);
      expect(await pixels(r, 0, 250, 500, 256, 503)).toEqual(expected);
    }
  });

  it('a palette image shows the palette colour of each index (8-bit and 4-bit)', async () => {
    const r = await open('palette-proj-strip');
    expect(r.pixels.model).toBe('palette');
    const [px] = await pixels(r, 0, 10, 20, 11, 21);
    const index = (7 * 10 + 3 * 20) & 255;
    expect(px).toEqual([index, 255 - index, (index * 37) & 255, 255]);
    const r4 = await open('palette-4bit-strip');
    expect(r4.pixels.bits).toBe(4);
    const row = await pixels(r4, 0, 30, 5, 37, 6);
    expect(row.map((p) => p[0])).toEqual([30, 31, 32, 33, 34, 35, 36].map((i) => (3 * i + 5) % 16));
  });

  it('grey with nodata: nodata is transparent, the rest opaque grey', async () => {
    const r = await open('grey-nodata-strip');
    expect(r.pixels).toMatchObject({ model: 'grey', nodata: 0 });
    const [inside, nodata] = [(await pixels(r, 0, 600, 100, 601, 101))[0], (await pixels(r, 0, 10, 900, 11, 901))[0]];
    const g = ((7 * 600 + 3 * 100) % 250) + 1;
    expect(inside).toEqual([g, g, g, 255]);
    expect(nodata).toEqual([0, 0, 0, 0]);
  });

  it('RGBA: the alpha band makes the disc transparent', async () => {
    const r = await open('rgba-utm48-cog');
    expect(r.pixels.alpha).toBe('straight');
    expect((await pixels(r, 0, DISC.i, DISC.j, DISC.i + 1, DISC.j + 1))[0]![3]).toBe(0);
    expect((await pixels(r, 0, 100, 100, 101, 101))[0]).toEqual([...pattern(100, 100), 255]);
  });

  it('JPEG YCbCr with an internal mask: the mask is the alpha, colours within JPEG error', async () => {
    const r = await open('jpeg-mask-cog');
    expect(r.pixels.model).toBe('ycbcr');
    expect((await pixels(r, 0, DISC.i, DISC.j, DISC.i + 1, DISC.j + 1))[0]![3]).toBe(0);
    const [oi, oj] = [Math.floor(DISC.i / 4), Math.floor(DISC.j / 4)];
    expect((await pixels(r, 2, oi, oj, oi + 1, oj + 1))[0]![3]).toBe(0);
    const wave = (t: number) => Math.round(128 + 100 * Math.sin(t));
    const [px] = await pixels(r, 0, 100, 120, 101, 121);
    const expected = [wave(100 / 40), wave(120 / 50), wave(220 / 70)];
    expected.forEach((v, c) => expect(Math.abs(px![c]! - v)).toBeLessThanOrEqual(6));
    expect(px![3]).toBe(255);
  });

  it('16-bit grey is stretched from its minimum to its maximum', async () => {
    const r = await open('uint16-strip');
    expect(r.pixels).toMatchObject({ bits: 16, stretch: [1000, 1000 + 10 * 199 * 2] });
    expect((await pixels(r, 0, 0, 0, 1, 1))[0]).toEqual([0, 0, 0, 255]);
    expect((await pixels(r, 0, 199, 199, 200, 200))[0]).toEqual([255, 255, 255, 255]);
  });
});

describe.skipIf(GDAL_MISSING !== null)(gdalTitle('bad files say what is wrong'), () => {
  const GT = [590000, 10, 0, 2310000, 0, -10];

  it('no georeferencing at all', async () => {
    await expectFailure(fileBytes(smallTiff({})), 'no-georeferencing', /^no georeferencing: the TIFF has neither ModelPixelScale \+ ModelTiepoint nor ModelTransformation/);
  });

  it('ground control points only', async () => {
    const path = smallTiff({}, ['-a_srs', 'EPSG:4326', '-gcp', '0', '0', '106', '21', '-gcp', '20', '0', '106.1', '21', '-gcp', '0', '20', '106', '20.9']);
    const e = await expectFailure(fileBytes(path), 'no-georeferencing', /^no georeferencing: the file has 3 ground control points but no pixel grid/);
    expect(e.values.groundControlPoints).toBe(3);
  });

  it('a pixel grid with no coordinate system', async () => {
    await expectFailure(fileBytes(smallTiff({ geoTransform: GT })), 'unknown-crs', /^unsupported CRS: the file has a pixel grid but no GeoKeyDirectory/);
  });

  it('an EPSG code we do not read names the code and the citation', async () => {
    const e = await expectFailure(fileBytes(smallTiff({ srs: 'EPSG:2154', geoTransform: [700000, 10, 0, 6600000, 0, -10] })), 'unknown-crs', /^unsupported CRS: projected CRS EPSG:2154 is not one this app reads/);
    expect(e.message).toContain('ProjectedCSTypeGeoKey=2154');
    expect(e.message).toContain('GTCitationGeoKey="RGF93 v1 / Lambert-93"');
    expect(e.values.ProjectedCSTypeGeoKey).toBe(2154);
  });

  it('a user-defined projection that is not transverse Mercator names its keys', async () => {
    const e = await expectFailure(fileBytes(smallTiff({ srs: '+proj=lcc +lat_1=20 +lat_2=22 +lon_0=105 +ellps=WGS84 +units=m', geoTransform: GT })), 'unknown-crs', /ProjCoordTransGeoKey=8, not transverse Mercator/);
    expect(e.message).toContain('ProjStdParallel1GeoKey=20');
  });

  it('transverse Mercator on plain WGS 84 (VN-2000 without its shift) is refused, not drawn 225 m off', async () => {
    await expectFailure(fileBytes(smallTiff({ srs: '+proj=tmerc +lat_0=0 +lon_0=105.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +units=m', geoTransform: GT })), 'unknown-crs', /datum that is not VN-2000/);
  });

  it('VN-2000 in degrees', async () => {
    await expectFailure(fileBytes(smallTiff({ srs: 'EPSG:4756', geoTransform: [106, 0.001, 0, 21, 0, -0.001] })), 'unknown-crs', /VN-2000 in degrees is not supported/);
  });

  it('a projective ModelTransformation is refused as such', async () => {
    const path = smallTiff({ srs: 'EPSG:9210', geoTransform: [590000, 9.8, 1.7, 2310000, 1.7, -9.8] });
    const data = patched(path, (bytes, v) => v.setFloat64(tagValueOffset(bytes, 34264) + 12 * 8, 1e-4, true));
    await expectFailure(data, 'unsupported-transform', /^unsupported transform: ModelTransformation is projective \(last row 0\.0001 0 0 1/);
  });

  it('a zero pixel size is refused as degenerate', async () => {
    const path = smallTiff({ srs: 'EPSG:9210', geoTransform: GT });
    const data = patched(path, (bytes, v) => v.setFloat64(tagValueOffset(bytes, 33550), 0, true));
    await expectFailure(data, 'unsupported-transform', /^unsupported transform: degenerate pixel size/);
  });

  it('an outline off the Earth (metres labelled as degrees) is refused', async () => {
    const path = smallTiff({ srs: 'EPSG:4326', geoTransform: [590000, 10, 0, 2310000, 0, -10] });
    await expectFailure(fileBytes(path), 'unsupported-transform', /^unsupported transform: the image's outline does not fall on the Earth in its CRS/);
  });

  it('floating-point samples (an elevation model) are not an image', async () => {
    const vrt = writeVrt(dir, 'dem', singleBand(20, 20, (i, j) => i + j), { srs: 'EPSG:9210', geoTransform: GT });
    const path = translate(vrt, join(dir, 'dem.tif'), ['-ot', 'Float32']);
    await expectFailure(fileBytes(path), 'unsupported-pixels', /^unsupported pixels: samples are floating point \(SampleFormat 3\)/);
  });

  it('a compression the reader lacks is named', async () => {
    const path = smallTiff({ srs: 'EPSG:9210', geoTransform: GT });
    const data = patched(path, (bytes, v) => v.setUint16(tagValueOffset(bytes, 259), 34712, true));
    await expectFailure(data, 'unsupported-pixels', /^unsupported pixels: JPEG 2000 compression \(34712\)/);
  });

  it('a file cut inside its header is corrupt', async () => {
    const bytes = readFileSync(fixture('tm3-epsg-cog').path).subarray(0, 300);
    await expectFailure(new Uint8Array(bytes).buffer, 'corrupt', /^corrupt file: reading the image directories failed \(RangeError/);
  });

  it('a COG cut in half is refused at open: its pixels reach past the end of the file', async () => {
    const whole = readFileSync(fixture('tm3-epsg-cog').path);
    const e = await expectFailure(new Uint8Array(whole.subarray(0, whole.length / 2)).buffer, 'corrupt', /^corrupt file: cut short: the pixels of level 0 reach byte \d+ but the file has \d+ bytes/);
    expect(e.values.size).toBe(Math.floor(whole.length / 2));
  });

  it('a COG whose full-resolution tiles are zeroed opens, and such a tile fails as corrupt', async () => {
    const path = join(dir, 'zeroed.tif');
    const bytes = new Uint8Array(readFileSync(fixture('tm3-epsg-cog').path));
    // Overviews and directories come first in a COG; the full-resolution tiles last.
    bytes.fill(0, Math.floor(bytes.length * 0.6));
    writeFileSync(path, bytes);
    const r = await openGeoTiff(fileBytes(path), 'zeroed.tif');
    const e = await r.readWindow(0, [900, 900, 1000, 1000]).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(GeoTiffError);
    expect((e as GeoTiffError).code).toBe('corrupt');
    expect((e as GeoTiffError).message).toMatch(/^corrupt file: decoding pixels 900–1000 × 900–1000 of level 0 failed .*truncated or damaged/);
  });
});
