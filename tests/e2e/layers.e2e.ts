// Basemaps and reference layers in real Chromium (issue 12): a tile server on another loopback port is
// refused by the Content-Security-Policy until the user adds it and the page reloads; then its tiles are
// drawn under the units. A reference layer read from a file is drawn over the units' fill, survives an
// offline reload, and is never a unit.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { OUT_DIR, TIMEOUT } from './browser';
import { bandsOfRgb, GDAL_MISSING, translate, writeVrt } from '../io/gdal-rasters';
import { userTm3Wkt } from '../io/geotiff-fixtures';
import { vn2000, vn2000ToWgs84 } from '../../src/io/vn2000';
import { pmtilesArchive } from '../helpers/pmtiles-archive';
import { drawn, expectClean, mapIdle, openApp, openUnroutedSession, reloadOffline, screenOf, zoomTo } from './helpers';

const baseURL = inject('baseURL');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** A 256×256 PNG of one colour with a darker 1-px frame (each tile's edges show in a screenshot). */
function tilePng(rgb: [number, number, number]): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < 256; y++) {
    const row = Buffer.alloc(1 + 256 * 3);
    for (let x = 0; x < 256; x++) {
      const edge = x === 0 || y === 0;
      row[1 + x * 3] = edge ? rgb[0] >> 1 : rgb[0];
      row[2 + x * 3] = edge ? rgb[1] >> 1 : rgb[1];
      row[3 + x * 3] = edge ? rgb[2] >> 1 : rgb[2];
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** A tile server on a loopback port of its own (another origin than the app's). */
async function tileServer(): Promise<{ server: Server; origin: string; requests: string[] }> {
  const png = tilePng([120, 190, 230]);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Access-Control-Allow-Origin': '*' });
      res.end(png);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { server, origin: `http://127.0.0.1:${port}`, requests };
}

/** The lon/lat box of XYZ tile z/x/y. */
function tileBox(z: number, x: number, y: number): [number, number, number, number] {
  const lon = (i: number) => (i / 2 ** z) * 360 - 180;
  const lat = (j: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * j) / 2 ** z))) * 180) / Math.PI;
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}

/** The colour the map canvas shows at a lon/lat, with the units' fill hidden (basemaps are drawn under it). */
function mapColour(page: Page, lon: number, lat: number): Promise<number[]> {
  return page.evaluate(([x, y]) => {
    const m = (window as any).__diaGioi.map().map;
    for (const id of ['units-fill', 'units-neighbour', 'units-selected']) m.setLayoutProperty(id, 'visibility', 'none');
    const p = m.project([x, y]);
    const src = m.getCanvas() as HTMLCanvasElement;
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(src, 0, 0);
    const k = src.width / src.clientWidth;
    return [...ctx.getImageData(Math.round(p.x * k), Math.round(p.y * k), 1, 1).data].slice(0, 3);
  }, [lon, lat] as const);
}

async function openLayers(page: Page) {
  await page.getByRole('button', { name: 'Lớp bản đồ' }).click();
  const dialog = page.getByRole('dialog', { name: 'Lớp bản đồ nền và lớp tham chiếu' });
  await dialog.waitFor();
  return dialog;
}

/** Style layers the map has for the user's layers (source `user:<id>`). */
function userStyleLayers(page: Page): Promise<string[]> {
  return page.evaluate(() => ((window as any).__diaGioi.map().map.getStyle().layers as { id: string }[]).map((l) => l.id).filter((id) => id.startsWith('user:')));
}

