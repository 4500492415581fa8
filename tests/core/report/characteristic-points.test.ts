// Characteristic points: where three or more faces meet on a unit's rings (checked against GEOS in
// record-vs-geos.test.ts), numbered clockwise from the north, with VN-2000 coordinates
// equal to io/vn2000.ts conversions, and user markers on the border.
import { describe, expect, it } from 'vitest';
import { coverageFromFeatures } from '../../../src/core/model';
import { characteristicPoints } from '../../../src/core/report/characteristic-points';
import { vn2000, wgs84ToVn2000 } from '../../../src/io/vn2000';
import { oldProvinceZone } from '../../../src/core/model/vn2000-zones';
import { haiPhong } from '../../helpers/data';
import { box, snapshot, tee } from './helpers';

describe('characteristic points on real data (Thành Đông, 10507)', () => {
  const c = coverageFromFeatures(haiPhong().features);

  it('are numbered from 1, each where three or more faces meet (positions: record-vs-geos.test.ts)', () => {
    const points = characteristicPoints(c, '10507');
    expect(points).toHaveLength(6);
    expect(points.every((p) => p.kind === 'node')).toBe(true);
    expect(points.map((p) => p.number)).toEqual(points.map((_, i) => i + 1));
    for (const p of points) expect(p.units.length + (p.outside ? 1 : 0)).toBeGreaterThanOrEqual(3);
  });

  it('point 1 is the northernmost; VN-2000 X/Y are io/vn2000.ts conversions to 0.01 m', () => {
    const zone = oldProvinceZone('30')!; // Thành Đông lies in old Hải Dương: its survey meridian
    const crs = vn2000(zone.lon0);
    const points = characteristicPoints(c, '10507', { toGrid: (p) => wgs84ToVn2000(crs, p) });
    expect(Math.max(...points.map((p) => p.lat))).toBe(points[0]!.lat);
    for (const p of points) {
      const [e, n] = wgs84ToVn2000(crs, [p.lon, p.lat]);
      expect(Math.abs(p.x! - n)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(p.y! - e)).toBeLessThanOrEqual(0.005);
      for (const v of [p.x!, p.y!]) expect(Math.abs(v * 100 - Math.round(v * 100))).toBeLessThan(1e-6);
      // Vietnam in TM-3: northings ≈ 1–2.6 million m, eastings within ±400 km of 500 000 m.
      expect(p.x!).toBeGreaterThan(900_000);
      expect(p.y!).toBeGreaterThan(100_000);
      expect(p.y!).toBeLessThan(900_000);
    }
  });

  it('without a converter the grid columns are null', () => {
    expect(characteristicPoints(c, '10507').every((p) => p.x === null && p.y === null)).toBe(true);
  });
});

describe('characteristic points on an inline coverage', () => {
  it('numbers clockwise from the northernmost (then westernmost) node', () => {
    const points = characteristicPoints(tee(), '10001');
    expect(points.map((p) => [p.lon, p.lat])).toEqual([
      [106.0, 20.02],
      [106.02, 20.02],
      [106.02, 20.0],
    ]);
    expect(points.map((p) => [p.units, p.outside])).toEqual([
      [['10001', '10003'], true],
      [['10001', '10002', '10003'], false],
      [['10001', '10002'], true],
    ]);
  });

  it('places markers on the border in walk order, merges one on a node, leaves out one off the border', () => {
    const markers = [
      { id: 'm-west', name: 'Mốc 1', at: [106.0, 20.01] as const },
      { id: 'm-node', name: 'Mốc 2', at: [106.02, 20.02] as const },
      { id: 'm-far', name: 'Mốc 3', at: [106.01, 20.01] as const },
      { id: 'm-south', name: 'Mốc 4', at: [106.01, 20.0] as const },
    ];
    const points = characteristicPoints(tee(), '10001', { markers });
    expect(points.map((p) => [p.number, p.kind, p.marker?.id ?? null])).toEqual([
      [1, 'node', null],
      [2, 'node', 'm-node'],
      [3, 'node', null],
      [4, 'marker', 'm-south'],
      [5, 'marker', 'm-west'],
    ]);
    expect(points[3]!.units).toEqual(['10001']);
    expect(points[3]!.outside).toBe(true);
  });

  it('does not mutate its input', () => {
    const c = tee();
    const before = snapshot(c);
    const markers = [{ id: 'm', name: 'M', at: [106.0, 20.01] as const }];
    const copy = JSON.stringify(markers);
    characteristicPoints(c, '10001', { markers, toGrid: (p) => [p[0], p[1]] });
    expect(snapshot(c)).toBe(before);
    expect(JSON.stringify(markers)).toBe(copy);
  });
});

describe('a point two rings of the unit share', () => {
  it('is one point, a node, carrying a marker placed on either ring', () => {
    // 10001's main square meets 10002 at its north-east corner, where a small part of 10001 touches it.
    const main = box('10001', 'Xã Đông Hoà', 106.0, 20.0, 106.01, 20.01);
    const part = [[106.01, 20.01], [106.01, 20.012], [106.008, 20.012], [106.01, 20.01]];
    const c = coverageFromFeatures([
      { ...main, geometry: { type: 'MultiPolygon', coordinates: [main.geometry.coordinates, [part]] } },
      box('10002', 'Phường Tây Sơn', 106.01, 20.0, 106.02, 20.01),
    ]);
    // Nearer the part's west side than the main part's north side: it goes to the part ring's vertex.
    const marker = { id: 'm1', name: 'M1', at: [106.01 - 1e-7, 20.01 + 3e-7] as [number, number] };
    const points = characteristicPoints(c, '10001', { markers: [marker] });
    const here = points.filter((p) => p.lon === 106.01 && p.lat === 20.01);
    expect(here).toHaveLength(1);
    expect(here[0]).toMatchObject({ kind: 'node', marker: { id: 'm1', name: 'M1' }, units: ['10001', '10002'], outside: true });
    expect(points.map((p) => p.number)).toEqual(points.map((_, i) => i + 1));
  });
});
