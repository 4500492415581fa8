// Tiles of GeoTIFFs in every supported CRS against GDAL's warp of the same file, the interpolated inverse
// projection against the exact one, and the choice of overview. GDAL is the independent engine here
// (DESIGN.md §3.14): `gdalwarp -t_srs EPSG:3857 -te <tile> -ts 256 256 -r near` must give the same pixels.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toLonLat } from '../../src/io/crs';
import { applyGeoTransform } from '../../src/io/geotiff-georef';
import type { GeoRaster, RasterLevel } from '../../src/io/geotiff-read';
import { openGeoTiff } from '../../src/io/geotiff-read';
import { chooseLevel, exactTilePixels, mapTile, MAX_INTERPOLATION_ERROR, renderTile, TILE_SIZE } from '../../src/io/raster-warp';
import { vn2000 } from '../../src/io/vn2000';
import { compareTiles, fileBytes, GDAL_MISSING, gdalTile, tileAt } from './gdal-rasters';
import { fixtures, type FixtureName } from './geotiff-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'dia-gioi-raster-warp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = fixtures(dir);

const open = (name: FixtureName): Promise<GeoRaster> => openGeoTiff(fileBytes(fixture(name).path), name);

type Tile = { z: number; x: number; y: number };

/**
 * Zooms 12–18 a little off the image's centre (not on a tile corner; on the edge of the fixtures' transparent
 * disc), and a tile across the image's west edge.
 */
function tilesOver(r: GeoRaster): Tile[] {
  const at = (u: number, v: number) => toLonLat(r.crs)(applyGeoTransform(r.geoTransform, u, v));
  const [lon, lat] = at(r.width * 0.43, r.height * 0.57);
  const inner = [12, 13, 14, 15, 16, 17, 18].map((z) => tileAt(lon, lat, z));
  // The zoom at which a point of the west edge falls well inside a tile, so that it is partly outside.
  const [elon, elat] = at(0, r.height * 0.3);
  const edgeZoom = [15, 14, 16, 13, 17, 12, 18].find((z) => {
    const f = ((elon + 180) / 360) * 2 ** z;
    return f - Math.floor(f) > 0.2 && f - Math.floor(f) < 0.8;
  }) ?? 15;
  return [...inner, tileAt(elon, elat, edgeZoom)];
}

/**
 * Pixels where our tile differs from GDAL's and GDAL's colour is not that of any source pixel within one
 * pixel (of the level sampled) of the one we took: a difference at the edge of a source pixel, where the
 * two computations fall on either side of it, is allowed; a sampling position off by more is not.
 */
async function unmatched(r: GeoRaster, t: Tile, ours: Uint8ClampedArray, ref: Uint8ClampedArray, tolerance: number): Promise<number> {
  const { coords, level } = mapTile(r, t.z, t.x, t.y);
  const lv = r.levels[level]!;
  const differing: number[] = [];
  for (let k = 0; k < TILE_SIZE * TILE_SIZE; k++) {
    const a = ours[k * 4 + 3]!, b = ref[k * 4 + 3]!;
    const same = a === 0 && b === 0 || (a !== 0 && b !== 0 && [0, 1, 2, 3].every((c) => Math.abs(ours[k * 4 + c]! - ref[k * 4 + c]!) <= tolerance));
    if (!same) differing.push(k);
  }
  if (differing.length === 0) return 0;
  const col = (k: number) => Math.floor(coords[k * 2]! / lv.scaleX), row = (k: number) => Math.floor(coords[k * 2 + 1]! / lv.scaleY);
  const cs = differing.map(col).filter(Number.isFinite), rs = differing.map(row).filter(Number.isFinite);
  const win = await r.readWindow(level, [Math.min(...cs) - 1, Math.min(...rs) - 1, Math.max(...cs) + 2, Math.max(...rs) + 2]);
  const px = new Uint8ClampedArray(4);
  let count = 0;
  for (const k of differing) {
    let found = false;
    for (let dr = -1; dr <= 1 && !found; dr++) {
      for (let dc = -1; dc <= 1 && !found; dc++) {
        const c = col(k) + dc, rr = row(k) + dr;
        px.fill(0);
        const inside = c >= 0 && rr >= 0 && c < lv.width && rr < lv.height;
        if (inside) win.write((rr - win.y0) * win.width + (c - win.x0), px, 0);
        const gdalClear = ref[k * 4 + 3] === 0;
        found = px[3] === 0 ? gdalClear : !gdalClear && [0, 1, 2, 3].every((ch) => Math.abs(px[ch]! - ref[k * 4 + ch]!) <= tolerance);
      }
    }
    if (!found) count++;
  }
  return count;
}

