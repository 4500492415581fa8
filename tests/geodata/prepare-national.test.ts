// geodata/prepare-national.mjs fails loudly on a broken source, naming the file, the feature and the
// field, and its --check never passes silently. Sources are ../shared (an optional extra): the tests
// that need them say so and are skipped in a checkout without it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ROOT } from '../helpers/data';

const SCRIPT = join(ROOT, 'geodata', 'prepare-national.mjs');
const SHARED = process.env.GEODATA_SHARED ?? join(ROOT, '..', 'shared', 'geodata-src');
const HAVE_SHARED = existsSync(join(SHARED, 'new-2025', 'provinces'));

function run(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { encoding: 'utf8', cwd: ROOT });
}

/** A copy of the shared sources made of links, except the files `edit` rewrites. */
function sharedWith(edits: Record<string, (text: string) => string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shared-'));
  const link = (rel: string) => {
    const from = join(SHARED, rel);
    const to = join(dir, rel);
    if (statSync(from).isDirectory()) {
      mkdirSync(to, { recursive: true });
      for (const f of readdirSync(from)) link(join(rel, f));
    } else if (edits[rel]) {
      const gz = rel.endsWith('.gz');
      const text = gz ? gunzipSync(readFileSync(from)).toString('utf8') : readFileSync(from, 'utf8');
      const edited = edits[rel](text);
      writeFileSync(to, gz ? gzipSync(edited) : edited);
    } else symlinkSync(from, to);
  };
  link('.');
  return dir;
}

describe('geodata/prepare-national.mjs', () => {
  it.runIf(HAVE_SHARED)('names the unit and the vertex when a position is not lon/lat (needs ../shared)', () => {
    const shared = sharedWith({
      'new-2025/provinces/31_hai_phong.geojson.gz': (t) => {
        const fc = JSON.parse(t);
        fc.features[2].geometry.coordinates[0][0][5] = [587000.5, 2312000.1];
        return JSON.stringify(fc);
      },
    });
    const r = run(['--shared', shared, '--out', mkdtempSync(join(tmpdir(), 'out-')), '--only', '31']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/31_hai_phong\.geojson\.gz: feature 2 \(code \d{5}\) polygon 0 ring 0 vertex 5: position \[587000\.5,2312000\.1\] is not lon\/lat/);
    rmSync(shared, { recursive: true });
  });

  it.runIf(HAVE_SHARED)('names the unit whose attributes row is missing (needs ../shared)', () => {
    const shared = sharedWith({
      'new-2025/vn_communes_2025_attributes.csv': (t) => t.replace(/\n10507,[^\n]*/, ''),
    });
    const r = run(['--shared', shared, '--out', mkdtempSync(join(tmpdir(), 'out-')), '--only', '31']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('vn_communes_2025_attributes.csv: code 10507: unit of shared/geodata-src/new-2025/provinces/31_hai_phong.geojson.gz has no row');
    rmSync(shared, { recursive: true });
  });

  it.runIf(HAVE_SHARED)('refuses a resolution that is not one (needs ../shared)', () => {
    const shared = sharedWith({ 'legal/provinces_resolutions.csv': (t) => t.replace('1669/NQ-UBTVQH15', '1669') });
    const r = run(['--shared', shared, '--out', mkdtempSync(join(tmpdir(), 'out-')), '--only', '31']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('provinces_resolutions.csv: line 14 field resolution: "1669" is not NNNN/NQ-UBTVQH15');
    rmSync(shared, { recursive: true });
  });

  it('--check without ../shared decodes the committed files and fails on a changed byte, saying it did not read the sources', () => {
    const out = mkdtempSync(join(tmpdir(), 'provinces-'));
    cpSync(join(ROOT, 'public', 'data', 'provinces'), out, { recursive: true });
    const good = run(['--check', '--shared', join(out, 'no-shared'), '--out', out, '--only', '31,33']);
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toContain('not found: checking the committed national files against geodata/national-manifest.json only');
    const file = join(out, '33.bin');
    const bytes = readFileSync(file);
    bytes[bytes.length - 10]! ^= 0x01; // a coordinate delta in the last arc
    writeFileSync(file, bytes);
    const bad = run(['--check', '--shared', join(out, 'no-shared'), '--out', out, '--only', '31,33']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('33.bin: size or sha256 differs from index.json');
    expect(bad.stderr).toMatch(/33\.bin: (unit \d{5} does not decode to its source geometry|bad-arcs|bad-ring)/);
  });
});
