// Reference layers (issue 12): any file the unit importers read, read as points, lines and polygons
// with their properties as the file has them. GeoJSON, TopoJSON, KML/KMZ and CSV inputs are written
// here; Shapefiles are written by GDAL (reference-gdal.ts) in WGS 84 and VN-2000 TM-3 and compared
// coordinate by coordinate (1e-7°) and attribute by attribute (exactly) with the source.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import type { IoError, IoResult } from '../../src/io/errors';
import { readAnyFile } from '../../src/io/formats';
import { LIMITS } from '../../src/io/limits';
import { readReferenceFile, type ReferenceData } from '../../src/io/reference-read';
import { vn2000, vn2000Proj4 } from '../../src/io/vn2000';
import { maxDeviation, unwrap } from './helpers';
import { GDAL_MISSING, orderedDeviation, shapefileByGdal, windows1258Form, zipLayer } from './reference-gdal';

const bytes = (s: string) => strToU8(s);
const read = (name: string, text: string | Uint8Array, o = {}) => readReferenceFile(name, typeof text === 'string' ? bytes(text) : text, o);

function errors<T>(r: IoResult<T>): readonly IoError[] {
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value).slice(0, 300)}`);
  return r.errors;
}

/** Runs `body` with one limit lowered, restoring it whatever happens. */
function withLimit<T>(name: 'vertices' | 'features' | 'referenceFeatures', value: number, body: () => T): T {
  const was = LIMITS[name];
  LIMITS[name] = value;
  try {
    return body();
  } finally {
    LIMITS[name] = was;
  }
}

const feature = (geometry: unknown, properties: unknown = {}) => ({ type: 'Feature', properties, geometry });
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const square = (x: number, y: number, d = 0.01) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];

describe('GeoJSON', () => {
  const mixed = [
    feature({ type: 'Point', coordinates: [105.85, 21.03] }, { name: 'Giếng', depth: 12.5, ok: true, tags: ['a', 'b'], meta: { by: 'x' } }),
    feature({ type: 'MultiPoint', coordinates: [[105.8, 21], [105.81, 21.01]] }, { code: '001' }),
    feature({ type: 'LineString', coordinates: [[105.8, 21], [105.9, 21.1]] }, { code: '001' }),
    feature({ type: 'MultiLineString', coordinates: [[[105.8, 21], [105.9, 21.1]], [[105.7, 21], [105.75, 21.05]]] }, { code: '002', nothing: null }),
    feature({ type: 'Polygon', coordinates: [square(105.8, 21, 0.1), square(105.82, 21.02, 0.01)] }, { name: 'Thửa có lỗ' }),
    feature({ type: 'MultiPolygon', coordinates: [[square(105.6, 21)], [square(105.65, 21)]] }, {}),
    feature({ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [105.5, 21] }, { type: 'Polygon', coordinates: [square(105.5, 21)] }, { type: 'Point', coordinates: [105.51, 21] }] }, { name: 'Trạm' }),
    feature(null, { name: 'Không hình' }),
    feature({ type: 'Polygon', coordinates: [[[105, 21], [105.1, 21], [105, 21]]] }, { name: 'Ba điểm' }),
    feature({ type: 'Point', coordinates: [106, 21, 30] }, null),
    feature({ type: 'Polygon', coordinates: [[[105, 21], [105.1, 21], [105.1, 21.1], [105, 21.1]]] }, { NAME: 'Hở' }),
  ];

  it('reads every kind of geometry, with the properties as they are, and lists what it leaves out', () => {
    const input = bytes(fc(mixed));
    const before = input.slice();
    const r = read('ref.geojson', input);
    const v = unwrap(r);
    expect(input).toEqual(before);
    expect(v.features.map((f) => f.geometry.type)).toEqual(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'MultiPoint', 'Polygon', 'Point']);
    expect(v.counts).toEqual({ Point: 2, MultiPoint: 2, LineString: 1, MultiLineString: 1, Polygon: 2, MultiPolygon: 1 });
    // Nested values become their JSON text; numbers, booleans and null stay; codes may repeat.
    expect(v.features[0]!.properties).toStrictEqual({ name: 'Giếng', depth: 12.5, ok: true, tags: '["a","b"]', meta: '{"by":"x"}' });
    expect(v.features[1]!.properties).toStrictEqual({ code: '001' });
    expect(v.features[2]!.properties).toStrictEqual({ code: '001' });
    expect(v.features[3]!.properties).toStrictEqual({ code: '002', nothing: null });
    expect(v.features[8]!.properties).toStrictEqual({});
    expect(v.fields).toEqual(['name', 'depth', 'ok', 'tags', 'meta', 'code', 'nothing']);
    // Z is dropped; every coordinate is the source's.
    expect(v.features[8]!.geometry).toEqual({ type: 'Point', coordinates: [106, 21] });
    expect(v.features[4]!.geometry).toEqual(mixed[4]!.geometry);
    expect(v.bounds).toEqual([105.5, 21, 106, 21.1]);
    expect(v.crs).toEqual({ kind: 'wgs84' });
    expect(v.crsFrom).toBe('numbers');
    expect(v.skipped).toEqual([
      { feature: 7, label: { field: 'name', value: 'Không hình' }, reason: 'no-geometry', detail: 'no geometry' },
      { feature: 8, label: { field: 'name', value: 'Ba điểm' }, reason: 'unreadable-geometry', detail: 'ring with 3 positions (at least 4 needed)' },
      { feature: 10, label: { field: 'NAME', value: 'Hở' }, reason: 'unreadable-geometry', detail: 'ring is not closed' },
    ]);
    if (!r.ok) return;
    expect(r.warnings.map((w) => [w.code, w.feature])).toEqual([['no-geometry', 7], ['bad-coordinates', 8], ['bad-coordinates', 10]]);
    expect(r.warnings[0]!.message).toContain('feature 7 (name "Không hình")');
  });

  it('splits a GeometryCollection by kind, each part with its own copy of the properties', () => {
    const v = unwrap(read('c.geojson', fc([mixed[6]])));
    expect(v.features.map((f) => f.geometry)).toEqual([
      { type: 'MultiPoint', coordinates: [[105.5, 21], [105.51, 21]] },
      { type: 'Polygon', coordinates: [square(105.5, 21)] },
    ]);
    expect(v.features[0]!.properties).toEqual({ name: 'Trạm' });
    expect(v.features[1]!.properties).not.toBe(v.features[0]!.properties);
  });

  it('reads a single Feature and a bare geometry', () => {
    expect(unwrap(read('f.geojson', JSON.stringify(mixed[2]))).features).toHaveLength(1);
    const bare = unwrap(read('g.geojson', JSON.stringify({ type: 'LineString', coordinates: [[105, 21], [105.1, 21.1]] })));
    expect(bare.features).toEqual([{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[105, 21], [105.1, 21.1]] } }]);
  });

  it('refuses a coordinate that is not a finite number, naming the feature by index and name', () => {
    // 1e400 reads as Infinity; JSON writers put null for NaN and Infinity.
    const text = fc([mixed[0], mixed[2], feature({ type: 'LineString', coordinates: [[105, 21], [-999.5, 21]] }, { name: 'Cầu' }), feature({ type: 'Point', coordinates: [null, 21] })]);
    const e = errors(read('inf.geojson', text.replace('-999.5', '1e400')));
    expect(e.map((x) => [x.code, x.file, x.feature, x.values])).toEqual([
      ['bad-coordinates', 'inf.geojson', 2, { x: 'Infinity', y: '21', labelField: 'name', label: 'Cầu' }],
      ['bad-coordinates', 'inf.geojson', 3, { x: 'null', y: '21' }],
    ]);
    expect(e[0]!.message).toBe('feature 2 (name "Cầu"): position [Infinity, 21] is not a pair of finite numbers');
  });

  it('names the feature whose numbers are not in the CRS of the others', () => {
    const e = errors(read('stray.geojson', fc([mixed[0], feature({ type: 'Point', coordinates: [1000, 21] }, { id: 17 }), mixed[2]])));
    expect(e).toEqual([expect.objectContaining({ code: 'out-of-range', feature: 1, values: { x: 1000, y: 21, labelField: 'id', label: '17' } })]);
    expect(e[0]!.message).toContain('feature 1 (id "17"): position [1000, 21]');
  });

  it('names the feature that is not on the Earth once converted', () => {
    const e = errors(read('far.geojson', fc([feature({ type: 'Point', coordinates: [510198.17, 2326278.03] }), feature({ type: 'Point', coordinates: [1e8, 1e8] }, { ten: 'Xa' })]), { fromCrs: vn2000(105.75) }));
    expect(e).toEqual([expect.objectContaining({ code: 'out-of-range', feature: 1, values: expect.objectContaining({ labelField: 'ten', label: 'Xa' }) })]);
  });

  it('says so when a collection has no features, or none with a geometry', () => {
    expect(errors(read('e.geojson', fc([])))).toEqual([{ code: 'empty', file: 'e.geojson', message: 'no features', values: { features: 0 } }]);
    expect(errors(read('n.geojson', fc([feature(null), feature(null)])))[0]).toMatchObject({ code: 'empty', message: 'no features with a geometry (2 without)' });
  });

  it('refuses a file over the size limit before reading it', () => {
    const big = new Uint8Array(LIMITS.fileBytes + 1).fill(0x20);
    expect(errors(read('big.geojson', big))).toEqual([expect.objectContaining({ code: 'too-large', file: 'big.geojson', values: { limit: 'fileBytes', max: LIMITS.fileBytes, found: LIMITS.fileBytes + 1 } })]);
  });

  it('keeps the vertex and feature limits, naming the feature where the vertices run out', () => {
    const e = withLimit('vertices', 5, () => errors(read('v.geojson', fc([mixed[2], mixed[3]]))));
    expect(e[0]).toMatchObject({ code: 'too-large', feature: 1, values: { limit: 'vertices', max: 5 } });
    const f = withLimit('referenceFeatures', 3, () => errors(read('f.geojson', fc(mixed.slice(0, 4)))));
    expect(f[0]).toMatchObject({ code: 'too-large', values: { limit: 'referenceFeatures', max: 3, found: 4 } });
  });

  it('has its own feature limit, not the unit import\'s', () => {
    const polygons = fc([mixed[4], mixed[4], mixed[4]]);
    withLimit('features', 2, () => {
      expect(errors(readAnyFile('u.geojson', polygons))[0]).toMatchObject({ code: 'too-large', values: { limit: 'features' } });
      expect(unwrap(read('r.geojson', polygons)).features).toHaveLength(3);
    });
  });

  it('honours a legacy crs member naming a VN-2000 grid', () => {
    const doc = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::9210' } }, features: [feature({ type: 'Point', coordinates: [510198.173806108, 2326278.02896617] })] };
    const v = unwrap(read('vn.geojson', JSON.stringify(doc)));
    expect(v.crs).toMatchObject({ kind: 'vn2000', lon0: 105.75 });
    expect(v.crsFrom).toBe('file');
    expect(orderedDeviation(v.features[0]!.geometry.coordinates, [105.85, 21.03])).toBeLessThan(1e-7);
  });
});

describe('TopoJSON', () => {
  const topology = {
    type: 'Topology',
    arcs: [square(105.8, 21), [[105.9, 21], [105.95, 21.05]]],
    objects: {
      ref: {
        type: 'GeometryCollection',
        geometries: [
          { type: 'Polygon', arcs: [[0]], properties: { name: 'A' } },
          { type: 'LineString', arcs: [1], properties: { name: 'B' } },
          { type: 'Point', coordinates: [105.85, 21.02], properties: { name: 'C' } },
          { type: null, properties: { name: 'D' } },
        ],
      },
    },
  };

  it('reads points, lines and polygons from .topojson and from a sniffed .json', () => {
    for (const name of ['t.topojson', 't.json']) {
      const v = unwrap(read(name, JSON.stringify(topology)));
      expect(v.features.map((f) => [f.geometry.type, f.properties.name])).toEqual([['Polygon', 'A'], ['LineString', 'B'], ['Point', 'C']]);
      expect(v.features[0]!.geometry.coordinates).toEqual([square(105.8, 21)]);
      expect(v.skipped).toEqual([{ feature: 3, label: { field: 'name', value: 'D' }, reason: 'no-geometry', detail: 'no geometry' }]);
    }
  });

  it('has the reference layers\' feature limit, not the unit import\'s', () => {
    withLimit('features', 2, () => expect(unwrap(read('t.topojson', JSON.stringify(topology))).features).toHaveLength(3));
    const e = withLimit('referenceFeatures', 2, () => errors(read('t.topojson', JSON.stringify(topology))));
    expect(e[0]).toMatchObject({ code: 'too-large', values: { limit: 'referenceFeatures', max: 2, found: 4 } });
  });
});

describe('KML and KMZ', () => {
  const ring = (x: number, y: number) => square(x, y).map((p) => p.join(',')).join(' ');
  const poly = (x: number, y: number) => `<Polygon><outerBoundaryIs><LinearRing><coordinates>${ring(x, y)}</coordinates></LinearRing></outerBoundaryIs></Polygon>`;
  const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Schema name="s" id="s"><SimpleField name="so" type="int"/></Schema>
<Placemark><name>Mốc A</name><description>Mốc địa giới</description><ExtendedData><Data name="loai"><value>mốc</value></Data></ExtendedData><Point><coordinates>105.85,21.03,12</coordinates></Point></Placemark>
<Placemark><name>Đường</name><LineString><coordinates>105.8,21 105.81,21.01 105.82,21</coordinates></LineString></Placemark>
<Placemark><name>Thửa</name><ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="so">17</SimpleData></SchemaData></ExtendedData>
  <Polygon><outerBoundaryIs><LinearRing><coordinates>${ring(105.7, 21)}</coordinates></LinearRing></outerBoundaryIs>
  <innerBoundaryIs><LinearRing><coordinates>${square(105.702, 21.002, 0.002).map((p) => p.join(',')).join(' ')}</coordinates></LinearRing></innerBoundaryIs></Polygon></Placemark>
<Placemark><name>Hai thửa</name><MultiGeometry>${poly(105.6, 21)}${poly(105.62, 21)}</MultiGeometry></Placemark>
<Placemark><name>Cột và dây</name><MultiGeometry><Point><coordinates>105.5,21</coordinates></Point><LineString><coordinates>105.5,21 105.51,21.01</coordinates></LineString></MultiGeometry></Placemark>
<Placemark><name>Trống</name></Placemark>
</Document></kml>`;

  function check(v: ReferenceData): void {
    expect(v.features.map((f) => [f.geometry.type, f.properties.name])).toEqual([
      ['Point', 'Mốc A'], ['LineString', 'Đường'], ['Polygon', 'Thửa'], ['MultiPolygon', 'Hai thửa'], ['Point', 'Cột và dây'], ['LineString', 'Cột và dây'],
    ]);
    expect(v.features[0]!.properties).toStrictEqual({ name: 'Mốc A', description: 'Mốc địa giới', loai: 'mốc' });
    expect(v.features[0]!.geometry.coordinates).toEqual([105.85, 21.03]);
    expect(v.features[2]!.properties).toStrictEqual({ name: 'Thửa', so: 17 });
    expect(v.features[2]!.geometry).toEqual({ type: 'Polygon', coordinates: [square(105.7, 21), square(105.702, 21.002, 0.002)] });
    expect(v.features[3]!.geometry).toEqual({ type: 'MultiPolygon', coordinates: [[square(105.6, 21)], [square(105.62, 21)]] });
    expect(v.features[5]!.geometry).toEqual({ type: 'LineString', coordinates: [[105.5, 21], [105.51, 21.01]] });
    expect(v.skipped).toEqual([{ feature: 5, label: { field: 'name', value: 'Trống' }, reason: 'no-geometry', detail: 'no geometry' }]);
    expect(v.fields).toEqual(['name', 'description', 'loai', 'so']);
  }

  it('reads Placemark points, lines, polygons and MultiGeometry with name, description and ExtendedData', () => check(unwrap(read('ref.kml', kml))));

  it('reads the same from a KMZ', () => check(unwrap(read('ref.kmz', zipSync({ 'doc.kml': bytes(kml) })))));

  it('counts Placemarks against the reference layers\' limit before parsing, not the unit import\'s', () => {
    const e = withLimit('referenceFeatures', 3, () => errors(read('ref.kml', kml)));
    expect(e[0]).toMatchObject({ code: 'too-large', message: 'more than 3 features in a reference layer: more than 3 Placemarks', values: { limit: 'referenceFeatures', max: 3 } });
    withLimit('features', 2, () => check(unwrap(read('ref.kml', kml))));
  });
});

