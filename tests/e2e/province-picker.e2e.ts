// First open on a fresh profile: the app asks which commune or ward the user is, searches all 3,321
// units without downloading any province, then downloads only the chosen unit's province (and the
// provinces around it), opens it with that unit selected, keeps it for offline use and says how big
// it is; the Hà Nội ward is exported and the file read back with GDAL. Everything with the mouse and the
// keyboard, as a user would.
import { describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { MultiPolygon, Position } from 'geojson';
import { booleanPointInPolygon } from '@turf/turf';
import { decodeTopologyFile, topologyFileFeatures } from '../../src/io/topology-file';
import { vn2000, vn2000EpsgCode } from '../../src/io/vn2000';
import { gdalFeatures, gdalInfo } from '../io/province-exports';
import { OUT_DIR, TIMEOUT, openSession } from './browser';
import { drawn, expectClean, haiPhongURL, historyIndex, mapIdle, openUnroutedSession, reloadOffline, renameUnit, saved, screenOf, unitName, zoomTo } from './helpers';

const baseURL = inject('baseURL');
/**
 * Gia Lai has 2.5 times Hải Phòng's vertices: on a loaded 2-core machine with software WebGL its first
 * idle map and full check take several times what Hải Phòng's do, so its waits get a larger limit.
 */
const BIG = 3 * TIMEOUT;
const ready = '[data-testid="map"][data-ready="true"]';

/** Province codes of the .bin files the page asked for (units and old communes). */
function provinceFiles(urls: readonly string[]): string[] {
  return [...new Set(urls.map((u) => /\/data\/provinces\/(\d{2})(?:\.old-2008)?\.bin/.exec(u)?.[1]).filter((c): c is string => !!c))].sort();
}

/**
 * Types `typed` into the open "Bạn là xã/phường nào?" picker as a user would, waits until the first hit
 * reads `first` (name, province, size) and clicks it.
 */
async function pickFirst(page: Page, typed: string, first: RegExp): Promise<void> {
  const picker = page.getByRole('dialog', { name: 'Bạn là xã/phường nào?' });
  await picker.waitFor();
  await picker.getByRole('status').filter({ hasText: 'Đang tải danh sách' }).waitFor({ state: 'detached' });
  const search = picker.getByRole('searchbox', { name: 'Tên xã/phường' });
  await search.click();
  await page.keyboard.type(typed);
  const hits = picker.getByRole('list', { name: 'Kết quả tìm' }).getByRole('button');
  await expect.poll(async () => (await hits.first().textContent()) ?? '').toMatch(first);
  await hits.first().click();
}

/** Waits until the picked unit's province is open with the unit selected, and its checks have run. */
async function openedWith(page: Page, province: string, unit: string, timeout: number): Promise<void> {
  await page.getByRole('dialog', { name: 'Bạn là xã/phường nào?' }).waitFor({ state: 'detached', timeout });
  await page.locator(ready).waitFor({ timeout });
  await page.waitForFunction(
    ([p, u]) => {
      const e = (window as any).__diaGioi.editor;
      return e.province.get()?.code === p && e.selection.get() === u;
    },
    [province, unit] as const,
    { timeout },
  );
  await page.waitForFunction(() => {
    const e = (window as any).__diaGioi.editor;
    return e.neighbourProvinces.get().status === 'ready' && e.checkState.get().status === 'ready' && e.checked === e.coverage.get();
  }, undefined, { timeout });
}

/** What the map shows: its centre and zoom, and the ids of the draft's units it has drawn. */
function mapView(page: Page): Promise<{ lng: number; lat: number; zoom: number; drawn: string[]; selected: string[] }> {
  return page.evaluate(() => {
    const m = (window as any).__diaGioi.map().map;
    const ids = (layer: string) => [...new Set<string>(m.queryRenderedFeatures({ layers: [layer] }).map((f: any) => String(f.properties.id)))].sort();
    const c = m.getCenter();
    return { lng: c.lng, lat: c.lat, zoom: m.getZoom(), drawn: ids('units-fill'), selected: ids('units-selected') };
  });
}

/** A unit's shape in a province file as the app serves it. */
function unitShape(province: string, code: string): MultiPolygon {
  const file = `${province}.bin`;
  const bytes = readFileSync(join(import.meta.dirname, '..', '..', 'public', 'data', 'provinces', file));
  const f = topologyFileFeatures(decodeTopologyFile(new Uint8Array(bytes), file)).find((x) => x.properties.code === code);
  if (!f) throw new Error(`${code} is not in ${file}`);
  return f.geometry;
}

/**
 * A vertex of `unit`'s border with `other` (a unit of the next province) between two more vertices of
 * that border, and a point `metres` from it inside `other` (so are the middles of the two edges that
 * move with it): dragging the vertex there makes the units overlap across the province's edge.
 */
function vertexInto(unit: MultiPolygon, other: MultiPolygon, metres: number): { at: Position; to: Position } {
  const key = (p: Position) => `${p[0]},${p[1]}`;
  const theirs = new Set(other.coordinates.flat(2).map(key));
  const inside = (p: Position, g: MultiPolygon) => booleanPointInPolygon(p, g);
  const mid = (a: Position, b: Position): Position => [(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2];
  for (const ring of unit.coordinates.flat()) {
    for (let i = 1; i < ring.length - 1; i++) {
      const [prev, at, next] = [ring[i - 1]!, ring[i]!, ring[i + 1]!];
      if (![prev, at, next].every((p) => theirs.has(key(p)))) continue;
      const mx = 111_320 * Math.cos((at[1]! * Math.PI) / 180);
      const my = 110_574;
      const far = (p: Position) => Math.hypot((p[0]! - at[0]!) * mx, (p[1]! - at[1]!) * my) > 2 * metres;
      if (!far(prev) || !far(next)) continue;
      for (let k = 0; k < 16; k++) {
        const a = (k * Math.PI) / 8;
        const to: Position = [at[0]! + (metres * Math.cos(a)) / mx, at[1]! + (metres * Math.sin(a)) / my];
        if (inside(to, other) && !inside(to, unit) && inside(mid(prev, to), other) && inside(mid(to, next), other)) return { at, to };
      }
    }
  }
  throw new Error('no vertex of the shared border can move into the other unit');
}

/**
 * Exports the selected Hoàn Kiếm as the VN-2000 Shapefile through the export dialog and reads the file
 * back with GDAL: Hà Nội's code, name and resolution, on Hà Nội's meridian 105°00′ with QĐ 05/2007's
 * shift (the export once wrote Hải Phòng's resolution and meridian for every province).
 */
async function exportHoanKiem(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Xuất tệp' }).click();
  const dialog = page.getByRole('dialog', { name: 'Xuất tệp nộp' });
  await dialog.getByText('Không còn lỗi chưa xử lý.').waitFor({ timeout: BIG });
  expect(await dialog.getByRole('combobox', { name: 'Phạm vi' }).inputValue()).toBe('unit');
  await dialog.getByRole('combobox', { name: 'Định dạng' }).selectOption({ label: 'Shapefile .zip (VN-2000)' });
  await dialog.getByText(/VN-2000 \/ TM-3 105-00 \(EPSG:5897\)/).waitFor();
  await page.screenshot({ path: join(OUT_DIR, 'export-ha-noi-vn2000.png') });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: BIG }), dialog.getByRole('button', { name: 'Tải xuống' }).click()]);
  const name = download.suggestedFilename();
  expect(name).toMatch(/^01_00070_Hoan_Kiem_\d{4}-\d{2}-\d{2}_VN2000_105-00\.zip$/);
  const path = join(OUT_DIR, name);
  await download.saveAs(path);
  expect(gdalInfo(path)).toEqual({ count: 1, epsg: vn2000EpsgCode(vn2000(105)), centralMeridian: 105, datumShift: 6960 });
  const [f] = gdalFeatures(path);
  expect(f!.properties).toMatchObject({ maxa: '00070', tenhc: 'Phường Hoàn Kiếm', matinh: '01', tentinh: 'Thành phố Hà Nội', cancu: '1656/NQ-UBTVQH15' });
  await dialog.getByRole('button', { name: 'Đóng' }).click();
}

