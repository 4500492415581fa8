// `npm run test:fuzz -- --cases N --seed S [--tolerance 0.1]`: the differential test against GEOS on any
// number of seeded cases (seeds S, S+1, ...). Prints each failing seed with its edits and
// disagreements, writes a file that reproduces the first one (features and outline), and exits 1 when
// any case failed. Every failure it finds becomes a fixture in tests/fixtures/oracle/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCase } from './cases';
import { compareWithGeos } from './compare';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number`);
  return v;
}

const cases = arg('cases', 200);
const first = arg('seed', 1);
const toleranceM = arg('tolerance', 0.1);
let failed = 0;
let firstFailure: number | null = null;
const t0 = performance.now();
for (let seed = first; seed < first + cases; seed++) {
  const c = await makeCase(seed);
  const r = await compareWithGeos(c.features, { toleranceM, ...(c.outline ? { outline: c.outline } : {}) });
  if (r.disagreements.length === 0) continue;
  failed++;
  process.stdout.write(`seed ${seed} (${c.province}; ${c.edits.join('; ')}):\n${r.disagreements.map((d) => `  ${d.what}: ${d.detail}`).join('\n')}\n`);
  if (firstFailure === null) {
    firstFailure = seed;
    const dir = join(import.meta.dirname, 'out');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `case-${seed}.geojson`);
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', edits: c.edits, features: c.features, ...(c.outline ? { outline: c.outline } : {}) }));
    process.stdout.write(`  reproduce: ${file}\n`);
  }
}
const s = ((performance.now() - t0) / 1000).toFixed(1);
process.stdout.write(`${cases} cases from seed ${first}, tolerance ${toleranceM} m: ${failed} failed${firstFailure !== null ? `, first seed ${firstFailure}` : ''} (${s} s)\n`);
process.exitCode = failed > 0 ? 1 : 0;