describe('CSV points', () => {
  // X = northing, Y = easting in VN-2000 TM-3 105°45′ (millimetres), as surveyors write them; computed
  // by GDAL 3.6 (ogr2ogr -t_srs with vn2000Proj4) from the lon/lat in the last two columns.
  const csv = [
    'STT,Số hiệu mốc,X (m),Y (m),lon,lat'.replace(',lon,lat', ',kinh,vi'),
    '1,Mốc 1,2326278.029,510198.174,105.85,21.03',
    '2,Mốc 2,2317419.155,494604.584,105.7,20.95',
    '3,"Mốc 3, góc",2345124.452,530950.530,106.05,21.2',
    '4,Mốc 4 (mất),,,,',
  ].join('\n');

  it('asks for the meridian when the numbers look like VN-2000 metres', () => {
    expect(errors(read('moc.csv', csv))[0]).toMatchObject({ code: 'crs-unconfirmed', values: { axis: 'ne' } });
  });

  it('reads one point per row in VN-2000 once the meridian is chosen, within 1e-7°, every column kept', () => {
    const v = unwrap(read('moc.csv', csv, { fromCrs: vn2000(105.75) }));
    expect(v.crs).toEqual({ kind: 'vn2000', lon0: 105.75, k: 0.9999, axis: 'ne' });
    expect(v.crsFrom).toBe('option');
    const expected = [[105.85, 21.03], [105.7, 20.95], [106.05, 21.2]];
    expect(v.features.map((f) => f.geometry.type)).toEqual(['Point', 'Point', 'Point']);
    v.features.forEach((f, i) => expect(orderedDeviation(f.geometry.coordinates, expected[i])).toBeLessThan(1e-7));
    expect(v.features[2]!.properties).toStrictEqual({ STT: '3', 'Số hiệu mốc': 'Mốc 3, góc', 'X (m)': '2345124.452', 'Y (m)': '530950.530', kinh: '106.05', vi: '21.2' });
    expect(v.skipped).toEqual([{ feature: 3, label: null, reason: 'no-geometry', detail: 'no geometry' }]);
  });

  it('refuses a coordinate cell that is not a number, naming the row', () => {
    const e = errors(read('bad.csv', 'name,lon,lat\nA,105.8,21\nB,abc,21\n'));
    expect(e[0]).toMatchObject({ code: 'bad-coordinates', feature: 1, values: { labelField: 'name', label: 'B', x: 'NaN' } });
  });

  it('counts rows against the reference layers\' feature limit', () => {
    const e = withLimit('referenceFeatures', 3, () => errors(read('moc.csv', csv, { fromCrs: vn2000(105.75) })));
    expect(e[0]).toMatchObject({ code: 'too-large', values: { limit: 'referenceFeatures', max: 3, found: 4 } });
  });

  it('needs coordinate columns, and nothing else', () => {
    expect(errors(read('none.csv', 'name,stt\nA,1\n'))[0]).toMatchObject({ code: 'bad-csv', field: 'lon/lat or X/Y' });
    expect(unwrap(read('ll.csv', 'Kinh độ;Vĩ độ\n105,8;21\n')).features[0]!.geometry.coordinates).toEqual([105.8, 21]);
  });
});

