// A full disk, for real: the browser profile lives on a small tmpfs (mounting needs root; CI runs as
// root), which the test fills to the last byte while the officer edits, then frees. Ten episodes on one
// profile, each followed by a reload and a browser restart: no edit shown as saved is lost, the edit made
// while the disk was full is saved once space is back (unless the browser itself died meanwhile, which
// the test records), and no draft ever disappears or is replaced by a fresh one. The origin has
// persistent storage, as an installed app has (see grantPersistentStorage in browser.ts: a best-effort
// origin is evicted whole by Chromium on a nearly full disk, whatever the page does).
import { describe, expect, inject, it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { OUT_DIR, openSession, TIMEOUT, type Session } from './browser';
import { openApp, pageNow, renameUnit, saveOutcome, saveView, savedAfter, unitName } from './helpers';
import { smallDiskPerTest } from './small-disk';

const baseURL = inject('baseURL');
const EPISODES = 10;
const UNIT = '10507';

const disk = smallDiskPerTest();

interface Facts {
  readonly alerts: string;
  readonly ids: string[];
  readonly name: string;
  readonly restored: string[];
  readonly banner: boolean;
}

async function facts(page: Page): Promise<Facts> {
  const f = await page.evaluate((u) => {
    const d = (window as any).__diaGioi;
    return {
      ids: d.workspace.drafts.get().map((x: { id: string }) => x.id).sort() as string[],
      name: d.editor.coverage.get().units.get(u).attrs.name as string,
      restored: (d.workspace.alerts.get().recovery?.restored ?? []).map((r: { id: string }) => r.id) as string[],
      alerts: JSON.stringify({ alerts: d.workspace.alerts.get(), openFailure: d.workspace.openFailure?.get() ?? null }),
    };
  }, UNIT);
  return { ...f, banner: await page.getByTestId('storage-banner').isVisible() };
}

/**
 * Where the draft's copies can be on disk (the Origin Private File System and Cache Storage), file by file
 * with sizes: printed when a draft went missing, to tell which copy the browser kept.
 */
function copiesOnDisk(profileDir: string): string {
  const lines: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (e) {
      lines.push(`${relative(profileDir, dir)}: ${(e as Error).message}`);
      return;
    }
    for (const n of names) {
      const p = join(dir, n);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(p);
      else lines.push(`${relative(profileDir, p)} ${st ? st.size : '?'} B`);
    }
  };
  walk(join(profileDir, 'Default', 'File System'));
  walk(join(profileDir, 'Default', 'Service Worker', 'CacheStorage'));
  return lines.join('\n');
}

/** The app open on the profile, with the draft and the name we expect. */
async function reopen(profileDir: string, expected: { ids: string[]; names: string[] }): Promise<{ s: Session; f: Facts }> {
  const before = copiesOnDisk(profileDir);
  const s = await openSession({ profileDir, persistentStorageFor: baseURL });
  await openApp(s.page, baseURL);
  const f = await facts(s.page);
  // Still persistent after the restart (the setting lives in the profile, which the full disk spared).
  expect(await s.page.evaluate(() => navigator.storage.persisted())).toBe(true);
  // No draft vanished, none was created in its place.
  expect(f.ids, `${f.alerts}\ncopies on disk before the restart:\n${before}\nafter:\n${copiesOnDisk(profileDir)}`).toEqual(expected.ids);
  expect(expected.names).toContain(f.name);
  // Restored from the copy: the officer is told, loudly.
  if (f.restored.length) expect(f.banner).toBe(true);
  return { s, f };
}

