// Slivers of the data in a unit's rings (ring-walk.ts): a detached part or a hole narrower than the
// record's tolerance, that the units across read alike (only the outside or a gap across, or an enclave
// and the hole it fills), is not numbered or described leg by leg, but named in one sentence. Real data
// has enclaves of 0.0007 m² that gave two units a 0.23 m "border" each had to sign. A thin part against a
// neighbour's ordinary border stays numbered: both records must give the border the same length. Its
// points once repeated a point of the main border (33:12452, 38:16177, 68:24846): a point two rings
// share now has one number.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { coverageFromFeatures, type Coverage } from '../../../src/core/model';
import { decodeTopologyFile, topologyFileFeatures } from '../../../src/io/topology-file';
import { unitReport } from '../../../src/core/report/unit-report';
import { unitGeometry } from '../../../src/core/geom/unit-measure';
import { distanceM } from '../../../src/core/geom/geodesic';
import { ROOT } from '../../helpers/data';
import { box } from './helpers';

/** A thin triangle: an 11 m base along the meridian from (lon, lat), its apex 0.1 m east (width ≈ 0.05 m). */
function thin(lon: number, lat: number): Position[] {
  return [[lon, lat], [lon + 0.000001, lat + 0.00005], [lon, lat + 0.0001], [lon, lat]];
}

/**
 * 10001: its main part west of 10002, a 500 m island to the east, a thin part out in the open to the
 * south-west, a thin part filling a thin hole of 10002 (an enclave), and, with `against`, a thin part
 * lying against 10002's east side.
 */
function withSlivers(against = false): Coverage {
  const main = box('10001', 'Xã Đảo Ngọc', 106.0, 20.0, 106.02, 20.02);
  const island = [[106.05, 20.0], [106.055, 20.0], [106.055, 20.005], [106.05, 20.005], [106.05, 20.0]];
  const enclave = thin(106.03, 20.01);
  const geometry: MultiPolygon = {
    type: 'MultiPolygon',
    coordinates: [main.geometry.coordinates, [island], [thin(105.99, 19.99)], [enclave], ...(against ? [[thin(106.04, 20.015)]] : [])],
  };
  const east = box('10002', 'Phường Tây Sơn', 106.02, 20.0, 106.04, 20.02);
  const withHole: Feature<Polygon> = { ...east, geometry: { type: 'Polygon', coordinates: [east.geometry.coordinates[0]!, [...enclave].reverse()] } };
  return coverageFromFeatures([{ ...main, geometry }, withHole]);
}

function perimeterOf(c: Coverage, id: string): number {
  let s = 0;
  for (const poly of unitGeometry(c, id).coordinates) for (const r of poly) for (let i = 0; i + 1 < r.length; i++) s += distanceM(r[i]!, r[i + 1]!);
  return s;
}

/** Every metre of the unit's rings is in a leg or a sliver: nothing dropped without a word. */
function accounted(c: Coverage, id: string): { legs: number; slivers: number; perimeter: number } {
  const r = unitReport(c, id);
  return {
    legs: r.rings.reduce((s, x) => s + x.lengthM, 0),
    slivers: r.slivers.reduce((s, x) => s + x.perimeterM, 0),
    perimeter: perimeterOf(c, id),
  };
}

