// First open on a fresh profile: the app asks which commune or ward the user is, searches all 3,321
// units without downloading any province, then downloads only the chosen unit's province (and the
// provinces around it), opens it with that unit selected, keeps it for offline use and says how big
// it is. Everything with the mouse and the keyboard, as a user would.
import { describe, expect, inject, it } from 'vitest';
import { join } from 'node:path';
import { OUT_DIR, TIMEOUT } from './browser';
import { expectClean, mapIdle, openUnroutedSession, reloadOffline } from './helpers';

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
      await page.getByRole('button', { name: /^Bản nháp: Gia Lai/ }).click();
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
});
