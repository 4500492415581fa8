import { describe, expect, it } from 'vitest';
import { distanceM, geometryAreaM2, lineLengthM, polygonAreaM2, ringAreaM2 } from '../../../src/core/geom/geodesic';
import { coverageFromFeatures } from '../../../src/core/model';
import { unitAreaM2 } from '../../../src/core/geom/unit-measure';
import { haiPhong } from '../../helpers/data';

// WGS84: a = 6378137 m, f = 1/298.257223563. Surface of the ellipsoid in closed form:
// S = 2πa² (1 + (1 − e²)/e · atanh e), and a zone between two parallels in closed form (below): an
// independent reference for areas of rings whose edges are straight in lon/lat.
const a = 6378137;
const f = 1 / 298.257223563;
const e2 = f * (2 - f);
const e = Math.sqrt(e2);
const SURFACE = 2 * Math.PI * a * a * (1 + ((1 - e2) / e) * Math.atanh(e));

describe('geodesic area on the WGS84 ellipsoid', () => {
  it('gives the closed-form area of a box of meridians and parallels, edges straight in lon/lat', () => {
    // A zone between two parallels over Δλ is Δλ·a²/2·(q(φ2) − q(φ1)) (Snyder eq. 3-12). Parallels are not
    // geodesics: measured as such, the box's 1° edges would bow off them by some 80 m.
    const q = (deg: number) => {
      const s = Math.sin((deg * Math.PI) / 180);
      return (1 - e2) * (s / (1 - e2 * s * s) - (1 / (2 * e)) * Math.log((1 - e * s) / (1 + e * s)));
    };
    expect(Math.abs(2 * Math.PI * a * a * q(90) - SURFACE) / SURFACE).toBeLessThan(1e-12);
    const zone = (Math.PI / 180) * (a * a / 2) * (q(21) - q(20));
    const box = ringAreaM2([[105, 20], [106, 20], [106, 21], [105, 21], [105, 20]]);
    expect(Math.abs(box - zone) / zone).toBeLessThan(1e-8);
  });

  it('does not change when a node splits an edge', () => {
    // A 2 cm sliver along a 460 m edge (Lào Cai, differential seed 10844): the overlay may split the long
    // edge where another border touches it, GEOS does not; the area must not depend on it.
    const [p, q, r] = [[103.885847, 22.345947], [103.889923, 22.347696], [103.8878850, 22.3468220]];
    const t = 0.5113336511319836;
    const on = [p[0]! + t * (q[0]! - p[0]!), p[1]! + t * (q[1]! - p[1]!)];
    expect(Math.abs(ringAreaM2([p, on, q, r, p]) - ringAreaM2([p, q, r, p]))).toBeLessThan(0.005);
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