describe('slivers of the data on an inline coverage', () => {
  const c = withSlivers();

  it('numbers the points of the main part and the island only, and names the two thin parts in a sentence', () => {
    const r = unitReport(c, '10001');
    expect(r.points.map((p) => [p.lon, p.lat])).toEqual([
      [106.02, 20.02],
      [106.02, 20.0],
    ]);
    expect(r.rings.map((x) => [x.role, x.main, x.legs.length])).toEqual([
      ['shell', true, 2],
      ['shell', false, 1],
    ]);
    expect(r.slivers.map((s) => [s.role, s.across])).toEqual([
      ['part', [null]],
      ['part', ['10002']],
    ]);
    for (const s of r.slivers) {
      expect(s.widthM).toBeGreaterThan(0.04);
      expect(s.widthM).toBeLessThan(0.06);
      expect(s.perimeterM).toBeCloseTo(22.1, 0);
    }
    // The border with 10002 is the main part's east side alone, not 22 m more round the enclave.
    expect(r.neighbours.map((n) => n.id)).toEqual(['10002']);
    expect(r.neighbours[0]!.sharedBorderM).toBeCloseTo(distanceM([106.02, 20.0], [106.02, 20.02]), 6);
    expect(r.sheets.map((s) => s.neighbour)).toEqual(['10002']);
    const vi = r.description.vi;
    expect(vi).toHaveLength(3);
    expect(vi[0]).toMatch(/^Vòng 1 \(phần chính\): /);
    expect(vi[1]).toMatch(/^Vòng 2 \(phần tách rời hoặc đảo\): /);
    expect(vi[2]).toMatch(/^Ngoài ra, dữ liệu còn 2 mảnh rất hẹp, là sai lệch của số liệu/);
    expect(vi[2]).toContain('một phần tách rời tại 105.9900000, 19.9901000, diện tích 0,58 m², chu vi 22 m, rộng trung bình 0,05 m, giáp ranh giới ngoài của tỉnh');
    expect(vi[2]).toContain('giáp Phường Tây Sơn');
    expect(r.description.en[2]).toMatch(/^Besides, the data hold 2 very narrow pieces/);
    const a = accounted(c, '10001');
    expect(a.legs + a.slivers).toBeCloseTo(a.perimeter, 6);
  });

  it('folds the enclave hole of the neighbour too, and gives grid coordinates when the record has a grid', () => {
    const r = unitReport(c, '10002', { toGrid: (p) => [p[0] * 1000, p[1] * 1000] });
    expect(r.slivers.map((s) => [s.role, s.across])).toEqual([['hole', ['10001']]]);
    expect(r.rings).toHaveLength(1);
    expect(r.neighbours.map((n) => n.id)).toEqual(['10001']);
    expect(r.description.vi).toHaveLength(2);
    expect(r.description.vi[0]).not.toMatch(/^Vòng/);
    expect(r.description.vi[1]).toContain('một lỗ hổng tại X = 20010.10, Y = 106030.00');
    expect(r.description.vi[1]).toContain('giáp Xã Đảo Ngọc');
  });

  it('numbers the thin parts like any part when the tolerance is below their width', () => {
    const r = unitReport(c, '10001', { sliverWidthM: 0.01 });
    expect(r.slivers).toEqual([]);
    expect(r.rings).toHaveLength(4);
    // The enclave meets only 10002 and the outside part only the outside: whole-ring legs, no points.
    expect(r.points).toHaveLength(2);
    expect(r.description.vi.at(-1)).toMatch(/^Vòng 4 \(phần tách rời hoặc đảo\): Toàn bộ vòng ranh giới/);
  });

  it('keeps a thin part against a neighbour\'s ordinary border numbered, with its border counted', () => {
    const c2 = withSlivers(true);
    const r = unitReport(c2, '10001');
    // The outside part and the enclave fold as before; the part against 10002's east side does not.
    expect(r.slivers.map((s) => s.across)).toEqual([[null], ['10002']]);
    expect(r.rings).toHaveLength(3);
    expect(r.neighbours.find((n) => n.id === '10002')!.sharedBorderM).toBeGreaterThan(distanceM([106.02, 20.0], [106.02, 20.02]) + 10);
    const coords = r.points.map((p) => `${p.lon},${p.lat}`);
    expect(new Set(coords).size).toBe(coords.length);
  });

  it('never folds the largest part, however thin', () => {
    const only = coverageFromFeatures([{ ...box('10009', 'Xã Mỏng', 0, 0, 1, 1), geometry: { type: 'Polygon', coordinates: [thin(106.0, 20.0)] } }]);
    const r = unitReport(only, '10009');
    expect(r.slivers).toEqual([]);
    expect(r.rings).toHaveLength(1);
  });
});

