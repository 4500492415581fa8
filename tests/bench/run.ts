// npm run bench: our checker against a naive Turf baseline on the same data in the same run, the
// incremental re-check after moving one vertex (also on Lâm Đồng, the largest province), and the command
// line on Lào Cai (Node start-up included).
// Numbers are wall-clock on this machine (and CPU time for the re-check); nothing here is asserted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { coverageFromFeatures, type Arc, type Coverage, type Position } from '../../src/core/model';
import { decodeTopologyFile } from '../../src/io/topology-file';
import { coverageFromTopologyFile } from '../../src/io/topology-file-coverage';
import { revalidate, validateCoverage } from '../../src/core/validation';
import { geometryAreaM2 } from '../../src/core/geom/geodesic';
import { ROOT } from '../helpers/data';
import { seeded } from '../helpers/coverage';

type PolyFeature = Feature<Polygon | MultiPolygon>;

const DATA = [
  { name: 'Hải Phòng', file: 'public/data/haiphong-2025.geojson' },
  { name: 'Lào Cai', file: 'geodata/src/laocai_communes_2025.geojson' },
];
/** Pairs timed per province for the naive baseline; the rest is extrapolated (the full run takes minutes). */
const PAIR_SAMPLE = Number(process.env.BENCH_PAIRS ?? 60);
/** Units in the sampled union for the baseline's gap search (turf.union of everything takes minutes). */
const UNION_SAMPLE = Number(process.env.BENCH_UNION ?? 20);

