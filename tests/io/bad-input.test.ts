// Each bad input gets a structured error naming the file, the feature and the fault.
import { strToU8, unzipSync as unzipAll, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readCsvPoints } from '../../src/io/csv-points';
import { LIMITS } from '../../src/io/limits';
import type { IoError, IoResult } from '../../src/io/errors';
import { readAnyFile, writeAnyFile } from '../../src/io/formats';
import { readGeoJson } from '../../src/io/geojson';
import type { ImportedLayer } from '../../src/io/import-types';
import { readKml } from '../../src/io/kml';
import { readShapefileZip } from '../../src/io/shapefile';
import { readTopoJson } from '../../src/io/topojson';
import { vn2000 } from '../../src/io/vn2000';
import { encodeWindows1258 } from '../../src/io/windows-1258';
import { twoUnitCoverage, twoUnits, unwrap } from './helpers';

function errors(r: IoResult<ImportedLayer>): IoError[] {
  expect(r.ok).toBe(false);
  return r.ok ? [] : [...r.errors];
}

const square = [[[106.3, 20.9], [106.31, 20.9], [106.31, 20.91], [106.3, 20.9]]];
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const feat = (geometry: unknown, properties: unknown = { code: '1' }) => ({ type: 'Feature', properties, geometry });

/** The Shapefile zip of the two-unit coverage, its members editable. */
function shapefileMembers(): Record<string, Uint8Array> {
  return { ...unzipAll(unwrap(writeAnyFile('t.zip', twoUnitCoverage())).bytes) };
}

describe('GeoJSON', () => {
  it('not JSON', () => expect(errors(readGeoJson('a.geojson', '{"type": "Feature",'))[0]).toMatchObject({ code: 'not-json', file: 'a.geojson' }));
  it('wrong type', () => expect(errors(readGeoJson('a.geojson', '{"type":"Topology2"}'))[0]).toMatchObject({ code: 'wrong-type', values: { type: 'Topology2' } }));
  it('not GeoJSON', () => expect(errors(readGeoJson('a.geojson', '[1,2]'))[0]!.code).toBe('not-geojson'));
  it('lists every non-polygon feature, and skips them only with consent', () => {
    const text = fc([feat({ type: 'Point', coordinates: [106, 20] }), feat({ type: 'Polygon', coordinates: square }, { code: '2' }), feat(null, { code: '3' })]);
    const e = errors(readGeoJson('a.geojson', text));
    expect(e.map((x) => [x.code, x.feature, x.values?.geometryType])).toEqual([['not-polygon', 0, 'Point'], ['not-polygon', 2, 'null']]);
    const ok = unwrap(readGeoJson('a.geojson', text, { skipNonPolygon: true }));
    expect(ok.features).toHaveLength(1);
    expect(ok.skipped).toEqual([{ feature: 0, geometryType: 'Point' }, { feature: 2, geometryType: 'null' }]);
  });
  it('out-of-range coordinates', () => {
    const bad = [[[106.3, 20.9], [306.31, 20.9], [106.31, 20.91], [106.3, 20.9]]];
    // Degrees-or-metres is decided on all coordinates first: one huge value makes them neither.
    expect(errors(readGeoJson('a.geojson', fc([feat({ type: 'Polygon', coordinates: bad })])))[0]!.code).toBe('coordinates-not-lonlat');
    const e = errors(readGeoJson('a.geojson', fc([feat({ type: 'Polygon', coordinates: bad })]), { fromCrs: { kind: 'wgs84' } }));
    expect(e[0]!.code).toBe('coordinates-not-lonlat');
  });
  it('NaN, strings and unclosed rings in coordinates', () => {
    const e = errors(readGeoJson('a.geojson', fc([
      feat({ type: 'Polygon', coordinates: [[[106.3, 20.9], ['x', 20.9], [106.31, 20.91], [106.3, 20.9]]] }),
      feat({ type: 'Polygon', coordinates: [[[106.3, 20.9], [106.31, 20.9], [106.31, 20.91], [106.3, 20.95]]] }, { code: '2' }),
    ])));
    expect(e.map((x) => [x.code, x.feature])).toEqual([['bad-coordinates', 0], ['bad-coordinates', 1]]);
    expect(e[1]!.message).toMatch(/not closed/);
  });
  it('duplicate codes name both features', () => {
    const text = fc([feat({ type: 'Polygon', coordinates: square }, { code: '10507' }), feat({ type: 'Polygon', coordinates: square }, { maxa: '10507' })]);
    const e = errors(readGeoJson('a.geojson', text));
    expect(e[0]).toMatchObject({ code: 'duplicate-code', feature: 1, values: { unitCode: '10507', features: [0, 1] } });
    expect(unwrap(readGeoJson('a.geojson', text, { allowDuplicateCodes: true })).features).toHaveLength(2);
  });
  it('metres are not taken for degrees: VN-2000 is asked about', () => {
    const m = [[[597000, 2306000], [598000, 2306000], [598000, 2307000], [597000, 2306000]]];
    expect(errors(readGeoJson('a.geojson', fc([feat({ type: 'Polygon', coordinates: m })])))[0]).toMatchObject({ code: 'crs-unconfirmed', values: { axis: 'en' } });
  });
  it('wrong encoding (Windows-1258 bytes in a .geojson)', () => {
    const text = fc([feat({ type: 'Polygon', coordinates: square }, { code: '1', name: 'Thành Đông' })]);
    const e = errors(readGeoJson('a.geojson', encodeWindows1258(text)!));
    expect(e[0]).toMatchObject({ code: 'bad-encoding', file: 'a.geojson' });
  });
  it('unknown crs member', () => {
    const text = JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:3857' } }, features: [] });
    expect(errors(readGeoJson('a.geojson', text))[0]!.code).toBe('unknown-crs');
  });
});

