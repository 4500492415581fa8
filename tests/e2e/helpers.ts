// Helpers shared by the end-to-end tests: a fresh app per test, waits on the app's state, engine state,
// map positions. Nothing here waits a fixed time: every wait ends when its condition holds.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterEach, beforeEach, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, TIMEOUT, isLoopback, openSession, type Session } from './browser';

/**
 * The app's address that, on a first open (no draft yet), opens Hải Phòng (31) at once instead of asking
 * which commune or ward the user is: what most tests start from. With a draft, the last draft opens.
 */
export function haiPhongURL(url: string): string {
  const u = new URL(url);
  if (!u.searchParams.has('province')) u.searchParams.set('province', '31');
  return u.href;
}

/** Opens the app (Hải Phòng on a fresh profile, see haiPhongURL) and waits for the map to be ready. */
export async function openApp(page: Page, baseURL: string): Promise<void> {
  await page.goto(haiPhongURL(baseURL));
  await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: TIMEOUT });
}

/**
 * A session on a fresh profile for the tests that go offline: unlike openSession, no request is routed
 * (Playwright's routing changes how the service worker sees requests, so what it serves offline would
 * not be what a user gets). Requests that would leave loopback are only recorded in `blocked`, and
 * `expectClean` fails the test on any.
 */
export async function openUnroutedSession(): Promise<Session> {
  const profile = mkdtempSync(join(tmpdir(), 'diagioi-offline-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    locale: 'vi-VN',
  });
  context.setDefaultTimeout(TIMEOUT);
  const blocked: string[] = [];
  const errors: string[] = [];
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('request', (r) => {
    if (!isLoopback(r.url())) blocked.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, blocked, errors, close: () => context.close() };
}

/**
 * Takes the browser offline and reloads the page once the service worker controls it (before that, a
 * reload offline would find nothing to answer it), then waits for the map to be ready again.
 */
export async function reloadOffline(s: { context: BrowserContext; page: Page }, timeout = TIMEOUT): Promise<void> {
  await s.page.evaluate(() => navigator.serviceWorker.ready);
  await s.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout });
  await s.context.setOffline(true);
  await s.page.reload();
  await s.page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout });
}

/** What every test ends with: the page logged no error and tried to reach nothing outside loopback. */
export function expectClean(s: { blocked: readonly string[]; errors: readonly string[] }): void {
  expect(s.blocked).toEqual([]);
  expect(s.errors).toEqual([]);
}

/**
 * Gives every test of the enclosing describe its own fresh profile with the app open (so no test sees
 * what another did, and the order does not matter), and ends each with `expectClean`. Returns a getter
 * for the current test's session.
 */
export function appPerTest(baseURL: string, ready?: (s: Session) => Promise<unknown>): () => Session {
  let current: Session | null = null;
  beforeEach(async () => {
    current = await openSession();
    await openApp(current.page, baseURL);
    if (ready) await ready(current);
  });
  afterEach(async () => {
    const s = current;
    current = null;
    if (!s) return;
    try {
      expectClean(s);
    } finally {
      await s.close();
    }
  });
  return () => {
    if (!current) throw new Error('no session: appPerTest serves the tests of the describe it is called in');
    return current;
  };
}

/** Waits for the checks to finish and returns their issues as plain objects. */
export async function issues(page: Page): Promise<{ id: string; kind: string; severity: string; units: string[]; areaM2?: number }[]> {
  await page.waitForFunction(() => {
    const e = (window as any).__diaGioi.editor;
    return e.checkState.get().status === 'ready' && e.coverage.get() !== null;
  }, undefined, { timeout: TIMEOUT });
  return page.evaluate(() => (window as any).__diaGioi.editor.issues.get().map((i: any) => ({ id: i.id, kind: i.kind, severity: i.severity, units: i.units, areaM2: i.areaM2 })));
}

/** Waits until the checks have run on the current coverage (after an edit). */
export async function checksSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const e = (window as any).__diaGioi.editor;
    return e.checkState.get().status === 'ready' && (e as any).checked === e.coverage.get();
  }, undefined, { timeout: TIMEOUT });
}

/**
 * Waits until the map has drawn everything it has (sources loaded, no camera movement) in a frame
 * rendered after this call: a repaint is requested and maplibre's `idle` event awaited.
 */
