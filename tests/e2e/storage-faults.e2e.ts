// Storage faults and damaged drafts in real Chromium (issue 14, "every point holds in real Chromium"):
// the unit tests prove these on fake-indexeddb; here the browser's own IndexedDB, quota and dialogs are
// used. A refused write comes from a real full disk: the profile lives on a small tmpfs that the test
// fills (mounting needs root; CI runs as root), as in full-disk.e2e.ts. Lowering the quota over CDP
// (Storage.overrideQuotaForOrigin) no longer makes IndexedDB writes fail since the province files sit in
// Cache Storage, so it is not used.
import { describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialog, Page } from 'playwright-core';
import { OUT_DIR, openSession, TIMEOUT, type Session } from './browser';
import { drawn, expectClean, openApp, pageNow, renameUnit, saveOutcome, saveView, saved, savedAfter, unitName } from './helpers';
import { smallDiskPerTest } from './small-disk';

const baseURL = inject('baseURL');
const UNIT = '10507';
/** Two or three loads of the whole province per test, on a loaded 2-core machine. */
const SLOW = 900_000;

async function withSession(run: (s: Session) => Promise<void>): Promise<void> {
  const s = await openSession();
  try {
    await openApp(s.page, baseURL);
    await run(s);
  } finally {
    await s.close();
  }
}

function saveKind(page: Page): Promise<string | null> {
  return page.getByTestId('save-status').getAttribute('data-kind');
}

/**
 * Asks the page to close as a user closing the tab would, answering a "leave this page?" question with
 * `answer`; resolves with the types of the dialogs it raised. Either the page closes, or it raised the
 * beforeunload dialog (and, told to stay, stays open).
 */
async function tryToClose(page: Page, answer: 'stay' | 'leave'): Promise<string[]> {
  const dialogs: string[] = [];
  const onDialog = (d: Dialog) => {
    dialogs.push(d.type());
    void (answer === 'stay' ? d.dismiss() : d.accept());
  };
  page.on('dialog', onDialog);
  const closed = new Promise<void>((r) => page.once('close', () => r()));
  await page.close({ runBeforeUnload: true });
  await Promise.race([closed, expect.poll(() => dialogs.length, { timeout: TIMEOUT }).toBeGreaterThan(0)]);
  if (answer === 'leave') await closed;
  page.off('dialog', onDialog);
  return dialogs;
}

