import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/cli/convert';
import { writeAnyFile } from '../../src/io/formats';
import { readShapefileZip } from '../../src/io/shapefile';
import { vn2000 } from '../../src/io/vn2000';
import { twoUnitCoverage, unwrap } from '../io/helpers';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'convert-'));
}

describe('convert CLI', () => {
  it('GeoJSON → zipped Shapefile in VN-2000', () => {
    const d = dir();
    writeFileSync(join(d, 'in.geojson'), unwrap(writeAnyFile('in.geojson', twoUnitCoverage())).bytes);
    const r = convert([join(d, 'in.geojson'), join(d, 'out.zip'), '--to-crs', 'vn2000:105.75']);
    expect(r).toMatchObject({ code: 0, err: [] });
    expect(r.out[0]).toMatch(/2 units from in\.geojson/);
    const layer = unwrap(readShapefileZip('out.zip', readFileSync(join(d, 'out.zip'))));
    expect(layer.crs).toEqual(vn2000(105.75));
  });

  it('VN-2000 CSV needs --from-crs; with it, converts (X = northing order found from the numbers)', () => {
    const d = dir();
    writeFileSync(join(d, 'pts.csv'), unwrap(writeAnyFile('pts.csv', twoUnitCoverage(), { crs: vn2000(105.75) })).bytes);
    const asked = convert([join(d, 'pts.csv'), join(d, 'out.kml')]);
    expect(asked.code).toBe(2);
    expect(asked.err[0]).toMatch(/^pts\.csv: crs-unconfirmed: /);
    expect(convert([join(d, 'pts.csv'), join(d, 'out.kml'), '--from-crs', 'vn2000:105.75']).code).toBe(0);
  });

  it('bad input: exit 2 naming file, feature and fault', () => {
    const d = dir();
    writeFileSync(join(d, 'bad.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[106, 20], [107, 21]] } }] }));
    const r = convert([join(d, 'bad.geojson'), join(d, 'out.kml')]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['bad.geojson: feature 0: not-polygon: geometry LineString is not a Polygon or MultiPolygon']);
  });

  it('bad arguments: exit 2 with usage', () => {
    expect(convert(['only-one']).code).toBe(2);
    expect(convert(['a.geojson', 'b.kml', '--from-crs', 'mars:1']).err[0]).toMatch(/--from-crs mars:1/);
    expect(convert(['a.geojson', 'b.kml', '--frobnicate']).err[0]).toMatch(/unknown option/);
    expect(convert([join(dir(), 'missing.geojson'), 'b.kml']).code).toBe(2);
  });
});
