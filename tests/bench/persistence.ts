// Persistence benchmarks on new Hải Phòng (114 units, 88k vertices): autosave of one edit (target < 30 ms)
// and opening a draft with 1,000 history steps (target < 300 ms). Prints a table; asserts nothing.
//
// Node: `npx tsx tests/bench/persistence.ts` (IndexedDB from fake-indexeddb, a pure-JS implementation,
// so these numbers are an upper bound for the logic above IndexedDB, not for Chromium's LevelDB).
// Browser: `npx tsx tests/bench/persistence.ts --browser` runs the same code in headless Chromium on its
// real IndexedDB (Vite dev server on 127.0.0.1:4331).
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { coverageFromFeatures } from '../../src/core/model';
import { perform, undo, type History } from '../../src/core/history/history';
import { actionMoveVertex } from '../../src/core/actions/move-vertex';
import type { Coverage } from '../../src/core/model/types';
import { DexieDraftStore } from '../../src/persistence/draft-store';
import type { DbDeps } from '../../src/persistence/db';

export interface BenchRow {
  readonly what: string;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly runs: number;
  readonly targetMs: number | null;
  readonly note: string;
}

function stats(xs: number[]): { median: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]! };
}

/** A deterministic edit: move an interior vertex of arc i (skipping arcs with no interior vertex). */
function edit(c: Coverage, n: number) {
  let arc = (n * 37) % c.arcs.length;
  while (c.arcs[arc]!.length < 3) arc = (arc + 1) % c.arcs.length;
  const a = c.arcs[arc]!;
  const index = 1 + (n % (a.length - 2));
  const p = a[index]!;
  return actionMoveVertex({ arc, index }, [p[0] + 1e-6, p[1] + 1e-6]);
}

