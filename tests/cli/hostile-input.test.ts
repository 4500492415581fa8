// Hostile inputs to the command line, run as reviewers run it (the launcher behind `npm run check` and
// `npm run convert`): each is refused with exit 2 and one line naming the file and the fault, never a
// stack trace or exit 1. Before issue 14, 13 such inputs answered with a stack trace and exit 1.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/data';

const LAUNCHER = join(ROOT, 'scripts', 'cli.mjs');
const dir = mkdtempSync(join(tmpdir(), 'dia-gioi-hostile-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(tool: 'check' | 'convert', ...args: string[]) {
  const r = spawnSync(process.execPath, [LAUNCHER, tool, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function file(name: string, data: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}

/** Exit 2, one line on stderr matching `message`, no stack trace. */
function expectRefused(r: ReturnType<typeof run>, message: RegExp): void {
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.err.trimEnd().split('\n'), r.err).toHaveLength(1);
  expect(r.err.trimEnd()).toMatch(message);
  expect(r.code).toBe(2);
}

const square = [[[106, 21], [106.001, 21], [106.001, 21.001], [106, 21.001], [106, 21]]];
const fc = (properties: unknown, coordinates: unknown = square) =>
  JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates } }] });
const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const good = () => file('good.geojson', fc({ code: '00001', name: 'A', type: 'xa' }));

/** A zip whose member declares `declared` bytes (central directory and local header). */
function declaring(name: string, data: Uint8Array, declared: number): Uint8Array {
  const z = zipSync({ [name]: data }, { level: 9 });
  const v = new DataView(z.buffer);
  for (let i = 0; i + 4 <= z.length; i++) {
    if (v.getUint32(i, true) === 0x04034b50) v.setUint32(i + 22, declared, true);
    if (v.getUint32(i, true) === 0x02014b50) v.setUint32(i + 24, declared, true);
  }
  return z;
}

describe('inputs that are not files', () => {
  // /dev/zero reports size 0, so a size check alone let it through and the read never ended.
  it('a device or a folder is refused before any read, by check and by convert', () => {
    expectRefused(run('check', '/dev/zero'), /^check: \/dev\/zero: is not a regular file$/);
    expectRefused(run('check', dir), /: is not a regular file$/);
    expectRefused(run('convert', '/dev/zero', join(dir, 'out.geojson')), /zero: is not a regular file$/);
  });
});

