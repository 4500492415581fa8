// geodata/prepare-national.mjs fails loudly on a broken source, naming the file, the feature and the
// field, and its --check never passes silently. The broken sources are a small tree the test writes
// (mini-sources.ts), so these run in any checkout; the rebuild from the real ../shared is national.test.ts.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/data';
import { ATTRIBUTES_FILE, HAI_PHONG_FILE, miniSources, RESOLUTIONS_FILE } from './mini-sources';

const SCRIPT = join(ROOT, 'geodata', 'prepare-national.mjs');
function run(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { encoding: 'utf8', cwd: ROOT });
}

/** Runs the script on a small source tree (mini-sources.ts) for Hải Phòng alone; the tree is removed after. */
function prepare(edit: Parameters<typeof miniSources>[0] = {}) {
  const shared = miniSources(edit);
  const out = mkdtempSync(join(tmpdir(), 'out-'));
  try {
    const r = run(['--shared', shared, '--out', out, '--only', '31']);
    return { ...r, wrote: existsSync(join(out, '31.bin')) };
  } finally {
    rmSync(shared, { recursive: true });
    rmSync(out, { recursive: true });
  }
}

describe('geodata/prepare-national.mjs', () => {
  it('prepares the small source tree the error tests below break', () => {
    const r = prepare();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wrote 31\.bin: 3 units/);
    expect(r.wrote).toBe(true);
  });

  it('names the unit and the vertex when a position is not lon/lat', () => {
    const r = prepare({
      [HAI_PHONG_FILE]: (t) => {
        const fc = JSON.parse(t);
        fc.features[2].geometry.coordinates[0][0][5] = [587000.5, 2312000.1];
        return JSON.stringify(fc);
      },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/31_hai_phong\.geojson\.gz: feature 2 \(code 10507\) polygon 0 ring 0 vertex 5: position \[587000\.5,2312000\.1\] is not lon\/lat/);
  });

  it('names the unit whose attributes row is missing', () => {
    const r = prepare({ [ATTRIBUTES_FILE]: (t) => t.replace(/\n10507,[^\n]*/, '') });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/vn_communes_2025_attributes\.csv: code 10507: unit of \S*new-2025\/provinces\/31_hai_phong\.geojson\.gz has no row/);
  });

  it('refuses a resolution that is not one', () => {
    const r = prepare({ [RESOLUTIONS_FILE]: (t) => t.replace('1669/NQ-UBTVQH15', '1669') });
    expect(r.status).toBe(1);
    // The fixture lists the provinces in the committed index's order, after a header line.
    const line = (JSON.parse(readFileSync(join(ROOT, 'public', 'data', 'provinces', 'index.json'), 'utf8')) as { provinces: { code: string }[] }).provinces.findIndex((p) => p.code === '31') + 2;
    expect(r.stderr).toContain(`provinces_resolutions.csv: line ${line} field resolution: "1669" is not NNNN/NQ-UBTVQH15`);
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
