// Killing the browser in the middle of a backup import and of a tab take-over (issue 14, "Tests"): either
// the whole change is in or none of it, never a draft that cannot open, never an accepted edit lost. The
// browser is Chromium started by hand and SIGKILLed (launchKillable), at seeded random points that are
// printed, so a failing kill can be replayed (KILL_SEED=<n>). Plus seven take-over races with no kill.
//
// Kills are kept cheap: each test prepares one profile holding a small draft (Thành Đông and the units
// that share a border with it, cut from the bundled data), reuses it across kills, and checks every
// kill against the state it knew just before that kill.
import { describe, expect, inject, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchKillable, openSession, type KillableBrowser } from './browser';
import { expectClean, haiPhongURL } from './helpers';
import { mulberry32 } from '../helpers/random';

const baseURL = inject('baseURL');
const KILLS = Number(process.env.KILL_COUNT ?? 20);
const SEED = Number(process.env.KILL_SEED ?? 14);
/**
 * Twenty restarts of the browser and the app: 4–11 minutes on a quiet 2-core machine, and at load 13
 * (a CPU-bound process and two other test runs beside it) the take-over test finished its 20 kills
 * just past 15 minutes. A limit only for a hang, not a measure of speed.
 */
const KILL_TEST_TIMEOUT = 2_400_000;


/**
 * Installed in each page as window.__kd (a plain script: nothing of the test's build leaks into the page).
 * Edit n (n = 1, 2, ... over a draft's life) is ONE undo step that renames unit 10507 to "Sửa n", renames a
 * neighbour to "Kèm n" and moves an interior vertex of a border of 10507 by 1e-7° east: a step stored
 * in part would show as names and vertex that disagree. `check` reads the whole history that way.
 */
const KD = String.raw`(() => {
  if (window.__kd) return;
  const d = window.__diaGioi;
  const U1 = '10507';
  const canon = (v) => {
    if (Array.isArray(v) || ArrayBuffer.isView(v)) return '[' + Array.from(v, canon).join(',') + ']';
    if (v && typeof v === 'object') return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}';
    return String(JSON.stringify(v));
  };
  const hash = (s) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
    return (h >>> 0).toString(16);
  };
  const fp = (c) => hash(canon({ arcs: c.arcs, units: [...c.units.values()].sort((a, b) => (a.id < b.id ? -1 : 1)) }));
  const first = d.editor.history.get().steps[0].coverage;
  const U2 = [...first.units.keys()].filter((k) => k !== U1).sort()[0];
  const ARC = first.units.get(U1).polygons[0][0].map((r) => (r < 0 ? ~r : r)).find((i) => first.arcs[i].length >= 3);
  const sig = (c) => [c.units.get(U1).attrs.name, c.units.get(U2).attrs.name, c.arcs[ARC][1][0]];
  // Which edit the history's first state is (0 unless old steps were folded into the base).
  const offset = (h) => { const m = /^Sửa (\d+)$/.exec(sig(h.steps[0].coverage)[0]); return m ? Number(m[1]) : 0; };
  const edit = () => {
    const h = d.editor.history.get();
    const n = offset(h) + h.index + 1;
    const action = Object.assign((c) => {
      const arcs = c.arcs.slice();
      const a = arcs[ARC].slice();
      a[1] = [a[1][0] + 1e-7, a[1][1]];
      arcs[ARC] = a;
      const units = new Map(c.units);
      for (const [id, label] of [[U1, 'Sửa'], [U2, 'Kèm']]) { const u = units.get(id); units.set(id, { ...u, attrs: { ...u.attrs, name: label + ' ' + n } }); }
      return { arcs, units };
    }, { disabled: () => false });
    return d.editor.perform(action, 'set-attributes');
  };
  /**
   * The edit the current state is, the history's length, every step that is not a whole edit, and
   * fingerprints of the current state and (full) of every step.
   */
  const check = (full = true) => {
    const h = d.editor.history.get();
    const off = offset(h);
    const bad = [];
    h.steps.forEach((s, i) => {
      if (i === 0 && off === 0) return;
      const got = sig(s.coverage);
      const moved = i === 0 ? 1e-7 : got[2] - sig(h.steps[i - 1].coverage)[2];
      if (got[0] !== 'Sửa ' + (off + i) || got[1] !== 'Kèm ' + (off + i) || Math.abs(moved - 1e-7) > 1e-9) bad.push({ step: i, got });
    });
    return { edit: off + h.index, index: h.index, length: h.steps.length, bad, fp: fp(h.steps[h.index].coverage), history: full ? h.index + '/' + h.steps.map((s) => fp(s.coverage)).join(',') : null };
  };
  const loop = (periodMs, full = true) => {
    const st = { accepted: 0, refused: null };
    window.__kdLoop = st;
    const tick = () => {
      if (edit()) { st.accepted++; setTimeout(tick, periodMs); } else st.refused = check(full);
    };
    tick();
  };
  // What the tab shows, as it happens (the test reads it from the console, so it still knows it after a kill).
  const edits = () => offset(d.editor.history.get()) + d.editor.history.get().index;
  d.workspace.saveStatus.subscribe(() => { const s = d.workspace.saveStatus.get(); if (s && s.kind === 'saved' && s.at !== null) console.log('kd-saved ' + edits()); });
  d.editor.readOnly.subscribe(() => { if (d.editor.readOnly.get()) console.log('kd-read-only ' + edits()); });
  window.__kd = { edit, check, loop, fp };
})()`;