export async function runPersistenceBench(
  features: readonly Feature<Polygon | MultiPolygon>[],
  deps: DbDeps = {},
  dbName = `bench-${Date.now()}`,
): Promise<BenchRow[]> {
  const base = coverageFromFeatures(features);
  const vertices = base.arcs.reduce((n, a) => n + a.length, 0);
  const rows: BenchRow[] = [];
  let written = { puts: 0, deletes: 0 };
  const store = new DexieDraftStore({ ...deps, dbName, throttleMs: 0, tabId: 'bench', onWrite: (_id, s) => { written = s; } });

  const t0 = performance.now();
  const draft = await store.create({ name: 'bench', province: '31', dataVersion: 'bench', base });
  rows.push({ what: 'create a draft (base rows)', medianMs: performance.now() - t0, p95Ms: NaN, runs: 1, targetMs: null, note: `${base.arcs.length} arcs, ${base.units.size} units, ${vertices} vertices` });

  // Autosave of one edit: from handing over the history to the committed transaction.
  const o = await store.open(draft.id);
  let h: History = o.history;
  const editTimes: number[] = [];
  const undoTimes: number[] = [];
  for (let i = 0; i < 60; i++) {
    h = perform(h, edit(h.steps[h.index]!.coverage, i), 'move-vertex');
    const t = performance.now();
    o.session.record(h);
    await o.session.flush();
    if (i >= 10) editTimes.push(performance.now() - t); // the first ones warm up the JIT
  }
  const editRows = written.puts + written.deletes;
  for (let i = 0; i < 30; i++) {
    h = undo(h);
    const t = performance.now();
    o.session.record(h);
    await o.session.flush();
    undoTimes.push(performance.now() - t);
  }
  const e = stats(editTimes);
  rows.push({ what: 'autosave of one edit', medianMs: e.median, p95Ms: e.p95, runs: editTimes.length, targetMs: 30, note: `${editRows} rows written per edit` });
  const u = stats(undoTimes);
  rows.push({ what: 'autosave of one undo', medianMs: u.median, p95Ms: u.p95, runs: undoTimes.length, targetMs: null, note: `${written.puts + written.deletes} row written` });

  // A draft with 1,000 history steps, then open it (a fresh store each time: nothing cached in memory).
  h = perform(h, edit(h.steps[h.index]!.coverage, 999), 'move-vertex'); // drops the redo stack
  while (h.steps.length - 1 < 1000) {
    h = perform(h, edit(h.steps[h.index]!.coverage, h.steps.length), 'move-vertex');
    o.session.record(h);
    if (h.steps.length % 100 === 0) await o.session.flush();
  }
  await o.session.flush();
  const foldTimes: number[] = [];
  for (let i = 0; i < 40; i++) {
    h = perform(h, edit(h.steps[h.index]!.coverage, 5000 + i), 'move-vertex');
    const t = performance.now();
    o.session.record(h);
    await o.session.flush();
    foldTimes.push(performance.now() - t);
  }
  const f = stats(foldTimes);
  rows.push({ what: 'autosave of one edit past 1,000 steps', medianMs: f.median, p95Ms: f.p95, runs: foldTimes.length, targetMs: 30, note: `folds the oldest step into the base: ${written.puts + written.deletes} rows` });
  await o.session.close();
  store.close();
  const dbOpenTimes: number[] = [];
  const openTimes: number[] = [];
  let steps = 0;
  for (let i = 0; i < 9; i++) {
    const s = new DexieDraftStore({ ...deps, dbName, tabId: `bench-${i}` });
    let t = performance.now();
    await s.db.open(); // once per app start, not per draft
    dbOpenTimes.push(performance.now() - t);
    t = performance.now();
    const opened = await s.open(draft.id, { mode: 'read-only' });
    openTimes.push(performance.now() - t);
    steps = opened.history.steps.length - 1;
    s.close();
  }
  const op = stats(openTimes);
  rows.push({ what: 'open a draft with 1,000 steps', medianMs: op.median, p95Ms: op.p95, runs: openTimes.length, targetMs: 300, note: `${steps} steps rebuilt into History; fresh connection each run` });
  const dbo = stats(dbOpenTimes);
  rows.push({ what: 'open the database (app start)', medianMs: dbo.median, p95Ms: dbo.p95, runs: dbOpenTimes.length, targetMs: null, note: 'schema check, once per page load' });

  const s = new DexieDraftStore({ ...deps, dbName, tabId: 'bench-export' });
  const tb = performance.now();
  const blob = await s.exportBackup();
  rows.push({ what: 'export the workspace backup', medianMs: performance.now() - tb, p95Ms: NaN, runs: 1, targetMs: null, note: `${(blob.size / 1e6).toFixed(1)} MB JSON` });
  await s.db.delete();
  return rows;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const lines = ['| what | median ms | p95 ms | runs | target ms | note |', '|---|---:|---:|---:|---:|---|'];
  for (const r of rows) {
    lines.push(`| ${r.what} | ${r.medianMs.toFixed(1)} | ${Number.isNaN(r.p95Ms) ? '' : r.p95Ms.toFixed(1)} | ${r.runs} | ${r.targetMs ?? ''} | ${r.note} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (process.argv.includes('--browser')) return mainBrowser();
  // Dexie looks for IndexedDB when it loads, so hand it fake-indexeddb's explicitly.
  const fake = await import('fake-indexeddb');
  const { haiPhong } = await import('../helpers/data');
  const rows = await runPersistenceBench(haiPhong().features, { indexedDB: fake.indexedDB, IDBKeyRange: fake.IDBKeyRange });
  console.log(`Persistence benchmark, Node ${process.version}, IndexedDB: fake-indexeddb\n`);
  console.log(formatTable(rows));
}

/** The same benchmark in headless Chromium, on its real IndexedDB, served by Vite's dev server. */
async function mainBrowser(): Promise<void> {
  const { createServer } = await import('vite');
  const { openSession } = await import('../e2e/browser');
  const { ROOT } = await import('../helpers/data');
  const page = `<!doctype html><meta charset="utf-8"><script type="module">
    import { runPersistenceBench, formatTable } from '/tests/bench/persistence.ts';
    const fc = await (await fetch('/data/haiphong-2025.geojson')).json();
    runPersistenceBench(fc.features).then((rows) => { window.__bench = formatTable(rows); }, (e) => { window.__bench = 'ERROR ' + e; });
  </script>`;
  const server = await createServer({
    root: ROOT,
    configFile: false,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 4331, strictPort: true },
    plugins: [{
      name: 'persistence-bench-page',
      configureServer(s) {
        s.middlewares.use('/__persistence-bench.html', (_req, res) => {
          res.setHeader('content-type', 'text/html');
          res.end(page);
        });
      },
    }],
  });
  await server.listen();
  const session = await openSession();
  try {
    await session.page.goto('http://127.0.0.1:4331/__persistence-bench.html');
    const table = await session.page.waitForFunction(() => (window as unknown as { __bench?: string }).__bench, null, { timeout: 300_000 });
    const version = session.context.browser()?.version() ?? (await session.page.evaluate(() => navigator.userAgent));
    console.log(`Persistence benchmark, headless Chromium (${version}), real IndexedDB\n`);
    console.log(await table.jsonValue());
    if (session.errors.length) console.error('page errors:', session.errors);
  } finally {
    await session.close();
    await server.close();
  }
}

if (typeof process !== 'undefined' && process.argv[1]?.endsWith('persistence.ts')) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