describe('layers', () => {
  let tiles: Awaited<ReturnType<typeof tileServer>>;
  let other: Awaited<ReturnType<typeof tileServer>>;
  beforeAll(async () => {
    tiles = await tileServer();
    other = await tileServer();
  });
  afterAll(async () => {
    await new Promise((r) => tiles.server.close(r));
    await new Promise((r) => other.server.close(r));
  });

  it('a tile server is refused until the user adds it; after the reload its tiles are drawn under the units', async () => {
    const s = await openUnroutedSession();
    try {
      await s.context.addInitScript(() => {
        const w = window as any;
        w.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(e.blockedURI));
      });
      await openApp(s.page, baseURL);
      // The service worker must answer the next navigation: it is what widens the policy.
      await s.page.evaluate(() => navigator.serviceWorker.ready);
      await s.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: TIMEOUT });
      const dialog = await openLayers(s.page);
      await dialog.getByLabel('Địa chỉ').fill(`${tiles.origin}/tiles/{z}/{x}/{y}.png`);
      await dialog.getByLabel('Tên lớp').fill('Nền thử');
      await dialog.getByRole('button', { name: 'Thêm', exact: true }).click();
      await dialog.getByText('Đã thêm lớp "Nền thử".').waitFor();
      await dialog.getByText('Máy chủ bản đồ mới chỉ được phép sau khi tải lại trang').waitFor();
      // Before the reload the page's policy refuses the host: the map asked, the browser blocked it.
      await s.page.waitForFunction((o) => ((window as any).__violations as string[]).some((u) => u.startsWith(o)), tiles.origin, { timeout: TIMEOUT });
      expect(tiles.requests).toEqual([]);
      expect(await userStyleLayers(s.page)).toHaveLength(1);
      await dialog.getByRole('button', { name: 'Tải lại trang' }).click();
      await s.page.waitForFunction(() => (window as any).__diaGioi?.layers?.layers.get().length === 1, undefined, { timeout: TIMEOUT });
      await s.page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: TIMEOUT });
      await expect.poll(() => tiles.requests.filter((u) => u.startsWith('/tiles/')).length).toBeGreaterThan(0);
      await mapIdle(s.page);
      // Under the units: the raster layer sits below every layer of the draft.
      const order = await s.page.evaluate(() => ((window as any).__diaGioi.map().map.getStyle().layers as { id: string }[]).map((l) => l.id));
      const raster = order.findIndex((id) => id.startsWith('user:'));
      expect(raster).toBeGreaterThan(-1);
      expect(raster).toBeLessThan(order.indexOf('units-fill'));
      expect(await s.page.evaluate(() => ((window as any).__violations as string[]).length)).toBe(0);
      await s.page.screenshot({ path: join(OUT_DIR, 'layers-tiles.png') });
      // A host the user did not add stays refused by the policy, even from the page's own script.
      const refused = await s.page.evaluate((o) => fetch(`${o}/tiles/1/1/1.png`).then(() => 'fetched', () => 'refused'), other.origin);
      expect(refused).toBe('refused');
      expect(other.requests).toEqual([]);
      await s.page.waitForFunction((o) => ((window as any).__violations as string[]).some((u) => u.startsWith(o)), other.origin, { timeout: TIMEOUT });
      expectClean({ blocked: s.blocked, errors: s.errors.filter((e) => !e.includes('Content Security Policy') && !e.includes('Failed to fetch')) });
    } finally {
      await s.close();
    }
  });

  it('a file added as a reference layer is drawn over the units, is no unit, and is there offline the next day', async () => {
    const s = await openUnroutedSession();
    try {
      await openApp(s.page, baseURL);
      const before = await s.page.evaluate(() => (window as any).__diaGioi.editor.coverage.get().units.size as number);
      // Two parcels and a marker in the middle of Hải Phòng.
      const fc = {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { so_thua: 101 }, geometry: { type: 'Polygon', coordinates: [[[106.68, 20.85], [106.69, 20.85], [106.69, 20.86], [106.68, 20.86], [106.68, 20.85]]] } },
          { type: 'Feature', properties: { so_thua: 102 }, geometry: { type: 'Polygon', coordinates: [[[106.69, 20.85], [106.70, 20.85], [106.70, 20.86], [106.69, 20.86], [106.69, 20.85]]] } },
          { type: 'Feature', properties: { so_thua: 'M1' }, geometry: { type: 'Point', coordinates: [106.685, 20.855] } },
        ],
      };
      const file = join(OUT_DIR, 'thua-dat.geojson');
      writeFileSync(file, JSON.stringify(fc));
      const dialog = await openLayers(s.page);
      await dialog.locator('input[type="file"]').setInputFiles(file);
      await dialog.getByText('Đã thêm lớp "thua-dat".').waitFor();
      await dialog.getByText('3 đối tượng').waitFor();
      await dialog.getByLabel('Nhãn theo trường').selectOption('so_thua');
      await dialog.getByRole('button', { name: 'Đóng' }).click();
      const layers = await userStyleLayers(s.page);
      expect(layers.some((id) => id.endsWith(':line'))).toBe(true);
      expect(layers.some((id) => id.endsWith(':label'))).toBe(true);
      // Over the units' fill, under the borders.
      const order = await s.page.evaluate(() => ((window as any).__diaGioi.map().map.getStyle().layers as { id: string }[]).map((l) => l.id));
      const line = order.findIndex((id) => id.startsWith('user:') && id.endsWith(':line'));
      expect(line).toBeGreaterThan(order.indexOf('units-fill'));
      expect(line).toBeLessThan(order.indexOf('borders-shared'));
      expect(await s.page.evaluate(() => (window as any).__diaGioi.editor.coverage.get().units.size as number)).toBe(before);
      await s.page.evaluate(() => (window as any).__diaGioi.map().map.jumpTo({ center: [106.69, 20.855], zoom: 14 }));
      await mapIdle(s.page);
      const rendered = await s.page.evaluate((ids) => (window as any).__diaGioi.map().map.queryRenderedFeatures({ layers: ids }).length as number, layers.filter((id) => id.endsWith(':line')));
      expect(rendered).toBeGreaterThan(0);
      await s.page.screenshot({ path: join(OUT_DIR, 'layers-reference.png') });
      // The next day, with no network: the layer comes back from this device.
      await reloadOffline(s);
      await s.page.waitForFunction(() => (window as any).__diaGioi.layers.layers.get().length === 1, undefined, { timeout: TIMEOUT });
      expect((await userStyleLayers(s.page)).some((id) => id.endsWith(':line'))).toBe(true);
      expect(await s.page.evaluate(() => (window as any).__diaGioi.layers.errors.get().size as number)).toBe(0);
      expectClean(s);
    } finally {
      await s.close();
    }
  });

  it('a vertex dragged near a reference parcel corner ends exactly on it', async () => {
    const s = await openUnroutedSession();
    try {
      await openApp(s.page, baseURL);
      // An interior vertex of a border of Thành Đông (10507), and a parcel whose corner lies 4 m east of it.
      const v = await s.page.evaluate(() => {
        const c = (window as any).__diaGioi.editor.coverage.get();
        for (const ref of c.units.get('10507').polygons[0][0] as number[]) {
          const a = ref < 0 ? ~ref : ref;
          const arc = c.arcs[a] as [number, number][];
          if (arc.length >= 8) return { arc: a, index: Math.floor(arc.length / 2), at: arc[Math.floor(arc.length / 2)]! };
        }
        throw new Error('no arc of 10507 with interior vertices');
      });
      const dLon = 4 / (111_320 * Math.cos((v.at[1] * Math.PI) / 180));
      const corner: [number, number] = [v.at[0] + dLon, v.at[1]];
      const d = 2e-4;
      const parcel = {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { so_thua: 7 }, geometry: { type: 'Polygon', coordinates: [[corner, [corner[0] + d, corner[1]], [corner[0] + d, corner[1] + d], [corner[0], corner[1] + d], corner]] } }],
      };
      const file = join(OUT_DIR, 'thua-snap.geojson');
      writeFileSync(file, JSON.stringify(parcel));
      const dialog = await openLayers(s.page);
      await dialog.locator('input[type="file"]').setInputFiles(file);
      await dialog.getByText('Đã thêm lớp "thua-snap".').waitFor();
      await dialog.getByRole('button', { name: 'Đóng' }).click();
      await s.page.getByRole('list', { name: 'Danh sách đơn vị' }).getByRole('button', { name: /Thành Đông/ }).click();
      await s.page.getByRole('button', { name: 'Sửa đỉnh' }).click();
      await zoomTo(s.page, v.at, 18);
      const from = await screenOf(s.page, v.at[0], v.at[1]);
      const to = await screenOf(s.page, corner[0], corner[1]);
      await drawn(s.page, 'handles-vertex', from);
      const index0 = await s.page.evaluate(() => (window as any).__diaGioi.editor.history.get().index as number);
      // Released 2 px off the corner: the snap puts the vertex on it exactly.
      await s.page.mouse.move(from.x, from.y);
      await s.page.mouse.down();
      for (let i = 1; i <= 5; i++) await s.page.mouse.move(from.x + ((to.x + 2 - from.x) * i) / 5, from.y + ((to.y + 1 - from.y) * i) / 5);
      await s.page.mouse.up();
      await s.page.waitForFunction((i0) => (window as any).__diaGioi.editor.history.get().index === i0 + 1, index0, { timeout: TIMEOUT });
      const moved = await s.page.evaluate(({ arc, index }) => (window as any).__diaGioi.editor.coverage.get().arcs[arc][index] as [number, number], v);
      expect(moved).toEqual(corner);
      await s.page.screenshot({ path: join(OUT_DIR, 'layers-snap.png') });
      expectClean(s);
    } finally {
      await s.close();
    }
  });

  it('a border reshaped with two clicks on corners of a reference parcel runs along it, through the corner between', async () => {
    const s = await openUnroutedSession();
    try {
      await openApp(s.page, baseURL);
      // A segment of at least 60 m on a border Thành Đông (10507) shares with a neighbour.
      const seg = await s.page.evaluate(() => {
        const c = (window as any).__diaGioi.editor.coverage.get();
        const uses = new Map<number, number>();
        for (const u of c.units.values()) for (const poly of u.polygons) for (const ring of poly) for (const ref of ring as number[]) uses.set(ref < 0 ? ~ref : ref, (uses.get(ref < 0 ? ~ref : ref) ?? 0) + 1);
        for (const ref of c.units.get('10507').polygons[0][0] as number[]) {
          const a = ref < 0 ? ~ref : ref;
          if (uses.get(a) !== 2) continue;
          const arc = c.arcs[a] as [number, number][];
          for (let k = 0; k + 1 < arc.length; k++) {
            const [u, w] = [arc[k]!, arc[k + 1]!];
            const m = Math.hypot((w[0] - u[0]) * Math.cos((u[1] * Math.PI) / 180), w[1] - u[1]) * 111_320;
            if (m >= 60) return { u, w };
          }
        }
        throw new Error('no long segment on a shared border of 10507');
      });
      // The parcel: P0 and P2 inside that segment (on the border), P1 5 m to one side of it, P3 15 m to
      // the other: from P0 to P2 the way through P1 is the shorter.
      const k = Math.cos((seg.u[1] * Math.PI) / 180);
      const lerp = (t: number): [number, number] => [seg.u[0] + t * (seg.w[0] - seg.u[0]), seg.u[1] + t * (seg.w[1] - seg.u[1])];
      const ex = (seg.w[0] - seg.u[0]) * k;
      const ey = seg.w[1] - seg.u[1];
      const len = Math.hypot(ex, ey);
      const aside = (p: [number, number], metres: number): [number, number] => [p[0] + ((-ey / len) * metres) / 111_320 / k, p[1] + ((ex / len) * metres) / 111_320];
      const P = [lerp(0.3), aside(lerp(0.5), 5), lerp(0.7), aside(lerp(0.5), -15)];
      const parcel = {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { so_thua: 8 }, geometry: { type: 'Polygon', coordinates: [[...P, P[0]]] } }],
      };
      const file = join(OUT_DIR, 'thua-theo.geojson');
      writeFileSync(file, JSON.stringify(parcel));
      const dialog = await openLayers(s.page);
      await dialog.locator('input[type="file"]').setInputFiles(file);
      await dialog.getByText('Đã thêm lớp "thua-theo".').waitFor();
      await dialog.getByRole('button', { name: 'Đóng' }).click();
      await s.page.getByRole('list', { name: 'Danh sách đơn vị' }).getByRole('button', { name: /Thành Đông/ }).click();
      await s.page.getByRole('button', { name: 'Vẽ lại ranh giới' }).click();
      await zoomTo(s.page, lerp(0.5), 18);
      const line = (await userStyleLayers(s.page)).find((id) => id.endsWith(':line'))!;
      await drawn(s.page, line, await screenOf(s.page, P[1]![0], P[1]![1]));
      const index0 = await s.page.evaluate(() => (window as any).__diaGioi.editor.history.get().index as number);
      // Two clicks, each 2 px off a corner on the border; then Enter.
      for (const p of [P[0]!, P[2]!]) {
        const at = await screenOf(s.page, p[0], p[1]);
        await s.page.mouse.move(at.x + 2, at.y - 1);
        await s.page.mouse.click(at.x + 2, at.y - 1);
      }
      await s.page.keyboard.press('Enter');
      await s.page.waitForFunction((i0) => (window as any).__diaGioi.editor.history.get().index === i0 + 1, index0, { timeout: TIMEOUT });
      // P1 is now a vertex of the border, for 10507 and its neighbour alike; P3 is not.
      const holders = await s.page.evaluate((pts) => {
        const c = (window as any).__diaGioi.editor.coverage.get();
        const units = (p: number[]) => {
          const found: string[] = [];
          for (const [id, u] of c.units as Map<string, { polygons: number[][][] }>) {
            const on = u.polygons.some((poly) => poly.some((ring) => ring.some((ref) => (c.arcs[ref < 0 ? ~ref : ref] as number[][]).some((q) => q[0] === p[0] && q[1] === p[1]))));
            if (on) found.push(id);
          }
          return found;
        };
        return pts.map(units);
      }, [P[1]!, P[3]!]);
      expect(holders[0]).toHaveLength(2);
      expect(holders[0]).toContain('10507');
      expect(holders[1]).toEqual([]);
      await s.page.screenshot({ path: join(OUT_DIR, 'layers-trace.png') });
      expectClean(s);
    } finally {
      await s.close();
    }
  });

  it.skipIf(GDAL_MISSING !== null)('a GeoTIFF in VN-2000 is drawn where GDAL places it: a marked pixel lands on its coordinate', async () => {
    // 400 × 400 px of 5 m on TM-3 105°45′ over Hải Phòng: green, with one red pixel at column 200, row 150.
    const dir = mkdtempSync(join(tmpdir(), 'diagioi-geotiff-'));
    const x0 = 590_000;
    const y0 = 2_310_000;
    const px = 5;
    const red = { i: 200, j: 150 };
    const raster = bandsOfRgb(400, 400, (i, j) => (i === red.i && j === red.j ? [230, 20, 20] : [20, 170, 60]));
    const vrt = writeVrt(dir, 'ortho', raster, { srs: userTm3Wkt(105.75), geoTransform: [x0, px, 0, y0, 0, -px], colorInterp: ['Red', 'Green', 'Blue'] });
    const tif = translate(vrt, join(dir, 'anh-truc-giao.tif'), ['-of', 'COG', '-co', 'COMPRESS=DEFLATE']);
    // The centre of the red pixel, and of the pixels one to its east and one to its south, in lon/lat.
    const at = (i: number, j: number) => vn2000ToWgs84(vn2000(105.75), [x0 + (i + 0.5) * px, y0 - (j + 0.5) * px]);
    const centre = at(red.i, red.j);
    const s = await openUnroutedSession();
    try {
      await openApp(s.page, baseURL);
      const dialog = await openLayers(s.page);
      await dialog.locator('input[type="file"]').setInputFiles(tif);
      await dialog.getByText('Đã thêm lớp "anh-truc-giao".').waitFor();
      await dialog.getByText(/VN-2000 \/ TM-3 105-45/).waitFor();
      await dialog.getByRole('button', { name: 'Đóng' }).click();
      await zoomTo(s.page, centre, 19); // a 5 m pixel is about 17 screen pixels
      const colour = (lon: number, lat: number) => mapColour(s.page, lon, lat);
      await expect.poll(() => colour(centre[0], centre[1])).toEqual([230, 20, 20]);
      for (const [i, j] of [[red.i + 1, red.j], [red.i - 1, red.j], [red.i, red.j + 1], [red.i, red.j - 1]] as const) {
        const p = at(i, j);
        expect(await colour(p[0], p[1])).toEqual([20, 170, 60]);
      }
      await s.page.screenshot({ path: join(OUT_DIR, 'layers-geotiff.png') });
      expectClean(s);
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a PMTiles archive kept on this device is drawn where its tiles lie, and again offline', async () => {
    // One red tile at zoom 14 over central Hải Phòng.
    const t = { z: 14, x: Math.floor(((106.69 + 180) / 360) * 2 ** 14), y: 0 };
    t.y = Math.floor(((1 - Math.log(Math.tan((20.86 * Math.PI) / 180) + 1 / Math.cos((20.86 * Math.PI) / 180)) / Math.PI) / 2) * 2 ** 14);
    const box = tileBox(t.z, t.x, t.y);
    const file = join(OUT_DIR, 'nen-tinh.pmtiles');
    writeFileSync(file, pmtilesArchive([{ ...t, data: tilePng([230, 20, 20]) }], box));
    const inside: [number, number] = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
    const outside: [number, number] = [box[2] + (box[2] - box[0]) / 2, inside[1]];
    const s = await openUnroutedSession();
    try {
      await openApp(s.page, baseURL);
      const dialog = await openLayers(s.page);
      await dialog.locator('input[type="file"]').setInputFiles(file);
      await dialog.getByText('Đã thêm lớp "nen-tinh".').waitFor();
      await dialog.getByText(/raster · z14–14/).waitFor();
      await dialog.getByRole('button', { name: 'Đóng' }).click();
      await zoomTo(s.page, inside, 15);
      // The tile's frame is darker: the middle of the tile is the tile's own colour.
      await expect.poll(() => mapColour(s.page, inside[0], inside[1])).toEqual([230, 20, 20]);
      expect(await mapColour(s.page, outside[0], outside[1])).not.toEqual([230, 20, 20]);
      await reloadOffline(s);
      await zoomTo(s.page, inside, 15);
      await expect.poll(() => mapColour(s.page, inside[0], inside[1])).toEqual([230, 20, 20]);
      await s.page.screenshot({ path: join(OUT_DIR, 'layers-pmtiles.png') });
      expectClean(s);
    } finally {
      await s.close();
    }
  });

  it('an online layer\'s tiles kept for the selected unit and its neighbours are drawn offline', async () => {
    const s = await openUnroutedSession();
    try {
      await openApp(s.page, baseURL);
      await s.page.evaluate(() => navigator.serviceWorker.ready);
      await s.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: TIMEOUT });
      let dialog = await openLayers(s.page);
      await dialog.getByLabel('Địa chỉ').fill(`${tiles.origin}/tiles/{z}/{x}/{y}.png`);
      await dialog.getByLabel('Tên lớp').fill('Nền ngoại tuyến');
      await dialog.getByRole('button', { name: 'Thêm', exact: true }).click();
      await dialog.getByRole('button', { name: 'Tải lại trang' }).click();
      await s.page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: TIMEOUT });
      await s.page.waitForFunction(() => (window as any).__diaGioi?.layers?.layers.get().length === 1, undefined, { timeout: TIMEOUT });
      await s.page.getByRole('list', { name: 'Danh sách đơn vị' }).getByRole('button', { name: /Thành Đông/ }).click();
      dialog = await openLayers(s.page);
      await dialog.getByRole('button', { name: 'Giữ cho dùng ngoại tuyến…' }).click();
      await dialog.getByLabel('Từ mức thu phóng').fill('14');
      await dialog.getByLabel('đến', { exact: true }).fill('14');
      await dialog.getByText(/ô bản đồ, khoảng/).waitFor();
      const before = tiles.requests.length;
      await dialog.getByRole('button', { name: 'Tải và giữ' }).click();
      await dialog.getByText(/— xong/).waitFor({ timeout: TIMEOUT });
      const kept = tiles.requests.length - before;
      expect(kept).toBeGreaterThan(0);
      await dialog.getByRole('button', { name: 'Đóng' }).click();
      // Offline: the map asks the same addresses and its tile protocol answers them from what was kept.
      const centre = await s.page.evaluate(() => {
        const e = (window as any).__diaGioi.editor;
        const b = e.selectionArea();
        return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] as [number, number];
      });
      await reloadOffline(s);
      const served = tiles.requests.length;
      await zoomTo(s.page, centre, 14);
      await expect.poll(() => mapColour(s.page, centre[0], centre[1])).toEqual([120, 190, 230]);
      expect(tiles.requests.length).toBe(served);
      await s.page.screenshot({ path: join(OUT_DIR, 'layers-offline-tiles.png') });
      // The panel says what is kept, after the reload too, and removes it on demand.
      dialog = await openLayers(s.page);
      await dialog.getByText(`Đã giữ ${kept} ô bản đồ`, { exact: false }).waitFor({ timeout: TIMEOUT });
      await dialog.getByRole('button', { name: 'Xoá ô đã giữ' }).click();
      await dialog.getByText('Đã giữ', { exact: false }).waitFor({ state: 'detached', timeout: TIMEOUT });
      expect(await s.page.evaluate(async () => (await (await caches.open('layer-tiles-1')).keys()).length)).toBe(0);
      // Expected errors: the tiles refused by the policy before the reload that added the layer's host, and
      // offline, the tiles outside what was kept (the view before the zoom).
      const expected = ['Content Security Policy', 'ERR_INTERNET_DISCONNECTED', 'Failed to fetch'];
      expectClean({ blocked: s.blocked, errors: s.errors.filter((e) => !expected.some((x) => e.includes(x))) });
    } finally {
      await s.close();
    }
  });
});
