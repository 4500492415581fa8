// Hostile and bad input for layers in real Chromium (issue 12, "Bad input"): a GeoTIFF without
// georeferencing or in a CRS the app does not know, a damaged GeoTIFF or PMTiles, a tile address that is
// not one, a tile server that fails or never answers, a file larger than the space left. Each says what is
// wrong and where; nothing already kept changes; a failing tile layer never blocks the editor.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { OUT_DIR, openSession, TIMEOUT } from './browser';
import { colourPattern, GDAL_MISSING, tagValueOffset, translate, writeVrt } from '../io/gdal-rasters';
import { userTm3Wkt } from '../io/geotiff-fixtures';
import { pmtilesArchive } from '../helpers/pmtiles-archive';
import { expectClean, openApp, openUnroutedSession, screenOf, zoomTo } from './helpers';
import { smallDiskPerTest } from './small-disk';

const baseURL = inject('baseURL');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const BOX = [106.6, 20.8, 106.7, 20.9] as const;

async function openLayers(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Lớp bản đồ' }).click();
  const dialog = page.getByRole('dialog', { name: 'Lớp bản đồ nền và lớp tham chiếu' });
  await dialog.waitFor();
  return dialog;
}

/** The layer files kept in the Origin Private File System, with sizes (partial ones included). */
function opfsFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    let dir: FileSystemDirectoryHandle;
    try {
      dir = await root.getDirectoryHandle('layers');
    } catch {
      return [];
    }
    const out: string[] = [];
    for await (const [name, h] of (dir as any).entries() as AsyncIterable<[string, FileSystemHandle]>) {
      out.push(`${name} ${h.kind === 'file' ? (await (h as FileSystemFileHandle).getFile()).size : 'dir'}`);
    }
    return out.sort();
  });
}

function layerState(page: Page): Promise<{ ids: string[]; usage: number }> {
  return page.evaluate(() => {
    const l = (window as any).__diaGioi.layers;
    return { ids: l.layers.get().map((x: { id: string }) => x.id) as string[], usage: l.usage.get() as number };
  });
}

/** Adds a file through the panel and returns the alert that names it. */
async function addRefused(dialog: Locator, path: string, name: string): Promise<string> {
  await dialog.locator('input[type="file"]').setInputFiles(path);
  const alert = dialog.getByRole('alert').filter({ hasText: name });
  await alert.waitFor({ timeout: TIMEOUT }).catch(async (e: unknown) => {
    // What the panel said instead, for the failure's message.
    throw new Error(`no alert naming ${name}; the panel says: ${await dialog.textContent().catch(() => '?')}`, { cause: e });
  });
  const text = (await alert.textContent()) ?? '';
  console.log(`${name}: ${text}`);
  return text;
}

/** A small reference layer kept first: what must stay as it was. */
async function keepReference(page: Page, dialog: Locator): Promise<void> {
  const file = join(OUT_DIR, 'giu-lai.geojson');
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { n: 1 }, geometry: { type: 'Point', coordinates: [106.68, 20.85] } }] }));
  await dialog.locator('input[type="file"]').setInputFiles(file);
  await dialog.getByText('Đã thêm lớp "giu-lai".').waitFor();
  await page.waitForFunction(() => (window as any).__diaGioi.layers.usage.get() > 0, undefined, { timeout: TIMEOUT });
}

