// Geometry and validation functions never change their input.
import { describe, expect, it } from 'vitest';
import { coverageFromFeatures } from '../../../src/core/model';
import { validateCoverage, revalidate } from '../../../src/core/validation';
import { intersectSegments } from '../../../src/core/geom/segment-intersection';
import { pointInPolygon } from '../../../src/core/geom/point-in-ring';
import { equalAreaXY, polylineEqualAreaSum, ringEqualAreaM2 } from '../../../src/core/geom/equal-area';
import { ringAreaM2 } from '../../../src/core/geom/geodesic';
import { haiPhong } from '../../helpers/data';

function snapshot(c: ReturnType<typeof coverageFromFeatures>): string {
  return JSON.stringify({ arcs: c.arcs, units: [...c.units.entries()] });
}

describe('does not mutate its input', () => {
  it('validateCoverage and revalidate leave the coverages as they were', () => {
    const features = structuredClone(haiPhong().features.slice(0, 20));
    const before = JSON.stringify(features);
    const c = coverageFromFeatures(features);
    const snap = snapshot(c);
    const issues = validateCoverage(c);
    const arcs = c.arcs.slice();
    arcs[0] = arcs[0]!.map((p) => [p[0] + 1e-7, p[1]] as const);
    const next = { arcs, units: c.units };
    const nextSnap = snapshot(next);
    revalidate({ coverage: c, issues }, next, { arcs: [0] });
    expect(snapshot(c)).toBe(snap);
    expect(snapshot(next)).toBe(nextSnap);
    expect(JSON.stringify(features)).toBe(before);
  });

  it('geometry helpers leave their arguments as they were', () => {
    const ring = [[106, 21], [106.01, 21], [106.01, 21.01], [106, 21]];
    const copy = structuredClone(ring);
    intersectSegments(ring[0]!, ring[2]!, ring[1]!, ring[3]!);
    pointInPolygon(106.005, 21.001, [ring]);
    ringEqualAreaM2(ring);
    polylineEqualAreaSum(ring);
    equalAreaXY(ring[0]!);
    ringAreaM2(ring);
    expect(ring).toEqual(copy);
  });
});

describe('geometry helpers', () => {
  it('equal-area ring areas agree with geodesic areas to 1e-5 on real rings', () => {
    for (const f of haiPhong().features.slice(0, 10)) {
      const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      const ring = polys[0]![0]!;
      expect(Math.abs(ringEqualAreaM2(ring) / ringAreaM2(ring) - 1)).toBeLessThan(1e-5);
    }
  });

  it('intersects segments: crossing, touching, collinear overlap, disjoint', () => {
    expect(intersectSegments([0, 0], [2, 2], [0, 2], [2, 0])).toEqual([{ x: 1, y: 1, t: 0.5, u: 0.5 }]);
    expect(intersectSegments([0, 0], [2, 0], [1, 0], [1, 1])).toEqual([{ x: 1, y: 0, t: 0.5, u: 0 }]);
    expect(intersectSegments([0, 0], [2, 0], [1, 0], [3, 0]).map((h) => [h.x, h.y]).sort((p, q) => p[0]! - q[0]!)).toEqual([[1, 0], [2, 0]]);
    expect(intersectSegments([0, 0], [1, 0], [0, 1], [1, 1])).toEqual([]);
  });
});
