// The drafts screen and named versions, in real Chromium with real IndexedDB.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OUT_DIR, openSession, type Session } from './browser';
import { openApp, renameUnit, unitName } from './helpers';

const baseURL = inject('baseURL');

describe('drafts and versions', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
    await openApp(s.page, baseURL);
  });
  afterAll(async () => {
    await s.close();
  });

  it('saves a named version, compares it with the draft, and restores it as an undoable step', async () => {
    await s.page.getByRole('button', { name: /^Bản nháp:/ }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Bản nháp và phiên bản' });
    await dialog.getByRole('textbox', { name: 'Tên phiên bản' }).fill('Trước khi sửa');
    await dialog.getByRole('button', { name: 'Lưu phiên bản' }).click();
    await dialog.getByRole('list', { name: 'Phiên bản đã lưu' }).getByText('Trước khi sửa').waitFor();
    await dialog.getByRole('button', { name: 'Đóng' }).click();
    await renameUnit(s.page, /Thành Đông/, 'Đông Mới');
    await s.page.getByRole('button', { name: /^Bản nháp:/ }).click();
    await dialog.getByRole('button', { name: 'So sánh' }).click();
    const cmp = dialog.getByLabel('So với phiên bản "Trước khi sửa"');
    await cmp.waitFor();
    expect(await cmp.textContent()).toContain('10507');
    expect(await cmp.textContent()).toContain('thuộc tính');
    await dialog.getByRole('button', { name: 'Khôi phục' }).click();
    await expect.poll(() => unitName(s.page, '10507')).toBe('Thành Đông');
    await dialog.getByRole('button', { name: 'Đóng' }).click();
    await s.page.keyboard.press('Control+z');
    expect(await unitName(s.page, '10507')).toBe('Đông Mới');
  });

  it('creates, duplicates, renames and deletes drafts (with confirmation)', async () => {
    await s.page.getByRole('button', { name: /^Bản nháp:/ }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Bản nháp và phiên bản' });
    const rows = dialog.getByRole('table').getByRole('row');
    expect(await rows.count()).toBe(2); // header + the first draft
    const first = (await rows.nth(1).getAttribute('aria-label'))!;
    await rows.nth(1).getByRole('button', { name: 'Nhân bản' }).click();
    await expect.poll(() => rows.count()).toBe(3);
    const copy = dialog.getByRole('row', { name: `${first} (bản sao)` });
    await copy.getByRole('button', { name: 'Đổi tên' }).click();
    await copy.getByRole('textbox', { name: 'Tên bản nháp' }).fill('Phương án B');
    await copy.getByRole('button', { name: 'Lưu' }).click();
    const b = dialog.getByRole('row', { name: 'Phương án B' });
    await b.waitFor();
    // The copy carries the edit made above.
    await b.getByRole('button', { name: 'Mở' }).click();
    await expect.poll(() => s.page.getByRole('button', { name: /^Bản nháp:/ }).textContent()).toBe('Phương án B');
    expect(await unitName(s.page, '10507')).toBe('Đông Mới');
    await dialog.getByRole('textbox', { name: 'Tên bản nháp' }).fill('Bản mới');
    await dialog.getByRole('button', { name: 'Tạo bản nháp mới từ dữ liệu Hải Phòng' }).click();
    await expect.poll(() => rows.count()).toBe(4);
    await expect.poll(() => s.page.getByRole('button', { name: /^Bản nháp:/ }).textContent()).toBe('Bản mới');
    expect(await unitName(s.page, '10507')).toBe('Thành Đông');
    const del = dialog.getByRole('row', { name: 'Phương án B' });
    await del.getByRole('button', { name: 'Xóa' }).click();
    await del.getByRole('alertdialog').waitFor();
    await del.getByRole('button', { name: 'Xóa hẳn' }).click();
    await expect.poll(() => rows.count()).toBe(3);
    await s.page.screenshot({ path: join(OUT_DIR, 'drafts.png') });
  });

  it('refuses a foreign backup file with a clear message and changes nothing', async () => {
    const dialog = s.page.getByRole('dialog', { name: 'Bản nháp và phiên bản' });
    const before = await dialog.getByRole('table').getByRole('row').count();
    const file = join(mkdtempSync(join(tmpdir(), 'backup-')), 'khong-phai.json');
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [] }));
    await dialog.getByLabel('Nhập bản sao lưu').setInputFiles(file);
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('khong-phai.json: Tệp này không phải bản sao lưu của Địa giới.');
    expect(await dialog.getByRole('table').getByRole('row').count()).toBe(before);
  });
});