interface Check {
  readonly edit: number;
  readonly index: number;
  readonly length: number;
  readonly bad: unknown[];
  readonly fp: string;
  /** null unless asked for (a fingerprint of every step of the bundled province is slow). */
  readonly history: string | null;
}

/** A page and what it reported on its console: the last edit it showed saved, when it went read-only. */
interface Tab {
  readonly page: Page;
  saved: number;
  readOnlyAt: number | null;
  took: boolean;
  readonly errors: string[];
  /**
   * Chromium discarded the whole IndexedDB store at this start (seen once in ~100 SIGKILL restarts in
   * CI): the app brought the drafts back from their second copies, without their undo history.
   */
  discarded: boolean;
}

function watch(page: Page): Tab {
  const tab: Tab = { page, saved: -1, readOnlyAt: null, took: false, errors: [], discarded: false };
  page.on('console', (m) => {
    const t = m.text();
    if (t.startsWith('kd-saved ')) tab.saved = Math.max(tab.saved, Number(t.slice(9)));
    else if (t.startsWith('kd-read-only ')) tab.readOnlyAt ??= Number(t.slice(13));
    else if (t === 'kd-took') tab.took = true;
    else if (m.type() === 'error') tab.errors.push(t);
  });
  page.on('pageerror', (e) => tab.errors.push(e.message));
  return tab;
}

/**
 * Loads the app and waits until it has opened a draft (the map is not needed here and is not waited
 * for: that keeps a kill cheap). Then it must have opened cleanly: no error page, no open failure, no
 * recovery alarm.
 */
async function openDraft(tab: Tab): Promise<void> {
  await tab.page.goto(haiPhongURL(baseURL));
  await tab.page.waitForFunction(() => {
    const d = (window as any).__diaGioi;
    const load = d?.editor.loadState.get().status;
    return load === 'error' || (load === 'ready' && d.workspace.currentDraft.get() !== null && d.workspace.saveStatus.get() !== null);
  });
  const state = await tab.page.evaluate(() => {
    const d = (window as any).__diaGioi;
    return { load: d.editor.loadState.get(), failure: d.workspace.openFailure.get(), recovery: d.workspace.alerts.get().recovery };
  });
  expect({ load: state.load, failure: state.failure }).toEqual({ load: { status: 'ready' }, failure: null });
  if (state.recovery) {
    // The browser, not the app, lost the store: the app must have restored what it had copies of.
    expect(state.recovery.restored.length, JSON.stringify(state.recovery)).toBeGreaterThan(0);
    tab.discarded = true;
    console.log(`Chromium discarded the database at this restart; the app restored ${JSON.stringify(state.recovery)}`);
  }
  await tab.page.evaluate(KD);
}

function check(page: Page, full = true): Promise<Check> {
  return page.evaluate((f) => (window as any).__kd.check(f) as Check, full);
}