export async function mapIdle(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as any;
    const m = w.__diaGioi.map().map;
    w.__e2eIdle = false;
    m.once('idle', () => (w.__e2eIdle = true));
    m.triggerRepaint();
  });
  await page.waitForFunction(() => (window as any).__e2eIdle === true, undefined, { timeout: TIMEOUT });
}

/**
 * Waits until the map shows features of `layer` (within `radius` px of a page position, if given), then
 * for an idle frame: what a screenshot or a click there needs.
 */
export async function drawn(page: Page, layer: string, at?: { x: number; y: number }, radius = 3): Promise<void> {
  const box = (await page.locator('[data-testid="map"]').boundingBox())!;
  const point = at ? { x: at.x - box.x, y: at.y - box.y } : null;
  await page.waitForFunction(
    ([l, p, r]) => {
      const m = (window as any).__diaGioi.map()?.map;
      if (!m?.getLayer(l)) return false;
      const q = p ? [[p.x - r, p.y - r], [p.x + r, p.y + r]] : undefined;
      return (q ? m.queryRenderedFeatures(q, { layers: [l] }) : m.queryRenderedFeatures({ layers: [l] })).length > 0;
    },
    [layer, point, radius] as const,
    { timeout: TIMEOUT },
  );
  await mapIdle(page);
}

/**
 * Waits until a save has finished with nothing left to write. Call it once the edit is visible in the
 * editor's state (the edit then has been handed to the autosave, so a finished save includes it).
 */
export async function saved(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const w = (window as any).__diaGioi.workspace;
    const s = w.saveStatus.get();
    return s?.kind === 'saved' && s.at !== null;
  }, undefined, { timeout: TIMEOUT });
}

/** Waits until the status says saved, by a save that ended at or after `since` (the page's clock: `pageNow`). */
export async function savedAfter(page: Page, since: number): Promise<void> {
  try {
    await page.waitForFunction((t) => {
      const s = (window as any).__diaGioi.workspace.saveStatus.get();
      return s?.kind === 'saved' && s.at !== null && s.at >= t;
    }, since, { timeout: TIMEOUT });
  } catch (e) {
    // Seen once at load 12 (full-disk.e2e.ts, after a restore): say what the status was instead.
    const status = await page
      .evaluate(() => JSON.stringify((window as any).__diaGioi.workspace.saveStatus.get()))
      .catch((r: unknown) => `unreadable: ${String(r)}`);
    throw new Error(`no save ended at or after ${since}; the save status: ${String(status).slice(0, 1000)}`, { cause: e });
  }
}

/**
 * Waits until the save of an edit made after `since` has an outcome the officer sees: the status shows
 * the failure (or that the browser has not answered the save for a while), or a save ended at or after
 * `since`. Never "saving" for ever.
 */
export async function saveOutcome(page: Page, since: number): Promise<void> {
  await page.waitForFunction((t) => {
    const st = (window as any).__diaGioi.workspace.saveStatus.get();
    const shown = document.querySelector('[data-testid="save-status"]')?.getAttribute('data-kind');
    return shown === 'error' || shown === 'stalled' || (st?.kind === 'saved' && st.at >= t);
  }, since, { timeout: TIMEOUT });
}

/**
 * What the officer sees of the save, read at one moment: the status line's kind and text, the storage
 * banner and the buttons beside the status. (On a full disk a retry may succeed at any moment, as Chromium
 * gives space back of its own, so separate reads could straddle it.)
 */
export function saveView(page: Page): Promise<{ kind: string; status: string; banner: string; buttons: (string | null)[] }> {
  return page.evaluate(() => ({
    kind: document.querySelector('[data-testid="save-status"]')?.getAttribute('data-kind') ?? '',
    status: document.querySelector('[data-testid="save-status"]')?.textContent ?? '',
    banner: document.querySelector('[data-testid="storage-banner"]')?.textContent ?? '',
    buttons: [...document.querySelectorAll('.save-status button')].map((x) => x.textContent),
  }));
}

/** The page's clock (epoch ms), to compare with the times the app records. */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => Date.now());
}

