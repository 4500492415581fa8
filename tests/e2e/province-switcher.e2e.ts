// The province switcher in the header: it shows the open draft's province and opens a list of every
// province, with what is on this device and what each costs to download. Choosing one opens its latest
// draft or starts one from its data; choosing back returns to the same draft. With the mouse and the
// keyboard, as a user would.
import { describe, expect, inject, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { OUT_DIR, TIMEOUT, openSession } from './browser';
import { expectClean, haiPhongURL, mapIdle, renameUnit, saved, unitName } from './helpers';

const baseURL = inject('baseURL');
const ready = '[data-testid="map"][data-ready="true"]';

/** Waits until the open draft is of `province`, its map ready and its neighbours loaded. */
async function openedProvince(page: Page, province: string): Promise<void> {
  await page.locator(ready).waitFor();
  await page.waitForFunction(
    (p) => {
      const e = (window as any).__diaGioi.editor;
      return e.province.get()?.code === p && e.neighbourProvinces.get().status === 'ready';
    },
    province,
    { timeout: 3 * TIMEOUT },
  );
}

const draft = (page: Page) => page.evaluate(() => (window as any).__diaGioi.workspace.currentDraft.get() as { id: string; province: string; name: string });

describe('province switcher', () => {
  it('from the header: Hải Phòng to Hưng Yên (kept as a neighbour, a new draft) and back to the same draft', async () => {
    const s = await openSession();
    try {
      await s.page.goto(haiPhongURL(baseURL));
      await openedProvince(s.page, '31');
      await renameUnit(s.page, /Thành Đông/, 'Đổi Tỉnh');
      await expect.poll(() => unitName(s.page, '10507')).toBe('Đổi Tỉnh');
      await saved(s.page);
      const haiPhong = await draft(s.page);

      // The header shows the province, compactly; its name says what it does.
      const button = s.page.getByRole('banner').getByRole('button', { name: 'Tỉnh/thành phố: Thành phố Hải Phòng — đổi tỉnh' });
      expect(await button.textContent()).toBe('Hải Phòng ▾');
      await mapIdle(s.page);
      await s.page.screenshot({ path: join(OUT_DIR, 'switcher-header.png'), clip: { x: 0, y: 0, width: 1400, height: 60 } });
      await button.click();
      const dialog = s.page.getByRole('dialog', { name: 'Chọn tỉnh/thành phố' });
      const items = dialog.getByRole('list', { name: 'Các tỉnh, thành phố' }).getByRole('button');
      await expect.poll(() => items.count()).toBe(34);
      // The open province first; Hưng Yên is on the device (a neighbour's context), Cà Mau is not.
      await expect.poll(async () => (await items.first().textContent()) ?? '').toBe('Thành phố Hải Phòngđang mởđã có trên máy');
      expect(await items.first().getAttribute('aria-current')).toBe('true');
      await expect.poll(async () => (await dialog.getByRole('button', { name: /^Tỉnh Hưng Yên/ }).textContent()) ?? '').toBe('Tỉnh Hưng Yênđã có trên máy');
      expect(await dialog.getByRole('button', { name: /^Tỉnh Cà Mau/ }).textContent()).toMatch(/^Tỉnh Cà Mautải \d+(\.\d)? (KB|MB)$/);
      await s.page.screenshot({ path: join(OUT_DIR, 'switcher-dialog.png') });

      // Typing narrows the list (no diacritics needed); Enter takes the first.
      await dialog.getByRole('searchbox', { name: 'Lọc theo tên tỉnh' }).fill('hung');
      await expect.poll(() => items.allTextContents()).toEqual(['Tỉnh Hưng Yênđã có trên máy']);
      await s.page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached', timeout: 3 * TIMEOUT });
      await openedProvince(s.page, '33');
      const hungYen = await draft(s.page);
      expect(hungYen.id).not.toBe(haiPhong.id);
      expect(hungYen.name).toMatch(/^Hưng Yên \d{4}-\d{2}-\d{2}$/);
      await s.page.getByRole('banner').getByRole('button', { name: 'Tỉnh/thành phố: Tỉnh Hưng Yên — đổi tỉnh' }).waitFor();

      // Back: Hải Phòng now has a draft (listed second, after the open province) and it is the one that opens.
      await s.page.getByRole('banner').getByRole('button', { name: /^Tỉnh\/thành phố: / }).click();
      await expect.poll(() => items.allTextContents().then((l) => l.slice(0, 2))).toEqual(['Tỉnh Hưng Yênđang mởđã có trên máy', 'Thành phố Hải Phòng1 bản nhápđã có trên máy']);
      await items.nth(1).click();
      await dialog.waitFor({ state: 'detached', timeout: 3 * TIMEOUT });
      await openedProvince(s.page, '31');
      expect((await draft(s.page)).id).toBe(haiPhong.id);
      await expect.poll(() => unitName(s.page, '10507')).toBe('Đổi Tỉnh');
      expect(await s.page.evaluate(() => (window as any).__diaGioi.workspace.drafts.get().length)).toBe(2);

      // From the switcher, the search by commune or ward is one click away.
      await s.page.getByRole('banner').getByRole('button', { name: /^Tỉnh\/thành phố: / }).click();
      await dialog.getByRole('button', { name: 'Tìm theo xã/phường…' }).click();
      await s.page.getByRole('dialog', { name: 'Bạn là xã/phường nào?' }).waitFor();
      expect(await dialog.count()).toBe(0);
      await s.page.getByRole('dialog', { name: 'Bạn là xã/phường nào?' }).getByRole('button', { name: 'Đóng' }).click();

      // In English too.
      await s.page.getByRole('banner').getByRole('combobox').selectOption('en');
      await s.page.getByRole('banner').getByRole('button', { name: 'Province: Thành phố Hải Phòng — change province' }).click();
      await s.page.getByRole('dialog', { name: 'Choose a province' }).getByRole('list', { name: 'Provinces and cities' }).waitFor();
      expectClean(s);
    } finally {
      await s.close();
    }
  }, 20 * 60_000);
});