describe('KML', () => {
  it('not XML', () => expect(errors(readKml('a.kml', '<kml><Placemark>'))[0]).toMatchObject({ code: 'not-kml', file: 'a.kml' }));
  it('XML but not KML', () => expect(errors(readKml('a.kml', '<gpx></gpx>'))[0]!.code).toBe('not-kml'));
  it('a point placemark is listed', () => {
    const k = '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>p</name><Point><coordinates>106,20</coordinates></Point></Placemark></Document></kml>';
    expect(errors(readKml('a.kml', k))[0]).toMatchObject({ code: 'not-polygon', feature: 0, values: { geometryType: 'Point' } });
  });
  it('markup in names stays text', () => {
    const c = twoUnitCoverage();
    const u = c.units.get('10507')!;
    const evil = { ...c, units: new Map([[u.id, { ...u, attrs: { ...u.attrs, fullName: '<script>alert(1)</script> & "x"' } }]]) };
    const back = unwrap(readKml('a.kml', unwrap(writeAnyFile('a.kml', evil)).bytes));
    expect(back.features[0]!.properties!.fullName).toBe('<script>alert(1)</script> & "x"');
  });
});

describe('Shapefile', () => {
  const zip = (files: Record<string, Uint8Array>) => zipSync(files);
  it('broken zip', () => expect(errors(readShapefileZip('a.zip', strToU8('PK\u0003\u0004 not really')))[0]).toMatchObject({ code: 'broken-zip', file: 'a.zip' }));
  it('zip without a .shp', () => expect(errors(readShapefileZip('a.zip', zip({ 'readme.txt': strToU8('hi') })))[0]!.code).toBe('no-shapefile'));
  it('missing .prj asks for the system, and reads with the chosen one', () => {
    const { 't.prj': _prj, ...rest } = shapefileMembers();
    expect(errors(readShapefileZip('a.zip', zip(rest)))[0]).toMatchObject({ code: 'missing-prj', values: { layer: 't' } });
    expect(unwrap(readShapefileZip('a.zip', zip(rest), { fromCrs: { kind: 'wgs84' } })).features).toHaveLength(2);
  });
  it('truncated .shp names the record', () => {
    const m = shapefileMembers();
    const e = errors(readShapefileZip('a.zip', zip({ ...m, 't.shp': m['t.shp']!.subarray(0, 200) })));
    expect(e[0]).toMatchObject({ code: 'broken-shp', feature: 0 });
  });
  it('.dbf with fewer records than shapes', () => {
    const m = shapefileMembers();
    const dbf = m['t.dbf']!.slice();
    new DataView(dbf.buffer).setUint32(4, 1, true);
    expect(errors(readShapefileZip('a.zip', zip({ ...m, 't.dbf': dbf })))[0]!.code).toBe('broken-dbf');
  });
  it('Windows-1258 text read by the .cpg, and refused as UTF-8 without it', () => {
    const m = shapefileMembers();
    // Re-encode the UTF-8 .dbf's text fields in Windows-1258 by rewriting the whole table.
    const table = rewriteDbfAs1258(m['t.dbf']!);
    const withCpg = unwrap(readShapefileZip('a.zip', zip({ ...m, 't.dbf': table, 't.cpg': strToU8('1258') })));
    expect(withCpg.features.map((f) => f.properties!.fullName)).toEqual(['Phường Thành Đông', 'Xã Ứng Hoè']);
    const { 't.cpg': _cpg, ...noCpg } = m;
    const e = errors(readShapefileZip('a.zip', zip({ ...noCpg, 't.dbf': table })));
    expect(e[0]).toMatchObject({ code: 'bad-encoding', feature: 0, values: { encoding: 'utf-8' } });
    expect(unwrap(readShapefileZip('a.zip', zip({ ...noCpg, 't.dbf': table }), { dbfEncoding: 'windows-1258' })).features).toHaveLength(2);
  });
  it('unknown code page', () => {
    const m = shapefileMembers();
    expect(errors(readShapefileZip('a.zip', zip({ ...m, 't.cpg': strToU8('KOI8-R') })))[0]!.code).toBe('bad-encoding');
  });
  it.each([['PROJCS["x",]'], ['PROJCS["a",GEOGCS[]]'], ['[[garbage'], ['hello']])('a .prj proj4 chokes on (%s) is named as unreadable, without the parser\'s words', (wkt) => {
    const e = errors(readShapefileZip('a.zip', zipSync({ ...shapefileMembers(), 't.prj': strToU8(wkt) })))[0]!;
    expect(e).toMatchObject({ code: 'unknown-crs', message: 'unreadable .prj (not a coordinate system definition that can be read)' });
  });

  it('a .prj with the sign-flipped TOWGS84 is read as VN-2000 with a warning', () => {
    const m = unzipAll(unwrap(writeAnyFile('t.zip', twoUnitCoverage(), { crs: vn2000(105.75) })).bytes);
    const prj = new TextDecoder().decode(m['t.prj']!).replace(/TOWGS84\[[^\]]*\]/, 'TOWGS84[-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278]');
    const r = readShapefileZip('a.zip', zipSync({ ...m, 't.prj': strToU8(prj) }));
    expect(r.ok && r.warnings.map((w) => w.code)).toEqual(['towgs84-differs']);
  });
});

