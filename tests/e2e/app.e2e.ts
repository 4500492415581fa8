import { describe, expect, inject, it } from 'vitest';
import { join } from 'node:path';
import { OUT_DIR, TIMEOUT, openSession } from './browser';
import { appPerTest, drawn, expectClean, haiPhongURL, mapIdle } from './helpers';

const baseURL = inject('baseURL');

describe('the app opens the real new Hải Phòng offline', () => {
  // Each test opens the app in a fresh profile, and ends by checking that it made no request outside
  // localhost and logged no error (appPerTest's afterEach).
  const session = appPerTest(baseURL);

  it('lists the 114 units', async () => {
    const s = session();
    const list = s.page.getByRole('list', { name: 'Danh sách đơn vị' });
    await expect.poll(() => list.getByRole('button').count()).toBe(114);
    await s.page.getByText('114 đơn vị', { exact: true }).waitFor();
  });

  it('draws the map: the canvas shows unit fills, not just the background', async () => {
    const s = session();
    const png = await s.page.locator('[data-testid="map"] canvas.maplibregl-canvas').screenshot();
    // Count distinct colours in the canvas PNG bytes' decoded pixels: decode via the browser itself.
    const distinct = await s.page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      const colours = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 97) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return colours.size;
    }, png.toString('base64'));
    expect(distinct).toBeGreaterThan(20);
  });

  it('search ignores diacritics and case', async () => {
    const s = session();
    const search = s.page.getByRole('searchbox', { name: 'Tìm đơn vị' });
    const list = s.page.getByRole('list', { name: 'Danh sách đơn vị' });
    await search.fill('thanh dong');
    await expect.poll(() => list.getByRole('button').allTextContents()).toEqual(['Phường Thành Đông10507']);
    await search.fill('10507');
    await expect.poll(() => list.getByRole('button').count()).toBe(1);
    await search.fill('cam thuong'); // an old ward, now part of Thành Đông
    await expect.poll(() => list.getByRole('button').allTextContents()).toEqual([
      'Phường Thành Đông ← Phường Cẩm Thượng10507',
    ]);
    await search.fill('HOA');
    // Both tone-mark spellings are in the data: new units write "Việt Hoà" (old style), the old units
    // they were formed from write "Hòa Bình" (new style); the search also matches old unit names.
    // Polled: right after typing, the list may still show the previous search's result.
    const spellings = async () => {
      const names = await list.getByRole('button').allTextContents();
      return { 'Hoà': names.some((n) => n.includes('Hoà')), 'Hòa': names.some((n) => n.includes('Hòa')) };
    };
    await expect.poll(spellings).toEqual({ 'Hoà': true, 'Hòa': true });
    await search.fill('');
  });

  it('selecting a unit shows its properties and neighbours; a neighbour is clickable', async () => {
    const s = session();
    const search = s.page.getByRole('searchbox', { name: 'Tìm đơn vị' });
    await search.fill('thanh dong');
    await s.page.getByRole('list', { name: 'Danh sách đơn vị' }).getByRole('button', { name: /Thành Đông/ }).click();
    const panel = s.page.getByRole('region', { name: 'Thông tin đơn vị' });
    await expect.poll(() => panel.locator('[data-field="code"]').textContent()).toBe('10507');
    expect(await panel.locator('[data-field="type"]').textContent()).toBe('Phường');
    expect(await panel.locator('[data-field="officialArea"]').textContent()).toBe('12,22 km²');
    const measured = await panel.locator('[data-field="geodesicArea"]').textContent();
    expect(measured).toMatch(/^12,\d{3} km²$/);
    const formed = await panel.getByRole('list', { name: 'Hình thành từ' }).getByRole('listitem').allTextContents();
    expect(formed).toHaveLength(4);
    expect(formed.join('|')).toContain('Phường Cẩm Thượng (toàn bộ)');
    const neighbours = panel.getByRole('list', { name: 'Đơn vị giáp ranh' }).getByRole('button');
    await expect.poll(() => neighbours.count()).toBeGreaterThan(2);
    const first = (await neighbours.first().textContent())!;
    await neighbours.first().click();
    await expect.poll(() => panel.getByRole('heading', { level: 2 }).textContent()).toBe(first);
    await s.page.screenshot({ path: join(OUT_DIR, 'app-selected.png') });
  });

  it('a click on the map selects the unit under the pointer', async () => {
    const s = session();
    await s.page.getByRole('searchbox', { name: 'Tìm đơn vị' }).fill('thanh dong');
    await s.page.getByRole('list', { name: 'Danh sách đơn vị' }).getByRole('button', { name: /Thành Đông/ }).click();
    await s.page.getByRole('button', { name: 'Đóng' }).click();
    // The click is hit-tested on what the map has drawn: wait until it has drawn the zoomed-in view.
    await mapIdle(s.page);
    const box = (await s.page.locator('[data-testid="map"]').boundingBox())!;
    // After zooming to Thành Đông, the middle of the map lies inside it.
    await s.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const panel = s.page.getByRole('region', { name: 'Thông tin đơn vị' });
    await expect.poll(() => panel.locator('[data-field="code"]').textContent()).toBe('10507');
  });

  it('the sliver tolerance is settable: at 10 m the 7 m-wide 11488/11560 overlap becomes a sliver warning', async () => {
    const s = session();
    const kindOf = () =>
      s.page.evaluate(() => {
        const e = (window as any).__diaGioi.editor;
        return e.checkState.get().status === 'ready' ? (e.issues.get().find((i: any) => i.units.join() === '11488,11560')?.kind ?? null) : 'pending';
      });
    await expect.poll(kindOf, { timeout: TIMEOUT }).toBe('overlap');
    await s.page.getByRole('tab', { name: /Kiểm tra/ }).click();
    const tol = s.page.getByRole('spinbutton', { name: 'Dung sai (m)' });
    await tol.fill('10');
    await tol.blur();
    await expect.poll(kindOf, { timeout: TIMEOUT }).toBe('sliver');
    await tol.fill('0.1');
    await tol.blur();
    await expect.poll(kindOf, { timeout: TIMEOUT }).toBe('overlap');
    await s.page.getByRole('tab', { name: 'Đơn vị' }).click();
  });
});

