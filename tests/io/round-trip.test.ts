// Export then import on the real Hải Phòng coverage (114 units, 88k vertices), for every format.
import { describe, expect, it } from 'vitest';
import { coverageFromFeatures, type Coverage, type UnitAttrs } from '../../src/core/model';
import { readAnyFile, writeAnyFile, type ReadOptions, type WriteOptions } from '../../src/io/formats';
import { vn2000 } from '../../src/io/vn2000';
import { haiPhong } from '../helpers/data';
import { attrsByCode, coverageDeviation, unwrap } from './helpers';

const hp = () => coverageFromFeatures(haiPhong().features);
const HP_VN2000 = vn2000(105.75);

function roundTrip(name: string, c: Coverage, w: WriteOptions = {}, r: ReadOptions = {}): Coverage {
  const file = unwrap(writeAnyFile(name, c, w));
  return coverageFromFeatures(unwrap(readAnyFile(name, file.bytes, r)).features);
}

const core = (a: UnitAttrs) => ({ code: a.code, name: a.name, fullName: a.fullName, type: a.type, provinceCode: a.provinceCode });

function expectSameAttrs(a: Coverage, b: Coverage, pick: (x: UnitAttrs) => unknown = (x) => x): void {
  const before = attrsByCode(a), after = attrsByCode(b);
  expect(after.size).toBe(before.size);
  for (const [code, attrs] of before) expect(pick(after.get(code)!), code).toEqual(pick(attrs));
}

describe('round trips on Hải Phòng: same geometry within 1e-7°, same attributes', () => {
  const c = hp();

  it.each([
    ['GeoJSON (app properties)', 'hp.geojson', {}],
    ['TopoJSON', 'hp.topojson', {}],
    ['KML', 'hp.kml', {}],
    ['Shapefile, WGS 84', 'hp.zip', {}],
  ] as const)('%s: exact geometry and every attribute', (_label, name, w) => {
    const back = roundTrip(name, c, w);
    expect(coverageDeviation(c, back)).toBe(0);
    expectSameAttrs(c, back);
  });

  it.each([
    ['VN-2000 GeoJSON', 'hp.geojson'],
    ['Shapefile, VN-2000 TM-3 105°45′', 'hp.zip'],
  ] as const)('%s: within 1e-7° after the datum shift there and back, every attribute', (_label, name) => {
    const back = roundTrip(name, c, { crs: HP_VN2000 });
    expect(coverageDeviation(c, back)).toBeLessThan(1e-7);
    expectSameAttrs(c, back);
  });

  it('CSV points, lon/lat: exact geometry, code and name', () => {
    const back = roundTrip('hp.csv', c);
    expect(coverageDeviation(c, back)).toBe(0);
    expectSameAttrs(c, back, (a) => ({ code: a.code, name: a.name }));
  });

  it('CSV points, VN-2000 X = northing: within 1e-7° once the meridian is confirmed', () => {
    const w = unwrap(writeAnyFile('hp.csv', c, { crs: HP_VN2000 }));
    const unconfirmed = readAnyFile('hp.csv', w.bytes);
    expect(unconfirmed.ok ? null : unconfirmed.errors[0]!.code).toBe('crs-unconfirmed');
    expect(unconfirmed.ok ? null : unconfirmed.errors[0]!.values).toEqual({ guess: 'vn2000', axis: 'ne' });
    const layer = unwrap(readAnyFile('hp.csv', w.bytes, { fromCrs: vn2000(105.75) }));
    expect(layer.crs).toEqual(vn2000(105.75, 'ne'));
    expect(coverageDeviation(c, coverageFromFeatures(layer.features))).toBeLessThan(1e-7);
  });

  it('submission GeoJSON: geometry within 1e-7°, national properties read back', () => {
    const back = roundTrip('hp.geojson', c, { submission: { exportedAt: '2026-11-21T03:00:00Z', legalBasis: '1669/NQ-UBTVQH15' } });
    expect(coverageDeviation(c, back)).toBeLessThan(1e-7);
    expectSameAttrs(c, back, (a) => ({
      ...core(a),
      formedFrom: a.formedFrom.map((f) => ({ code: f.code, name: f.name, kind: f.kind })),
      provinceName: a.extra.provinceName,
    }));
  });
});