/** The same table with its text in Windows-1258 (field widths grow to fit, so it is rebuilt). */
function rewriteDbfAs1258(utf8Dbf: Uint8Array): Uint8Array {
  const v = new DataView(utf8Dbf.buffer, utf8Dbf.byteOffset, utf8Dbf.byteLength);
  const n = v.getUint32(4, true), hl = v.getUint16(8, true), rl = v.getUint16(10, true);
  const fields: { name: Uint8Array; type: number; len: number; dec: number }[] = [];
  for (let off = 32; utf8Dbf[off] !== 0x0d; off += 32) fields.push({ name: utf8Dbf.subarray(off, off + 11), type: utf8Dbf[off + 11]!, len: utf8Dbf[off + 16]!, dec: utf8Dbf[off + 17]! });
  const rows = Array.from({ length: n }, (_, r) => {
    let off = hl + r * rl + 1;
    return fields.map((f) => {
      const text = new TextDecoder().decode(utf8Dbf.subarray(off, off + f.len)).replace(/ +$/, '');
      off += f.len;
      return encodeWindows1258(text)!;
    });
  });
  const widths = fields.map((f, i) => Math.max(1, ...rows.map((r) => r[i]!.length)));
  const nhl = 32 + 32 * fields.length + 1, nrl = 1 + widths.reduce((a, b) => a + b, 0);
  const out = new Uint8Array(nhl + n * nrl + 1).fill(0x20, nhl);
  out.set(utf8Dbf.subarray(0, 32));
  const ov = new DataView(out.buffer);
  ov.setUint16(8, nhl, true);
  ov.setUint16(10, nrl, true);
  fields.forEach((f, i) => {
    out.set(f.name, 32 + 32 * i);
    out[32 + 32 * i + 11] = f.type;
    out[32 + 32 * i + 16] = widths[i]!;
    out[32 + 32 * i + 17] = f.dec;
  });
  out[nhl - 1] = 0x0d;
  rows.forEach((r, ri) => {
    let off = nhl + ri * nrl + 1;
    r.forEach((cell, i) => {
      out.set(cell, off);
      off += widths[i]!;
    });
  });
  out[out.length - 1] = 0x1a;
  return out;
}