/** The issues of the draft that lie across the province's edge: kind, the draft's units, other provinces. */
function acrossIssues(page: Page): Promise<{ kind: string; units: string[]; otherProvinces: string }[]> {
  return page.evaluate(() =>
    (window as any).__diaGioi.editor.issues
      .get()
      .filter((i: any) => i.details?.otherProvinces)
      .map((i: any) => ({ kind: i.kind, units: i.unitIds, otherProvinces: i.details.otherProvinces })),
  );
}

describe('choose your unit, get your province', () => {
  it('pleiku: the picker finds Phường Pleiku, Gia Lai opens with it selected, is kept offline with its size, and opens offline', async () => {
    const s = await openUnroutedSession();
    const { page } = s;
    try {
      const requested: string[] = [];
      page.on('request', (r) => requested.push(r.url()));

      await page.goto(baseURL);
      const picker = page.getByRole('dialog', { name: 'Bạn là xã/phường nào?' });
      await picker.waitFor();
      const search = picker.getByRole('searchbox', { name: 'Tên xã/phường' });
      // The names are there before any province is downloaded.
      await picker.getByRole('status').filter({ hasText: 'Đang tải danh sách' }).waitFor({ state: 'detached' });
      expect(provinceFiles(requested)).toEqual([]);
      await search.click();
      await page.keyboard.type('pleiku');
      const hits = picker.getByRole('list', { name: 'Kết quả tìm' }).getByRole('button');
      await expect.poll(async () => (await hits.first().textContent()) ?? '').toMatch(/^Phường PleikuTỉnh Gia Laitải \d+(\.\d)? (KB|MB)$/);
      await page.screenshot({ path: join(OUT_DIR, 'picker-pleiku.png') });
      // An old name finds the new unit it went into, with the old province where it differs.
      await search.fill('cam thuong');
      await expect.poll(() => hits.allTextContents()).toContainEqual(expect.stringContaining('Phường Thành ĐôngThành phố Hải Phòngtên cũ: Phường Cẩm Thượng (Hải Dương)'));
      expect(provinceFiles(requested)).toEqual([]);

      await search.fill('');
      await search.click();
      await page.keyboard.type('pleiku');
      await expect.poll(async () => (await hits.first().textContent()) ?? '').toContain('Phường Pleiku');
      await hits.first().click();

      // Gia Lai opens as a new draft, Phường Pleiku selected and framed, checks run.
      await picker.waitFor({ state: 'detached' });
      await page.locator(ready).waitFor({ timeout: BIG });
      await page.waitForFunction(() => (window as any).__diaGioi.editor.selection.get() === '23575', undefined, { timeout: BIG });
      const state = await page.evaluate(() => {
        const w = (window as any).__diaGioi;
        return { province: w.editor.province.get().code, units: w.editor.coverage.get().units.size, draft: w.workspace.currentDraft.get() };
      });
      expect(state.province).toBe('52');
      expect(state.units).toBe(135);
      expect(state.draft.province).toBe('52');
      expect(state.draft.name).toMatch(/^Gia Lai \d{4}-\d{2}-\d{2}$/);
      await page.getByRole('banner').getByText('Tỉnh Gia Lai', { exact: false }).waitFor();
      const panel = page.getByRole('region', { name: 'Thông tin đơn vị' });
      await expect.poll(() => panel.locator('[data-field="code"]').textContent()).toBe('23575');
      // The map is framed on the unit: its centre lies inside the unit's box.
      const framed = await page.evaluate(() => {
        const w = (window as any).__diaGioi;
        const c = w.map().map.getCenter();
        return { lng: c.lng, lat: c.lat, zoom: w.map().map.getZoom() };
      });
      expect(framed.zoom).toBeGreaterThan(10);
      expect(framed.lng).toBeGreaterThan(107.9);
      expect(framed.lng).toBeLessThan(108.1);
      expect(framed.lat).toBeGreaterThan(13.9);
      expect(framed.lat).toBeLessThan(14.1);
      // The checks ran on the whole province (and then with its neighbours).
      await page.waitForFunction(() => (window as any).__diaGioi.editor.neighbourProvinces.get().status === 'ready', undefined, { timeout: BIG });
      await page.waitForFunction(() => {
        const e = (window as any).__diaGioi.editor;
        return e.checkState.get().status === 'ready' && e.checked === e.coverage.get();
      }, undefined, { timeout: BIG });
      expect(await page.evaluate(() => (window as any).__diaGioi.editor.issues.get().length)).toBeGreaterThan(0);
      await mapIdle(page);
      await page.screenshot({ path: join(OUT_DIR, 'picker-gia-lai.png') });

      // Only Gia Lai and the provinces around it were downloaded, never Hải Phòng nor the whole country.
      const downloaded = provinceFiles(requested);
      expect(downloaded).toContain('52');
      expect(downloaded).not.toContain('31');
      expect(downloaded.length).toBeLessThan(8);

      // The drafts dialog lists Gia Lai as kept on this device, with its size.
      const draftsButton = page.getByRole('button', { name: /^Bản nháp: Gia Lai/ });
      // The header cuts a long name to the button; hovering shows it whole.
      expect(await draftsButton.getAttribute('title')).toBe(await draftsButton.getAttribute('aria-label'));
      await draftsButton.click();
      const kept = page.getByRole('list', { name: 'Dữ liệu tỉnh trên máy (dùng không cần mạng)' });
      const giaLai = kept.getByRole('listitem', { name: 'Tỉnh Gia Lai' });
      await expect.poll(async () => (await giaLai.textContent()) ?? '').toMatch(/^Tỉnh Gia Lai \d+(\.\d)? (KB|MB) · 1 bản nháp/);
      await page.screenshot({ path: join(OUT_DIR, 'picker-kept.png') });
      await page.getByRole('dialog', { name: 'Bản nháp và phiên bản' }).getByRole('button', { name: 'Đóng' }).click();

      // Offline: the app, the draft, the province's old communes and its neighbours open from the device.
      await reloadOffline(s, BIG);
      await expect.poll(() => page.evaluate(() => (window as any).__diaGioi.editor.province.get()?.code), { timeout: BIG }).toBe('52');
      await expect.poll(() => page.evaluate(() => (window as any).__diaGioi.editor.oldUnitsLayer()?.features.length ?? 0), { timeout: BIG }).toBeGreaterThan(300);
      await expect.poll(() => page.evaluate(() => (window as any).__diaGioi.editor.neighbourProvinces.get().status), { timeout: BIG }).toBe('ready');
      expect(await page.getByRole('dialog', { name: 'Bạn là xã/phường nào?' }).count()).toBe(0);
      await page.screenshot({ path: join(OUT_DIR, 'picker-offline.png') });
      expectClean(s);
    } finally {
      await s.close();
    }
  }, 20 * 60_000);


  it('hà nội: "hoan kiem" finds Phường Hoàn Kiếm; Hà Nội opens with it selected and the map shows the province', async () => {
    const s = await openSession();
    try {
      await s.page.goto(baseURL);
      await pickFirst(s.page, 'hoan kiem', /^Phường Hoàn KiếmThành phố Hà Nộitải \d+(\.\d)? (KB|MB)$/);
      await openedWith(s.page, '01', '00070', BIG);
      const state = await s.page.evaluate(() => {
        const w = (window as any).__diaGioi;
        const c = w.editor.coverage.get();
        return { units: c.units.size, provinces: [...new Set([...c.units.values()].map((u: any) => u.attrs.provinceCode))], draft: w.workspace.currentDraft.get().province };
      });
      expect(state).toEqual({ units: 126, provinces: ['01'], draft: '01' });
      await s.page.getByRole('banner').getByText('Thành phố Hà Nội', { exact: false }).waitFor();
      await expect.poll(() => s.page.getByRole('region', { name: 'Thông tin đơn vị' }).locator('[data-field="code"]').textContent()).toBe('00070');
      // The map is on Hoàn Kiếm, in the middle of Hà Nội: it draws the ward selected and the wards around it.
      await drawn(s.page, 'units-selected');
      const view = await mapView(s.page);
      expect(view.selected).toEqual(['00070']);
      expect(view.zoom).toBeGreaterThan(11);
      expect(view.lng).toBeGreaterThan(105.84);
      expect(view.lng).toBeLessThan(105.87);
      expect(view.lat).toBeGreaterThan(21.01);
      expect(view.lat).toBeLessThan(21.04);
      expect(view.drawn).toContain('00004'); // Phường Ba Đình
      expect(view.drawn.length).toBeGreaterThan(2);
      // The list holds Hà Nội's wards, not Hải Phòng's.
      const list = s.page.getByRole('list', { name: 'Danh sách đơn vị' });
      await list.getByRole('button', { name: /Phường Ba Đình/ }).waitFor();
      expect(await list.getByRole('button', { name: /Phường Thành Đông/ }).count()).toBe(0);
      await s.page.screenshot({ path: join(OUT_DIR, 'picker-ha-noi.png') });
      await exportHoanKiem(s.page);
      expectClean(s);
    } finally {
      await s.close();
    }
  }, 20 * 60_000);

  it('đà nẵng: "hoang sa" finds Đặc khu Hoàng Sa; Đà Nẵng opens with the islands listed, selected and drawn', async () => {
    const s = await openSession();
    try {
      await s.page.goto(baseURL);
      await pickFirst(s.page, 'hoang sa', /^Đặc khu Hoàng SaThành phố Đà Nẵngtải \d+(\.\d)? (KB|MB)$/);
      await openedWith(s.page, '48', '20333', BIG);
      const state = await s.page.evaluate(() => {
        const c = (window as any).__diaGioi.editor.coverage.get();
        const hs = c.units.get('20333');
        return { units: c.units.size, name: hs.attrs.fullName, parts: hs.polygons.length };
      });
      expect(state.units).toBe(94);
      expect(state.name).toBe('Đặc khu Hoàng Sa');
      // An archipelago: many islands, each its own polygon.
      expect(state.parts).toBeGreaterThan(10);
      await s.page.getByRole('banner').getByText('Thành phố Đà Nẵng', { exact: false }).waitFor();
      // Listed among Đà Nẵng's units, beside the mainland's wards.
      const list = s.page.getByRole('list', { name: 'Danh sách đơn vị' });
      await list.getByRole('button', { name: /Đặc khu Hoàng Sa/ }).waitFor();
      await list.getByRole('button', { name: /Phường Hải Châu/ }).waitFor();
      // The map is framed on the Paracels, 300 km out at sea, and draws the islands there.
      await drawn(s.page, 'units-selected');
      const view = await mapView(s.page);
      expect(view.selected).toEqual(['20333']);
      expect(view.lng).toBeGreaterThan(111);
      expect(view.lng).toBeLessThan(113);
      expect(view.lat).toBeGreaterThan(15.5);
      expect(view.lat).toBeLessThan(17.5);
      // Its area is measured on the islands (some km², not nothing).
      const area = await s.page.evaluate(() => (window as any).__diaGioi.areaM2('20333'));
      expect(area).toBeGreaterThan(1e6);
      expect(area).toBeLessThan(1e9);
      await s.page.screenshot({ path: join(OUT_DIR, 'picker-hoang-sa.png') });
      expectClean(s);
    } finally {
      await s.close();
    }
  }, 20 * 60_000);

  it("a ward on the Quảng Ninh border: Quảng Ninh's units come too, are named as neighbours, and the border with them is checked", async () => {
    const s = await openSession();
    const requested: string[] = [];
    s.page.on('request', (r) => requested.push(r.url()));
    try {
      await s.page.goto(baseURL);
      await pickFirst(s.page, 'tran nhan tong', /^Phường Trần Nhân TôngThành phố Hải Phòng/);
      await openedWith(s.page, '31', '10573', BIG);
      // Quảng Ninh's file was downloaded for the border, and its units beside the draft are context.
      expect(provinceFiles(requested)).toContain('22');
      const context = await s.page.evaluate(() => {
        const e = (window as any).__diaGioi.editor;
        const n = e.neighbourProvinces.get();
        return { provinces: n.provinces.map((p: any) => p.code), anSinh: e.contextUnits().get('\0ctx:07090')?.provinceName ?? null };
      });
      expect(context.provinces).toContain('22');
      expect(context.anSinh).toBe('Tỉnh Quảng Ninh');
      const panel = s.page.getByRole('region', { name: 'Thông tin đơn vị' });
      await expect.poll(() => panel.getByRole('list', { name: 'Đơn vị giáp ranh' }).textContent()).toContain('Phường An Sinh, tỉnh Quảng Ninh');
      // The real data agrees across the border: nothing between the provinces to report.
      expect(await acrossIssues(s.page)).toEqual([]);

      // Push a vertex of the border 8 m into An Sinh: the draft alone sees nothing wrong (it is the
      // province's edge), the check across the border finds the overlap with Quảng Ninh's ward.
      const { at, to } = vertexInto(unitShape('31', '10573'), unitShape('22', '07090'), 8);
      await s.page.getByRole('button', { name: 'Sửa đỉnh', exact: true }).click();
      await zoomTo(s.page, [at[0]!, at[1]!], 18);
      const from = await screenOf(s.page, at[0]!, at[1]!);
      const end = await screenOf(s.page, to[0]!, to[1]!);
      await drawn(s.page, 'handles-vertex', from);
      const i0 = await historyIndex(s.page);
      await s.page.mouse.move(from.x, from.y);
      await s.page.mouse.down();
      for (let i = 1; i <= 5; i++) await s.page.mouse.move(from.x + ((end.x - from.x) * i) / 5, from.y + ((end.y - from.y) * i) / 5);
      await s.page.mouse.up();
      await expect.poll(() => historyIndex(s.page)).toBeGreaterThan(i0);
      await expect.poll(() => acrossIssues(s.page), { timeout: BIG }).toEqual([{ kind: 'overlap', units: ['10573'], otherProvinces: '22' }]);
      // The issues list has it, and its details name the other province's ward.
      await s.page.getByRole('tab', { name: /Kiểm tra/ }).click();
      const issueList = s.page.getByRole('list', { name: 'Danh sách vấn đề' });
      await issueList.getByRole('button', { name: /Chồng lấn.*07090 \/ 10573/ }).click();
      await expect.poll(() => issueList.textContent()).toContain('Phường An Sinh, tỉnh Quảng Ninh');
      await mapIdle(s.page);
      await s.page.screenshot({ path: join(OUT_DIR, 'picker-border-overlap.png') });
      // Undone, the border agrees again.
      await s.page.keyboard.press('Control+z');
      await expect.poll(() => historyIndex(s.page)).toBe(i0);
      await expect.poll(() => acrossIssues(s.page), { timeout: BIG }).toEqual([]);
      expectClean(s);
    } finally {
      await s.close();
    }
  }, 20 * 60_000);

  it('offline, a province never downloaded: the picker names it and says it needs a connection; the kept draft and provinces stay', async () => {
    const s = await openUnroutedSession();
    const { page } = s;
    // The browser logs each failed download as an error without its address: kept apart, with it.
    const failedLoads: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && m.text().startsWith('Failed to load resource')) failedLoads.push(m.location().url);
    });
    try {
      // Hải Phòng opened online, with an edit saved and the provinces around it kept.
      await page.goto(haiPhongURL(baseURL));
      await page.locator(ready).waitFor();
      await renameUnit(page, /Thành Đông/, 'Giữ Lại');
      await expect.poll(() => unitName(page, '10507')).toBe('Giữ Lại');
      await saved(page);
      await page.waitForFunction(() => (window as any).__diaGioi.editor.neighbourProvinces.get().status === 'ready', undefined, { timeout: TIMEOUT });
      const kept = () => page.evaluate(() => (window as any).__diaGioi.workspace.refreshKept().then((l: any[]) => l.map((k) => `${k.code} ${k.bytes} ${k.drafts}`)));
      const keptBefore = await kept();
      expect(keptBefore).toContainEqual(expect.stringMatching(/^31 \d+ 1$/));
      expect(keptBefore.length).toBeGreaterThan(1);
      expect(keptBefore.some((k: string) => k.startsWith('96 '))).toBe(false);

      await reloadOffline(s);
      await page.getByRole('button', { name: /^Bản nháp: / }).click();
      await page.getByRole('dialog', { name: 'Bản nháp và phiên bản' }).getByRole('button', { name: 'Tìm theo xã/phường…' }).click();
      await pickFirst(page, 'bac lieu', /^Phường Bạc LiêuTỉnh Cà Mautải \d+(\.\d)? (KB|MB)$/);
      const picker = page.getByRole('dialog', { name: 'Bạn là xã/phường nào?' });
      const alert = picker.getByRole('alert');
      await alert.waitFor();
      const text = (await alert.textContent()) ?? '';
      expect(text).toContain('Tỉnh Cà Mau chưa có trên máy này');
      expect(text).toContain('Cần có mạng để tải dữ liệu Tỉnh Cà Mau lần đầu');
      expect(text).toContain('vẫn còn nguyên');
      await page.screenshot({ path: join(OUT_DIR, 'picker-offline-missing.png') });
      await picker.getByRole('button', { name: 'Đóng' }).click();
      await picker.waitFor({ state: 'detached' });

      // Nothing kept was lost: the same draft with its edit, the same provinces on the device.
      expect(await page.evaluate(() => (window as any).__diaGioi.editor.province.get().code)).toBe('31');
      expect(await unitName(page, '10507')).toBe('Giữ Lại');
      expect(await page.evaluate(() => (window as any).__diaGioi.workspace.drafts.get().length)).toBe(1);
      expect(await kept()).toEqual(keptBefore);
      // And it all opens again offline.
      await page.reload();
      await page.locator(ready).waitFor();
      await expect.poll(() => unitName(page, '10507')).toBe('Giữ Lại');
      await expect.poll(() => page.evaluate(() => (window as any).__diaGioi.editor.neighbourProvinces.get().status)).toBe('ready');
      expect(s.blocked).toEqual([]);
      // The only error logged is the failed download of Cà Mau's file (the dialog said it, nothing else failed).
      expect(s.errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
      expect(failedLoads.length).toBeGreaterThan(0);
      expect(failedLoads.filter((u) => !/\/data\/provinces\/96\.bin\?/.test(u))).toEqual([]);
    } finally {
      await s.close();
    }
  }, 20 * 60_000);
});