describe('check: hostile inputs', () => {
  it('a file starting with two byte-order marks is refused, as convert refuses it', () => {
    const p = file('two-boms.geojson', `\ufeff\ufeff${fc({ code: '31001' })}`);
    expectRefused(run('check', p), /two-boms\.geojson: is not JSON: it starts with two byte-order marks$/);
    expect(run('convert', p, join(dir, 'two-boms-out.geojson')).code).toBe(2);
    expect(run('check', file('one-bom.geojson', `\ufeff${fc({ code: '31001', name: 'A', type: 'xa' })}`)).code).not.toBe(2);
  });

  it('a coordinate too large for a number is named as the number it became, not as null', () => {
    const text = fc({ code: '31001' }).replace('[106,21]', '[1e400,21]');
    expect(text).toContain('1e400');
    expectRefused(run('check', file('huge-number.geojson', text)), /huge-number\.geojson: .*position \["Infinity",21\]/);
  });

  it('a ring that runs over itself 2,000 times is refused in bounded memory, not checked for minutes', () => {
    const sq = [[106.6, 20.8], [106.61, 20.8], [106.61, 20.81], [106.6, 20.81]];
    const ring = [...Array.from({ length: 2000 }, () => sq).flat(), sq[0]];
    expectRefused(run('check', file('over-itself.geojson', fc({ code: '31001', name: 'A', type: 'xa' }, [ring]))), /^check: cannot check: CheckLimitError: more than 100000 pairs of crossing or overlapping segments for 8000 segments, .*runs over itself/);
  });

  it('100,000 nested arrays', () => {
    expectRefused(run('check', file('deep.geojson', deepArray(100_000))), /^check: .*deep\.geojson: is too large \(more than 64 levels of nesting: at character 64\)$/);
  });

  it('deep nesting in a property and in the coordinates', () => {
    const inProps = fc({ code: '1', x: 'P' }).replace('"P"', deepArray(100_000));
    expectRefused(run('check', file('deep-props.geojson', inProps)), /deep-props\.geojson: is too large \(more than 64 levels of nesting/);
    const inCoords = fc({ code: '1' }, 'P').replace('"P"', deepArray(100_000));
    expectRefused(run('check', file('deep-coords.geojson', inCoords)), /deep-coords\.geojson: is too large/);
  });

  it('deep nesting in the outline', () => {
    expectRefused(run('check', good(), '--outline', file('deep-outline.geojson', deepArray(100_000))), /^check: outline .*deep-outline\.geojson: is too large/);
  });

  it('invalid UTF-8: refused, naming the byte offset', () => {
    const text = strToU8(fc({ code: '00001', name: 'Thành', type: 'xa' }));
    const at = text.indexOf(0xc3); // "à" → 0xe0 in Windows-1258
    const bad = Uint8Array.from([...text.subarray(0, at), 0xe0, ...text.subarray(at + 2)]);
    expectRefused(run('check', file('cp1258.geojson', bad)), new RegExp(`cp1258\\.geojson: bad-encoding: not valid UTF-8: bytes e0 6e 68 22 at byte offset ${at}$`));
  });

  it('a file past the size limit is refused without being read', () => {
    // The command line reads up to 1 GiB (the whole country is 163 MB); a sparse file of one byte more
    // has that size without taking the disk space.
    const big = join(dir, 'big.geojson');
    writeFileSync(big, '');
    truncateSync(big, 1024 * 1024 * 1024 + 1);
    expectRefused(run('check', big), /big\.geojson: too-large: more than 1073741824 bytes: found 1073741825$/);
  });
});

/** Units whose codes carry terminal escapes, a CR and a bidirectional override; they overlap. */
const ESC_CODE = '0000\u001b[2J\u001b]0;pwned\u0007\r\u202e1';
/** Whether text holds one of the controls above (raw, not shown as an escape). */
const raw = (text: string) => [...text].some((c) => '\u001b\u0007\r\u202e'.includes(c));

describe('check: names from the file never reach the terminal as control characters', () => {
  it('an error naming a unit: one line, its code with the controls shown as escapes', () => {
    const bad = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: ESC_CODE }, geometry: { type: 'Polygon', coordinates: [[[1000, 21], [106.001, 21], [106.001, 21.001], [1000, 21]]] } }] });
    const r = run('check', file('esc.geojson', bad));
    expect(raw(r.err)).toBe(false);
    expectRefused(r, /esc\.geojson: feature 0 \(0000\\u001b\[2J\\u001b\]0;pwned\\u0007\\u000d\\u202e1\): coordinates are not longitude\/latitude/);
  });

  it('the issues table: unit codes with the controls shown as escapes', () => {
    const sq = (x: number) => [[[x, 21], [x + 0.001, 21], [x + 0.001, 21.001], [x, 21.001], [x, 21]]];
    const two = JSON.stringify({
      type: 'FeatureCollection',
      features: [0, 1].map((i) => ({ type: 'Feature', properties: { code: `${ESC_CODE}${i}`, name: 'A', type: 'xa' }, geometry: { type: 'Polygon', coordinates: sq(106 + 0.0005 * i) } })),
    });
    const r = run('check', file('esc-table.geojson', two));
    expect(r.code).toBe(1);
    expect(raw(r.out)).toBe(false);
    expect(r.out).toContain('0000\\u001b[2J');
    expect(r.out).toMatch(/^error +overlap /m);
  });
});

