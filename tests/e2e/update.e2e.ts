// A new deployment while the app is open, with the real service worker in real Chromium: two real builds
// of the app (the second differs in its entry chunk, so every chunk that imports from it gets a new
// name, as in any release) served in turn from one address, the old build's files gone from the server
// once the new one is up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { build, type Plugin } from 'vite';
import type { Page } from 'playwright-core';
import { contentSecurityPolicy } from '../../scripts/content-security-policy';
import { OUT_DIR, openSession } from './browser';
import { drawn, expectClean, openApp, renameUnit, saved, unitName } from './helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'diagioi-update-'));
const builds = { v1: join(work, 'v1'), v2: join(work, 'v2') };

/** Marks a build, so a page can tell which one it runs (window.__e2eBuild). */
function stamp(label: string): Plugin {
  return {
    name: 'e2e-build-stamp',
    enforce: 'post',
    transform(code, id) {
      return id.endsWith('/src/app/main.tsx') ? `${code}\n;globalThis.__e2eBuild = ${JSON.stringify(label)};\n` : null;
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.geojson': 'application/json',
};

/** A static server whose folder can be switched: the deployment. No HTTP caching, the production policy. */
function deployment(): Promise<{ url: string; deploy(dir: string): void; close(): Promise<void> }> {
  let dir = builds.v1;
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = join(dir, normalize(path === '/' ? '/index.html' : path));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    res
      .writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': contentSecurityPolicy({}, 'header'),
      })
      .end(readFileSync(file));
  });
  return new Promise((resolve) => {
    // Port 0: the system picks a free port, so nothing else on the machine can collide with it.
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        deploy: (d) => (dir = d),
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

function chunk(dir: string, name: string): string {
  const f = readdirSync(join(dir, 'assets')).find((x) => x.startsWith(`${name}-`) && x.endsWith('.js'));
  if (!f) throw new Error(`no ${name} chunk in ${dir}`);
  return f;
}

const buildOf = (page: Page) => page.evaluate(() => (window as any).__e2eBuild as string);
/** The per-build caches (the province files' cache, kept across builds, is not one of them). */
const cacheNames = (page: Page) => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('dia-gioi-')));

beforeAll(async () => {
  // Vitest sets NODE_ENV=test, which would make Vite build a non-production app (no service worker).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    for (const [label, outDir] of Object.entries(builds)) {
      await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), mode: 'e2e', logLevel: 'error', build: { outDir, emptyOutDir: true }, plugins: [stamp(label)] });
    }
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a new version while the app is open', () => {
  it('waits and says so; a tab left on the old build keeps working; reloading saves first; old files go last', async () => {
    // The premise: the old build's lazy chunks are not on the server any more once the new one is.
    expect(chunk(builds.v1, 'ImportDialog')).not.toBe(chunk(builds.v2, 'ImportDialog'));
    expect(existsSync(join(builds.v2, 'assets', chunk(builds.v1, 'ImportDialog')))).toBe(false);

    const server = await deployment();
    const s = await openSession();
    const otherErrors: string[] = [];
    try {
      const a = s.page;
      await openApp(a, server.url);
      // First visit: the worker installs, activates and claims the tab (no banner: nothing new).
      await a.waitForFunction(() => navigator.serviceWorker.controller !== null);
      expect(await buildOf(a)).toBe('v1');
      await renameUnit(a, /Thành Đông/, 'Trước Cập Nhật');
      await saved(a);

      // The new version is deployed; the browser looks for it (it also does on every navigation).
      server.deploy(builds.v2);
      await a.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r!.update()));
      const banner = a.getByTestId('update-banner');
      const reload = banner.getByRole('button', { name: 'Đã có phiên bản mới — tải lại' });
      await reload.waitFor();
      // It waits: the tab still runs, and is controlled by, the old build.
      expect(await a.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r!.waiting !== null))).toBe(true);
      expect(await buildOf(a)).toBe('v1');
      await drawn(a, 'units-fill');
      await a.screenshot({ path: join(OUT_DIR, 'update-banner.png') });

      // A second tab opens on the old build too (the new one is still waiting), and moves on first.
      const b = await s.context.newPage();
      b.on('console', (m) => {
        if (m.type() === 'error') otherErrors.push(m.text());
      });
      b.on('pageerror', (e) => otherErrors.push(e.message));
      await openApp(b, server.url);
      expect(await buildOf(b)).toBe('v1');
      const bReloaded = b.waitForEvent('load');
      await b.getByTestId('update-banner').getByRole('button', { name: 'Đã có phiên bản mới — tải lại' }).click();
      await bReloaded;
      await b.locator('[data-testid="map"][data-ready="true"]').waitFor();
      expect(await buildOf(b)).toBe('v2');

      // Tab A was not reloaded under the user's hands: it runs the old build, under the new worker,
      // still offers the reload, and its dialogs (old chunks the server no longer has) still open.
      expect(await buildOf(a)).toBe('v1');
      await reload.waitFor();
      expect((await cacheNames(a)).length).toBe(2);
      await a.evaluate(() => {
        const dt = new DataTransfer();
        dt.items.add(new File(['{"type":"FeatureCollection","features":[]}'], 'empty.geojson', { type: 'application/geo+json' }));
        const target = document.querySelector('.app')!;
        target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      });
      const importDialog = a.getByRole('dialog', { name: 'Nhập ranh giới' });
      await importDialog.waitFor();
      await importDialog.getByRole('button', { name: 'Đóng' }).first().click();
      await importDialog.waitFor({ state: 'detached' });
      await a.getByRole('button', { name: 'Xuất tệp' }).click();
      const exportDialog = a.getByRole('dialog').first();
      await exportDialog.waitFor();
      await a.keyboard.press('Escape');
      await exportDialog.waitFor({ state: 'detached' });

      // An edit, and at once the reload: the draft is saved before the page goes.
      await renameUnit(a, /Trước Cập Nhật/, 'Sau Cập Nhật');
      await a.waitForFunction(() => (window as any).__diaGioi.editor.coverage.get().units.get('10507').attrs.name === 'Sau Cập Nhật');
      const aReloaded = a.waitForEvent('load');
      await reload.click();
      await aReloaded;
      await a.locator('[data-testid="map"][data-ready="true"]').waitFor();
      expect(await buildOf(a)).toBe('v2');
      await expect.poll(() => unitName(a, '10507')).toBe('Sau Cập Nhật');
      // Every tab runs the new build: the old build's cache is deleted.
      await expect.poll(() => cacheNames(a)).toHaveLength(1);
      expect(await a.getByTestId('update-banner').count()).toBe(0);
      expect(otherErrors).toEqual([]);
      expectClean(s);
    } finally {
      await s.close();
      await server.close();
    }
  });
});