describe('a full disk', () => {
  it(`loses nothing shown as saved, ${EPISODES} times over`, async () => {
    const { profileDir, fill: fillDisk, free: freeDisk } = disk();
    let s = await openSession({ profileDir, persistentStorageFor: baseURL });
    // Printed as it happens: on a timeout the episodes so far are still in the output.
    const log = { push: (line: string) => console.log(line) };
    try {
      await openApp(s.page, baseURL);
      // The app asked for persistent storage at start, and got it.
      await expect.poll(() => s.page.evaluate(() => navigator.storage.persisted())).toBe(true);
      await s.page.waitForFunction(() => (window as any).__diaGioi.workspace.saveStatus.get()?.kind === 'saved', undefined, { timeout: TIMEOUT });
      const ids = (await facts(s.page)).ids;
      expect(ids).toHaveLength(1);
      let name = await unitName(s.page, UNIT);

      for (let ep = 1; ep <= EPISODES; ep++) {
        // An edit shown as saved.
        const a = `Phường Đầy A${ep}`;
        let t = await pageNow(s.page);
        await renameUnit(s.page, new RegExp(name), a);
        await savedAfter(s.page, t);
        name = a;

        // The disk fills up; the officer goes on editing.
        fillDisk();
        const b = `Phường Đầy B${ep}`;
        let crashed = false;
        const crash = new Promise<void>((r) => {
          s.page.once('crash', () => r());
          s.page.once('close', () => r());
        }).then(() => (crashed = true));
        try {
          t = await pageNow(s.page);
          await renameUnit(s.page, new RegExp(name), b);
          // The save fails and says so, or squeezes into what the browser had reserved; or the browser
          // itself gives up on the full disk. It never hangs in "saving".
          await Promise.race([saveOutcome(s.page, t), crash]);
          const seen = await saveView(s.page);
          const st = seen.kind;
          if (st === 'error') {
            // Why, in plain words, and the ways out while the disk stays full; the edit stays on screen.
            expect(seen.status).toMatch(/Chưa lưu được: (hết dung lượng lưu trữ|cơ sở dữ liệu bị đóng|trình duyệt hủy lần lưu|trình duyệt đã xóa cơ sở dữ liệu)/);
            expect(seen.banner).toMatch(/thường do đĩa đầy/);
            expect(seen.buttons).toEqual(['Xuất bản sao lưu', 'Tải bản nháp đang hiển thị (GeoJSON)']);
            expect(await unitName(s.page, UNIT)).toBe(b);
            if (ep === 1) await s.page.screenshot({ path: join(OUT_DIR, 'disk-full.png') });
          }
          if (st === 'stalled') {
            // The browser had not answered the save for 10 s: said so, with the draft as shown to take away.
            expect(seen.status).toMatch(/^Chưa lưu được: trình duyệt chưa trả lời/);
            expect(seen.banner).toMatch(/^Trình duyệt chưa trả lời lần lưu gần nhất/);
            expect(seen.buttons).toEqual(['Tải bản nháp đang hiển thị (GeoJSON)']);
            expect(await unitName(s.page, UNIT)).toBe(b);
          }
          const step = st === 'stalled' ? await s.page.evaluate(() => (window as any).__diaGioi.workspace.saveStatus.get()?.step as string) : '';
          const what = { error: 'failed and said so', stalled: `had no answer (waiting for: ${step}) and said so` }[st] ?? 'still went through';
          log.push(`episode ${ep}: while full the save ${what}`);
        } catch (e) {
          if (!crashed) throw e;
        }
        freeDisk();

        if (!crashed) {
          // Space is back: the app saves by itself, without a reload. If not, say what the save waits for.
          await Promise.race([savedAfter(s.page, t), crash]).catch(async (e: unknown) => {
            const status = await s.page.evaluate(() => JSON.stringify((window as any).__diaGioi.workspace.saveStatus.get())).catch(String);
            throw new Error(`episode ${ep}: no save after space came back (${String(e).split('\n')[0]}); status ${status}; copies on disk:\n${copiesOnDisk(profileDir)}`);
          });
        }
        if (!crashed) {
          expect(await unitName(s.page, UNIT)).toBe(b);
          const before = copiesOnDisk(profileDir);
          await s.page.reload();
          await openApp(s.page, baseURL);
          const f = await facts(s.page);
          expect(f.ids, `${f.alerts}\ncopies on disk before the reload:\n${before}\nafter:\n${copiesOnDisk(profileDir)}`).toEqual(ids);
          expect(f.name).toBe(b);
          if (f.restored.length) expect(f.banner).toBe(true);
          log.push(`episode ${ep}: saved after space came back${f.restored.length ? ', restored from the copy at reload' : ''}`);
          name = b;
        } else {
          log.push(`episode ${ep}: the browser died on the full disk`);
        }
        await s.close().catch(() => undefined); // a crashed browser may be gone already

        // A restart: a browser that discards the store it could not write does it now.
        const r = await reopen(profileDir, { ids, names: crashed ? [a, b] : [b] });
        s = r.s;
        name = r.f.name;
        if (r.f.restored.length) log.push(`episode ${ep}: restored from the copy at restart`);
      }
    } finally {
      await s.close().catch(() => undefined);
    }
    // Ten episodes, each with two or three app loads: far longer than one ordinary test on a loaded machine.
  }, 1_800_000);
});
