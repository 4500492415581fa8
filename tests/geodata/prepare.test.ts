// The prepare script is reproducible and fails loudly, naming the file, the feature and the field.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/data';

const SCRIPT = join(ROOT, 'geodata', 'prepare.mjs');

// The shared folder is pointed elsewhere so the merger table under test is read, not rebuilt; the manifest
// goes beside the outputs.
function run(src: string, out: string) {
  const manifest = join(out, 'manifest.json');
  cpSync(join(ROOT, 'geodata', 'manifest.json'), manifest);
  return spawnSync(process.execPath, [SCRIPT, '--src', src, '--out', out, '--shared', join(out, 'no-shared'), '--manifest', manifest], { encoding: 'utf8' });
}

function copySources(): string {
  const dir = mkdtempSync(join(tmpdir(), 'prepare-src-'));
  for (const f of ['haiphong_communes_2025.geojson', 'haiphong_haiduong_communes_2008_vietnam63.geojson', 'haiphong_2025_formed_from.csv']) {
    cpSync(join(ROOT, 'geodata', 'src', f), join(dir, f));
  }
  return dir;
}

describe('geodata/prepare.mjs', () => {
  it('reproduces the committed app data byte for byte', () => {
    const out = mkdtempSync(join(tmpdir(), 'prepare-out-'));
    const r = run(join(ROOT, 'geodata', 'src'), out);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['haiphong-2025.geojson', 'haiphong-haiduong-old-2008.geojson']) {
      expect(readFileSync(join(out, f), 'utf8')).toBe(readFileSync(join(ROOT, 'public', 'data', f), 'utf8'));
    }
  });

  it('names the feature and field when a code is malformed', () => {
    const src = copySources();
    const file = join(src, 'haiphong_communes_2025.geojson');
    const fc = JSON.parse(readFileSync(file, 'utf8'));
    fc.features[3].properties.code = '12A';
    writeFileSync(file, JSON.stringify(fc));
    const r = run(src, mkdtempSync(join(tmpdir(), 'prepare-out-')));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('haiphong_communes_2025.geojson: feature 3 (code 12A) field code: "12A" is not a 5-digit code');
  });

  it('names the vertex when a position is not lon/lat', () => {
    const src = copySources();
    const file = join(src, 'haiphong_communes_2025.geojson');
    const fc = JSON.parse(readFileSync(file, 'utf8'));
    fc.features[0].geometry.coordinates[0][0][2] = [587000.5, 2312000.1];
    writeFileSync(file, JSON.stringify(fc));
    const r = run(src, mkdtempSync(join(tmpdir(), 'prepare-out-')));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/feature 0 \(code \d{5}\) polygon 0 ring 0 vertex 2: position \[587000\.5,2312000\.1\] is not lon\/lat/);
  });

  it('refuses a file that is not JSON', () => {
    const src = copySources();
    writeFileSync(join(src, 'haiphong_communes_2025.geojson'), '{"type": "FeatureCollection", ');
    const r = run(src, mkdtempSync(join(tmpdir(), 'prepare-out-')));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/haiphong_communes_2025\.geojson: file: is not valid JSON/);
  });

  it('refuses a mapping row with an unknown merge type', () => {
    const src = copySources();
    const file = join(src, 'haiphong_2025_formed_from.csv');
    writeFileSync(file, readFileSync(file, 'utf8').replace(',full,', ',whole,'));
    const r = run(src, mkdtempSync(join(tmpdir(), 'prepare-out-')));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('haiphong_2025_formed_from.csv: line 2 field merge_type: "whole" is neither full nor partial');
  });
});
