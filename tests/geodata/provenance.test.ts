// Nothing bundled is made from a GPL file: every file of geodata/src/ and public/data/ traces, through
// the prepare scripts' manifests, to sources whose licence is on the allow-list below (kept here, not in
// the data, so a source cannot approve itself).
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/data';
import { filesUnder, provenanceProblems, type Registry } from './provenance';

const ALLOWED = new Set(['MIT']);

const json = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, unknown>;
const registry = json('geodata/sources.json') as unknown as Registry;

function outputs(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const local = json('geodata/manifest.json') as { outputs: Record<string, { inputs: Record<string, string> }> };
  for (const [path, e] of Object.entries(local.outputs)) out.set(path, Object.keys(e.inputs));
  // Every national file is made from all the national inputs (a province's file reads the shared tables).
  const nationalInputs = Object.keys((json('geodata/national-manifest.json') as { inputs: Record<string, string> }).inputs);
  for (const f of filesUnder(ROOT, 'public/data/provinces')) out.set(f, nationalInputs);
  return out;
}

const bundled = () => [...filesUnder(ROOT, 'geodata/src'), ...filesUnder(ROOT, 'public/data')];

describe('provenance of the bundled data', () => {
  it('every bundled file comes from MIT sources only', () => {
    const files = bundled();
    expect(files).toContain('public/data/haiphong-2025.geojson');
    expect(files).toContain('geodata/src/haiphong_2025_formed_from.csv');
    expect(provenanceProblems(registry, outputs(), files, ALLOWED)).toEqual([]);
  });

  it('catches a GPL source, directly or through another output, and a file with no provenance', () => {
    const o = outputs();
    o.set('geodata/src/haiphong_2025_formed_from.csv', ['shared/geodata-src/mapping/dvhcvn_20250701_merges.json', 'shared/geodata-src/reference/dvhcvn_units_2025-03-01.json']);
    const problems = provenanceProblems(registry, o, [...bundled(), 'geodata/src/unknown.csv'], ALLOWED);
    expect(problems).toContain('geodata/src/haiphong_2025_formed_from.csv comes from DS (GPL-3.0) through shared/geodata-src/reference/dvhcvn_units_2025-03-01.json');
    expect(problems).toContain('public/data/haiphong-2025.geojson comes from DS (GPL-3.0) through geodata/src/haiphong_2025_formed_from.csv ← shared/geodata-src/reference/dvhcvn_units_2025-03-01.json');
    expect(problems).toContain('geodata/src/unknown.csv: no source in geodata/sources.json');
    // The shared folder's old Hải Phòng table (GPL columns) would be refused if copied in again.
    const copied = new Map(o).set('public/data/haiphong-2025.geojson', ['shared/geodata-src/mapping/haiphong_2025_old_to_new.csv']);
    expect(provenanceProblems(registry, copied, ['public/data/haiphong-2025.geojson'], ALLOWED)).toEqual(['public/data/haiphong-2025.geojson comes from DS (GPL-3.0) through shared/geodata-src/mapping/haiphong_2025_old_to_new.csv']);
  });

  it('the app data carries no old district (its only source is GPL-3.0)', () => {
    const fc = json('public/data/haiphong-2025.geojson') as { features: { properties: { formedFrom: Record<string, unknown>[] } }[] };
    const rows = fc.features.flatMap((f) => f.properties.formedFrom);
    expect(rows.length).toBe(452);
    expect(rows.filter((r) => 'district' in r)).toEqual([]);
  });

  const shared = join(ROOT, '..', 'shared', 'geodata-src');
  it.skipIf(!existsSync(shared))('no bundled file is a byte copy of a GPL file of the shared folder', () => {
    const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
    const gpl = new Set<string>();
    for (const [p, repos] of Object.entries(registry.files)) {
      if (!p.startsWith('shared/geodata-src/') || repos.every((r) => ALLOWED.has(registry.repositories[r]!.licence))) continue;
      const rel = p.slice('shared/geodata-src/'.length);
      const dir = join(shared, rel.slice(0, rel.lastIndexOf('/')));
      const name = new RegExp(`^${rel.slice(rel.lastIndexOf('/') + 1).replaceAll('.', '\\.').replaceAll('*', '.*')}$`);
      for (const n of existsSync(dir) ? readdirSync(dir) : []) if (name.test(n)) gpl.add(sha(join(dir, n)));
    }
    expect(gpl.size).toBeGreaterThan(0);
    expect(bundled().filter((f) => gpl.has(sha(join(ROOT, f))))).toEqual([]);
  });
});
