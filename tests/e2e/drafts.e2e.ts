// The drafts screen and named versions, in real Chromium with real IndexedDB.
import { describe, expect, inject, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OUT_DIR } from './browser';
import { appPerTest, renameUnit, saved, unitName } from './helpers';

const baseURL = inject('baseURL');

describe('drafts and versions', () => {
  // Each test starts from a fresh profile: one draft of the bundled data, no version, no edit.
  const session = appPerTest(baseURL);

  it('saves a named version, compares it with the draft, and restores it as an undoable step', async () => {
    const s = session();
    await s.page.getByRole('button', { name: /^Bản nháp:/ }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Bản nháp và phiên bản' });
    await dialog.getByRole('textbox', { name: 'Tên phiên bản' }).fill('Trước khi sửa');
    await dialog.getByRole('button', { name: 'Lưu phiên bản' }).click();
    await dialog.getByRole('list', { name: 'Phiên bản đã lưu' }).getByText('Trước khi sửa').waitFor();
    await dialog.getByRole('button', { name: 'Đóng' }).click();
    await renameUnit(s.page, /Thành Đông/, 'Đông Mới');
    await expect.poll(() => unitName(s.page, '10507')).toBe('Đông Mới');
    await s.page.getByRole('button', { name: /^Bản nháp:/ }).click();
    await dialog.getByRole('button', { name: 'So sánh' }).click();
    const cmp = dialog.getByLabel('So với phiên bản "Trước khi sửa"');
    await cmp.waitFor();
    // The comparison is computed from the stored version: wait for its content, not only its frame.
    await expect.poll(() => cmp.textContent()).toContain('10507');
    expect(await cmp.textContent()).toContain('thuộc tính');
    await dialog.getByRole('button', { name: 'Khôi phục' }).click();
    await expect.poll(() => unitName(s.page, '10507')).toBe('Thành Đông');
    await dialog.getByRole('button', { name: 'Đóng' }).click();
    await s.page.keyboard.press('Control+z');
    await expect.poll(() => unitName(s.page, '10507')).toBe('Đông Mới');
  });

  it('creates, duplicates, renames and deletes drafts (with confirmation)', async () => {
    const s = session();
    // The edit the copy must carry, made here (not left over from another test).
    await renameUnit(s.page, /Thành Đông/, 'Đông Mới');
    await expect.poll(() => unitName(s.page, '10507')).toBe('Đông Mới');
    await s.page.getByRole('button', { name: /^Bản nháp:/ }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Bản nháp và phiên bản' });
    const rows = dialog.getByRole('table').getByRole('row');
    // The list is read from IndexedDB when the dialog opens.
    await expect.poll(() => rows.count()).toBe(2); // header + the first draft
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
    await expect.poll(() => unitName(s.page, '10507')).toBe('Đông Mới');
    await dialog.getByRole('textbox', { name: 'Tên bản nháp' }).fill('Bản mới');
    // A new draft of the open draft's province (Hải Phòng, chosen by default; its file is on the device).
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Từ dữ liệu của tỉnh/thành phố' }).inputValue()).toBe('31');
    await dialog.getByRole('button', { name: 'Tạo bản nháp mới', exact: true }).click();
    await expect.poll(() => rows.count()).toBe(4);
    await expect.poll(() => s.page.getByRole('button', { name: /^Bản nháp:/ }).textContent()).toBe('Bản mới');
    await expect.poll(() => unitName(s.page, '10507')).toBe('Thành Đông');
    const del = dialog.getByRole('row', { name: 'Phương án B' });
    await del.getByRole('button', { name: 'Xóa' }).click();
    await del.getByRole('alertdialog').waitFor();
    await del.getByRole('button', { name: 'Xóa hẳn' }).click();
    await expect.poll(() => rows.count()).toBe(3);
    await s.page.screenshot({ path: join(OUT_DIR, 'drafts.png') });
  });

  it('refuses a foreign backup file with a clear message and changes nothing', async () => {
    const s = session();
    await s.page.getByRole('button', { name: /^Bản nháp:/ }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Bản nháp và phiên bản' });
    const rows = dialog.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(2); // header + the first draft, once read from IndexedDB
    const before = await rows.count();
    const file = join(mkdtempSync(join(tmpdir(), 'backup-')), 'khong-phai.json');
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [] }));
    await dialog.getByLabel('Nhập bản sao lưu').setInputFiles(file);
    // The message proves the file was read and refused; only then is "nothing changed" worth checking.
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('khong-phai.json: Tệp này không phải bản sao lưu của Địa giới.');
    expect(await rows.count()).toBe(before);
  });

  it('an older backup over a newer draft asks, shows which is newer, and keeps both when told to', async () => {
    const s = session();
    // The backup is taken now, before the edit: it holds an older state of the same draft (same id).
    const text = await s.page.evaluate(async () => (await (window as any).__diaGioi.workspace.exportBackup()).text());
    const file = join(mkdtempSync(join(tmpdir(), 'backup-')), 'cu.json');
    writeFileSync(file, text);
    await renameUnit(s.page, /Thành Đông/, 'Đông Mới');
    await expect.poll(() => unitName(s.page, '10507')).toBe('Đông Mới');
    await saved(s.page);
    await s.page.getByRole('button', { name: /^Bản nháp:/ }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Bản nháp và phiên bản' });
    const rows = dialog.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(2);
    const name = (await rows.nth(1).getAttribute('aria-label'))!;
    await dialog.getByLabel('Nhập bản sao lưu').setInputFiles(file);
    // The import stops and asks: the stored draft (1 edit) is the newer one; nothing is written yet.
    const review = dialog.getByRole('group', { name: 'Kiểm tra bản sao lưu' });
    const clash = review.getByRole('group', { name });
    await clash.waitFor();
    const sides = clash.getByRole('listitem');
    await expect.poll(() => sides.nth(0).textContent()).toMatch(/^Trong bản sao lưu: .*, 0 bước sửa$/);
    expect(await sides.nth(1).textContent()).toMatch(/^Trong máy: .*, 1 bước sửa \(mới hơn\)$/);
    expect(await clash.getByRole('radio', { name: 'Giữ cả hai (nhập thành bản sao)' }).isChecked()).toBe(true);
    expect(await rows.count()).toBe(2);
    expect(await unitName(s.page, '10507')).toBe('Đông Mới');
    await review.getByRole('button', { name: 'Nhập', exact: true }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Đã nhập 1 bản nháp, 1 nhập thành bản sao.');
    // Both are there: the newer draft still open with its edit, the older one beside it as a copy.
    await expect.poll(() => rows.count()).toBe(3);
    await dialog.getByRole('row', { name: `${name} (từ bản sao lưu)` }).waitFor();
    await expect.poll(() => unitName(s.page, '10507')).toBe('Đông Mới');
  });
});