describe('other files', () => {
  it('refuses an unknown extension', () => expect(errors(read('a.gpx', '<gpx/>'))[0]).toMatchObject({ code: 'unsupported-format', file: 'a.gpx' }));
});

interface SourceLayer {
  readonly features: Feature<Geometry, Record<string, unknown>>[];
  /** More ogr2ogr arguments (-dim XYM: the M shape types). */
  readonly args?: readonly string[];
}

/** Source layers for GDAL: every kind a Shapefile holds, Vietnamese text, integers, reals and nulls. */
function layers() {
  // Column names as they are: a unit import would read "NAME" as "name".
  const props = (i: number) => ({ ten: `Thửa số ${i} – Đồng Xuân, Hoàn Kiếm`, so: i, dtich: 100.25 + i * 0.5, ghichu: i % 2 ? null : `ghi chú ${i}`, MaLoai: 'ODT', NAME: `T${i}` });
  const f = (geometry: Geometry, i: number): Feature<Geometry, Record<string, unknown>> => ({ type: 'Feature', properties: props(i), geometry });
  const hole = (x: number, y: number) => square(x, y, 0.002).reverse();
  return {
    points: { features: [f({ type: 'Point', coordinates: [105.85, 21.03] }, 1), f({ type: 'Point', coordinates: [105.7123456789, 20.95] }, 2), f({ type: 'Point', coordinates: [106.05, 21.2] }, 3)] },
    pointsm: { features: [f({ type: 'Point', coordinates: [105.85, 21.03] }, 1), f({ type: 'Point', coordinates: [105.9, 21.1] }, 2)], args: ['-dim', 'XYM'] },
    multipoints: { features: [f({ type: 'MultiPoint', coordinates: [[105.8, 21], [105.81, 21.01], [105.82, 21.02]] }, 1), f({ type: 'MultiPoint', coordinates: [[105.9, 21.1], [105.91, 21.11]] }, 2)] },
    lines: {
      features: [
        f({ type: 'LineString', coordinates: [[105.8, 21, 5], [105.81, 21.01, 6], [105.83, 21.005, 7]] }, 1),
        f({ type: 'MultiLineString', coordinates: [[[105.9, 21.1, 1], [105.91, 21.11, 2]], [[105.7, 21, 3], [105.71, 21.01, 4], [105.72, 21, 5]]] }, 2),
      ],
    },
    linesm: { features: [f({ type: 'LineString', coordinates: [[105.8, 21], [105.81, 21.01]] }, 1)], args: ['-dim', 'XYM'] },
    polygons: {
      features: [
        f({ type: 'Polygon', coordinates: [square(105.8, 21, 0.01), hole(105.803, 21.003)] }, 1),
        f({ type: 'MultiPolygon', coordinates: [[square(105.9, 21.1, 0.01)], [square(105.95, 21.1, 0.02), hole(105.955, 21.105)]] }, 2),
      ],
    },
  } satisfies Record<string, SourceLayer>;
}