function province(code: string): Coverage {
  const bytes = new Uint8Array(readFileSync(join(ROOT, 'public', 'data', 'provinces', `${code}.bin`)));
  return coverageFromFeatures(topologyFileFeatures(decodeTopologyFile(bytes, `${code}.bin`)) as never);
}

describe('slivers of the national data', () => {
  // Found by walking every unit of the 34 provinces: 36 thin rings in 30 units, 16 of them enclave
  // pairs; the thin parts against ordinary borders whose points repeated a point of the main border;
  // and an enclave pair.
  const cases: { province: string; unit: string; slivers: [string, (string | null)[]][] }[] = [
    { province: '33', unit: '12452', slivers: [] },
    { province: '38', unit: '16177', slivers: [] },
    { province: '68', unit: '24846', slivers: [] },
    { province: '08', unit: '00958', slivers: [['part', ['01075']]] },
    { province: '08', unit: '01075', slivers: [['hole', ['00958']]] },
  ];
  const loaded = new Map<string, Coverage>();
  const get = (code: string) => loaded.get(code) ?? loaded.set(code, province(code)).get(code)!;

  for (const k of cases) {
    it(`${k.province}:${k.unit}: each point once, all nodes, a sliver named, every metre accounted for`, () => {
      const c = get(k.province);
      const r = unitReport(c, k.unit);
      expect(r.slivers.map((s) => [s.role, s.across])).toEqual(k.slivers);
      for (const s of r.slivers) expect(s.widthM).toBeLessThan(0.1);
      const coords = r.points.map((p) => `${p.lon},${p.lat}`);
      expect(new Set(coords).size).toBe(coords.length);
      expect(r.points.every((p) => p.kind === 'node' && p.units.length + (p.outside ? 1 : 0) + (p.gap ? 1 : 0) >= 3)).toBe(true);
      if (k.slivers.length) expect(r.description.vi.at(-1)).toMatch(/^Ngoài ra, dữ liệu còn 1 mảnh rất hẹp/);
      else expect(r.description.vi.join(' ')).not.toContain('mảnh rất hẹp');
      // Whatever folds, both sides of every border give it the same length (0.5 mm: summation order).
      for (const n of r.neighbours) {
        const back = unitReport(c, n.id).neighbours.find((x) => x.id === k.unit);
        if (k.slivers.length) expect(back?.sharedBorderM ?? 0, `${k.unit}–${n.id}`).toBeCloseTo(n.sharedBorderM, 3);
      }
      // Legs are measured through the neighbours' vertices within 0.1 m of a segment, a few centimetres
      // longer over tens of kilometres; the smallest sliver in the data is 0.209 m round.
      const a = accounted(c, k.unit);
      expect(Math.abs(a.legs + a.slivers - a.perimeter)).toBeLessThan(0.1);
    });
  }
});

describe('a part that touches the main part at a node (75:25225)', () => {
  it('is one point of the record with one number, which the legs of both rings use', () => {
    const r = unitReport(province('75'), '25225');
    expect(r.slivers).toEqual([]);
    const coords = r.points.map((p) => `${p.lon},${p.lat}`);
    expect(new Set(coords).size).toBe(coords.length);
    expect(r.points.map((p) => p.number)).toEqual(r.points.map((_, i) => i + 1));
    const [main, part] = r.rings;
    expect(part!.main).toBe(false);
    // The small part (7 m round) starts where it touches the main part, at point 4, and has one point
    // of its own (where it meets 25309 and the outside); before, point 4 was listed again as point 5.
    expect(main!.legs.map((l) => [l.from, l.to])).toEqual([[1, 2], [2, 3], [3, 4], [4, 1]]);
    expect(part!.legs.map((l) => [l.from, l.to])).toEqual([[4, 5], [5, 4]]);
    expect(r.points).toHaveLength(5);
    for (const leg of r.rings.flatMap((x) => x.legs)) expect(leg.lengthM).toBeGreaterThan(0.5);
  });
});
