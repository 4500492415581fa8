import { describe, expect, it } from 'vitest';
import { distanceM, geometryAreaM2, lineLengthM, polygonAreaM2, ringAreaM2 } from '../../../src/core/geom/geodesic';
import { coverageFromFeatures } from '../../../src/core/model';
import { unitAreaM2 } from '../../../src/core/geom/unit-measure';
import { haiPhong } from '../../helpers/data';

// WGS84: a = 6378137 m, f = 1/298.257223563. Surface of the ellipsoid in closed form:
// S = 2πa² (1 + (1 − e²)/e · atanh e). An octant (equator + two meridians to the pole; all three are
// geodesics) is exactly S/8, which gives an independent reference for the geodesic polygon area.
const a = 6378137;
const f = 1 / 298.257223563;
const e2 = f * (2 - f);
const e = Math.sqrt(e2);
const SURFACE = 2 * Math.PI * a * a * (1 + ((1 - e2) / e) * Math.atanh(e));

describe('geodesic area on the WGS84 ellipsoid', () => {
  it('gives the closed-form area of an octant', () => {
    expect(Math.abs(SURFACE - 5.10065621724e14)).toBeLessThan(1e3); // WGS84 surface as GeographicLib documents it
    const octant = ringAreaM2([[0, 0], [90, 0], [0, 90], [0, 0]]);
    expect(Math.abs(octant - SURFACE / 8) / (SURFACE / 8)).toBeLessThan(1e-12);
  });

  it('ignores winding and the closing position', () => {
    const ccw = [[105, 20], [105.01, 20], [105.01, 20.01], [105, 20.01], [105, 20]];
    expect(ringAreaM2(ccw)).toBeCloseTo(ringAreaM2([...ccw].reverse()), 6);
    expect(ringAreaM2(ccw)).toBeCloseTo(ringAreaM2(ccw.slice(0, -1)), 6);
  });

  it('subtracts holes', () => {
    const shell = [[105, 20], [105.02, 20], [105.02, 20.02], [105, 20.02], [105, 20]];
    const hole = [[105.005, 20.005], [105.005, 20.015], [105.015, 20.015], [105.015, 20.005], [105.005, 20.005]];
    expect(polygonAreaM2([shell, hole])).toBeCloseTo(ringAreaM2(shell) - ringAreaM2(hole), 3);
    expect(geometryAreaM2({ type: 'MultiPolygon', coordinates: [[shell, hole], [hole]] })).toBeCloseTo(ringAreaM2(shell), 3);
  });

  it('measures a degree of the equator as 111,319.49 m', () => {
    expect(distanceM([0, 0], [1, 0])).toBeCloseTo(111_319.491, 2);
    expect(lineLengthM([[0, 0], [0.5, 0], [1, 0]])).toBeCloseTo(111_319.491, 2);
  });

  it('measures Thành Đông within 1 % of its official 12.22 km²', () => {
    const c = coverageFromFeatures(haiPhong().features);
    const km2 = unitAreaM2(c, '10507') / 1e6;
    expect(Math.abs(km2 - 12.22) / 12.22).toBeLessThan(0.01);
  });

  it('does not mutate its input', () => {
    const ring = [[105, 20], [105.01, 20], [105.01, 20.01], [105, 20]];
    const copy = structuredClone(ring);
    ringAreaM2(ring);
    lineLengthM(ring);
    expect(ring).toEqual(copy);
  });
});