const ms = (t: number) => `${t.toFixed(t < 10 ? 2 : 0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;

function load(file: string): PolyFeature[] {
  return (JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { features: PolyFeature[] }).features;
}

function time<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
}

/** Our full check: topology from GeoJSON plus every rule (best of 3 runs, each on a fresh coverage). */
function ours(features: PolyFeature[]): { topo: number; check: number; issues: number } {
  let best = { topo: Infinity, check: Infinity, issues: 0 };
  for (let i = 0; i < 3; i++) {
    const [c, topo] = time(() => coverageFromFeatures(features));
    const [issues, check] = time(() => validateCoverage(c));
    if (topo + check < best.topo + best.check) best = { topo, check, issues: issues.length };
  }
  return best;
}

/**
 * The naive baseline: turf.intersect on every pair of units whose boxes overlap, and the holes of
 * turf.union of all units for gaps. Both are sampled and extrapolated linearly (a lower bound for the
 * union, whose cost grows faster than linearly).
 */
function naive(features: PolyFeature[]): { pairs: number; sampled: number; pairMs: number; unionMs: number; total: number } {
  const boxes = features.map((f) => turf.bbox(f));
  const pairs: [number, number][] = [];
  for (let i = 0; i < features.length; i++) {
    for (let j = i + 1; j < features.length; j++) {
      const a = boxes[i]!, b = boxes[j]!;
      if (a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]) pairs.push([i, j]);
    }
  }
  const step = Math.max(1, Math.floor(pairs.length / PAIR_SAMPLE));
  const sample = pairs.filter((_, k) => k % step === 0).slice(0, PAIR_SAMPLE);
  const [, t] = time(() => {
    for (const [i, j] of sample) {
      const x = turf.intersect(turf.featureCollection([features[i]!, features[j]!]));
      if (x) geometryAreaM2(x.geometry);
    }
  });
  const pairMs = (t / sample.length) * pairs.length;
  const n = Math.min(UNION_SAMPLE, features.length);
  const [, u] = time(() => {
    const un = turf.union(turf.featureCollection(features.slice(0, n)));
    if (un) for (const poly of un.geometry.type === 'Polygon' ? [un.geometry.coordinates] : un.geometry.coordinates) poly.slice(1);
  });
  const unionMs = (u / n) * features.length;
  return { pairs: pairs.length, sampled: sample.length, pairMs, unionMs, total: pairMs + unionMs };
}

function moveVertex(c: Coverage, arc: number, index: number, to: Position): Coverage {
  const arcs = c.arcs.slice();
  const next: Position[] = arcs[arc]!.slice();
  next[index] = to;
  arcs[arc] = next as Arc;
  return { arcs, units: c.units };
}

const MOVES = 300;

interface Spread {
  readonly median: number;
  readonly p95: number;
  readonly max: number;
}
const spread = (xs: number[]): Spread => ({ median: median(xs), p95: p95(xs), max: Math.max(...xs) });

/**
 * MOVES moves of one random interior vertex by 0.1–1 m, each re-checked incrementally: wall-clock and
 * the process's CPU time (user + system, all its threads, so V8's GC helpers too) per re-check. On a busy
 * machine the wall clock includes the time the process waited for a core; the CPU time does not, so its
 * ratios survive load.
 */
function incremental(start: Coverage): { wall: Spread; cpu: Spread } {
  const rnd = seeded(7);
  let coverage = start;
  let issues = validateCoverage(coverage);
  const times: number[] = [];
  const cpu: number[] = [];
  while (times.length < MOVES) {
    const arc = Math.floor(rnd() * coverage.arcs.length);
    const a = coverage.arcs[arc]!;
    if (a.length < 3) continue;
    const index = 1 + Math.floor(rnd() * (a.length - 2));
    const p = a[index]!;
    const r = 1e-6 + rnd() * 9e-6;
    const angle = rnd() * 2 * Math.PI;
    const next = moveVertex(coverage, arc, index, [p[0] + r * Math.cos(angle), p[1] + r * Math.sin(angle)]);
    const c0 = process.cpuUsage();
    const [nextIssues, t] = time(() => revalidate({ coverage, issues }, next, { arcs: [arc] }));
    const c = process.cpuUsage(c0);
    times.push(t);
    cpu.push((c.user + c.system) / 1000);
    coverage = next;
    issues = nextIssues;
  }
  return { wall: spread(times), cpu: spread(cpu) };
}

/** A province as the app loads it (public/data/provinces/NN.bin). */
function province(code: string): Coverage {
  const file = `${code}.bin`;
  return coverageFromTopologyFile(decodeTopologyFile(readFileSync(join(ROOT, 'public', 'data', 'provinces', file)), file));
}

/** Median of `runs` spawns of a command; `before` runs untimed ahead of each (e.g. to empty a cache). */
function spawnMedian(cmd: string, args: string[], runs: number, env: NodeJS.ProcessEnv = process.env, before: () => void = () => {}): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    before();
    const t = performance.now();
    const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env });
    times.push(performance.now() - t);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return median(times);
}

/**
 * The command line as reviewers run it (npm run check: scripts/cli.mjs bundles src/cli/check.ts with
 * esbuild into a cache, then runs the bundle in-process), with a cold cache (bundle built first, in a
 * throw-away cache folder) and a warm one; beside it, plain node on the bundle and tsx for reference.
 */
function cli(file: string): { npmCold: number; npmWarm: number; launcherWarm: number; node: number; tsx: number } {
  const args = ['--json'];
  const cache = mkdtempSync(join(tmpdir(), 'dia-gioi-bench-'));
  try {
    const env = { ...process.env, DIA_GIOI_CLI_CACHE: cache };
    const empty = () => rmSync(cache, { recursive: true, force: true });
    const npm = ['run', '--silent', 'check', '--', file, ...args];
    const npmCold = spawnMedian('npm', npm, 3, env, empty);
    const npmWarm = spawnMedian('npm', npm, 5, env);
    const launcherWarm = spawnMedian(process.execPath, [join(ROOT, 'scripts', 'cli.mjs'), 'check', file, ...args], 5, env);
    const manifest = JSON.parse(readFileSync(join(cache, 'check.json'), 'utf8')) as { stamp: string };
    const node = spawnMedian(process.execPath, [join(cache, manifest.stamp, 'check.mjs'), file, ...args], 5);
    const tsx = spawnMedian(join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/cli/check.ts', file, ...args], 3);
    return { npmCold, npmWarm, launcherWarm, node, tsx };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

// `npm run bench` runs every section; `tsx tests/bench/run.ts incremental` (or full, cli) runs some.
const only = new Set(process.argv.slice(2));
const want = (section: 'full' | 'incremental' | 'cli') => only.size === 0 || only.has(section);

if (want('full')) {
  const rows: string[][] = [['', 'units', 'vertices', 'topology', 'our check', 'ours total', 'naive Turf (est.)', 'ratio']];
  const notes: string[] = [];
  for (const d of DATA) {
    const features = load(d.file);
    const vertices = features.reduce((s, f) => s + JSON.stringify(f.geometry.coordinates).split('],[').length, 0);
    const o = ours(features);
    const n = naive(features);
    rows.push([d.name, String(features.length), vertices.toLocaleString('en-US'), ms(o.topo), ms(o.check), ms(o.topo + o.check), `${(n.total / 1000).toFixed(1)} s`, `${Math.round(n.total / (o.topo + o.check))}×`]);
    notes.push(
      `${d.name}: naive = ${n.pairs} bbox-overlapping pairs through turf.intersect (${n.sampled} timed, ${(n.pairMs / 1000).toFixed(1)} s extrapolated) + turf.union holes (${UNION_SAMPLE} units timed, ${(n.unionMs / 1000).toFixed(1)} s extrapolated linearly: a lower bound).`,
    );
}
const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
console.log('Full check (best of 3, fresh coverage each time)');
for (const r of rows) console.log(r.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  '));
for (const n of notes) console.log(`  ${n}`);
}

if (want('incremental')) {
  // Issue 15's goal is a p95 under 16 ms on Lâm Đồng, the largest province (527 k vertices).
  console.log(`\nIncremental re-check after moving one vertex by 0.1–1 m (${MOVES} seeded moves); load ${loadavg()[0]!.toFixed(1)}`);
  const rows: [string, () => Coverage][] = [
    ...DATA.map((d): [string, () => Coverage] => [d.name, () => coverageFromFeatures(load(d.file))]),
    ['Lâm Đồng', () => province('68')],
  ];
  for (const [name, coverage] of rows) {
    const { wall, cpu } = incremental(coverage());
    console.log(`  ${name.padEnd(10)} wall median ${ms(wall.median)}  p95 ${ms(wall.p95)}  max ${ms(wall.max)};  CPU median ${ms(cpu.median)}  p95 ${ms(cpu.p95)}  max ${ms(cpu.max)}`);
  }
}

if (want('cli')) {
  console.log('\nCommand line on Lào Cai, --json, Node start-up included (median of 3 cold, 5 warm spawns)');
  const c = cli('geodata/src/laocai_communes_2025.geojson');
  console.log(`  npm run --silent check, cold cache (bundle built)   ${ms(c.npmCold)}`);
  console.log(`  npm run --silent check, warm cache                  ${ms(c.npmWarm)}`);
  console.log(`  node scripts/cli.mjs check, warm cache              ${ms(c.launcherWarm)}`);
  console.log(`  node on the cached bundle (no launcher)             ${ms(c.node)}`);
  console.log(`  tsx src/cli/check.ts (before the launcher)          ${ms(c.tsx)}`);
}
