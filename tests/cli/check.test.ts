// The batch checker, run as a child process the way reviewers run it (through the launcher that
// `npm run check` uses): output shapes and every exit code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/data';

const LAUNCHER = join(ROOT, 'scripts', 'cli.mjs');
const dir = mkdtempSync(join(tmpdir(), 'dia-gioi-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(...args: string[]) {
  const r = spawnSync(process.execPath, [LAUNCHER, 'check', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const fixture = (kind: 'valid' | 'invalid', name: string) => join(ROOT, 'tests', 'fixtures', 'validations', kind, name);
const square = [[[106, 21], [106.001, 21], [106.001, 21.001], [106, 21.001], [106, 21]]];

describe('npm run check', () => {
  it('exits 0 on a valid coverage and prints the counts table', () => {
    const r = check(fixture('valid', 'two-squares.geojson'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^2 units from 1 file, tolerance 0\.1 m: 0 errors, 0 warnings/);
  });

  it('--neighbours: an overlap with a unit of the next province is an error naming both; nothing among the neighbours', () => {
    const own = file('own.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '00001', name: 'A', type: 'xa' }, geometry: { type: 'Polygon', coordinates: square } }] }));
    // 20001 reaches 0.0001° (≈10 m) into 00001; 20002 and 20003 overlap each other only.
    const sq = (x0: number, y0: number, x1: number, y1: number) => [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]];
    const next = file('next.geojson', JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { code: '20001', fullName: 'Xã Bên', provinceName: 'Tỉnh Bên' }, geometry: { type: 'Polygon', coordinates: sq(106.0009, 21, 106.002, 21.001) } },
      { type: 'Feature', properties: { code: '20002' }, geometry: { type: 'Polygon', coordinates: sq(106.003, 21, 106.004, 21.001) } },
      { type: 'Feature', properties: { code: '20003' }, geometry: { type: 'Polygon', coordinates: sq(106.0035, 21, 106.005, 21.001) } },
    ] }));
    expect(check(own).code).toBe(0);
    const r = check(own, '--neighbours', next, '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as { issues: { kind: string; severity: string; units: string[] }[] };
    expect(out.issues.map((i) => [i.kind, i.severity, i.units])).toEqual([['overlap', 'error', ['00001', '20001']]]);
    const bad = file('bad-next.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'no code' }, geometry: { type: 'Polygon', coordinates: square } }] }));
    const refused = check(own, '--neighbours', bad);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('bad-next.geojson: feature 1 has no "code"');
  });

  it('exits 1 with the issues as one JSON object, several files making one coverage', () => {
    const a = file('a.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '00001', name: 'A', type: 'xa' }, geometry: { type: 'Polygon', coordinates: [[[106, 21], [106.0011, 21], [106.0011, 21.001], [106, 21.001], [106, 21]]] } }] }));
    const b = file('b.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '00002', name: 'B', type: 'xa' }, geometry: { type: 'Polygon', coordinates: [[[106.001, 21], [106.002, 21], [106.002, 21.001], [106.001, 21.001], [106.001, 21]]] } }] }));
    const r = check(a, b, '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as { units: number; toleranceM: number; issues: Record<string, unknown>[]; summary: { errors: number; warnings: number } };
    expect(out.units).toBe(2);
    expect(out.toleranceM).toBe(0.1);
    expect(out.summary).toEqual({ errors: 1, warnings: 0 });
    expect(out.issues[0]).toMatchObject({ kind: 'overlap', severity: 'error', units: ['00001', '00002'] });
    expect(Object.keys(out.issues[0]!)).toEqual(expect.arrayContaining(['id', 'kind', 'severity', 'units', 'areaM2', 'widthM', 'at']));
  });

  it('takes the tolerance: a 1 cm overlap is a sliver at 0.1 m and an overlap at 0.001 m', () => {
    expect(check(fixture('invalid', 'sliver-overlap.geojson')).code).toBe(0);
    expect(check(fixture('invalid', 'sliver-overlap.geojson'), '--tolerance', '0.001').code).toBe(1);
  });

  it('takes the id field', () => {
    const p = file('ma.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { ma: '00009', name: 'C', type: 'xa' }, geometry: { type: 'Polygon', coordinates: square } }] }));
    expect(check(p).code).toBe(1);
    const r = check(p, '--id-field', 'ma', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).units).toBe(1);
  });

  const unusable: [string, string, RegExp][] = [
    ['not JSON', 'not json {', /bad\.geojson: is not JSON/],
    ['not GeoJSON', '{"rows": []}', /bad\.geojson: is not GeoJSON/],
    ['geometry not polygonal', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '00001' }, geometry: { type: 'Point', coordinates: [106, 21] } }] }), /bad\.geojson: feature 0 \(00001\): geometry is not Polygon or MultiPolygon/],
    ['coordinates not lon/lat', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '00001' }, geometry: { type: 'Polygon', coordinates: [[[512000, 2320000], [513000, 2320000], [513000, 2321000], [512000, 2320000]]] } }] }), /bad\.geojson: feature 0 \(00001\): coordinates are not longitude\/latitude/],
  ];
  it('reports a unit without a code (missing or empty) as an issue and checks the rest', () => {
    const sq = (x: number) => [[[x, 21], [x + 0.001, 21], [x + 0.001, 21.001], [x, 21.001], [x, 21]]];
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'X', type: 'xa' }, geometry: { type: 'Polygon', coordinates: sq(106) } },
        { type: 'Feature', properties: { code: '', name: 'Y', type: 'xa' }, geometry: { type: 'Polygon', coordinates: sq(106.001) } },
        { type: 'Feature', properties: { code: '00003', name: 'Z', type: 'xa' }, geometry: { type: 'Polygon', coordinates: sq(106.0015) } },
      ],
    });
    const r = check(file('nocode.geojson', text), '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as { units: number; issues: { kind: string; units: string[]; details?: { field?: string } }[] };
    expect(out.units).toBe(3);
    const missing = out.issues.filter((i) => i.kind === 'missing-attribute' && i.details?.field === 'code');
    expect(missing.map((i) => i.units).sort()).toEqual([['#0'], ['#1']]);
    // The overlap between the second and third square is still found.
    expect(out.issues.some((i) => i.kind === 'overlap' && i.units.includes('00003'))).toBe(true);
  });

  for (const [what, text, message] of unusable) {
    it(`exits 2 when the input is unusable: ${what}`, () => {
      const r = check(file('bad.geojson', text));
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(message);
    });
  }

  describe('--outline', () => {
    const polygon = (x1: number) => JSON.stringify({ type: 'Polygon', coordinates: [[[106, 21], [x1, 21], [x1, 21.001], [106, 21.001], [106, 21]]] });

    it('reports the part of the outline the coverage leaves uncovered as a gap', () => {
      // two-squares covers 106.000–106.002; the outline reaches 106.003.
      const r = check(fixture('valid', 'two-squares.geojson'), '--outline', file('wide-outline.geojson', polygon(106.003)), '--json');
      expect(r.code).toBe(1);
      expect(r.err).toBe('');
      const out = JSON.parse(r.out) as { issues: Record<string, unknown>[]; summary: { errors: number; warnings: number } };
      expect(out.summary).toEqual({ errors: 1, warnings: 0 });
      expect(out.issues[0]).toMatchObject({ kind: 'gap', severity: 'error', units: ['00002'], details: { of: 'gap', source: 'outline' } });
      // 0.001° × 0.001° at 21° N: about 104 m × 111 m.
      expect(out.issues[0]!.areaM2).toBeGreaterThan(11_000);
      expect(out.issues[0]!.areaM2).toBeLessThan(12_000);
    });

    it('exits 0 when the coverage fills the outline', () => {
      const r = check(fixture('valid', 'two-squares.geojson'), '--outline', file('exact-outline.geojson', polygon(106.002)));
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/0 errors, 0 warnings/);
    });

    const bad: [string, string, RegExp][] = [
      ['not JSON', '{ nope', /^check: outline .*bad-outline\.geojson: is not JSON/],
      ['not polygonal', JSON.stringify({ type: 'LineString', coordinates: [[106, 21], [106.003, 21]] }), /^check: outline .*bad-outline\.geojson: geometry is not Polygon or MultiPolygon/],
      ['not lon/lat', JSON.stringify({ type: 'Polygon', coordinates: [[[512000, 2320000], [513000, 2320000], [513000, 2321000], [512000, 2320000]]] }), /^check: outline .*bad-outline\.geojson: .*coordinates are not longitude\/latitude/],
    ];
    for (const [what, text, message] of bad) {
      it(`exits 2 when the outline is unusable: ${what}`, () => {
        const r = check(fixture('valid', 'two-squares.geojson'), '--outline', file('bad-outline.geojson', text));
        expect(r.code).toBe(2);
        expect(r.out).toBe('');
        expect(r.err).toMatch(message);
      });
    }

    it('exits 2 when the outline is missing or not given', () => {
      const missing = check(fixture('valid', 'two-squares.geojson'), '--outline', join(dir, 'no-outline.geojson'));
      expect(missing.code).toBe(2);
      expect(missing.err).toMatch(/^check: outline .*no-outline\.geojson: cannot be read \(ENOENT\)/);
      const noValue = check(fixture('valid', 'two-squares.geojson'), '--outline');
      expect(noValue.code).toBe(2);
      expect(noValue.err).toMatch(/^check: --outline needs a value/);
    });
  });

  it('exits 2 for a missing file, a bad option or no file', () => {
    const missing = check(join(dir, 'nope.geojson'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope\.geojson: cannot be read \(ENOENT\)/);
    expect(check(fixture('valid', 'two-squares.geojson'), '--tolerance', 'wide').code).toBe(2);
    expect(check(fixture('valid', 'two-squares.geojson'), '--colour').code).toBe(2);
    expect(check().code).toBe(2);
  });
});

describe('scripts/cli.mjs', () => {
  it('exits 2 and names the tool when there is no such tool', () => {
    const r = spawnSync(process.execPath, [LAUNCHER, 'nope'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^cli: no tool "nope" in src\/cli/);
  });
});