describe('TopoJSON', () => {
  it('not a topology', () => expect(errors(readTopoJson('a.topojson', '{"type":"FeatureCollection"}'))[0]!.code).toBe('not-geojson'));
  it('arc index out of range names the feature', () => {
    const t = JSON.stringify({ type: 'Topology', arcs: [[[106, 20], [107, 20], [107, 21], [106, 20]]], objects: { u: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', arcs: [[0]] }, { type: 'Polygon', arcs: [[5]] }] } } });
    const e = errors(readTopoJson('a.topojson', t));
    // Said in the file's terms, not as the TypeError topojson-client throws reading past the list.
    expect(e[0]).toMatchObject({ code: 'bad-coordinates', feature: 1, message: 'arc reference 5 does not exist (the topology has 1 arcs)' });
  });
  const topo = (objects: unknown, arcs: unknown = [[[106, 20], [107, 20], [107, 21], [106, 20]]], extra = {}) => JSON.stringify({ type: 'Topology', arcs, objects: { u: objects }, ...extra });
  it.each([
    ['a Polygon whose arcs are a number', topo({ type: 'Polygon', arcs: 0 }), 0, 'a Polygon whose arcs are not nested 2 deep as TopoJSON requires'],
    ['a MultiPolygon nested one level short', topo({ type: 'MultiPolygon', arcs: [[0]] }), 0, 'a MultiPolygon whose arcs are not nested 3 deep as TopoJSON requires'],
    ['a null among the geometries', topo({ type: 'GeometryCollection', geometries: [{ type: 'Polygon', arcs: [[0]] }, null] }), 1, 'a geometry is not an object'],
    ['a GeometryCollection in a collection without geometries', topo({ type: 'GeometryCollection', geometries: [{ type: 'GeometryCollection' }] }), 0, 'a GeometryCollection without a list of geometries'],
    ['an unknown geometry type', topo({ type: 'Circle', arcs: [[0]] }), 0, 'unknown geometry type "Circle"'],
    ['a Point without a pair of numbers', topo({ type: 'Point', coordinates: ['x', 1] }), 0, 'a Point whose coordinates are not a pair of numbers'],
  ])('%s is named in TopoJSON terms', (_what, text, feature, message) => {
    expect(errors(readTopoJson('a.topojson', text))[0]).toMatchObject({ code: 'bad-coordinates', feature, message });
  });
  it.each([
    ['an arc that is a number', topo({ type: 'Polygon', arcs: [[0]] }, [5]), 'arc 0 is not a list of positions'],
    ['a position that is text', topo({ type: 'Polygon', arcs: [[0]] }, [[[106, 20], 'x']]), 'arc 0, position 1 is not a pair of numbers'],
    ['a transform without its translate', topo({ type: 'Polygon', arcs: [[0]] }, undefined, { transform: { scale: [1, 1] } }), 'the transform is not a scale and a translate of two numbers each'],
  ])('%s is named in TopoJSON terms', (_what, text, message) => {
    expect(errors(readTopoJson('a.topojson', text))[0]).toMatchObject({ code: 'bad-coordinates', message });
  });
  it.each([[-2, '-2'], [0.5, '0.5'], [1e300, '1e+300']])('arc reference %s (reversed past the list, not an integer, huge) is named', (ref, shown) => {
    const t = JSON.stringify({ type: 'Topology', arcs: [[[106, 20], [107, 20], [107, 21], [106, 20]]], objects: { u: { type: 'Polygon', arcs: [[ref]] } } });
    expect(errors(readTopoJson('a.topojson', t))[0]).toMatchObject({ code: 'bad-coordinates', feature: 0, message: `arc reference ${shown} does not exist (the topology has 1 arcs)` });
  });
});

describe('GeoJSON properties', () => {
  it('a code or a name that is an object or a list is said, not silently dropped', () => {
    const text = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: { a: 1 }, name: ['x'] }, geometry: { type: 'Polygon', coordinates: [[[106, 20], [106.01, 20], [106.01, 20.01], [106, 20]]] } }] });
    const r = readGeoJson('a.geojson', text);
    expect(r.ok).toBe(true);
    expect((r.ok ? r.warnings : []).filter((w) => w.code === 'value-changed').map((w) => [w.feature, w.field])).toEqual([[0, 'code'], [0, 'name']]);
  });
  it('an array or a string as properties is refused, as the checker refuses it, never read as no attributes', () => {
    for (const p of [['a'], 'abc', 5]) {
      const text = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: p, geometry: { type: 'Polygon', coordinates: [[[106, 20], [106.01, 20], [106.01, 20.01], [106, 20]]] } }] });
      expect(errors(readGeoJson('a.geojson', text))[0], JSON.stringify(p)).toMatchObject({ code: 'not-geojson', feature: 0, field: 'properties' });
    }
  });
});

