// Foundation benchmarks: topology build of new Hải Phòng, gzipped JS shipped, and cold start to a
// rendered map in headless Chromium. Prints a table; asserts nothing (speed is measured, not tested).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { execSync } from 'node:child_process';
import { preview } from 'vite';
import { coverageFromFeatures } from '../../src/core/model';
import { haiPhong, ROOT } from '../helpers/data';
import { benchGl, openSession } from '../e2e/browser';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function topologyBuild(): { medianMs: number; runs: number } {
  const features = haiPhong().features;
  coverageFromFeatures(features); // warm-up (JIT)
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    coverageFromFeatures(features);
    times.push(performance.now() - t);
  }
  return { medianMs: median(times), runs: times.length };
}

interface Sizes {
  files: number;
  rawKb: number;
  gzKb: number;
}

/** JavaScript at start (the entry in index.html and the two workers) and loaded on demand (the rest). */
function gzippedJs(): { initial: Sizes; lazy: Sizes } {
  if (!existsSync(join(ROOT, 'dist', 'index.html'))) execSync('npx vite build', { cwd: ROOT, stdio: 'ignore' });
  const dir = join(ROOT, 'dist', 'assets');
  const entry = /src="\.\/assets\/([^"]+\.js)"/.exec(readFileSync(join(ROOT, 'dist', 'index.html'), 'utf8'))?.[1];
  const initial: Sizes = { files: 0, rawKb: 0, gzKb: 0 };
  const lazy: Sizes = { files: 0, rawKb: 0, gzKb: 0 };
  for (const f of readdirSync(dir)) {
    if (!/\.(m?js)$/.test(f)) continue;
    const buf = readFileSync(join(dir, f));
    const bucket = f === entry || /worker/.test(f) ? initial : lazy;
    bucket.rawKb += buf.length / 1024;
    bucket.gzKb += gzipSync(buf, { level: 9 }).length / 1024;
    bucket.files++;
  }
  return { initial, lazy };
}

async function coldStart(): Promise<number[]> {
  const port = 4329;
  const server = await preview({
    root: ROOT,
    logLevel: 'silent',
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const s = await openSession({ args: benchGl().args }); // fresh profile: nothing cached
      try {
        const t = performance.now();
        await s.page.goto(`http://127.0.0.1:${port}/?province=31`); // Hải Phòng on first open, not the picker
        await s.page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 60_000 });
        times.push(performance.now() - t);
      } finally {
        await s.close();
      }
    }
  } finally {
    await server.close();
  }
  return times;
}

const topo = topologyBuild();
const js = gzippedJs();
const cold = await coldStart();
console.log('\nFoundation');
console.log('| measure | value |');
console.log('|---|---|');
console.log(`| topology build, Hải Phòng (114 units, 88k vertices), median of ${topo.runs} | ${topo.medianMs.toFixed(1)} ms |`);
console.log(`| JavaScript at start (${js.initial.files} files: app, map worker, validation worker) | ${js.initial.rawKb.toFixed(0)} KiB raw, ${js.initial.gzKb.toFixed(0)} KiB gzip |`);
console.log(`| JavaScript loaded on demand (${js.lazy.files} files: dialogs, formats, report) | ${js.lazy.rawKb.toFixed(0)} KiB raw, ${js.lazy.gzKb.toFixed(0)} KiB gzip |`);
console.log(`| cold start to rendered map, headless Chromium (${benchGl().label}), fresh profile (3 runs) | median ${median(cold).toFixed(0)} ms (${cold.map((t) => t.toFixed(0)).join(', ')}) |`);