export async function unitArea(page: Page, id: string): Promise<number> {
  return page.evaluate(async (unitId) => {
    const e = (window as any).__diaGioi.editor;
    const c = e.coverage.get();
    const u = c.units.get(unitId);
    // Shoelace on the arcs is enough for a relative comparison in tests.
    let area = 0;
    for (const poly of u.polygons) {
      poly.forEach((ring: number[], r: number) => {
        const pts: number[][] = [];
        for (const ref of ring) {
          const arc = c.arcs[ref < 0 ? ~ref : ref];
          const seq = ref < 0 ? [...arc].reverse() : arc;
          seq.forEach((p: number[], i: number) => { if (i > 0 || pts.length === 0) pts.push(p); });
        }
        let s = 0;
        for (let i = 0; i < pts.length - 1; i++) s += pts[i]![0]! * pts[i + 1]![1]! - pts[i + 1]![0]! * pts[i]![1]!;
        area += (r === 0 ? 1 : -1) * Math.abs(s / 2);
      });
    }
    return area;
  }, id);
}

/** Page coordinates of a lon/lat on the map. */
export async function screenOf(page: Page, lng: number, lat: number): Promise<{ x: number; y: number }> {
  const box = (await page.locator('[data-testid="map"]').boundingBox())!;
  const p = await page.evaluate(([x, y]) => (window as any).__diaGioi.map().project(x, y), [lng, lat]);
  return { x: box.x + p.x, y: box.y + p.y };
}

/** Renames a unit through the unit panel's attribute form (the usual small, saved edit of these tests). */
export async function renameUnit(page: Page, from: RegExp, to: string): Promise<void> {
  const item = page.getByRole('list', { name: 'Danh sách đơn vị' }).getByRole('button', { name: from });
  await item.click();
  const open = page.getByRole('button', { name: 'Sửa thuộc tính' });
  const form = page.getByRole('form', { name: 'Sửa thuộc tính' });
  const field = form.getByRole('textbox', { name: 'Tên' });
  // Once (full-disk.e2e.ts, after the browser died on the full disk, beside a CPU hog) the form never
  // showed after the click. The form's open state is the panel's own, which a panel drawn again in the
  // meantime loses, as does a selection cleared by the draft opening again (likely causes, not proven).
  await open.click();
  for (let i = 0; i < 5; i++) {
    const shown = await field.waitFor({ timeout: 15_000 }).then(() => true, () => false);
    if (shown) break;
    // Not shown yet: click again if the button is back (if the form opened meanwhile, this click finds
    // no button and gives up; the loop then sees the form), or select the unit again if the panel lost it.
    if (!(await open.isVisible())) await item.click({ timeout: 15_000 }).catch(() => undefined);
    if (await open.isVisible()) await open.click({ timeout: 15_000 }).catch(() => undefined);
  }
  await field.fill(to);
  await form.getByRole('button', { name: 'Lưu' }).click();
}

/** The editor's position in its undo history: it grows by one with each edit performed. */
export function historyIndex(page: Page): Promise<number> {
  return page.evaluate(() => (window as any).__diaGioi.editor.history.get().index as number);
}

/** A unit's name in the editor's current coverage. */
export function unitName(page: Page, id: string): Promise<string> {
  return page.evaluate((u) => (window as any).__diaGioi.editor.coverage.get().units.get(u).attrs.name, id);
}

/** Centres the map on [lon, lat] at a zoom, and waits until it has drawn there. */
export async function zoomTo(page: Page, at: readonly [number, number], zoom: number): Promise<void> {
  await page.evaluate(([x, y, z]) => (window as any).__diaGioi.map().map.jumpTo({ center: [x, y], zoom: z }), [at[0], at[1], zoom] as const);
  await mapIdle(page);
}

/** Starts measuring the longest gap between ticks of a 50 ms timer on the main thread. */
export async function startStallProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const p = { last: performance.now(), max: 0, timer: 0, ticks: 0 };
    p.timer = window.setInterval(() => {
      const now = performance.now();
      p.max = Math.max(p.max, now - p.last);
      p.last = now;
      p.ticks++;
    }, 50);
    (window as unknown as { __stall: typeof p }).__stall = p;
  });
}

/** How many times the probe's timer has run on the main thread so far. */
export async function probeTicks(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __stall: { ticks: number } }).__stall.ticks);
}

/** Stops the probe: the longest the main thread went without running the timer (ms). */
export async function longestStall(page: Page): Promise<number> {
  return page.evaluate(() => {
    const p = (window as unknown as { __stall: { last: number; max: number; timer: number } }).__stall;
    clearInterval(p.timer);
    return Math.max(p.max, performance.now() - p.last);
  });
}
