// The limits of src/io/limits.ts, each met by the file it is there for: zip and KMZ bombs (declared and
// real sizes), deep nesting, giant strings, too many vertices, features, properties, bytes. Each is
// refused with 'too-large' (or 'broken-zip' for an archive that lies) naming the file and the limit, by
// every reader. No test here measures time: early stops are proved by what the reader did not reach.
import { deflateSync, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { unzipBounded } from '../../src/io/bounded-unzip';
import type { IoError, IoResult } from '../../src/io/errors';
import { readAnyFile, writeAnyFile } from '../../src/io/formats';
import { readGeoJsonText } from '../../src/io/geojson-read';
import type { ImportedLayer } from '../../src/io/import-types';
import { LIMITS } from '../../src/io/limits';
import { firstInvalidUtf8 } from '../../src/io/text';
import { readKml } from '../../src/io/kml';
import { readDbf } from '../../src/io/dbf';
import { rng, twoUnitCoverage, unwrap } from './helpers';

function refusal(r: IoResult<ImportedLayer>): IoError {
  expect(r.ok).toBe(false);
  return r.ok ? ({} as IoError) : r.errors[0]!;
}

/** Sets the uncompressed size a zip declares for its member `index` (local header and central directory). */
function declareSize(zip: Uint8Array, size: number, index = 0): Uint8Array {
  const out = zip.slice();
  const v = new DataView(out.buffer);
  let local = 0, central = 0;
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = v.getUint32(i, true);
    if (sig === 0x04034b50 && local++ === index) v.setUint32(i + 22, size, true);
    if (sig === 0x02014b50 && central++ === index) v.setUint32(i + 24, size, true);
  }
  return out;
}

const square = [[[106.3, 20.9], [106.31, 20.9], [106.31, 20.91], [106.3, 20.9]]];
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const feat = (properties: unknown, coordinates: unknown = square) => ({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates } });
const kmlText = new TextDecoder().decode(unwrap(writeAnyFile('a.kml', twoUnitCoverage())).bytes);

describe('archives: declared and real unpacked size', () => {
  it('a member declaring 1,000 bytes stops inflating once past them: the damage after is never reached', () => {
    // 256 KiB of noise deflates to about as much; the bytes after the first 64 KiB are then broken. An
    // inflater that ran to the end would fail on them; one that stops at the declared size never sees them.
    const r = rng(7);
    const noise = Uint8Array.from({ length: 256 * 1024 }, () => Math.floor(r() * 256));
    const zip = zipSync({ 'doc.kml': noise }, { level: 1 });
    const damaged = declareSize(zip, 1000);
    for (let i = 64 * 1024; i < 200 * 1024; i++) damaged[i] = 0xff;
    const e = refusal(readAnyFile('lie.kmz', damaged));
    expect(e).toMatchObject({ code: 'broken-zip', file: 'lie.kmz' });
    expect(e.message).toBe('doc.kml inflates to more than the 1000 bytes it declares');
  });

  it('the same for a zipped Shapefile', () => {
    const zip = declareSize(zipSync({ 'a.shp': new Uint8Array(4 << 20), 'a.dbf': new Uint8Array(10) }, { level: 9 }), 1000);
    expect(refusal(readAnyFile('lie.zip', zip))).toMatchObject({ code: 'broken-zip', message: 'a.shp inflates to more than the 1000 bytes it declares' });
  });

  it('a KMZ declaring more than the limit is refused before anything is inflated', () => {
    // The data is not deflate at all: reading it would fail differently.
    const zip = declareSize(zipSync({ 'doc.kml': strToU8(kmlText) }, { level: 0 }), LIMITS.fileBytes + 1);
    const e = refusal(readAnyFile('bomb.kmz', zip));
    expect(e).toMatchObject({ code: 'too-large', file: 'bomb.kmz', values: { limit: 'fileBytes', max: LIMITS.fileBytes } });
    expect(e.message).toMatch(/^more than 67108864 bytes: 67108865 bytes declared unpacked$/);
  });

  it('members count together: two of half the limit and a bit', () => {
    const half = Math.floor(LIMITS.fileBytes / 2) + 1;
    const zip = declareSize(declareSize(zipSync({ 'a.shp': new Uint8Array(10), 'a.dbf': new Uint8Array(10) }), half, 0), half, 1);
    expect(refusal(readAnyFile('two.zip', zip))).toMatchObject({ code: 'too-large', values: { limit: 'fileBytes' } });
  });

  it('honest archives still read, and members nobody asked for are not inflated', () => {
    expect(unwrap(readAnyFile('ok.kmz', zipSync({ 'doc.kml': strToU8(kmlText) }))).features).toHaveLength(2);
    const broken = deflateSync(new Uint8Array(100)).map((b, i) => (i > 2 ? 0xff : b));
    const zip = zipSync({ 'doc.kml': strToU8(kmlText), 'readme.bin': [broken, { level: 0 }] });
    const members = unzipBounded('x.kmz', zip, (n) => n.endsWith('.kml'));
    expect(members instanceof Map && [...members.keys()]).toEqual(['doc.kml']);
  });

  it('a KMZ that is no zip, a truncated one, an encrypted member', () => {
    expect(refusal(readAnyFile('a.kmz', strToU8('PK\u0003\u0004 not really')))).toMatchObject({ code: 'broken-zip' });
    const zip = zipSync({ 'doc.kml': strToU8(kmlText) });
    expect(refusal(readAnyFile('a.kmz', zip.subarray(0, zip.length - 10)))).toMatchObject({ code: 'broken-zip' });
    const enc = zip.slice();
    const v = new DataView(enc.buffer);
    for (let i = 0; i + 4 <= enc.length; i++) if (v.getUint32(i, true) === 0x02014b50) v.setUint16(i + 8, 1, true);
    expect(refusal(readAnyFile('a.kmz', enc))).toMatchObject({ code: 'broken-zip', message: 'doc.kml is encrypted' });
  });
});