/** One edit through the editor, then waits until the tab shows it saved. */
async function editSaved(tab: Tab): Promise<number> {
  const n = await tab.page.evaluate(() => ((window as any).__kd.edit() ? ((window as any).__kd.check() as Check).edit : -1));
  expect(n).toBeGreaterThan(0);
  await expect.poll(() => tab.saved).toBeGreaterThanOrEqual(n);
  return n;
}

/**
 * A profile whose only draft is small: Thành Đông and every unit sharing a border with it, with their
 * arcs renumbered. The bundled draft the first start creates is deleted.
 */
async function smallDraftProfile(): Promise<{ profile: string; browser: KillableBrowser; tab: Tab; draftId: string }> {
  const profile = mkdtempSync(join(tmpdir(), 'diagioi-kill-during-'));
  const browser = await launchKillable(profile);
  const tab = watch(browser.page);
  await tab.page.goto(haiPhongURL(baseURL));
  await tab.page.waitForFunction(() => (window as any).__diaGioi?.workspace.currentDraft.get() !== null && (window as any).__diaGioi.editor.coverage.get() !== null);
  const draftId = await tab.page.evaluate(async () => {
    const d = (window as any).__diaGioi;
    const c = d.editor.coverage.get();
    const arcsOf = (u: any): number[] => u.polygons.flat(2).map((r: number) => (r < 0 ? ~r : r));
    const mine = new Set(arcsOf(c.units.get('10507')));
    const ids = [...c.units.values()].filter((u: any) => arcsOf(u).some((i) => mine.has(i))).map((u: any) => u.id as string);
    const renumber = new Map<number, number>();
    const arcs: unknown[] = [];
    const ref = (r: number) => {
      const i = r < 0 ? ~r : r;
      let j = renumber.get(i);
      if (j === undefined) {
        j = arcs.length;
        renumber.set(i, j);
        arcs.push(c.arcs[i]);
      }
      return r < 0 ? ~j : j;
    };
    const units = new Map(ids.map((id) => {
      const u = c.units.get(id);
      return [id, { ...u, polygons: u.polygons.map((p: number[][]) => p.map((ring) => ring.map(ref))) }];
    }));
    const bundled = d.workspace.currentDraft.get().id;
    const small = await d.workspace.createFromCoverage('Thử sự cố', { arcs, units }, 'e2e-kill');
    await d.workspace.remove(bundled);
    return small.id as string;
  });
  await tab.page.evaluate(KD);
  return { profile, browser, tab, draftId };
}

/**
 * Kills the browser and starts it again on the same profile, with the app open on a draft in `pages`
 * tabs (loaded side by side: whichever gets the draft's lock first writes, the others are read-only).
 */
async function restart(browser: KillableBrowser, profile: string, pages = 1): Promise<{ browser: KillableBrowser; tabs: Tab[] }> {
  await browser.kill();
  const next = await launchKillable(profile);
  const tabs = [watch(next.page)];
  while (tabs.length < pages) tabs.push(watch(await next.page.context().newPage()));
  await Promise.all(tabs.map(openDraft));
  return { browser: next, tabs };
}

/** Chromium's helper processes may outlive a killed browser for a moment: a profile left behind is only reported. */
function removeProfile(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
  } catch (e) {
    console.warn(`profile ${dir} not removed: ${String(e)}`);
  }
}

const ms = (x: number) => `${Math.round(x)} ms`;

