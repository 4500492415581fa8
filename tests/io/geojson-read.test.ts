// The GeoJSON reader names the file, the feature and the problem, and never changes its input.
import { describe, expect, it } from 'vitest';
import { formatReadError, readGeoJsonText } from '../../src/io/geojson-read';

const square = [[[106, 21], [106.001, 21], [106.001, 21.001], [106, 21.001], [106, 21]]];
const feature = (props: Record<string, unknown> | null, geometry: unknown) => ({ type: 'Feature', properties: props, geometry });
const fc = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

function problem(text: string, idField: string | null = 'code') {
  const r = readGeoJsonText(text, 'in.geojson', { idField });
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('readGeoJsonText', () => {
  it('reads a polygonal FeatureCollection', () => {
    const r = readGeoJsonText(fc(feature({ code: '00001' }, { type: 'Polygon', coordinates: square })), 'in.geojson', { idField: 'code' });
    expect(r.ok && r.features.length).toBe(1);
  });

  it('says when the text is not JSON', () => {
    const e = problem('{"type": "FeatureCollection", ');
    expect(e.problem).toBe('not-json');
    expect(formatReadError(e)).toMatch(/^in\.geojson: is not JSON/);
  });

  it('says when the JSON is not GeoJSON', () => {
    expect(problem('{"hello": 1}').problem).toBe('not-geojson');
    expect(problem('[1, 2]').problem).toBe('not-geojson');
    expect(problem(JSON.stringify({ type: 'FeatureCollection' })).problem).toBe('not-geojson');
  });

  it('names the feature whose geometry is not polygonal', () => {
    const e = problem(fc(feature({ code: '00001' }, { type: 'Polygon', coordinates: square }), feature({ code: '00002' }, { type: 'LineString', coordinates: [[106, 21], [106.1, 21]] })));
    expect(e).toMatchObject({ problem: 'not-polygonal', featureIndex: 1, featureCode: '00002' });
    expect(formatReadError(e)).toBe('in.geojson: feature 1 (00002): geometry is not Polygon or MultiPolygon (geometry type LineString)');
  });

  it('rejects a feature without geometry', () => {
    expect(problem(fc(feature({ code: '00001' }, null))).problem).toBe('not-polygonal');
  });

  it('names the feature whose coordinates are not longitude/latitude (e.g. VN-2000 metres)', () => {
    const metres = [[[512000, 2320000], [513000, 2320000], [513000, 2321000], [512000, 2320000]]];
    const e = problem(fc(feature({ code: '00007' }, { type: 'Polygon', coordinates: metres })));
    expect(e).toMatchObject({ problem: 'not-lonlat', featureIndex: 0, featureCode: '00007' });
  });

  it('rejects a declared projected CRS', () => {
    const text = JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:3405' } }, features: [] });
    expect(problem(text).problem).toBe('not-lonlat');
  });

  it('names the feature that lacks the id field', () => {
    const e = problem(fc(feature({ code: '00001' }, { type: 'Polygon', coordinates: square }), feature({ maxa: '00002' }, { type: 'Polygon', coordinates: square })));
    expect(e).toMatchObject({ problem: 'missing-id', featureIndex: 1 });
    expect(formatReadError(e)).toContain('feature 1');
  });

  it('does not require an id field when told not to', () => {
    expect(readGeoJsonText(fc(feature(null, { type: 'Polygon', coordinates: square })), 'x', { idField: null }).ok).toBe(true);
  });

  it('does not mutate what it returns from (the parsed input is new, the features keep their properties)', () => {
    const text = fc(feature({ code: '00001', extra: { a: 1 } }, { type: 'MultiPolygon', coordinates: [square] }));
    const r = readGeoJsonText(text, 'x');
    expect(r.ok && r.features[0]!.properties).toEqual({ code: '00001', extra: { a: 1 } });
    expect(r.ok && r.features[0]!.geometry).toEqual({ type: 'MultiPolygon', coordinates: [square] });
  });
});
