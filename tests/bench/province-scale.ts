// Scale in the browser (issue 11, point 6): Hải Phòng (31, 88 k vertices) beside Lâm Đồng (68, the largest
// province, 527 k vertices), each opened as a new draft in a fresh headless Chromium profile from the
// production build (e2e mode, for the test hook). Per province, in the same run:
// - cold start: navigation to the map drawn and interactive (data-ready), and to the first full check
//   finished in the worker;
// - drag frame times: requestAnimationFrame deltas while a vertex on a shared border is dragged;
// - autosave of one edit: a vertex move to its committed save (median of 10);
// - memory of the tab: resident memory of the page's renderer process (the app and its workers) and of
//   the GPU process (software WebGL), from /proc, after the check.
// Goals (issue 11): cold start under 4 s and drag at 30 fps or more on Lâm Đồng; autosave under 30 ms.
// Prints a table; asserts nothing. `npx tsx tests/bench/province-scale.ts` after `vite build --mode e2e`
// (BENCH_PORT: the port; DIST: another build folder, to compare two builds in the same conditions).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preview } from 'vite';
import type { Page } from 'playwright-core';
import { benchGl, openSession } from '../e2e/browser';
import { autosaveOnce } from './autosave-once';
import { readyVertexDrag } from './drag-target';

const PORT = Number(process.env.BENCH_PORT ?? 4334);
const PROVINCES = [
  { code: '31', name: 'Hải Phòng' },
  { code: '68', name: 'Lâm Đồng' },
];
const SAVES = 10;

/** The parts of the app's test hook the wait for the first full check reads. */
interface CheckedEditor {
  checkState: { get(): { status: string } };
  coverage: { get(): unknown };
  checked: unknown;
}

interface Row {
  province: string;
  vertices: number;
  coldStartMs: number;
  firstCheckMs: number;
  drag: number[];
  pan: number[];
  /** Edit made at rest (last save and copy written) → its committed save. */
  saves: number[];
  /** Edit made right after the last save (inside the batching window) → its committed save. */
  quickSaves: number[];
  rendererMiB: number;
  gpuMiB: number;
}

const quantile = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

/** Resident memory (MiB) of this profile's Chromium processes of one type. */
function rssMiB(profileDir: string, type: 'renderer' | 'gpu-process'): number {
  let kb = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue; // the process ended while we looked
    }
    if (!cmd.includes(profileDir) || !cmd.includes(`--type=${type}`) || cmd.includes('--top-chrome-webui')) continue;
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) kb += Number(m[1]);
  }
  return kb / 1024;
}

/** rAF deltas while the mouse is pressed at (x, y) and moved about 120 times. */
async function frameTimes(page: Page, x: number, y: number): Promise<number[]> {
  // A string, not a function: tsx names inner functions with a helper the page does not have.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 120; i++) await page.mouse.move(x + (i % 40) - 20, y + ((i * 7) % 30) - 15);
  await page.mouse.up();
  return (await page.evaluate('(() => { window.__stop = true; return window.__frames.slice(2); })()')) as number[];
}

async function measure(baseURL: string, code: string, name: string): Promise<Row> {
  const profileDir = mkdtempSync(join(tmpdir(), 'diagioi-bench-'));
  const s = await openSession({ profileDir, args: benchGl().args });
  try {
    const t0 = performance.now();
    await s.page.goto(`${baseURL}?province=${code}`);
    await s.page.locator('[data-testid="map"][data-ready="true"]').waitFor();
    const coldStartMs = performance.now() - t0;
    // A function, not a string: the app's Content-Security-Policy forbids eval, which a string needs here.
    await s.page.waitForFunction(() => {
      const e = (window as unknown as { __diaGioi: { editor: CheckedEditor } }).__diaGioi.editor;
      return e.checkState.get().status === 'ready' && e.coverage.get() !== null && e.checked === e.coverage.get();
    });
    const firstCheckMs = performance.now() - t0;
    // A vertex in the middle of the longest arc two units share, near the province's middle unit.
    const { from, vertices } = await readyVertexDrag(s.page);
    const drag = await frameTimes(s.page, from.x, from.y);
    await s.page.keyboard.press('Escape');
    await s.page.getByRole('button', { name: 'Chọn' }).click();
    const box = (await s.page.locator('[data-testid="map"]').boundingBox())!;
    const pan = await frameTimes(s.page, box.x + box.width * 0.8, box.y + box.height * 0.8);
    // Autosave of one edit: a tiny vertex move to the save that holds it, made at rest; then edits
    // made one right after the other's save.
    const saves: number[] = [];
    for (let i = 0; saves.length < SAVES && i < SAVES * 5; i++) {
      const ms = await autosaveOnce(s.page, i, true);
      if (ms !== null) saves.push(ms);
    }
    const quickSaves: number[] = [];
    for (let i = 0; quickSaves.length < SAVES && i < SAVES * 5; i++) {
      const ms = await autosaveOnce(s.page, 1000 + i);
      if (ms !== null) quickSaves.push(ms);
    }
    return {
      province: name,
      vertices,
      coldStartMs,
      firstCheckMs,
      drag,
      pan,
      saves,
      quickSaves,
      rendererMiB: rssMiB(profileDir, 'renderer'),
      gpuMiB: rssMiB(profileDir, 'gpu-process'),
    };
  } finally {
    await s.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

const root = join(import.meta.dirname, '..', '..');
// DIST: serve another build folder (e.g. a baseline built elsewhere, or beside a build an e2e run serves).
const server = await preview({
  root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', preview: { host: '127.0.0.1', port: PORT, strictPort: true },
  ...(process.env.DIST ? { build: { outDir: process.env.DIST } } : {}),
});
try {
  const rows: Row[] = [];
  for (const p of PROVINCES) rows.push(await measure(`http://127.0.0.1:${PORT}/`, p.code, p.name));
  const fps = (xs: number[]) => (1000 / quantile(xs, 0.5)).toFixed(0);
  console.log(`\nScale in headless Chromium (${benchGl().label}), fresh profile, new draft of the province, same run`);
  console.log('| province | vertices | cold start to interactive map | first full check done | drag median / p95 frame (fps) | pan median frame (fps) | autosave of one edit, median / max | autosave, edit right after a save | renderer RSS | GPU process RSS |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.province} | ${r.vertices.toLocaleString('en-US')} | ${(r.coldStartMs / 1000).toFixed(2)} s | ${(r.firstCheckMs / 1000).toFixed(2)} s | ` +
        `${quantile(r.drag, 0.5).toFixed(1)} / ${quantile(r.drag, 0.95).toFixed(1)} ms (${fps(r.drag)}) | ${quantile(r.pan, 0.5).toFixed(1)} ms (${fps(r.pan)}) | ` +
        `${quantile(r.saves, 0.5).toFixed(0)} / ${Math.max(...r.saves).toFixed(0)} ms | ${quantile(r.quickSaves, 0.5).toFixed(0)} / ${Math.max(...r.quickSaves).toFixed(0)} ms | ${r.rendererMiB.toFixed(0)} MiB | ${r.gpuMiB.toFixed(0)} MiB |`,
    );
  }
  console.log('Goals on Lâm Đồng: cold start < 4 s, drag ≥ 30 fps, autosave < 30 ms.');
  console.log('Autosave of one edit: made at rest (the last save and its second copy written). Right after a save, an edit waits for the end of the 150 ms batching window that bounds how often the draft is written.');
} finally {
  await server.close();
}