describe('bad layer files', () => {
  it.skipIf(GDAL_MISSING !== null)('each GeoTIFF and PMTiles that cannot be shown says which file and what is wrong; nothing is kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diagioi-badlayers-'));
    const GT = [590000, 10, 0, 2310000, 0, -10];
    const tif = (name: string, vrt: Parameters<typeof writeVrt>[3], args: string[] = [], size = 20) => translate(writeVrt(dir, name, colourPattern(size, size), vrt), join(dir, `${name}.tif`), args);
    const noGeoref = tif('khong-toa-do', {});
    const lambert = tif('lambert-93', { srs: 'EPSG:2154', geoTransform: [700000, 10, 0, 6600000, 0, -10] });
    const lcc = tif('lcc-tu-dinh-nghia', { srs: '+proj=lcc +lat_1=20 +lat_2=22 +lon_0=105 +ellps=WGS84 +units=m', geoTransform: GT });
    const whole = readFileSync(tif('cat-doi-src', { srs: userTm3Wkt(105.75), geoTransform: GT }, ['-of', 'COG', '-co', 'COMPRESS=DEFLATE', '-co', 'BLOCKSIZE=256'], 1024));
    const cut = join(dir, 'cat-doi.tif');
    writeFileSync(cut, whole.subarray(0, whole.length / 2));
    const j2k = join(dir, 'jpeg2000.tif');
    const strip = new Uint8Array(readFileSync(tif('j2k-src', { srs: userTm3Wkt(105.75), geoTransform: GT })));
    new DataView(strip.buffer).setUint16(tagValueOffset(strip, 259), 34712, true);
    writeFileSync(j2k, strip);
    const archive = pmtilesArchive([{ z: 12, x: 3261, y: 1804, data: PNG }, { z: 13, x: 6523, y: 3608, data: PNG }], BOX);
    const pm = (name: string, bytes: Buffer) => {
      const p = join(dir, `${name}.pmtiles`);
      writeFileSync(p, bytes);
      return p;
    };
    const badMagic = Buffer.from(archive);
    badMagic.write('XMTiles', 0, 'ascii');
    const unknownType = Buffer.from(archive);
    unknownType[99] = 9;
    const s = await openUnroutedSession();
    try {
      await openApp(s.page, baseURL);
      const dialog = await openLayers(s.page);
      await keepReference(s.page, dialog);
      const before = { state: await layerState(s.page), files: await opfsFiles(s.page) };
      const said: Record<string, string> = {};
      said.noGeoref = await addRefused(dialog, noGeoref, 'khong-toa-do.tif');
      said.lambert = await addRefused(dialog, lambert, 'lambert-93.tif');
      said.lcc = await addRefused(dialog, lcc, 'lcc-tu-dinh-nghia.tif');
      said.cut = await addRefused(dialog, cut, 'cat-doi.tif');
      said.j2k = await addRefused(dialog, j2k, 'jpeg2000.tif');
      said.badMagic = await addRefused(dialog, pm('sai-ma', badMagic), 'sai-ma.pmtiles');
      said.shortHeader = await addRefused(dialog, pm('cut-dau', archive.subarray(0, 60)), 'cut-dau.pmtiles');
      said.shortDirectory = await addRefused(dialog, pm('cut-thu-muc', archive.subarray(0, 130)), 'cut-thu-muc.pmtiles');
      said.unknownType = await addRefused(dialog, pm('loai-la', unknownType), 'loai-la.pmtiles');
      // Vietnamese first, with what is wrong.
      expect(said.noGeoref).toMatch(/không có thông tin vị trí/);
      expect(said.lambert).toMatch(/hệ tọa độ.*không được hỗ trợ.*EPSG:2154/);
      expect(said.lcc).toMatch(/hệ tọa độ.*không được hỗ trợ.*ProjCoordTransGeoKey=8/);
      expect(said.cut).toMatch(/hỏng hoặc bị cắt/);
      expect(said.j2k).toMatch(/JPEG 2000/);
      expect(said.badMagic).toMatch(/không phải tệp PMTiles/);
      expect(said.shortHeader).toMatch(/không phải tệp PMTiles|bị cắt/);
      expect(said.shortDirectory).toMatch(/bị cắt/);
      expect(said.unknownType).toMatch(/loại ô bản đồ.*\(9\)/);
      expect(await layerState(s.page)).toEqual(before.state);
      expect(await opfsFiles(s.page)).toEqual(before.files);
      await s.page.screenshot({ path: join(OUT_DIR, 'layers-bad-files.png') });
      expectClean(s);
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a tile address without {z}/{x}/{y} or with another scheme is refused, saying why', async () => {
    const s = await openUnroutedSession();
    try {
      await openApp(s.page, baseURL);
      const dialog = await openLayers(s.page);
      const refuse = async (url: string) => {
        await dialog.getByLabel('Địa chỉ').fill(url);
        await dialog.getByRole('button', { name: 'Thêm', exact: true }).click();
        const alert = dialog.getByRole('alert');
        await alert.waitFor();
        const text = (await alert.textContent()) ?? '';
        console.log(`${url}: ${text}`);
        return text;
      };
      expect(await refuse('https://tiles.example.vn/nen.png')).toMatch(/thiếu \{z\}, \{x\}, \{y\}/);
      expect(await refuse('ftp://tiles.example.vn/{z}/{x}/{y}.png')).toMatch(/https: hoặc http:.*\(ftp:\)/);
      expect(await layerState(s.page)).toEqual({ ids: [], usage: 0 });
      expectClean(s);
    } finally {
      await s.close();
    }
  });
});

