// Where the time goes when a large province opens, a vertex is dragged and one edit is saved: CPU profiles
// of the page's main thread (Chromium's CDP Profiler) for each phase, summed by function (self time) and
// by a few named stages (inclusive time). For the scale work of issue 11 (point 6); a diagnostic, not a
// test. Build without minifying so the names mean something:
//   npx vite build --mode e2e --minify false && npx tsx tests/bench/province-profile.ts [code]
// BENCH_PORT picks the port; DIST another build folder; PROFILE_OUT a folder to keep the .cpuprofile files in (open them in DevTools).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { preview } from 'vite';
import type { CDPSession, Page } from 'playwright-core';
import { benchGl, openSession } from '../e2e/browser';
import { autosaveOnce } from './autosave-once';
import { readyVertexDrag } from './drag-target';

const PORT = Number(process.env.BENCH_PORT ?? 4335);
const CODE = process.argv[2] ?? '68';
const OUT = process.env.PROFILE_OUT ?? null;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const where = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop() ?? ''}:${n.callFrame.lineNumber + 1}`;

/** Self time per function, and inclusive time of every function whose name matches one of `stages`. */
function summarise(label: string, p: Profile, stages: readonly string[]): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfMs = new Map<number, number>();
  p.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const n = byId.get(id)!;
    total += ms;
    self.set(where(n), (self.get(where(n)) ?? 0) + ms);
    // Inclusive: each named stage on the stack counts once per sample.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame.functionName;
      for (const s of stages) if (f === s && !seen.has(s)) {
        seen.add(s);
        inclusive.set(s, (inclusive.get(s) ?? 0) + ms);
      }
    }
  }
  console.log(`\n## ${label}: ${((p.endTime - p.startTime) / 1000).toFixed(0)} ms profiled, load ${loadavg()[0]!.toFixed(1)}`);
  console.log('self time, top 25:');
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${(100 * ms / total).toFixed(1).padStart(5)}%  ${k}`);
  console.log('inclusive time of named stages:');
  for (const s of stages) console.log(`  ${(inclusive.get(s) ?? 0).toFixed(0).padStart(7)} ms  ${s}`);
}

async function profiled<T>(cdp: CDPSession, label: string, stages: readonly string[], run: () => Promise<T>): Promise<T> {
  await cdp.send('Profiler.start');
  const t0 = performance.now();
  const out = await run();
  const wall = performance.now() - t0;
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  console.log(`\n# ${label}: ${wall.toFixed(0)} ms wall`);
  summarise(label, profile, stages);
  if (OUT) writeFileSync(join(OUT, `${CODE}-${label.replace(/\W+/g, '-')}.cpuprofile`), JSON.stringify(profile));
  return out;
}

const STAGES = [
  'start', 'createFromProvince', 'loadUnits', 'decodeTopologyFile', 'topologyFileFeatures', 'coverageFromFeatures', 'fetchChecked',
  'create', 'open', 'openNow', 'load', 'setHistory', 'buildCoverageView', 'coveragePatch', 'setCoverage', 'patchCoverage', 'fitCoverage',
  'postMessage', 'check', 'scheduleCheck', 'diffCoverage', 'record', 'write', 'planWrite', 'planRows', 'writeCopy', 'encode',
  'performWorkUntilDeadline', 'setData', 'serialize', '_render', 'render', 'perform', 'pointer', 'onPointer', 'refresh',
];

async function dragOnce(page: Page, x: number, y: number): Promise<void> {
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 60; i++) await page.mouse.move(x + (i % 40) - 20, y + ((i * 7) % 30) - 15);
  await page.mouse.up();
}

const root = join(import.meta.dirname, '..', '..');
// DIST: serve another build folder (a build beside one an end-to-end run is serving).
const server = await preview({
  root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', preview: { host: '127.0.0.1', port: PORT, strictPort: true },
  ...(process.env.DIST ? { build: { outDir: process.env.DIST } } : {}),
});
const profileDir = mkdtempSync(join(tmpdir(), 'diagioi-profile-'));
const s = await openSession({ profileDir, args: benchGl().args });
try {
  const cdp = await s.context.newCDPSession(s.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await profiled(cdp, 'cold start to data-ready', STAGES, async () => {
    await s.page.goto(`http://127.0.0.1:${PORT}/?province=${CODE}`);
    await s.page.locator('[data-testid="map"][data-ready="true"]').waitFor();
  });
  await profiled(cdp, 'data-ready to first full check', STAGES, () =>
    s.page.waitForFunction(() => {
      const e = (window as unknown as { __diaGioi: { editor: { checkState: { get(): { status: string } }; coverage: { get(): unknown }; checked: unknown } } }).__diaGioi.editor;
      return e.checkState.get().status === 'ready' && e.coverage.get() !== null && e.checked === e.coverage.get();
    }),
  );
  const { from } = await readyVertexDrag(s.page);
  await profiled(cdp, 'vertex drag (60 moves)', STAGES, () => dragOnce(s.page, from.x, from.y));
  await s.page.keyboard.press('Escape');
  await s.page.getByRole('button', { name: 'Chọn' }).click();
  await profiled(cdp, 'autosave of one edit', STAGES, async () => {
    const ms = await autosaveOnce(s.page, 1, true);
    console.log(`  edit to saved: ${String(ms)} ms`);
  });
} finally {
  await s.close();
  rmSync(profileDir, { recursive: true, force: true });
  await server.close();
}