/** The drafts dialog, open, with its rows read from IndexedDB. */
async function draftsDialog(page: Page) {
  await page.getByRole('button', { name: /^Bản nháp:/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Bản nháp và phiên bản' });
  await dialog.waitFor();
  return { dialog, rows: dialog.getByRole('table').getByRole('row') };
}

describe('a refused write on a real full disk', () => {
  const disk = smallDiskPerTest();

  it('keeps the edit, warns before the tab closes, and saves by itself once space is back', async () => {
    const d = disk();
    // The save status each page had when it got its beforeunload event (logged by the page, see below).
    const atUnload: string[] = [];
    const start = async () => {
      // Persistent storage, as an installed app has: a best-effort origin is evicted whole on a nearly full
      // disk (see grantPersistentStorage in browser.ts), which frees space at any moment and let all 41
      // saves of one CI run go through.
      const session = await openSession({ profileDir: d.profileDir, persistentStorageFor: baseURL });
      session.context.on('console', (m) => {
        const hit = /^e2e-beforeunload (\S*)$/.exec(m.text());
        if (hit) atUnload.push(hit[1]!);
      });
      return session;
    };
    let s = await start();
    const recordUnload = (page: Page) =>
      page.evaluate(() => addEventListener('beforeunload', () => console.log(`e2e-beforeunload ${(window as any).__diaGioi.workspace.saveStatus.get()?.kind}`)));
    let page = s.page;
    try {
      await openApp(page, baseURL);
      await expect.poll(() => saveKind(page)).toBe('saved');
      // The app asked for persistent storage at start, got it, and the drafts dialog says so.
      await expect.poll(() => page.evaluate(() => navigator.storage.persisted())).toBe(true);
      const { dialog } = await draftsDialog(page);
      await expect.poll(() => dialog.textContent()).toContain('Lưu trữ bền vững (trình duyệt không tự xóa)');
      await dialog.getByRole('button', { name: 'Đóng' }).first().click();

      // On the full disk Chromium may still give space back of its own (a database it could not write is
      // discarded), and the app then writes the draft back from memory: a failed save may turn into a saved one at
      // any moment, and a close after that rightly asks nothing. So each round makes an edit whose save
      // fails, then closes the tab; the page logs its save status at beforeunload, which tells a missing
      // warning (failed, not asked) from a lost race (saved just before the close), which starts another round.
      // Chromium itself may die on the full disk (as in full-disk.e2e.ts); the warning cannot be put to
      // the test then, so the browser is started again on the same profile, with space, for another round.
      let name = 'Thành Đông';
      let t = 0;
      let deaths = 0;
      // What a restart may show: the last name seen saved, or one tried after it.
      let savedName = name;
      let tried: string[] = [];
      const draftIds = (p: Page) => p.evaluate(() => (window as any).__diaGioi.workspace.drafts.get().map((x: { id: string }) => x.id).sort() as string[]);
      const ids = await draftIds(page);
      expect(ids).toHaveLength(1);
      // Console errors and blocked requests of sessions that died, checked at the end with the last one's.
      const earlier = { blocked: [] as string[], errors: [] as string[] };
      for (let round = 1, asked = false; !asked; round++) {
        expect(round - deaths, 'the app saved before every close: the warning was never put to the test').toBeLessThanOrEqual(4);
        expect(deaths, 'the browser died on the full disk in every round').toBeLessThanOrEqual(3);
        // Only the browser going away counts: a renderer crash the app caused must fail the test.
        let dead = false;
        const died = () => (dead = true);
        const ctx = s.context;
        ctx.once('close', died);
        d.fill(); // again: takes back what the browser freed
        try {
          let seen = await saveView(page);
          // A small write can still land in the slack of pages the database's log already holds: on this
          // machine up to 6 saves in a row went through on the full disk (1 run in 4). The log fills that
          // slack within a few dozen renames.
          // "stalled" (the browser has not answered a save for 10 s) is a failure shown too.
          const failed = () => seen.kind === 'error' || seen.kind === 'stalled';
          for (let edit = 1; !failed(); edit++) {
            expect(edit, 'every save went through on the full disk').toBeLessThanOrEqual(40);
            // Takes back anything the browser freed since (a discarded journal, say).
            if (edit > 1) d.fill();
            const next = `Chưa lưu ${round}.${edit}`;
            t = await pageNow(page);
            await renameUnit(page, new RegExp(name), next);
            name = next;
            tried.push(next);
            await saveOutcome(page, t);
            seen = await saveView(page);
            if (!failed()) [savedName, tried] = [next, []];
          }
          // Why, in plain words; the edit stays on screen.
          expect(seen.status).toMatch(/^Chưa lưu được: /);
          expect(seen.banner).toContain(seen.kind === 'error' ? 'thường do đĩa đầy' : 'Trình duyệt chưa trả lời lần lưu gần nhất');
          expect(await unitName(page, UNIT)).toBe(name);

          // Closing the tab now would lose the edit: the browser asks first; the officer stays.
          await recordUnload(page);
          const unloads = atUnload.length;
          const dialogs = await tryToClose(page, 'stay');
          await expect.poll(() => atUnload.length).toBe(unloads + 1);
          if (dialogs.length > 0) {
            expect(dialogs).toEqual(['beforeunload']);
            expect(page.isClosed()).toBe(false);
            asked = true;
          } else {
            expect(atUnload.at(-1), 'the tab closed without asking while its changes were not saved').toBe('saved');
            console.log(`round ${round}: the app had saved on the full disk before the close; again`);
            [savedName, tried] = [name, []];
            page = await s.context.newPage();
            await openApp(page, baseURL);
            expect(await unitName(page, UNIT)).toBe(name);
          }
        } catch (e) {
          // The close or crash event may come a moment after the call that failed with it.
          for (let i = 0; i < 50 && !dead; i++) await new Promise((r) => setTimeout(r, 100));
          if (!dead || !/has been closed|Target closed|crashed/i.test(String(e))) throw e;
          deaths++;
          console.log(`round ${round}: the browser died on the full disk (${String(e).split('\n')[0]}); started again on the same profile`);
          earlier.blocked.push(...s.blocked);
          earlier.errors.push(...s.errors);
          await s.close().catch(() => undefined); // a dead browser may be gone already
          d.free();
          s = await start();
          page = s.page;
          await openApp(page, baseURL);
          // Nothing lost that was shown as saved, no draft gone or made in its place.
          expect(await draftIds(page)).toEqual(ids);
          name = await unitName(page, UNIT);
          expect([savedName, ...tried]).toContain(name);
          [savedName, tried] = [name, []];
        } finally {
          ctx.off('close', died);
        }
      }
      console.log('the tab asked before closing with a refused save');
      expect(await unitName(page, UNIT)).toBe(name);

      // Another province now would leave the unsaved edit in a closed draft: refused, and said where the
      // officer asked; the draft stays open with the edit.
      d.fill();
      await page.getByRole('banner').getByRole('button', { name: /— đổi tỉnh$/ }).click();
      const switcher = page.getByRole('dialog', { name: 'Chọn tỉnh/thành phố' });
      await switcher.getByRole('button', { name: /^Tỉnh Hưng Yên/ }).click();
      // The switch first writes what is pending; that write may still find room in the log's slack (see
      // above), and then the switch goes on and fails on the full disk further on (keeping the province's
      // download, or creating its draft), said as such, the edit saved.
      const refused = 'Chưa thực hiện: bản nháp đang mở';
      const notLoaded = 'Không tải được dữ liệu Tỉnh Hưng Yên';
      const alert = async () => (await switcher.getByRole('alert').textContent().catch(() => '')) ?? '';
      await expect.poll(async () => {
        const a = await alert();
        return a.includes(refused) || a.includes(notLoaded);
      }).toBe(true);
      const said = await alert();
      if (said.includes(notLoaded)) {
        console.log('the pending edit was saved on the full disk by the switch; the province download failed');
        expect(await saveView(page)).toMatchObject({ kind: 'saved' });
        expect(said).toContain('Trình duyệt không ghi được dữ liệu vào máy, thường do đĩa đầy');
      } else {
        expect(said).toContain(refused);
      }
      await page.screenshot({ path: join(OUT_DIR, 'switch-refused.png') });
      await page.keyboard.press('Escape');
      await switcher.waitFor({ state: 'hidden' });
      expect(await unitName(page, UNIT)).toBe(name);
      // The same draft stays open. (The drafts list itself may read empty now: Chromium can discard a
      // store it failed to write while the tab runs; the open session writes the draft whole again once
      // space is back, checked on a new page below.)
      expect(await page.evaluate(() => (window as any).__diaGioi.workspace.currentDraft.get()?.id)).toBe(ids[0]);

      // Space comes back: the retry saves the edit, with no reload, and the tab closes without a question.
      d.free();
      await savedAfter(page, t);
      expect(await tryToClose(page, 'leave')).toEqual([]);
      await expect.poll(() => atUnload.at(-1)).toBe('saved');
      const again = await s.context.newPage();
      await openApp(again, baseURL);
      expect(await unitName(again, UNIT)).toBe(name);
      expect(await draftIds(again)).toEqual(ids);
      expectClean(earlier);
      expectClean(s);
    } finally {
      await s.close();
    }
  }, SLOW);
});

describe('storage faults in real Chromium', () => {
  it('little space left is warned about before a write fails', async () => {
    // Stubbed: Chromium's estimate() cannot show little room left. So that sites cannot learn the disk's
    // size, it reports quota = usage + the disk's total size rounded up to whole GiB (10 GiB at most),
    // however full the disk is: on a 256 MB tmpfs profile Chromium 156 answered 1,024 MB left when empty,
    // nearly full and full alike (its enforced quota, 60 % of the disk, shows only over CDP). So estimate()
    // here answers what a browser reporting the real room would on a nearly full disk: 50 MB left.
    const s = await openSession();
    try {
      await s.context.addInitScript(() => {
        const real = navigator.storage.estimate.bind(navigator.storage);
        navigator.storage.estimate = async () => {
          const e = await real();
          return { ...e, quota: (e.usage ?? 0) + 50 * 1024 * 1024 };
        };
      });
      await openApp(s.page, baseURL);
      const banner = s.page.getByTestId('storage-banner');
      await expect.poll(() => banner.textContent()).toMatch(/^Sắp hết dung lượng lưu trữ: chỉ còn [\d.,]+ MB\. Hãy xuất bản sao lưu/);
      // Still saving meanwhile.
      await renameUnit(s.page, /Thành Đông/, 'Vẫn lưu');
      await expect.poll(() => saveKind(s.page)).toBe('saved');
      expectClean(s);
    } finally {
      await s.close();
    }
  }, SLOW);

  it('a save the browser does not answer: the status says so after 10 s, warns at close, and saves when it answers', async () => {
    await withSession(async (s) => {
      const page = s.page;
      await renameUnit(page, /Thành Đông/, 'Trước khi treo');
      await saved(page);
      // Another connection holds a read-write transaction on the drafts store, kept alive by a chain of
      // requests: the app's next save (in its worker) queues behind it and gets no answer, as a save did
      // once after a restart on a full disk.
      await page.evaluate(
        () =>
          new Promise<void>((resolve, reject) => {
            const req = indexedDB.open('dia-gioi');
            req.onerror = () => reject(req.error);
            req.onsuccess = () => {
              const w = window as unknown as { __release?: boolean };
              const db = req.result;
              const tx = db.transaction('drafts', 'readwrite');
              tx.oncomplete = () => db.close();
              const store = tx.objectStore('drafts');
              const spin = () => {
                if (!w.__release) store.count().onsuccess = spin;
              };
              spin();
              resolve();
            };
          }),
      );
      // The header keeps its height whatever the status says: a header that grows moves the map under the
      // pointer (an e2e click once missed a border that way).
      const headerHeight = () => page.locator('header.app-header').evaluate((e) => e.getBoundingClientRect().height);
      const saneHeight = await headerHeight();
      const t = await pageNow(page);
      await renameUnit(page, /Trước khi treo/, 'Trong lúc treo');
      await expect.poll(() => saveKind(page), { timeout: TIMEOUT }).toBe('stalled');
      expect(await headerHeight()).toBe(saneHeight);
      const seen = await saveView(page);
      expect(seen.status).toMatch(/^Chưa lưu được: trình duyệt chưa trả lời \(từ \d{1,2}:\d{2}:\d{2}\)$/);
      expect(seen.banner).toMatch(/^Trình duyệt chưa trả lời lần lưu gần nhất; ứng dụng vẫn đang chờ/);
      // The step that waits is named: here the database write, held by the other connection.
      expect(await page.getByTestId('save-status').getAttribute('title')).toBe(`${seen.status}\nĐang chờ: ghi vào cơ sở dữ liệu`);
      // A backup would wait for the same database; the draft as shown comes from memory, with the edit.
      expect(seen.buttons).toEqual(['Tải bản nháp đang hiển thị (GeoJSON)']);
      await page.screenshot({ path: join(OUT_DIR, 'save-stalled.png') });
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải bản nháp đang hiển thị (GeoJSON)' }).click()]);
      const fc = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { features: { properties: { code?: string; name?: string } }[] };
      expect(fc.features.find((f) => f.properties.code === UNIT)?.properties.name).toBe('Trong lúc treo');
      // The change is only in the tab: closing it asks first.
      const dialogs = await tryToClose(page, 'stay');
      expect(dialogs).toEqual(['beforeunload']);
      // The browser answers: the save goes through by itself.
      await page.evaluate(() => {
        (window as unknown as { __release?: boolean }).__release = true;
      });
      await savedAfter(page, t);
      expect(await unitName(page, UNIT)).toBe('Trong lúc treo');
      expectClean(s);
    });
  }, SLOW);

  it('a draft deleted in another tab: the editing tab stops saving, says so, and keeps its state as a new draft', async () => {
    await withSession(async (s) => {
      const first = s.page;
      await renameUnit(first, /Thành Đông/, 'Trước khi xóa');
      await saved(first);
      const name = await first.evaluate(() => (window as any).__diaGioi.workspace.currentDraft.get().name as string);
      const deletedId = await first.evaluate(() => (window as any).__diaGioi.workspace.currentDraft.get().id as string);

      // The second tab (read-only on the same draft) deletes it from its drafts screen.
      const second = await s.context.newPage();
      await openApp(second, baseURL);
      await expect.poll(() => saveKind(second)).toBe('read-only');
      const { dialog, rows } = await draftsDialog(second);
      await expect.poll(() => rows.count()).toBe(2);
      const row = dialog.getByRole('row', { name });
      await row.getByRole('button', { name: 'Xóa' }).click();
      await row.getByRole('button', { name: 'Xóa hẳn' }).click();
      await expect.poll(() => second.evaluate((id) => (window as any).__diaGioi.workspace.drafts.get().some((d: { id: string }) => d.id === id), deletedId)).toBe(false);

      // The first tab edits on: its save finds the draft gone and stops, saying so (no endless retry).
      await renameUnit(first, /Trước khi xóa/, 'Sau khi xóa');
      const status = first.getByTestId('save-status');
      await expect.poll(() => status.getAttribute('data-kind')).toBe('read-only');
      expect(await status.textContent()).toBe('Chỉ đọc: Bản nháp đã bị xóa ở thẻ khác; nội dung đang hiển thị chỉ còn ở thẻ này.');
      expect(await unitName(first, UNIT)).toBe('Sau khi xóa');
      // What is shown exists only here: closing the tab asks first.
      expect(await first.evaluate(() => (window as any).__diaGioi.workspace.hasUnsaved())).toBe(true);

      // Kept as a new draft, with the edit made after the deletion.
      await first.getByRole('button', { name: 'Lưu thành bản nháp mới' }).click();
      await expect.poll(() => status.getAttribute('data-kind')).toBe('saved');
      const kept = await first.evaluate(() => (window as any).__diaGioi.workspace.currentDraft.get() as { id: string; name: string });
      expect(kept.name).toBe(name);
      expect(kept.id).not.toBe(deletedId);
      await second.close(); // one app at a time on a loaded machine
      await first.reload();
      await openApp(first, baseURL);
      expect(await unitName(first, UNIT)).toBe('Sau khi xóa');
      const ids = await first.evaluate(async () => ((await (window as any).__diaGioi.workspace.refreshDrafts()) as { id: string }[]).map((d) => d.id));
      expect(ids).toContain(kept.id);
      expect(ids).not.toContain(deletedId);
      expect(s.blocked).toEqual([]);
    });
  }, SLOW);
});

/** Whether each copy folder (OPFS, Cache Storage) holds a copy of draft `id` that contains `text`. */
function copiesHold(page: Page, id: string, text: string): Promise<{ opfs: boolean; cache: boolean }> {
  return page.evaluate(async ({ id, text }) => {
    const file = `${encodeURIComponent(id)}.dgm`;
    const holds = (b: ArrayBuffer) => new TextDecoder().decode(b).includes(text);
    let opfs = false;
    try {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('draft-copies');
      opfs = holds(await (await (await dir.getFileHandle(file)).getFile()).arrayBuffer());
    } catch (e) {
      if ((e as Error).name !== 'NotFoundError') throw e;
    }
    const hit = await (await caches.open('draft-copies-1')).match(`${location.origin}/.draft-copies/${encodeURIComponent(file)}`);
    return { opfs, cache: hit ? holds(await hit.arrayBuffer()) : false };
  }, { id, text });
}

/**
 * With the app closed, on a page of the origin that is not the app (no service worker, so the route
 * serves it): deletes the drafts database and the chosen copy folders, as a discarding browser does.
 */
async function wipe(profileDir: string, folders: { opfs: boolean; cache: boolean }): Promise<void> {
  const s = await openSession({ profileDir, serviceWorkers: 'block' });
  try {
    await s.context.route(`${baseURL}wipe`, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>wipe</title>' }));
    await s.page.goto(`${baseURL}wipe`);
    await s.page.evaluate(async (f) => {
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.deleteDatabase('dia-gioi');
        req.onsuccess = () => resolve();
        req.onerror = () => reject(req.error);
        req.onblocked = () => reject(new Error('the database is still open'));
      });
      if (f.opfs) await (await navigator.storage.getDirectory()).removeEntry('draft-copies', { recursive: true });
      if (f.cache && !(await caches.delete('draft-copies-1'))) throw new Error('no copies cache');
    }, folders);
  } finally {
    await s.close();
  }
}

describe('the database and one copy folder lost at once', () => {
  // What a full disk did once in CI: Chromium discarded the IndexedDB store and, its OPFS index damaged
  // too, every OPFS file; the app found no copy and began a fresh draft. The copy is kept twice since.
  for (const lost of ['opfs', 'cache'] as const) {
    it(`brings the draft back from the other folder when ${lost === 'opfs' ? 'the Origin Private File System' : 'Cache Storage'} is emptied with it`, async () => {
      const profileDir = mkdtempSync(join(tmpdir(), 'diagioi-copies-'));
      const name = `Hai nơi ${lost}`;
      let s = await openSession({ profileDir });
      let id: string;
      try {
        await openApp(s.page, baseURL);
        await renameUnit(s.page, /Thành Đông/, name);
        await saved(s.page);
        id = await s.page.evaluate(() => (window as any).__diaGioi.workspace.currentDraft.get().id as string);
        await expect.poll(() => copiesHold(s.page, id, name)).toEqual({ opfs: true, cache: true });
      } finally {
        await s.close();
      }

      // The database and one folder go.
      await wipe(profileDir, { opfs: lost === 'opfs', cache: lost === 'cache' });

      s = await openSession({ profileDir });
      try {
        await openApp(s.page, baseURL);
        const w = await s.page.evaluate(() => {
          const ws = (window as any).__diaGioi.workspace;
          return { ids: ws.drafts.get().map((d: { id: string }) => d.id), recovery: ws.alerts.get().recovery };
        });
        expect(w.ids).toEqual([id]); // the same draft, not a fresh one
        expect(w.recovery.restored.map((r: { id: string }) => r.id)).toEqual([id]);
        expect(w.recovery.lost).toEqual([]);
        expect(await unitName(s.page, UNIT)).toBe(name);
        expect(await s.page.getByTestId('storage-banner').isVisible()).toBe(true);
        await s.page.screenshot({ path: join(OUT_DIR, `restored-without-${lost}.png`) });
        expect(s.blocked).toEqual([]);
      } finally {
        await s.close();
      }
    }, SLOW);
  }
});

describe('the whole origin evicted', () => {
  // What Chromium does to a best-effort origin when free disk space falls below its reserve: IndexedDB,
  // the Origin Private File System and Cache Storage go together (localStorage, which holds the marker,
  // stays). No page can keep its data then; the app must say what was lost and why, never start over quietly.
  it('says the draft was lost, and why, when the database and both copy folders are gone', async () => {
    const profileDir = mkdtempSync(join(tmpdir(), 'diagioi-evicted-'));
    let s = await openSession({ profileDir });
    let id: string;
    try {
      await openApp(s.page, baseURL);
      await renameUnit(s.page, /Thành Đông/, 'Bị xóa');
      await saved(s.page);
      id = await s.page.evaluate(() => (window as any).__diaGioi.workspace.currentDraft.get().id as string);
      expect(await s.page.evaluate(() => navigator.storage.persisted())).toBe(false);
    } finally {
      await s.close();
    }
    await wipe(profileDir, { opfs: true, cache: true });
    s = await openSession({ profileDir });
    try {
      await openApp(s.page, baseURL);
      const lost = await s.page.evaluate(() => (window as any).__diaGioi.workspace.alerts.get().recovery?.lost ?? null);
      expect(lost).toEqual([{ id, reason: 'no copy' }]);
      await expect.poll(() => s.page.getByTestId('lost').textContent()).toContain('1 bản nháp đã mất khỏi trình duyệt');
      await expect.poll(() => s.page.getByTestId('evictable').textContent()).toContain('Lưu trữ của trang này chưa bền vững');
      await s.page.screenshot({ path: join(OUT_DIR, 'evicted.png') });
      expect(s.blocked).toEqual([]);
    } finally {
      await s.close();
    }
  }, SLOW);
});

describe('damaged drafts in real Chromium', () => {
  it('a backup with damaged drafts: each is listed with its fault, only the sound one comes in, the drafts screen keeps working', async () => {
    // The backup: the draft with one edit (its history step then damaged), a sound copy, a copy whose
    // province is an object (which once broke the drafts screen on every open).
    let text = '';
    await withSession(async (s) => {
      await renameUnit(s.page, /Thành Đông/, 'Từ bản sao lưu');
      await saved(s.page);
      text = await s.page.evaluate(async () => {
        const w = (window as any).__diaGioi.workspace;
        const id = w.currentDraft.get().id;
        await w.duplicate(id, 'Lành');
        await w.duplicate(id, 'Tỉnh hỏng');
        return (await w.exportBackup()).text() as Promise<string>;
      });
    });
    type Row = Record<string, any>;
    const backup = JSON.parse(text) as { tables: Record<string, Row[]> };
    const drafts = backup.tables.drafts!;
    expect(drafts.map((d) => d.name).sort()).toEqual([expect.stringMatching(/^Hải Phòng /), 'Lành', 'Tỉnh hỏng']);
    const byName = (n: string | RegExp) => drafts.find((d) => (typeof n === 'string' ? d.name === n : n.test(d.name)))!;
    byName('Tỉnh hỏng').province = { code: '31', toString: 'x' };
    const edited = byName(/^Hải Phòng /);
    const step = backup.tables.steps!.find((r) => r.draftId === edited.id && r.diff.units.length > 0)!;
    step.diff.units[0].unit.polygons[0][0][0] = 999_999;
    const file = join(mkdtempSync(join(tmpdir(), 'backup-')), 'hong.json');
    writeFileSync(file, JSON.stringify(backup));

    await withSession(async (s) => {
      const { dialog, rows } = await draftsDialog(s.page);
      await expect.poll(() => rows.count()).toBe(2);
      await dialog.getByLabel('Nhập bản sao lưu').setInputFiles(file);
      const review = dialog.getByRole('group', { name: 'Kiểm tra bản sao lưu' });
      const faults = review.getByRole('list', { name: '2 mục bị lỗi sẽ không được nhập:' });
      await faults.waitFor();
      const items = await faults.getByRole('listitem').allTextContents();
      expect(items.find((x) => x.includes(edited.id))).toContain('tham chiếu tới đoạn ranh giới không tồn tại');
      expect(items.find((x) => x.includes(byName('Tỉnh hỏng').id))).toContain('thông tin bản nháp không hợp lệ');
      expect(await review.textContent()).toContain('1 bản nháp mới sẽ được nhập.');
      // Nothing written before the officer agrees.
      expect(await rows.count()).toBe(2);
      await review.getByRole('button', { name: 'Nhập các bản nháp không lỗi' }).click();
      const alert = dialog.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toBe('Đã nhập 1 bản nháp; không nhập 2 bản nháp lỗi.');
      await expect.poll(() => rows.count()).toBe(3);
      // The drafts screen still opens and lists every draft; the sound draft opens whole.
      await dialog.getByRole('button', { name: 'Đóng' }).first().click();
      const again = await draftsDialog(s.page);
      await expect.poll(() => again.rows.count()).toBe(3);
      await again.dialog.getByRole('row', { name: 'Lành' }).getByRole('button', { name: 'Mở' }).click();
      await expect.poll(() => s.page.getByRole('button', { name: /^Bản nháp:/ }).textContent()).toBe('Lành');
      expect(await unitName(s.page, UNIT)).toBe('Từ bản sao lưu');
      expectClean(s);
    });
  }, SLOW);

  it('a stored draft damaged in the database: the app opens another, names the fault, offers export and delete', async () => {
    await withSession(async (s) => {
      // A second draft, opened and edited (so it has a history step), then damaged in IndexedDB itself.
      const ids = await s.page.evaluate(async () => {
        const w = (window as any).__diaGioi.workspace;
        const sound = w.currentDraft.get().id as string;
        await w.duplicate(sound, 'Hỏng');
        const damaged = (await w.refreshDrafts()).find((d: { name: string }) => d.name === 'Hỏng').id as string;
        await w.open(damaged);
        return { sound, damaged };
      });
      await renameUnit(s.page, /Thành Đông/, 'Sẽ hỏng');
      await saved(s.page);
      await s.page.evaluate(
        (id) =>
          new Promise<void>((resolve, reject) => {
            const req = indexedDB.open('dia-gioi');
            req.onerror = () => reject(req.error);
            req.onsuccess = () => {
              const db = req.result;
              const tx = db.transaction('steps', 'readwrite');
              const steps = tx.objectStore('steps');
              const all = steps.getAll();
              all.onsuccess = () => {
                const step = (all.result as any[]).find((r) => r.draftId === id && r.diff.units.length > 0);
                step.diff.units[0].unit.polygons[0][0][0] = 999_999;
                steps.put(step);
              };
              tx.oncomplete = () => {
                db.close();
                resolve();
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
        ids.damaged,
      );

      await s.page.reload();
      await openApp(s.page, baseURL);
      // Not a blank map: the other draft is open and drawn, and the damaged one is named with its fault.
      await drawn(s.page, 'units-fill');
      expect(await s.page.evaluate(() => (window as any).__diaGioi.workspace.currentDraft.get().id)).toBe(ids.sound);
      const notice = s.page.getByRole('alert', { name: 'Không mở được bản nháp "Hỏng"' });
      await notice.waitFor();
      expect(await notice.textContent()).toContain('tham chiếu tới đoạn ranh giới không tồn tại');
      // The drafts screen lists both.
      const { dialog, rows } = await draftsDialog(s.page);
      await expect.poll(() => rows.count()).toBe(3);
      await dialog.getByRole('button', { name: 'Đóng' }).first().click();
      // Export everything: the file holds the damaged draft too (for support).
      const download = s.page.waitForEvent('download');
      await notice.getByRole('button', { name: 'Xuất toàn bộ dữ liệu' }).click();
      const exported = JSON.parse(readFileSync((await (await download).path())!, 'utf8')) as { tables: { drafts: { id: string }[] } };
      expect(exported.tables.drafts.map((d) => d.id).sort()).toEqual([ids.damaged, ids.sound].sort());
      // Delete it, confirmed.
      await notice.getByRole('button', { name: 'Xóa bản nháp này' }).click();
      await notice.getByRole('button', { name: 'Xóa hẳn' }).click();
      await notice.waitFor({ state: 'detached' });
      const left = await s.page.evaluate(async () => ((await (window as any).__diaGioi.workspace.refreshDrafts()) as { id: string }[]).map((d) => d.id));
      expect(left).toEqual([ids.sound]);
      // The damaged draft's failure was logged by the app; nothing else was.
      expect(s.errors.filter((e) => !/arc-reference|DraftUnreadable|could not be read|999999/.test(e))).toEqual([]);
      expect(s.blocked).toEqual([]);
    });
  }, SLOW);
});