describe('JSON nesting', () => {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  it.each([
    ['GeoJSON, 100,000 nested arrays', 'a.geojson', deep(100_000)],
    ['GeoJSON, nesting in a property', 'a.geojson', fc([feat({ code: '1', x: 'PLACEHOLDER' })]).replace('"PLACEHOLDER"', deep(10_000))],
    ['GeoJSON, nesting in the coordinates', 'a.geojson', fc([feat({ code: '1' }, 'PLACEHOLDER')]).replace('"PLACEHOLDER"', deep(10_000))],
    ['GeoJSON, 100,000 nested objects', 'a.geojson', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
    ['TopoJSON, nested geometry collections', 'a.topojson', `{"type":"Topology","arcs":[],"objects":{"u":${'{"type":"GeometryCollection","geometries":['.repeat(10_000)}${']}'.repeat(10_000)}}}`],
  ])('%s: refused naming the limit', (_label, name, text) => {
    expect(refusal(readAnyFile(name, text))).toMatchObject({ code: 'too-large', file: name, values: { limit: 'jsonDepth', max: 64 } });
  });

  it('brackets inside strings are data, and real files are far from the limit', () => {
    const text = fc([feat({ code: '1', note: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"[[[[' })]);
    expect(unwrap(readAnyFile('a.geojson', text)).features).toHaveLength(1);
  });

  it('the checker reader refuses it too', () => {
    const r = readGeoJsonText(deep(100_000), 'deep.geojson');
    expect(r.ok ? null : r.error).toMatchObject({ problem: 'too-large', found: 'more than 64 levels of nesting: at character 64' });
  });
});

describe('strings, properties, features, vertices, bytes', () => {
  it('a name or value past 65,536 characters names the feature and the field', () => {
    const e = refusal(readAnyFile('a.geojson', fc([feat({ code: '1' }), feat({ code: '2', name: 'x'.repeat(LIMITS.textChars + 1) })])));
    expect(e).toMatchObject({ code: 'too-large', feature: 1, field: 'name', values: { limit: 'textChars', found: LIMITS.textChars + 1 } });
    const key = refusal(readAnyFile('a.geojson', fc([feat({ code: '1', ['k'.repeat(LIMITS.textChars + 1)]: 1 })])));
    expect(key).toMatchObject({ code: 'too-large', values: { limit: 'textChars' } });
  });

  it('a 10 MB value in KML: refused', () => {
    expect(kmlText).toContain('<value>Thành Đông</value>');
    const text = kmlText.replace('<value>Thành Đông</value>', `<value>${'x'.repeat(10_000_000)}</value>`);
    expect(refusal(readAnyFile('a.kml', text))).toMatchObject({ code: 'too-large', values: { limit: 'textChars' } });
  });

  it('more than 1,000 properties in one feature', () => {
    const props = Object.fromEntries([['code', '1'], ...Array.from({ length: LIMITS.properties }, (_, i) => [`p${i}`, i])]);
    expect(refusal(readAnyFile('a.geojson', fc([feat(props)])))).toMatchObject({ code: 'too-large', values: { limit: 'properties' } });
  });

  it('more than 20,000 features', () => {
    const features = Array.from({ length: LIMITS.features + 1 }, (_, i) => feat({ code: String(i) }));
    expect(refusal(readAnyFile('a.geojson', fc(features)))).toMatchObject({ code: 'too-large', values: { limit: 'features' } });
    const r = readGeoJsonText(fc(features), 'a.geojson');
    expect(r.ok ? null : r.error.problem).toBe('too-large');
  });

  it('more than 2,000,000 vertices in GeoJSON, and in the checker reader', () => {
    // The count is taken per ring, before the positions are looked at: one repeated position will do.
    const ring = `[${'[106,21],'.repeat(LIMITS.vertices)}[106,21]]`;
    const text = fc([feat({ code: '1' }, 'RING')]).replace('"RING"', `[${ring}]`);
    expect(refusal(readAnyFile('a.geojson', text))).toMatchObject({ code: 'too-large', feature: 0, values: { limit: 'vertices' } });
    const r = readGeoJsonText(text, 'a.geojson');
    expect(r.ok ? null : r.error.problem).toBe('too-large');
  });

  it('a TopoJSON naming one arc 3,000 times: refused before the arcs are expanded', () => {
    const arc = Array.from({ length: 1000 }, (_, i) => [i === 999 ? 0 : i, 0]);
    const ring = Array.from({ length: 3000 }, () => 0);
    const text = JSON.stringify({ type: 'Topology', arcs: [arc], objects: { u: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', arcs: [ring], properties: { code: '1' } }] } } });
    expect(text.length).toBeLessThan(20_000);
    expect(refusal(readAnyFile('a.topojson', text))).toMatchObject({ code: 'too-large', values: { limit: 'vertices', found: 'at least 3000000' } });
  });

  it('a Shapefile with more vertices than the limit', () => {
    // One record of LIMITS.vertices + 1 points (33 MB): refused by its header, before the points are read.
    const points = LIMITS.vertices + 1;
    const len = 44 + 4 + 16 * points;
    const shp = new Uint8Array(100 + 8 + len);
    const v = new DataView(shp.buffer);
    v.setInt32(0, 9994, false);
    v.setInt32(24, shp.length / 2, false);
    v.setInt32(32, 5, true);
    v.setInt32(104, len / 2, false);
    v.setInt32(108, 5, true);
    v.setInt32(108 + 36, 1, true);
    v.setInt32(108 + 40, points, true);
    const zip = zipSync({ 'a.shp': shp, 'a.prj': strToU8('GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]') });
    expect(refusal(readAnyFile('big.zip', zip))).toMatchObject({ code: 'too-large', file: 'big.zip/a.shp', values: { limit: 'vertices' } });
  });

  it('a file past 64 MiB is refused before it is decoded', () => {
    const big = new Uint8Array(LIMITS.fileBytes + 1).fill(0xff); // not UTF-8: decoding would say so instead
    for (const name of ['a.geojson', 'a.kml', 'a.kmz', 'a.zip', 'a.csv', 'a.topojson']) {
      expect(refusal(readAnyFile(name, big)), name).toMatchObject({ code: 'too-large', file: name, values: { limit: 'fileBytes', found: LIMITS.fileBytes + 1 } });
    }
  });
});

describe('UTF-8: the first bad byte', () => {
  it.each([
    ['valid, all lengths', [0x41, 0xc3, 0xa0, 0xe1, 0xbb, 0x9d, 0xf0, 0x9f, 0x98, 0x80], -1],
    ['a lone continuation byte', [0x41, 0x80], 1],
    ['an overlong slash', [0x41, 0x42, 0xc0, 0xaf], 2],
    ['an overlong 3-byte form', [0xe0, 0x80, 0x80], 0],
    ['a UTF-16 surrogate', [0x20, 0xed, 0xa0, 0x80], 1],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['truncated at the end', [0x41, 0xe1, 0xbb], 1],
    ['a Windows-1258 letter', [0x54, 0x68, 0xe0, 0x6e, 0x68], 2],
  ])('%s', (_label, bytes, at) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(at);
    const valid = (() => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
        return true;
      } catch {
        return false;
      }
    })();
    expect(valid).toBe(at === -1);
  });

  it('an importer names the offset', () => {
    const bytes = Uint8Array.from([...strToU8('{"type":'), 0xff, 0xfe, ...strToU8('"x"}')]);
    expect(refusal(readAnyFile('a.geojson', bytes))).toMatchObject({ code: 'bad-encoding', values: { offset: 8 }, message: 'not valid UTF-8: bytes ff fe 22 78 at byte offset 8' });
  });
});

describe('a .dbf that declares more records than the .shp has shapes', () => {
  /** A table of one 1-byte text column declaring `count` records, with `body` records present. */
  function dbf(count: number, body: number): Uint8Array {
    const headerLength = 32 + 32 + 1;
    const bytes = new Uint8Array(headerLength + 2 * body).fill(0x20);
    const v = new DataView(bytes.buffer);
    bytes[0] = 0x03;
    v.setUint32(4, count, true);
    v.setUint16(8, headerLength, true);
    v.setUint16(10, 2, true);
    bytes.set(strToU8('A'), 32);
    for (let i = 33; i < 43; i++) bytes[i] = 0;
    bytes[43] = 'C'.charCodeAt(0);
    bytes[48] = 1;
    bytes[64] = 0x0d;
    return bytes;
  }

  it('is refused from its header, before any record is read', () => {
    // 3 records present and declared, for 1 shape: no record is built to find that out.
    expect(readDbf('a.dbf', dbf(3, 3), 'utf-8', 1)).toMatchObject({ code: 'broken-dbf', message: '3 records for 1 shapes' });
    // 31 million declared, none present: the count is the fault named, not the missing bytes.
    expect(readDbf('a.dbf', dbf(31_000_000, 1), 'utf-8', 1)).toMatchObject({ code: 'broken-dbf', message: '31000000 records for 1 shapes' });
    // The same count as the shapes: read as usual.
    expect(readDbf('a.dbf', dbf(1, 1), 'utf-8', 1)).toMatchObject({ records: [{ A: null }] });
  });

  it('reads a numeric column as a decimal number only: 0x7A69 stays text, never code 31337', () => {
    const t = dbf(3, 3);
    t[43] = 'N'.charCodeAt(0);
    // Widen the column to 6 bytes: record length 7.
    t[48] = 6;
    const bytes = new Uint8Array(65 + 7 * 3).fill(0x20);
    bytes.set(t.subarray(0, 65));
    new DataView(bytes.buffer).setUint16(10, 7, true);
    bytes.set(strToU8('0x7A69'), 65 + 1);
    bytes.set(strToU8(' 12.5 '), 65 + 8);
    bytes.set(strToU8('   -3e2'.slice(1)), 65 + 15);
    expect(readDbf('a.dbf', bytes, 'utf-8', 3)).toMatchObject({ records: [{ A: '0x7A69' }, { A: 12.5 }, { A: -300 }] });
  });
});

describe('KML counted before it is parsed', () => {
  const never = { parseFromString: () => { throw new Error('the XML was parsed'); } };
  it('a Placemark with more coordinates than the vertex limit', () => {
    const text = `<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>${'1,1 '.repeat(LIMITS.vertices + 1)}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>`;
    expect(refusal(readKml('a.kml', text, {}, never))).toMatchObject({ code: 'too-large', values: { limit: 'vertices' } });
  });
  it('more Placemarks than the feature limit, with a namespace prefix too', () => {
    const text = `<kml:kml xmlns:kml="http://www.opengis.net/kml/2.2">${'<kml:Placemark/>'.repeat(LIMITS.features + 1)}</kml:kml>`;
    expect(refusal(readKml('a.kml', text, {}, never))).toMatchObject({ code: 'too-large', values: { limit: 'features' } });
  });
  it('a KML within the limits is parsed as usual', () => {
    expect(unwrap(readKml('a.kml', kmlText)).features).toHaveLength(2);
  });
});

describe('a Shapefile layer with a member twice', () => {
  it('two .dbf whose names differ only in case are refused, not one taken silently', () => {
    const zip = unzipSync(unwrap(writeAnyFile('a.zip', twoUnitCoverage())).bytes);
    const dbfName = Object.keys(zip).find((n) => n.toLowerCase().endsWith('.dbf'))!;
    const twice = zipSync({ ...zip, [dbfName.slice(0, -4) + '.DBF']: zip[dbfName]! });
    expect(refusal(readAnyFile('a.zip', twice))).toMatchObject({ code: 'broken-zip', message: expect.stringMatching(/has two \.dbf files/) });
    expect(unwrap(readAnyFile('a.zip', zipSync(zip))).features).toHaveLength(2);
  });
});