describe('killing the browser mid-way', () => {
  it(`a backup import killed at ${KILLS} random points: all of it or none, every draft opens`, async () => {
    const random = mulberry32(SEED);
    const prepared = await smallDraftProfile();
    const { profile, draftId } = prepared;
    let { browser, tab } = prepared;
    try {
      // Two states of the same draft (same id), each kept as a backup: X after 3 edits, Y after 3 more.
      const backup = async () => {
        const text = await tab.page.evaluate(async () => (await (window as any).__diaGioi.workspace.exportBackup()).text() as string);
        return { text, check: await check(tab.page) };
      };
      for (let i = 0; i < 3; i++) await editSaved(tab);
      const X = await backup();
      for (let i = 0; i < 3; i++) await editSaved(tab);
      const Y = await backup();
      expect([X.check.edit, X.check.bad, Y.check.edit, Y.check.bad]).toEqual([3, [], 6, []]);
      const name = await tab.page.evaluate(() => (window as any).__diaGioi.workspace.currentDraft.get().name as string);
      const copyName = `${name} (từ bản sao lưu)`;
      const stateName = (h: string | null) => (h === X.check.history ? 'X' : h === Y.check.history ? 'Y' : `neither (${h})`);

      /** Checks a backup (writes nothing), then starts importing it; resolves once the import is under way. */
      const startImport = async (text: string, clash: 'replace' | 'copy') => {
        const ok = await tab.page.evaluate(async (t) => {
          const w = (window as any).__diaGioi.workspace;
          const c = await w.checkBackup(new Blob([t], { type: 'application/json' }));
          (window as any).__kdRef = c.ref;
          return c.ok && c.drafts.length === 1 && c.drafts[0].existing !== null;
        }, text);
        expect(ok).toBe(true);
        await tab.page.evaluate((choice) => {
          const w = (window as any).__diaGioi.workspace;
          const t0 = performance.now();
          (window as any).__kdImport = w
            .importChecked((window as any).__kdRef, { clash: choice, copyName: (n: string) => `${n} (từ bản sao lưu)` })
            .then((r: any) => ({ ok: r.ok, ms: performance.now() - t0 }));
        }, clash);
      };

      /** Opens every draft through the workspace (the original last, so it stays open) and reads each. */
      const readAll = async () =>
        tab.page.evaluate(async (id) => {
          const d = (window as any).__diaGioi;
          const list = (d.workspace.drafts.get() as { id: string; name: string }[]).slice().sort((a, b) => (a.id === id ? 1 : b.id === id ? -1 : 0));
          const out: { id: string; name: string; check: Check }[] = [];
          for (const x of list) {
            await d.workspace.open(x.id);
            out.push({ id: x.id, name: x.name, check: (window as any).__kd.check() });
          }
          return out;
        }, draftId);

      // How long one import takes, start to finish (the draft reopened): a replace, then a copy (removed).
      let current = Y;
      const durations: number[] = [];
      for (const clash of ['replace', 'copy'] as const) {
        await startImport(X.text, clash);
        const r = await tab.page.evaluate(() => (window as any).__kdImport as Promise<{ ok: boolean; ms: number }>);
        expect(r.ok).toBe(true);
        durations.push(r.ms);
      }
      current = X;
      const copy = (await readAll()).find((x) => x.id !== draftId)!;
      expect(copy.check.history).toBe(X.check.history);
      await tab.page.evaluate((id) => (window as any).__diaGioi.workspace.remove(id), copy.id);
      const span = 1.5 * Math.max(...durations);
      console.log(`import kills: seed ${SEED}; one import takes ${durations.map(ms).join(' (replace), ')} (keep both); kill points over 0..${ms(span)}`);

      const landed = { replace: { before: 0, after: 0 }, copy: { before: 0, after: 0 } };
      for (let k = 0; k < KILLS; k++) {
        const clash = k % 2 === 0 ? 'replace' : 'copy';
        const from = current;
        const other = current === X ? Y : X;
        const delay = random() * span;
        await startImport(other.text, clash);
        await new Promise((r) => setTimeout(r, delay)); // the deliberate random kill point
        const restarted = await restart(browser, profile);
        browser = restarted.browser;
        tab = restarted.tabs[0]!;
        const drafts = await readAll();
        expect(tab.errors).toEqual([]);
        const original = drafts.find((x) => x.id === draftId);
        expect(original, `kill ${k}: the draft is still there`).toBeDefined();
        for (const x of drafts) expect(x.check.bad, `kill ${k}: draft ${x.name} holds whole edits only`).toEqual([]);
        if (tab.discarded) {
          // No history to compare step by step: the restored draft is the new baseline; extra drafts go.
          for (const x of drafts) if (x.id !== draftId) await tab.page.evaluate((id) => (window as any).__diaGioi.workspace.remove(id), x.id);
          current = { ...other, check: original!.check } as typeof current;
          console.log(`kill ${k + 1}: the browser discarded the database; restored from the copy`);
          continue;
        }
        let after: boolean;
        if (clash === 'replace') {
          expect(drafts).toHaveLength(1);
          // Entirely the old state or entirely the backup's: same history, step for step.
          expect([from.check.history, other.check.history], `kill ${k}: ${stateName(original!.check.history)}`).toContain(original!.check.history);
          after = original!.check.history === other.check.history;
          if (after) current = other;
        } else {
          // Keep both: the stored draft is untouched; the copy is there whole, or not at all.
          expect(original!.check.history).toBe(from.check.history);
          expect(drafts.length === 1 || drafts.length === 2).toBe(true);
          after = drafts.length === 2;
          if (after) {
            const c = drafts.find((x) => x.id !== draftId)!;
            expect([c.name, c.check.history]).toEqual([copyName, other.check.history]);
            await tab.page.evaluate((id) => (window as any).__diaGioi.workspace.remove(id), c.id);
          }
        }
        landed[clash][after ? 'after' : 'before']++;
        console.log(`kill ${k + 1}: ${clash === 'copy' ? 'keep both' : 'replace'} ${stateName(from.check.history)} by ${stateName(other.check.history)}, killed at ${ms(delay)}: ${after ? 'imported' : 'not imported'}`);
      }
      console.log(`import kills: ${JSON.stringify(landed)}`);
      expect(tab.errors).toEqual([]);
    } finally {
      await browser.kill();
      removeProfile(profile);
    }
  }, KILL_TEST_TIMEOUT);

  it(`a take-over killed at ${KILLS} random points loses no edit a tab showed saved`, async () => {
    const random = mulberry32(SEED + 1);
    const prepared = await smallDraftProfile();
    const { profile } = prepared;
    let browser = prepared.browser;
    try {
      /** The writer makes an edit and shows it saved, then keeps editing while the reader takes over. */
      const race = async (writer: Tab, reader: Tab) => {
        expect(await reader.page.evaluate(() => (window as any).__diaGioi.workspace.access.get())).toBe('read-only');
        await editSaved(writer);
        await writer.page.evaluate(() => (window as any).__kd.loop(30));
        await reader.page.evaluate(() => {
          const t0 = performance.now();
          (window as any).__kdTake = (window as any).__diaGioi.workspace.takeOver().then(() => {
            console.log('kd-took');
            return performance.now() - t0;
          });
        });
      };
      const roles = async (tabs: Tab[]) => {
        const access = await Promise.all(tabs.map((t) => t.page.evaluate(() => (window as any).__diaGioi.workspace.access.get() as string)));
        expect(access.slice().sort()).toEqual(['read-only', 'write']);
        return access[0] === 'write' ? { writer: tabs[0]!, reader: tabs[1]! } : { writer: tabs[1]!, reader: tabs[0]! };
      };

      // How long a take-over takes while the writer keeps editing; and nothing it accepted is lost.
      const reader0 = watch(await browser.page.context().newPage());
      await openDraft(reader0);
      await race(prepared.tab, reader0);
      const took = await reader0.page.evaluate(() => (window as any).__kdTake as Promise<number>);
      await expect.poll(() => prepared.tab.page.evaluate(() => (window as any).__kdLoop.refused !== null)).toBe(true);
      const frozen = await prepared.tab.page.evaluate(() => (window as any).__kdLoop.refused as Check);
      expect(await check(reader0.page)).toEqual(frozen);
      const span = 1.5 * took;
      console.log(`take-over kills: seed ${SEED + 1}; one take-over takes ${ms(took)}; kill points over 0..${ms(span)}`);
      let tabs: Tab[];
      ({ browser, tabs } = await restart(browser, profile, 2));
      expect((await check(tabs[0]!.page)).fp).toBe(frozen.fp);

      const phases = { 'before the hand-over': 0, 'during the hand-over': 0, 'after the hand-over': 0 };
      let verified = 0;
      for (let k = 0; k < KILLS; k++) {
        const { writer, reader } = await roles(tabs);
        const startEdit = (await check(writer.page)).edit;
        await race(writer, reader);
        const delay = random() * span;
        await new Promise((r) => setTimeout(r, delay)); // the deliberate random kill point
        const phase = reader.took ? 'after the hand-over' : writer.readOnlyAt !== null ? 'during the hand-over' : 'before the hand-over';
        const shownSaved = Math.max(writer.saved, reader.saved);
        for (const t of tabs) expect(t.errors, `kill ${k}: before the kill`).toEqual([]);
        ({ browser, tabs } = await restart(browser, profile, 2));
        // Both tabs read the draft as the killed browser left it: every edit a tab showed saved is there,
        // and the stored history is whole edits, step by step.
        const [now, other] = await Promise.all(tabs.map((t) => check(t.page)));
        expect(other).toEqual(now);
        expect(now!.bad, `kill ${k}`).toEqual([]);
        if (tabs.some((t) => t.discarded)) {
          // The browser threw the store away at this start (rare after a plain kill): the draft came back
          // whole from its copy, which follows each save and may lag the last one the tab showed saved
          // (session.ts: outside storage trouble "saved" does not wait for the copy). It is never older
          // than what was saved before this race began.
          expect(now!.edit, `kill ${k}: restored from the copy`).toBeGreaterThanOrEqual(startEdit);
          console.log(`kill ${k + 1}: at ${ms(delay)}, ${phase}; the browser discarded the database; the copy had edit ${now!.edit}, shown saved ${shownSaved}`);
          continue;
        }
        expect(now!.index).toBe(now!.length - 1);
        expect(now!.edit, `kill ${k}: edits shown saved`).toBeGreaterThanOrEqual(shownSaved);
        phases[phase]++;
        verified += shownSaved - startEdit;
        console.log(`kill ${k + 1}: at ${ms(delay)}, ${phase}; shown saved up to edit ${shownSaved}, stored ${now!.edit}`);
      }
      console.log(`take-over kills: ${JSON.stringify(phases)}; ${verified} edits shown saved, all found after the restart`);
      for (const t of tabs) expect(t.errors).toEqual([]);
    } finally {
      await browser.kill();
      removeProfile(profile);
    }
  }, KILL_TEST_TIMEOUT);

  it('seven take-over races while the writer keeps editing: 0 edits lost', async () => {
    // The bundled province, as the app opens it (the report's races were on it): a slower hand-over.
    const s = await openSession();
    try {
      const tabs = [watch(s.page), watch(await s.context.newPage())];
      for (const t of tabs) await openDraft(t);
      let accepted = 0;
      for (let r = 0; r < 7; r++) {
        // The tab that writes edits continuously; the other takes over.
        const [writer, taker] = [tabs[r % 2]!, tabs[(r + 1) % 2]!];
        expect(await writer.page.evaluate(() => (window as any).__diaGioi.workspace.access.get())).toBe('write');
        await writer.page.evaluate(() => (window as any).__kd.loop(30, false));
        // Taken over once the writer has accepted a few edits (and while it goes on).
        try {
          await expect.poll(() => writer.page.evaluate(() => (window as any).__kdLoop.accepted as number)).toBeGreaterThanOrEqual(3);
        } catch (e) {
          // Seen once (CI beside a benchmark, race 4): the writer's first edit refused with access 'write'.
          // What the writer's editor and workspace said then, for the next one to look into.
          const state = await writer.page.evaluate(() => {
            const d = (window as any).__diaGioi;
            return { loop: (window as any).__kdLoop, readOnly: d.editor.readOnly.get(), notice: d.editor.notice.get(), access: d.workspace.access.get(), save: d.workspace.saveStatus.get()?.kind ?? null };
          });
          throw new Error(`race ${r + 1}: the writer accepted fewer than 3 edits: ${JSON.stringify(state).slice(0, 2000)}`, { cause: e });
        }
        await taker.page.evaluate(() => (window as any).__diaGioi.workspace.takeOver());
        await expect.poll(() => writer.page.evaluate(() => (window as any).__kdLoop.refused !== null)).toBe(true);
        const { frozen, n } = await writer.page.evaluate(() => ({ frozen: (window as any).__kdLoop.refused as Check, n: (window as any).__kdLoop.accepted as number }));
        const got = await check(taker.page, false);
        // Everything the writer accepted before it went read-only, step for step.
        expect(got).toEqual(frozen);
        expect(frozen.bad).toEqual([]);
        accepted += n;
        console.log(`race ${r + 1}: the writer accepted ${n} edits during the race, up to edit ${frozen.edit}; the taker has edit ${got.edit}`);
      }
      console.log(`take-over races: 7, ${accepted} edits accepted during them, 0 lost`);
      for (const t of tabs) expect(t.errors).toEqual([]);
      expectClean(s);
    } finally {
      await s.close();
    }
  }, KILL_TEST_TIMEOUT);
});