const CASES: readonly { name: FixtureName; what: string; tolerance?: number; minZoom?: number }[] = [
  { name: 'tm3-epsg-cog', what: 'VN-2000 TM-3 EPSG:9210, COG with overviews' },
  { name: 'tm3-epsg-strip', what: 'VN-2000 TM-3 EPSG:9210, strip TIFF' },
  { name: 'tm3-user-wkt-strip', what: 'user-defined VN-2000 TM-3 106°15′ (GDAL from WKT), LZW strips' },
  { name: 'palette-proj-strip', what: 'palette, user-defined TM-3 from a +towgs84 proj string' },
  { name: 'palette-cog', what: 'palette COG' },
  { name: 'utm48-cog', what: 'VN-2000 / UTM 48N (EPSG:3405), COG' },
  { name: 'utm49-strip', what: 'VN-2000 / UTM 49N (EPSG:3406), Đà Nẵng' },
  { name: 'wgs84-cog', what: 'WGS 84 degrees (EPSG:4326), COG' },
  { name: 'webmerc-cog', what: 'Web Mercator (EPSG:3857), COG' },
  { name: 'rgba-utm48-cog', what: 'RGBA with a transparent disc' },
  { name: 'grey-nodata-strip', what: 'grey with nodata' },
  { name: 'point-strip', what: 'PixelIsPoint (half-pixel shift)' },
  { name: 'rotated-strip', what: 'rotated 10° (ModelTransformation)' },
  // Two JPEG decoders (geotiff.js here, libjpeg in GDAL) round the inverse DCT, upsample the chroma and
  // convert YCbCr → RGB differently: the image is smooth and the colours compared within a few levels. In
  // the overviews GDAL blackens the masked pixels, and at that sharp edge the decoders' chroma differs by
  // far more, so only the full-resolution tiles are compared (the mask itself must match everywhere).
  { name: 'jpeg-mask-cog', what: 'JPEG YCbCr COG with an internal mask', tolerance: 6, minZoom: 14 },
];

const gdalTitle = GDAL_MISSING ? `tiles against gdalwarp (skipped: ${GDAL_MISSING})` : 'tiles against gdalwarp';

describe.skipIf(GDAL_MISSING !== null)(gdalTitle, () => {
  it.each(CASES)('$what: 99 % identical, the rest within one source pixel ($name)', async ({ name, tolerance = 0, minZoom = 0 }) => {
    const r = await open(name);
    const tiles = tilesOver(r).filter((t) => t.z >= minZoom);
    for (const t of tiles) {
      const { level } = mapTile(r, t.z, t.x, t.y);
      const ours = await renderTile(r, t.z, t.x, t.y);
      const f = fixture(name);
      const ref = gdalTile(dir, f.path, t.z, t.x, t.y, level, f.palette);
      const cmp = compareTiles(ours, ref, tolerance);
      const where = `${name} tile ${t.z}/${t.x}/${t.y} level ${level}`;
      expect(cmp.opaque, `${where}: GDAL drew something`).toBeGreaterThan(10_000);
      if (t === tiles[tiles.length - 1]) expect(cmp.opaque, `${where}: the edge tile is partly outside`).toBeLessThan(60_000);
      expect(cmp.identical, where).toBeGreaterThanOrEqual(0.99);
      expect(await unmatched(r, t, ours, ref, tolerance), where).toBe(0);
    }
  });

  it('a zoomed-out tile of a COG reads an overview, the same tile of a strip TIFF the full image', async () => {
    const cog = await open('tm3-epsg-cog'), strip = await open('tm3-epsg-strip');
    const [w, s, e, n] = cog.footprint;
    const t = tileAt((w + e) / 2, (s + n) / 2, 12);
    expect(mapTile(cog, t.z, t.x, t.y).level).toBe(cog.levels.length - 1);
    expect(mapTile(strip, t.z, t.x, t.y).level).toBe(0);
  });

  it('a window too large for memory is read in bands of rows, with the same result', async () => {
    const r = await open('tm3-epsg-strip');
    const reads: number[] = [];
    // The window way (a layout the block sampler does not take): samplePixels declines.
    const spy: GeoRaster = { ...r, samplePixels: () => Promise.resolve(false), readWindow: (level, win, signal) => (reads.push(win[3] - win[1]), r.readWindow(level, win, signal)) };
    const [w, s, e, n] = r.footprint;
    const t = tileAt((w + e) / 2, (s + n) / 2, 12);
    const whole = await renderTile(r, t.z, t.x, t.y);
    const banded = await renderTile(spy, t.z, t.x, t.y, { windowPixelLimit: 50_000 });
    expect(reads.length).toBeGreaterThan(10);
    expect(Array.from(banded)).toEqual(Array.from(whole));
  });

  it.each([
    'uint16-strip', 'uint16-big-endian-strip', 'rgb-deflate-predictor-tiled', 'rgb-packbits-strip', 'tm3-epsg-cog', 'rgba-utm48-cog',
    'palette-proj-strip', 'grey-nodata-strip', 'palette-4bit-strip', 'jpeg-mask-cog',
  ] as const)('the block sampler gives exactly the pixels of the window way (%s)', async (name) => {
    const r = await open(name);
    const windowed: GeoRaster = { ...r, samplePixels: () => Promise.resolve(false) };
    let sampled = 0;
    const counted: GeoRaster = { ...r, samplePixels: async (...a) => (await r.samplePixels(...a)) && ++sampled > 0 };
    const tiles = tilesOver(r);
    for (const t of tiles) {
      const ours = await renderTile(counted, t.z, t.x, t.y);
      expect(Array.from(ours), `${name} ${t.z}/${t.x}/${t.y}`).toEqual(Array.from(await renderTile(windowed, t.z, t.x, t.y)));
    }
    // Sub-byte samples and a separate mask image are read the window way only.
    const takesBlocks = name !== 'palette-4bit-strip' && name !== 'jpeg-mask-cog';
    expect(sampled).toBe(takesBlocks ? tiles.length : 0);
  });

  it('a tile far from the image is transparent and reads nothing', async () => {
    const r = await open('tm3-epsg-cog');
    const reads: number[] = [];
    const spy: GeoRaster = { ...r, readWindow: (level, win, signal) => (reads.push(level), r.readWindow(level, win, signal)) };
    const far = tileAt(105.0, 21.5, 14);
    const tile = await renderTile(spy, far.z, far.x, far.y);
    expect(tile.every((v) => v === 0)).toBe(true);
    expect(reads).toEqual([]);
  });
});