/** A tile server that answers 500 under /500/, 404 under /404/, and never answers under /hang/. */
async function failingServer(): Promise<{ server: Server; origin: string; hung: ServerResponse[] }> {
  const hung: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const url = req.url ?? '';
    if (url.startsWith('/hang/')) {
      hung.push(res);
      return;
    }
    res.writeHead(url.startsWith('/404/') ? 404 : 500, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' });
    res.end('no tile here');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, hung };
}

describe('a failing tile server', () => {
  let srv: Awaited<ReturnType<typeof failingServer>>;
  beforeAll(async () => {
    srv = await failingServer();
  });
  afterAll(async () => {
    for (const r of srv.hung) r.destroy();
    srv.server.closeAllConnections();
    await new Promise((r) => srv.server.close(r));
  });

  it('never blocks the editor, and the panel says which layer fails and how', async () => {
    const s = await openUnroutedSession();
    try {
      await openApp(s.page, baseURL);
      await s.page.evaluate(() => navigator.serviceWorker.ready);
      await s.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: TIMEOUT });
      let dialog = await openLayers(s.page);
      for (const [path, name] of [['500', 'Lỗi máy chủ'], ['404', 'Không có ô'], ['hang', 'Không trả lời']]) {
        await dialog.getByLabel('Địa chỉ').fill(`${srv.origin}/${path}/{z}/{x}/{y}.png`);
        await dialog.getByLabel('Tên lớp').fill(name!);
        await dialog.getByRole('button', { name: 'Thêm', exact: true }).click();
        await dialog.getByText(`Đã thêm lớp "${name}".`).waitFor();
      }
      await dialog.getByRole('button', { name: 'Tải lại trang' }).click();
      // The map is ready for the editor although one server never answers.
      await s.page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: TIMEOUT });
      await s.page.waitForFunction(() => (window as any).__diaGioi?.layers?.layers.get().length === 3, undefined, { timeout: TIMEOUT });
      // Select a unit and move a vertex, with the tile requests failing and hanging meanwhile.
      await s.page.getByRole('list', { name: 'Danh sách đơn vị' }).getByRole('button', { name: /Thành Đông/ }).click();
      await s.page.getByRole('button', { name: 'Sửa đỉnh' }).click();
      const v = await s.page.evaluate(() => {
        const c = (window as any).__diaGioi.editor.coverage.get();
        for (const ref of c.units.get('10507').polygons[0][0] as number[]) {
          const a = ref < 0 ? ~ref : ref;
          const arc = c.arcs[a] as [number, number][];
          if (arc.length >= 8) return { arc: a, index: Math.floor(arc.length / 2), at: arc[Math.floor(arc.length / 2)]! };
        }
        throw new Error('no arc of 10507 with interior vertices');
      });
      await zoomTo(s.page, v.at, 18);
      const from = await screenOf(s.page, v.at[0], v.at[1]);
      // Not mapIdle: a map with a tile outstanding is never idle. The handle drawn under the pointer is enough.
      const box = (await s.page.locator('[data-testid="map"]').boundingBox())!;
      await s.page.waitForFunction(([x, y]) => {
        const m = (window as any).__diaGioi.map().map;
        return m.getLayer('handles-vertex') && m.queryRenderedFeatures([[x - 3, y - 3], [x + 3, y + 3]], { layers: ['handles-vertex'] }).length > 0;
      }, [from.x - box.x, from.y - box.y] as const, { timeout: TIMEOUT });
      const index0 = await s.page.evaluate(() => (window as any).__diaGioi.editor.history.get().index as number);
      await s.page.mouse.move(from.x, from.y);
      await s.page.mouse.down();
      for (let i = 1; i <= 5; i++) await s.page.mouse.move(from.x + 6 * i, from.y + 4 * i);
      await s.page.mouse.up();
      await s.page.waitForFunction((i0) => (window as any).__diaGioi.editor.history.get().index === i0 + 1, index0, { timeout: TIMEOUT });
      // The header says layers fail, the panel closed; the panel says, per layer, how.
      await s.page.getByRole('button', { name: /Lớp bản đồ.*3 lớp không tải được/ }).waitFor({ timeout: TIMEOUT });
      dialog = await openLayers(s.page);
      const item = (name: string) => dialog.getByRole('listitem').filter({ hasText: name });
      await item('Lỗi máy chủ').getByText(/ô bản đồ không tải được \(HTTP 500\)/).waitFor({ timeout: TIMEOUT });
      await item('Không có ô').getByText(/ô bản đồ không tải được \(HTTP 404\)/).waitFor({ timeout: TIMEOUT });
      await item('Không trả lời').getByText(/máy chủ không trả lời/).waitFor({ timeout: TIMEOUT });
      await s.page.screenshot({ path: join(OUT_DIR, 'layers-failing-tiles.png') });
      const expected = ['Content Security Policy', 'Failed to load resource', 'Failed to fetch'];
      expectClean({ blocked: s.blocked, errors: s.errors.filter((e) => !expected.some((x) => e.includes(x))) });
    } finally {
      await s.close();
    }
  });
});

