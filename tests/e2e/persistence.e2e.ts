// Drafts that never get lost, in real Chromium with real IndexedDB and a persistent profile.
import { describe, expect, inject, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, OUT_DIR, launchKillable, openSession } from './browser';
import { openApp, renameUnit, unitName } from './helpers';

const baseURL = inject('baseURL');

async function saved(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const w = (window as any).__diaGioi.workspace;
    const s = w.saveStatus.get();
    return s?.kind === 'saved' && s.at !== null;
  }, undefined, { timeout: 20_000 });
}


describe('persistence', () => {
  it('edits and undo history survive a reload', async () => {
    const s = await openSession();
    try {
      await openApp(s.page, baseURL);
      await renameUnit(s.page, /Thành Đông/, 'Thành Đông Mới');
      await saved(s.page);
      await s.page.reload();
      await openApp(s.page, baseURL);
      expect(await unitName(s.page, '10507')).toBe('Thành Đông Mới');
      // Undo still works after the reload: the history came back from IndexedDB.
      await s.page.keyboard.press('Control+z');
      expect(await unitName(s.page, '10507')).toBe('Thành Đông');
      expect(s.blocked).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('edits survive killing the browser process', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'diagioi-kill-'));
    const first = await launchKillable(profile, 9341);
    await openApp(first.page, baseURL);
    await renameUnit(first.page, /Thành Đông/, 'Sau Sự Cố');
    // A review decision too: it must survive the crash with the history.
    const issueId = await first.page.evaluate(async () => {
      const e = (window as any).__diaGioi.editor;
      while (e.checkState.get().status !== 'ready') await new Promise((r) => setTimeout(r, 100));
      const id = e.issues.get()[0].id;
      e.review(id, 'exception', 'Đã thống nhất');
      return id as string;
    });
    // Older than a second: autosave has written it.
    await saved(first.page);
    await first.page.waitForTimeout(1200);
    await first.kill();
    const second = await launchKillable(profile, 9342);
    try {
      await openApp(second.page, baseURL);
      expect(await unitName(second.page, '10507')).toBe('Sau Sự Cố');
      expect(await second.page.evaluate((id) => (window as any).__diaGioi.editor.reviews.get().get(id)?.reason, issueId)).toBe('Đã thống nhất');
      await second.page.keyboard.press('Control+z');
      expect(await unitName(second.page, '10507')).toBe('Thành Đông');
    } finally {
      await second.kill();
    }
  });

  it('a second tab is read-only until it takes over; no update is lost', async () => {
    const s = await openSession();
    try {
      await openApp(s.page, baseURL);
      await renameUnit(s.page, /Thành Đông/, 'Tab Một');
      const second = await s.context.newPage();
      await openApp(second, baseURL);
      const status2 = second.getByTestId('save-status');
      await expect.poll(() => status2.getAttribute('data-kind')).toBe('read-only');
      expect(await status2.textContent()).toContain('đang mở ở thẻ khác');
      // The second tab sees the first tab's edit, saved at the hand-over.
      await second.getByRole('button', { name: 'Tiếp quản để sửa' }).click();
      await expect.poll(() => status2.getAttribute('data-kind')).toBe('saved');
      expect(await unitName(second, '10507')).toBe('Tab Một');
      await expect.poll(() => s.page.getByTestId('save-status').getAttribute('data-kind')).toBe('read-only');
      await renameUnit(second, /Tab Một/, 'Tab Hai');
      await saved(second);
      await second.reload();
      await openApp(second, baseURL);
      expect(await unitName(second, '10507')).toBe('Tab Hai');
      await second.screenshot({ path: join(OUT_DIR, 'tabs-second.png') });
    } finally {
      await s.close();
    }
  });

  it('after the first visit the app and the draft open offline', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'diagioi-offline-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 900 } });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await openApp(page, baseURL);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready.then(() => true), undefined, { timeout: 30_000 });
      await page.evaluate(() => navigator.serviceWorker.ready);
      await renameUnit(page, /Thành Đông/, 'Ngoại Tuyến');
      await saved(page);
      await context.setOffline(true);
      await page.reload();
      await openApp(page, baseURL);
      expect(await unitName(page, '10507')).toBe('Ngoại Tuyến');
      await page.screenshot({ path: join(OUT_DIR, 'offline.png') });
    } finally {
      await context.close();
    }
  });

  it('a failed write says so, keeps the last good state, and saves once writing works again', async () => {
    const s = await openSession();
    try {
      await openApp(s.page, baseURL);
      await renameUnit(s.page, /Thành Đông/, 'Trước Lỗi');
      await saved(s.page);
      // Simulate a full disk: every IndexedDB write fails with QuotaExceededError.
      await s.page.evaluate(() => {
        const w = window as any;
        w.__realPut = IDBObjectStore.prototype.put;
        w.__realAdd = IDBObjectStore.prototype.add;
        const fail = function () {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
        IDBObjectStore.prototype.put = fail as any;
        IDBObjectStore.prototype.add = fail as any;
      });
      await renameUnit(s.page, /Trước Lỗi/, 'Khi Lỗi');
      const status = s.page.getByTestId('save-status');
      await expect.poll(() => status.getAttribute('data-kind'), { timeout: 20_000 }).toBe('error');
      expect(await status.textContent()).toMatch(/Chưa lưu được/);
      expect(await s.page.getByRole('button', { name: 'Xuất bản sao lưu' }).count()).toBe(1);
      // The edit is still on screen; nothing was lost.
      expect(await unitName(s.page, '10507')).toBe('Khi Lỗi');
      await s.page.screenshot({ path: join(OUT_DIR, 'write-failure.png') });
      await s.page.evaluate(() => {
        const w = window as any;
        IDBObjectStore.prototype.put = w.__realPut;
        IDBObjectStore.prototype.add = w.__realAdd;
      });
      await expect.poll(() => status.getAttribute('data-kind'), { timeout: 30_000 }).toBe('saved');
      await s.page.reload();
      await openApp(s.page, baseURL);
      expect(await unitName(s.page, '10507')).toBe('Khi Lỗi');
    } finally {
      await s.close();
    }
  });
});