describe('CSV points', () => {
  it('header without coordinates', () => expect(errors(readCsvPoints('a.csv', 'ma,stt\n1,1\n'))[0]).toMatchObject({ code: 'bad-csv', field: 'lon/lat or X/Y' }));
  it('a bad line is named', () => {
    const e = errors(readCsvPoints('a.csv', 'unit,order,lon,lat\nA,1,106.3,20.9\nA,2,abc,20.9\n'));
    expect(e[0]).toMatchObject({ code: 'bad-csv', values: { line: 3 } });
  });
  it('too few points', () => {
    expect(errors(readCsvPoints('a.csv', 'unit,order,lon,lat\nA,1,106.3,20.9\nA,2,106.31,20.9\n'))[0]).toMatchObject({ code: 'too-few-points', feature: 'A' });
  });
  it('hexadecimal and other non-decimal numbers are bad lines, not coordinates', () => {
    for (const v of ['0x14', 'Infinity', '1_000', '0b1', ' ']) {
      const e = errors(readCsvPoints('a.csv', `unit,order,lon,lat\nA,1,106.3,20.9\nA,2,${v},20.9\n`));
      expect(e[0], v).toMatchObject({ code: 'bad-csv', values: { line: 3 } });
    }
  });
  it('a quote that never closes is named by its line, not read as the rest of the file', () => {
    const e = errors(readCsvPoints('a.csv', `unit,name,order,lon,lat\nA,"Phường,1,106.3,20.9\n${'A,x,2,106.31,20.9\n'.repeat(1000)}`));
    expect(e).toEqual([{ code: 'bad-csv', file: 'a.csv', field: 'line 2', message: 'line 2: a quote opens and never closes', values: { line: 2 } }]);
  });
  it('more units than the feature limit is refused while reading; one-point units give 50 errors at most', () => {
    const many = `unit,order,lon,lat\n${Array.from({ length: LIMITS.features + 1 }, (_, i) => `u${i},1,106.6,20.8`).join('\n')}\n`;
    expect(errors(readCsvPoints('a.csv', many))[0]).toMatchObject({ code: 'too-large', values: { limit: 'features' } });
    const few = `unit,order,lon,lat\n${Array.from({ length: 500 }, (_, i) => `u${i},1,106.6,20.8`).join('\n')}\n`;
    const e = errors(readCsvPoints('a.csv', few));
    expect(e).toHaveLength(50);
    expect(e.every((x) => x.code === 'too-few-points')).toBe(true);
  });
  it('Vietnamese headers, semicolons and decimal commas', () => {
    const text = 'Mã;Thứ tự;Kinh độ;Vĩ độ\nA;1;106,30;20,90\nA;2;106,31;20,90\nA;3;106,31;20,91\n';
    const layer = unwrap(readCsvPoints('a.csv', text));
    expect(layer.features[0]!.geometry.coordinates).toEqual([[[106.3, 20.9], [106.31, 20.9], [106.31, 20.91], [106.3, 20.9]]]);
  });
});

describe('any file', () => {
  it('unknown extension', () => expect(errors(readAnyFile('a.docx', 'x'))[0]!.code).toBe('unsupported-format'));
  it('does not mutate the GeoJSON it reads', () => {
    const features = twoUnits();
    const doc = { type: 'FeatureCollection', features };
    const before = JSON.stringify(doc);
    const layer = unwrap(readGeoJson('a.geojson', JSON.stringify(doc)));
    layer.features[0]!.properties!.code = 'changed';
    expect(JSON.stringify(doc)).toBe(before);
  });
});
