// Overviews made in memory for a GeoTIFF without its own, against the ones GDAL makes for the same file
// (`gdaladdo -r nearest`): the same pixels, and the same tiles as gdalwarp draws from GDAL's overview.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GeoRaster } from '../../src/io/geotiff-read';
import { openGeoTiff } from '../../src/io/geotiff-read';
import { buildOverviews, overviewSizes } from '../../src/io/geotiff-overviews';
import { mapTile, renderTile } from '../../src/io/raster-warp';
import { compareTiles, fileBytes, gdal, GDAL_MISSING, gdalTile, tileAt } from './gdal-rasters';
import { fixtures, type FixtureName } from './geotiff-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'dia-gioi-overviews-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = fixtures(dir);

/** The whole of a level as RGBA. */
async function levelPixels(r: GeoRaster, level: number): Promise<Uint8ClampedArray> {
  const { width, height } = r.levels[level]!;
  const win = await r.readWindow(level, [0, 0, width, height]);
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) win.write(i, out, 4 * i);
  return out;
}

describe('overview sizes', () => {
  it('makes none for an image of at most the limit, else halvings down to one tile', () => {
    expect(overviewSizes(2000, 2000, 4_000_000)).toEqual([]);
    // 5,700 px square (the bench's strip TIFF): ÷2 is 8.1 M pixels, ÷4 is 2 M.
    expect(overviewSizes(5700, 5700, 4_000_000).map((s) => s.width)).toEqual([1425, 713, 357, 179]);
    expect(overviewSizes(1000, 300, 100_000)).toEqual([{ width: 500, height: 150 }, { width: 250, height: 75 }]);
  });
});

describe('overviews in memory', () => {
  it('read the full image once, top to bottom, in bands', async () => {
    const bands: number[] = [];
    const levels = await buildOverviews({ width: 3000, height: 2000 }, overviewSizes(3000, 2000, 400_000), async (cols, rows, out) => {
      bands.push(rows[0]!);
      for (let k = 0; k < cols.length; k++) out.set([cols[k]! & 255, rows[k]! & 255, 7, 255], 4 * k);
    });
    expect(bands).toEqual([...bands].sort((a, b) => a - b));
    expect(new Set(bands).size).toBe(bands.length);
    expect(levels.map((l) => l.width)).toEqual([750, 375, 188]);
    // Pixel (10, 20) of the ÷4 level is the full pixel at its top-left corner, (40, 80), as GDAL takes it.
    const l = levels[0]!;
    expect(Array.from(l.rgba.subarray((20 * l.width + 10) * 4, (20 * l.width + 10) * 4 + 4))).toEqual([40, 80, 7, 255]);
  });
});

const gdalTitle = GDAL_MISSING ? `overviews against gdaladdo (skipped: ${GDAL_MISSING})` : 'overviews against gdaladdo';

describe.skipIf(GDAL_MISSING !== null)(gdalTitle, () => {
  it.each(['tm3-epsg-strip', 'grey-nodata-strip', 'palette-proj-strip', 'rgb-deflate-predictor-tiled', 'palette-4bit-strip'] as const)(
    'a file without overviews gets those of gdaladdo -r nearest (%s)',
    async (name: FixtureName) => {
      const f = fixture(name);
      const withGdal = join(dir, `${name}-gdaladdo.tif`);
      copyFileSync(f.path, withGdal);
      // A limit of a third of the image: the first overview is ÷2 (÷4 and on for the 1,000 px ones too).
      const full = await openGeoTiff(fileBytes(f.path), name, { overviewPixels: Math.floor((f.raster.width * f.raster.height) / 3) });
      const factors = full.levels.slice(1).map((l) => Math.round(l.scaleX));
      expect(factors).toEqual(f.raster.width === 1000 ? [2, 4] : [2]);
      gdal('gdaladdo', ['-q', '-r', 'nearest', withGdal, ...factors.map(String)]);
      const theirs = await openGeoTiff(fileBytes(withGdal), name);
      expect(theirs.levels.map((l) => [l.width, l.height])).toEqual(full.levels.map((l) => [l.width, l.height]));
      for (let level = 1; level < full.levels.length; level++) {
        expect(Array.from(await levelPixels(full, level)), `level ${level}`).toEqual(Array.from(await levelPixels(theirs, level)));
      }
    },
  );

  it('a zoomed-out tile of a strip TIFF reads the overview in memory, as gdalwarp reads GDAL\'s', async () => {
    const f = fixture('tm3-epsg-strip');
    const withGdal = join(dir, 'tm3-epsg-strip-tiles.tif');
    copyFileSync(f.path, withGdal);
    const r = await openGeoTiff(fileBytes(f.path), 'tm3-epsg-strip', { overviewPixels: 300_000 });
    gdal('gdaladdo', ['-q', '-r', 'nearest', withGdal, ...r.levels.slice(1).map((l) => String(Math.round(l.scaleX)))]);
    const [w, s, e, n] = r.footprint;
    for (const z of [12, 13]) {
      const t = tileAt((w + e) / 2 + 0.003, (s + n) / 2 - 0.002, z);
      const { level } = mapTile(r, t.z, t.x, t.y);
      expect(level, `z${z}`).toBeGreaterThan(0);
      const ours = await renderTile(r, t.z, t.x, t.y);
      const cmp = compareTiles(ours, gdalTile(dir, withGdal, t.z, t.x, t.y, level), 0);
      expect(cmp.opaque, `z${z}`).toBeGreaterThan(10_000);
      expect(cmp.identical, `z${z}`).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('a file with overviews of its own gets none in memory', async () => {
    const r = await openGeoTiff(fileBytes(fixture('tm3-epsg-cog').path), 'tm3-epsg-cog', { overviewPixels: 1 });
    const cog = await openGeoTiff(fileBytes(fixture('tm3-epsg-cog').path), 'tm3-epsg-cog');
    expect(r.levels).toEqual(cog.levels);
  });
});