function compareWithSource(v: ReferenceData, source: readonly Feature<Geometry, Record<string, unknown>>[], tolerance: number): void {
  expect(v.features).toHaveLength(source.length);
  v.features.forEach((f, i) => {
    const s = source[i]!;
    expect(f.geometry.type).toBe(s.geometry.type);
    expect(f.properties).toStrictEqual(s.properties);
    const dev = s.geometry.type === 'Polygon' || s.geometry.type === 'MultiPolygon'
      ? maxDeviation(s.geometry, f.geometry as Polygon | MultiPolygon)
      : orderedDeviation((s.geometry as { coordinates: unknown }).coordinates, f.geometry.coordinates);
    expect(dev, `feature ${i}`).toBeLessThan(tolerance);
    // Two numbers a position: Z and M are not kept.
    expect(JSON.stringify(f.geometry.coordinates)).not.toMatch(/\[[^[\]]*,[^[\]]*,[^[\]]*\]/);
  });
}

describe.skipIf(GDAL_MISSING !== null)(`Shapefiles written by GDAL${GDAL_MISSING ? ` (skipped: ${GDAL_MISSING})` : ''}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'reference-read-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const tm3 = vn2000Proj4({ lon0: 105.75, k: 0.9999 });

  for (const [name, layer] of Object.entries(layers()) as [string, SourceLayer][]) {
    it(`${name}: WGS 84, every coordinate and attribute as in the source`, () => {
      shapefileByGdal(dir, `${name}84`, { type: 'FeatureCollection', features: layer.features }, ['-lco', 'ENCODING=UTF-8', ...(layer.args ?? [])]);
      const r = read(`${name}84.zip`, zipLayer(dir, `${name}84`));
      const v = unwrap(r);
      expect(v.crs).toEqual({ kind: 'wgs84' });
      expect(v.crsFrom).toBe('file');
      compareWithSource(v, layer.features, 1e-12);
      expect(r.ok && r.warnings).toEqual([]);
    });

    it(`${name}: VN-2000 TM-3 105°45′ (.prj from the proj string), back to lon/lat within 1e-7°`, () => {
      shapefileByGdal(dir, `${name}vn`, { type: 'FeatureCollection', features: layer.features }, ['-lco', 'ENCODING=UTF-8', '-t_srs', tm3, ...(layer.args ?? [])]);
      const r = read(`${name}vn.zip`, zipLayer(dir, `${name}vn`));
      const v = unwrap(r);
      expect(v.crs).toEqual({ kind: 'vn2000', lon0: 105.75, k: 0.9999, axis: 'en' });
      expect(v.crsFrom).toBe('file');
      compareWithSource(v, layer.features, 1e-7);
      expect(r.ok && r.warnings).toEqual([]);
    });
  }

  it('reads the .dbf in Windows-1258 as its .cpg says', () => {
    const source = layers().points.features;
    const written = source.map((f) => ({ ...f, properties: { ...f.properties, ten: windows1258Form(f.properties.ten as string) } }));
    shapefileByGdal(dir, 'cp1258', { type: 'FeatureCollection', features: written }, ['-lco', 'ENCODING=CP1258']);
    compareWithSource(unwrap(read('cp1258.zip', zipLayer(dir, 'cp1258'))), source, 1e-12);
  });

  it('without a .prj: asks, and reads with the meridian the user chose', () => {
    const source = layers().lines.features;
    shapefileByGdal(dir, 'noprj', { type: 'FeatureCollection', features: source }, ['-lco', 'ENCODING=UTF-8', '-t_srs', tm3]);
    const zip = zipLayer(dir, 'noprj', ['prj']);
    expect(errors(read('noprj.zip', zip))[0]).toMatchObject({ code: 'missing-prj' });
    const v = unwrap(read('noprj.zip', zip, { fromCrs: vn2000(105.75) }));
    expect(v.crsFrom).toBe('option');
    compareWithSource(v, source, 1e-7);
  });

  it('the unit import still refuses a point Shapefile as not polygons, and keeps its own feature limit', () => {
    shapefileByGdal(dir, 'unitpts', { type: 'FeatureCollection', features: layers().points.features }, ['-lco', 'ENCODING=UTF-8']);
    const zip = zipLayer(dir, 'unitpts');
    expect(errors(readAnyFile('unitpts.zip', zip)).map((e) => [e.code, e.feature, e.values?.geometryType])).toEqual([['not-polygon', 0, 'Point'], ['not-polygon', 1, 'Point'], ['not-polygon', 2, 'Point']]);
    withLimit('features', 2, () => {
      expect(errors(readAnyFile('unitpts.zip', zip))[0]).toMatchObject({ code: 'too-large', values: { limit: 'features' } });
      expect(unwrap(read('unitpts.zip', zip)).features).toHaveLength(3);
    });
    const e = withLimit('referenceFeatures', 2, () => errors(read('unitpts.zip', zip)));
    expect(e[0]).toMatchObject({ code: 'too-large', values: { limit: 'referenceFeatures', max: 2 } });
  });

  it('a 50,000-parcel VN-2000 Shapefile reads whole, with its attributes and within 1e-7°', () => {
    // Parcels of 7 vertices in a 250 × 200 grid around Hoàn Kiếm, with cadastral attributes.
    const features: Feature<Polygon, Record<string, unknown>>[] = [];
    for (let i = 0; i < 50_000; i++) {
      const x = 105.8 + (i % 250) * 4e-4, y = 21 + Math.floor(i / 250) * 4e-4, d = 3e-4;
      const ring = [[x, y], [x + d, y], [x + d, y + d / 2], [x + d, y + d], [x + d / 2, y + d], [x, y + d], [x, y]];
      features.push({ type: 'Feature', properties: { sothua: i + 1, soto: 1 + Math.floor(i / 500), loaidat: i % 3 ? 'ODT' : 'CLN', dtich: 90 + (i % 97) * 1.5, chusd: `Hộ ông Nguyễn Văn ${i}` }, geometry: { type: 'Polygon', coordinates: [ring] } });
    }
    shapefileByGdal(dir, 'parcels', { type: 'FeatureCollection', features }, ['-lco', 'ENCODING=UTF-8', '-t_srs', tm3]);
    const zip = zipLayer(dir, 'parcels');
    // How fast is for the bench to say (tests/bench/layers.ts times adding 50,000 parcels), never a test.
    const v = unwrap(read('parcels.zip', zip));
    expect(v.counts.Polygon).toBe(50_000);
    expect(v.features[31_415]!.properties).toStrictEqual(features[31_415]!.properties);
    let worst = 0;
    v.features.forEach((f, i) => (worst = Math.max(worst, maxDeviation(features[i]!.geometry, f.geometry as Polygon))));
    expect(worst).toBeLessThan(1e-7);
  });
});