describe('inverse projection on the interpolation grid', () => {
  // A 10 km × 10 km orthophoto at 1 m on TM-3 105°45′ (Hải Phòng) with overviews ×2 … ×64, as a COG has.
  const levels: RasterLevel[] = [1, 2, 4, 8, 16, 32, 64].map((f) => ({ width: Math.ceil(10_000 / f), height: Math.ceil(10_000 / f), scaleX: 10_000 / Math.ceil(10_000 / f), scaleY: 10_000 / Math.ceil(10_000 / f) }));
  const raster = { crs: vn2000(105.75), geoTransform: [590000, 1, 0, 2310000, 0, -1] as const, levels };
  // The image spans about 106.616–106.713 °E, 20.790–20.881 °N; tiles at its corners and centre.
  const points = [[106.62, 20.875], [106.71, 20.875], [106.62, 20.795], [106.71, 20.795], [106.665, 20.835]] as const;

  it.each([10, 11, 12, 13, 14, 15, 16, 17, 18, 19])('zoom %i: error below 0.1 pixel of the level sampled (and of the tile)', (z) => {
    for (const [lon, lat] of points) {
      const { x, y } = tileAt(lon, lat, z);
      const m = mapTile(raster, z, x, y);
      const exact = exactTilePixels(raster, z, x, y);
      const lv = levels[m.level]!;
      // One tile pixel measured in full-resolution source pixels, to express the error in tile pixels too.
      const tilePixel = Math.hypot(exact[2]! - exact[0]!, exact[3]! - exact[1]!);
      let worst = 0, worstTile = 0;
      for (let k = 0; k < exact.length; k += 2) {
        const dc = Math.abs(m.coords[k]! - exact[k]!), dr = Math.abs(m.coords[k + 1]! - exact[k + 1]!);
        worst = Math.max(worst, dc / lv.scaleX, dr / lv.scaleY);
        worstTile = Math.max(worstTile, Math.hypot(dc, dr) / tilePixel);
      }
      expect(worst, `z${z} at ${lon},${lat}: level ${m.level}`).toBeLessThan(0.1);
      expect(worst).toBeLessThanOrEqual(MAX_INTERPOLATION_ERROR);
      expect(worstTile).toBeLessThan(0.1);
    }
  });

  it('a cell whose interpolation is off is projected pixel by pixel', () => {
    // A 256 px step leaves one cell over the whole tile: at zoom 9 its bilinear guess is visibly off.
    const { x, y } = tileAt(106.665, 20.835, 9);
    const coarse = mapTile(raster, 9, x, y, 256);
    const exact = exactTilePixels(raster, 9, x, y);
    expect(coarse.exactCells).toBe(1);
    expect(Array.from(coarse.coords)).toEqual(Array.from(exact));
  });
});

describe('choice of overview', () => {
  const levels: RasterLevel[] = [1, 2, 4, 8].map((f) => ({ width: 1000 / f, height: 1000 / f, scaleX: f, scaleY: f }));

  it('takes the finest level whose pixel is about (within √2) as coarse as the tile pixel: the nearest one', () => {
    expect(chooseLevel(levels, 0.3)).toBe(0);
    expect(chooseLevel(levels, 1)).toBe(0);
    expect(chooseLevel(levels, 1.4)).toBe(0);
    expect(chooseLevel(levels, 1.45)).toBe(1);
    expect(chooseLevel(levels, 2)).toBe(1);
    expect(chooseLevel(levels, 2.8)).toBe(1);
    expect(chooseLevel(levels, 2.9)).toBe(2);
    expect(chooseLevel(levels, 7.5)).toBe(3);
  });

  it('takes the coarsest when the tile is coarser than every level', () => {
    expect(chooseLevel(levels, 100)).toBe(3);
  });
});