describe('convert: hostile inputs', () => {
  it('100,000 nested arrays, in GeoJSON and in TopoJSON', () => {
    expectRefused(run('convert', file('deep.geojson', deepArray(100_000)), join(dir, 'o.kml')), /^deep\.geojson: too-large: more than 64 levels of nesting/);
    const topo = `{"type":"Topology","arcs":[],"objects":{"u":${'{"type":"GeometryCollection","geometries":['.repeat(50_000)}${']}'.repeat(50_000)}}}`;
    expectRefused(run('convert', file('deep.topojson', topo), join(dir, 'o.geojson')), /^deep\.topojson: too-large: more than 64 levels of nesting/);
  });

  it('deep nesting in a property, written as a Shapefile and as KML', () => {
    const p = file('deep-props.geojson', fc({ code: '1', x: 'P' }).replace('"P"', deepArray(200_000)));
    expectRefused(run('convert', p, join(dir, 'o.zip')), /^deep-props\.geojson: too-large: more than 64 levels of nesting/);
    expectRefused(run('convert', p, join(dir, 'o.kml')), /^deep-props\.geojson: too-large/);
  });

  it('a TopoJSON naming an arc it does not have', () => {
    const topo = JSON.stringify({ type: 'Topology', arcs: [[[106, 21], [106.001, 21], [106.001, 21.001], [106, 21]]], objects: { u: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', arcs: [[5]], properties: { code: '00001' } }] } } });
    expectRefused(run('convert', file('bad-arc.topojson', topo), join(dir, 'o.geojson')), /^bad-arc\.topojson: feature 0: bad-coordinates: arc reference 5 does not exist \(the topology has 1 arcs\)$/);
  });

  it('an output path in a missing folder', () => {
    const out = join(dir, 'no-such-folder', 'sub', 'o.geojson');
    expectRefused(run('convert', good(), out), new RegExp(`^${out.replace(/[.\\/]/g, '\\$&')}: cannot write \\(folder .*no-such-folder.sub: ENOENT\\)$`));
  });

  it('an output path under a file', () => {
    const g = good();
    expectRefused(run('convert', g, join(g, 'o.geojson')), /cannot write \(.*good\.geojson is not a folder\)$/);
  });

  it('a KMZ bomb declaring 2 GB', () => {
    const kml = strToU8('<kml xmlns="http://www.opengis.net/kml/2.2"><Document></Document></kml>');
    expectRefused(run('convert', file('bomb.kmz', declaring('doc.kml', kml, 2_000_000_000)), join(dir, 'o.geojson')), /^bomb\.kmz: too-large: more than 1073741824 bytes: 2000000000 bytes declared unpacked$/);
  });

  it('a KMZ declaring 1,000 bytes and holding 20 MB', () => {
    const kml = new Uint8Array(20 << 20).fill(0x20);
    expectRefused(run('convert', file('lie.kmz', declaring('doc.kml', kml, 1000)), join(dir, 'o.geojson')), /^lie\.kmz: broken-zip: doc\.kml inflates to more than the 1000 bytes it declares$/);
  });

  it('a zipped Shapefile declaring 1,000 bytes', () => {
    expectRefused(run('convert', file('lie.zip', declaring('a.shp', new Uint8Array(8 << 20), 1000)), join(dir, 'o.geojson')), /^lie\.zip: broken-zip: a\.shp inflates to more than/);
  });

  it('invalid UTF-8', () => {
    expectRefused(run('convert', file('bad.geojson', Uint8Array.from([0x7b, 0xff, 0x7d])), join(dir, 'o.kml')), /^bad\.geojson: bad-encoding: not valid UTF-8: bytes ff 7d at byte offset 1$/);
  });

  it('property names with terminal escapes and line breaks: each warning one line, the controls shown as escapes', () => {
    const p = file('esc-names.geojson', fc({ code: '00001', '\u001b[2J\u001b]0;pwned\u0007': 'a', 'x\ny': 'b' }));
    const r = run('convert', p, join(dir, 'esc.zip'));
    expect(r.code).toBe(0);
    expect(raw(r.err)).toBe(false);
    expect(r.err.trimEnd().split('\n')).toEqual([
      'esc.dbf: field f__2j__0_p: field-renamed: property "\\u001b[2J\\u001b]0;pwned\\u0007" is stored as column f__2j__0_p',
      'esc.dbf: field x_y: field-renamed: property "x\\ny" is stored as column x_y',
    ]);
    // A refusal naming the field as the file spells it.
    const long = file('esc-long.geojson', fc({ code: '00001', '\u001b]0;pwned\u0007\nx': 'v'.repeat(70_000) }));
    const refused = run('convert', long, join(dir, 'esc.kml'));
    expect(raw(refused.err)).toBe(false);
    expectRefused(refused, /^esc-long\.geojson: feature 0, field \\u001b\]0;pwned\\u0007\\u000ax: too-large: more than 65536 characters/);
  });

  it('attribute names constructor, toString and "" to a Shapefile: written, the renames listed', () => {
    const p = file('names.geojson', fc({ code: '00001', constructor: 'a', toString: 'b', '': 'c' }));
    const r = run('convert', p, join(dir, 'names.zip'));
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    expect(r.err.trimEnd().split('\n')).toEqual([
      'names.dbf: field constructo: field-renamed: property "constructor" is stored as column constructo',
      'names.dbf: field tostring: field-renamed: property "toString" is stored as column tostring',
      'names.dbf: field f: field-renamed: property "" is stored as column f',
    ]);
  });
});