describe('language', () => {
  it('switches to English, persists across reloads, and ?lang=en works', async () => {
    const s = await openSession();
    try {
      await s.page.goto(haiPhongURL(baseURL));
      await s.page.getByRole('combobox', { name: 'Ngôn ngữ' }).selectOption('en');
      await s.page.getByRole('searchbox', { name: 'Search units' }).waitFor();
      await s.page.reload();
      await s.page.getByRole('searchbox', { name: 'Search units' }).waitFor();
      await expect.poll(() => s.page.evaluate(() => document.documentElement.lang)).toBe('en');
      await s.page.getByRole('combobox', { name: 'Language' }).selectOption('vi');
      await s.page.getByRole('searchbox', { name: 'Tìm đơn vị' }).waitFor();
      await s.page.goto(haiPhongURL(`${baseURL}?lang=en`));
      await s.page.getByRole('searchbox', { name: 'Search units' }).waitFor();
      await s.page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: TIMEOUT });
      await s.page.screenshot({ path: join(OUT_DIR, 'app-english.png') });
      expectClean(s);
    } finally {
      await s.close();
    }
  });
});

describe('bad data', () => {
  it('a data file that does not parse shows which file and what is wrong, not a blank page', async () => {
    const s = await openSession({ serviceWorkers: 'block' });
    try {
      await s.page.route('**/data/provinces/index.json', (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: '{"provinces":[' }),
      );
      await s.page.goto(haiPhongURL(baseURL));
      const alert = s.page.getByRole('alert');
      await alert.waitFor();
      const text = (await alert.textContent())!;
      expect(text).toContain('Không tải được dữ liệu');
      expect(text).toContain('data/provinces/index.json');
      expect(text).toContain('not JSON');
      // Nothing left loopback, and the only errors logged are the reported failure itself.
      expect(s.blocked).toEqual([]);
      expect(s.errors.filter((e) => !e.includes('not JSON'))).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('a province file that is not the one the index lists is refused, naming the file', async () => {
    const s = await openSession({ serviceWorkers: 'block' });
    try {
      await s.page.route('**/data/provinces/31.bin*', (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from('DGT1 not a province') }));
      await s.page.goto(haiPhongURL(baseURL));
      const text = (await s.page.getByRole('alert').textContent())!;
      expect(text).toContain('data/provinces/31.bin');
      expect(text).toContain('sha256 differs');
      expect(s.blocked).toEqual([]);
      expect(s.errors.filter((e) => !e.includes('sha256 differs'))).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('a missing data file says HTTP 404 for that file', async () => {
    const s = await openSession({ serviceWorkers: 'block' });
    try {
      await s.page.route('**/data/provinces/31.old-2008.bin*', (route) => route.fulfill({ status: 404, body: '' }));
      await s.page.goto(haiPhongURL(baseURL));
      const text = (await s.page.getByRole('alert').textContent())!;
      expect(text).toContain('data/provinces/31.old-2008.bin');
      expect(text).toContain('HTTP 404');
      // Nothing left loopback, and the only errors logged are the 404 (the browser's and the app's).
      expect(s.blocked).toEqual([]);
      expect(s.errors.filter((e) => !/\b404\b/.test(e))).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

describe('old units layer', () => {
  it('the toggle shows the 2008 communes on the map', async () => {
    const s = await openSession();
    try {
      await s.page.goto(haiPhongURL(baseURL));
      await s.page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: TIMEOUT });
      const toggle = s.page.getByRole('checkbox', { name: 'Hiện xã cũ (trước 2025)' });
      await toggle.check();
      await expect.poll(() => s.page.evaluate(() => (window as unknown as { __diaGioi: { editor: { oldUnitsVisible: { get(): boolean } } } }).__diaGioi.editor.oldUnitsVisible.get())).toBe(true);
      await s.page.getByRole('list', { name: 'Danh sách đơn vị' }).getByRole('button', { name: /Thành Đông/ }).click();
      // The screenshot shows Thành Đông framed with the old communes over it: wait for the selection,
      // then for the map to have drawn the old communes' lines in an idle frame.
      await s.page.waitForFunction(() => (window as any).__diaGioi.editor.selection.get() === '10507', undefined, { timeout: TIMEOUT });
      await drawn(s.page, 'old-lines');
      await s.page.screenshot({ path: join(OUT_DIR, 'app-old-units.png') });
      expectClean(s);
    } finally {
      await s.close();
    }
  });
});
