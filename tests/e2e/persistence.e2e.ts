// Drafts that never get lost, in real Chromium with real IndexedDB and a persistent profile.
import { describe, expect, inject, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { OUT_DIR, TIMEOUT, launchKillable, openSession } from './browser';
import { expectClean, openApp, openUnroutedSession, reloadOffline, renameUnit, saved, unitName } from './helpers';

const baseURL = inject('baseURL');

/** Renames Thành Đông (or what it is called now) and waits until the editor shows the new name. */
async function rename(page: Page, from: RegExp, to: string): Promise<void> {
  await renameUnit(page, from, to);
  await expect.poll(() => unitName(page, '10507')).toBe(to);
}

/**
 * What IndexedDB holds for the open draft, read through a connection of its own (so only committed
 * data is seen): the number of history steps stored and the reason of a review.
 */
function stored(page: Page, issueId: string): Promise<{ steps: number; reason: string | null }> {
  return page.evaluate(
    (id) =>
      new Promise((resolve, reject) => {
        const draftId = (window as any).__diaGioi.workspace.currentDraft.get().id as string;
        const open = indexedDB.open('dia-gioi');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['steps', 'reviews'], 'readonly');
          const steps = tx.objectStore('steps').count(IDBKeyRange.bound([draftId, -Infinity], [draftId, Infinity]));
          const review = tx.objectStore('reviews').get([draftId, id]);
          tx.oncomplete = () => {
            db.close();
            resolve({ steps: steps.result, reason: review.result?.reason ?? null });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    issueId,
  );
}

describe('persistence', () => {
  it('edits and undo history survive a reload', async () => {
    const s = await openSession();
    try {
      await openApp(s.page, baseURL);
      await rename(s.page, /Thành Đông/, 'Thành Đông Mới');
      await saved(s.page);
      await s.page.reload();
      await openApp(s.page, baseURL);
      await expect.poll(() => unitName(s.page, '10507')).toBe('Thành Đông Mới');
      // Undo still works after the reload: the history came back from IndexedDB.
      await s.page.keyboard.press('Control+z');
      await expect.poll(() => unitName(s.page, '10507')).toBe('Thành Đông');
      expectClean(s);
    } finally {
      await s.close();
    }
  });

  it('edits survive killing the browser process', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'diagioi-kill-'));
    const first = await launchKillable(profile);
    let issueId: string;
    try {
      await openApp(first.page, baseURL);
      await rename(first.page, /Thành Đông/, 'Sau Sự Cố');
      // A review decision too: it must survive the crash with the history.
      await first.page.waitForFunction(() => (window as any).__diaGioi.editor.checkState.get().status === 'ready', undefined, { timeout: TIMEOUT });
      issueId = await first.page.evaluate(() => {
        const e = (window as any).__diaGioi.editor;
        const id = e.issues.get()[0].id;
        e.review(id, 'exception', 'Đã thống nhất');
        return id as string;
      });
      await saved(first.page);
      // Killed only once IndexedDB holds both: read back through a connection of its own, which sees
      // committed data only (and the app commits with strict durability, so committed means on disk).
      // This replaces a fixed 1.2 s sleep after the save, which only guessed that the write had landed.
      await expect.poll(() => stored(first.page, issueId)).toEqual({ steps: 1, reason: 'Đã thống nhất' });
      expect(first.blocked).toEqual([]);
      expect(first.errors).toEqual([]);
    } finally {
      await first.kill();
    }
    const second = await launchKillable(profile);
    try {
      await openApp(second.page, baseURL);
      await expect.poll(() => unitName(second.page, '10507')).toBe('Sau Sự Cố');
      expect(await second.page.evaluate((id) => (window as any).__diaGioi.editor.reviews.get().get(id)?.reason, issueId)).toBe('Đã thống nhất');
      await second.page.keyboard.press('Control+z');
      await expect.poll(() => unitName(second.page, '10507')).toBe('Thành Đông');
      expect(second.blocked).toEqual([]);
      expect(second.errors).toEqual([]);
    } finally {
      await second.kill();
    }
  });

  it('a second tab is read-only until it takes over; no update is lost', async () => {
    const s = await openSession();
    try {
      await openApp(s.page, baseURL);
      await rename(s.page, /Thành Đông/, 'Tab Một');
      const second = await s.context.newPage();
      await openApp(second, baseURL);
      const status2 = second.getByTestId('save-status');
      await expect.poll(() => status2.getAttribute('data-kind')).toBe('read-only');
      expect(await status2.textContent()).toContain('đang mở ở thẻ khác');
      // The second tab sees the first tab's edit, saved at the hand-over.
      await second.getByRole('button', { name: 'Tiếp quản để sửa' }).click();
      await expect.poll(() => status2.getAttribute('data-kind')).toBe('saved');
      await expect.poll(() => unitName(second, '10507')).toBe('Tab Một');
      await expect.poll(() => s.page.getByTestId('save-status').getAttribute('data-kind')).toBe('read-only');
      await rename(second, /Tab Một/, 'Tab Hai');
      await saved(second);
      await second.reload();
      await openApp(second, baseURL);
      await expect.poll(() => unitName(second, '10507')).toBe('Tab Hai');
      await second.screenshot({ path: join(OUT_DIR, 'tabs-second.png') });
      expectClean(s);
    } finally {
      await s.close();
    }
  });

  it('after the first visit the app and the draft open offline', async () => {
    const s = await openUnroutedSession();
    try {
      await openApp(s.page, baseURL);
      await rename(s.page, /Thành Đông/, 'Ngoại Tuyến');
      await saved(s.page);
      await s.page.waitForFunction(() => (window as any).__diaGioi.editor.neighbourProvinces.get().status === 'ready', undefined, { timeout: TIMEOUT });
      await reloadOffline(s);
      await expect.poll(() => unitName(s.page, '10507')).toBe('Ngoại Tuyến');
      // The neighbouring provinces' units, fetched on the first visit, open offline too.
      await expect.poll(() => s.page.evaluate(() => (window as any).__diaGioi.editor.neighbourProvinces.get().status)).toBe('ready');
      await s.page.screenshot({ path: join(OUT_DIR, 'offline.png') });
      expectClean(s);
    } finally {
      await s.close();
    }
  });
});