/** Takes all but `bytes` of the tmpfs at `mount` (freed when it is unmounted). */
function leaveFree(mount: string, bytes: number): void {
  const st = statfsSync(mount);
  execFileSync('fallocate', ['-l', String(st.bavail * st.bsize - bytes), join(mount, 'filler-all-but')]);
  const left = statfsSync(mount);
  expect(left.bavail * left.bsize).toBeLessThanOrEqual(bytes);
}

describe('a layer file larger than the space left', () => {
  const disk = smallDiskPerTest();

  it('says it did not fit, keeps nothing of it, and the layers kept before stay', async () => {
    const d = disk();
    // 8 MB of tile data: far more than the few pages a filled disk has left.
    const big = pmtilesArchive([{ z: 12, x: 3261, y: 1804, data: Buffer.concat([PNG, randomBytes(8 << 20)]) }], BOX);
    const file = join(d.mount, 'anh-lon.pmtiles');
    writeFileSync(file, big);
    const s = await openSession({ profileDir: d.profileDir, persistentStorageFor: baseURL });
    try {
      await openApp(s.page, baseURL);
      const dialog = await openLayers(s.page);
      await keepReference(s.page, dialog);
      const before = { state: await layerState(s.page), files: await opfsFiles(s.page) };
      // Not filled to the last byte: Chromium's own bookkeeping of the origin's files then fails too, and
      // the browser crashes (a FILE_ERROR_NO_SPACE in its sandbox directory database). A few MB left is the
      // case that matters anyway: a file larger than what is left.
      leaveFree(d.mount, 2 << 20);
      const text = await addRefused(dialog, file, 'anh-lon.pmtiles');
      // Chromium names the full disk either way (QuotaExceededError, or NotReadableError when the picked
      // file cannot be spooled): the message names the file and its size, and says nothing was kept.
      expect(text).toMatch(/^(Không đủ chỗ để giữ|Không giữ được) tệp anh-lon\.pmtiles \(8\.0 MB\).*Không lưu gì của tệp; các lớp đã có vẫn giữ nguyên/);
      expect(await layerState(s.page)).toEqual(before.state);
      expect(await opfsFiles(s.page)).toEqual(before.files);
      // The layer kept before is still listed and readable.
      expect(await s.page.evaluate(() => (window as any).__diaGioi.layers.errors.get().size as number)).toBe(0);
      await s.page.screenshot({ path: join(OUT_DIR, 'layers-no-space.png') });
      // The refusal is logged as well as shown (never swallowed): that line is expected, nothing else.
      expectClean({ blocked: s.blocked, errors: s.errors.filter((e) => !e.startsWith('LayerFileNotKeptError: anh-lon.pmtiles')) });
    } finally {
      await s.close();
    }
  });
});
