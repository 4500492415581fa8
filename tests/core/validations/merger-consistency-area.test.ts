// The intersection area behind the merger shares agrees with turf.intersect (polyclip-ts) + the same
// equal-area measure, on real pairs and on constructed cases with shared and touching edges.
import { describe, expect, it } from 'vitest';
import type { MultiPolygon } from 'geojson';
import { coverageFromFeatures } from '../../../src/core/model';
import { unitGeometry } from '../../../src/core/geom/unit-measure';
import { intersection } from '../../../src/core/geom/boolean';
import { bboxesOverlap } from '../../../src/core/geom/bbox';
import { intersectionAreaM2 } from '../../../src/core/report/merger/intersection-area';
import { multiPolygonEqualAreaM2 } from '../../../src/core/report/merger/area';
import { indexOldUnits } from '../../../src/core/report/merger/old-units';
import { geometryBBox } from '../../../src/core/geom/bbox';
import { haiPhong } from '../../helpers/data';
import { oldUnitsLayer } from '../report/old-units';

const sq = (x0: number, y0: number, x1: number, y1: number): MultiPolygon => ({
  type: 'MultiPolygon',
  coordinates: [[[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]],
});

function byTurf(a: MultiPolygon, b: MultiPolygon): number {
  const p = intersection(a, b);
  return p ? multiPolygonEqualAreaM2(p) : 0;
}

describe('intersection area', () => {
  it('matches turf.intersect on constructed cases: overlap, containment, shared edge, touching, disjoint, holes', () => {
    const big = sq(106, 20, 106.04, 20.02);
    const holed: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [[big.coordinates[0]![0]!, [[106.01, 20.005], [106.01, 20.015], [106.03, 20.015], [106.03, 20.005], [106.01, 20.005]]]],
    };
    const cases: [MultiPolygon, MultiPolygon][] = [
      [sq(106.01, 20.01, 106.05, 20.03), big],
      [sq(106.01, 20.005, 106.02, 20.01), big],
      [sq(106.0, 20.0, 106.02, 20.02), big], // shares two edges, runs the same way
      [sq(106.04, 20.0, 106.06, 20.02), big], // touches along an edge only
      [sq(106.0, 20.0, 106.02, 20.01), sq(106.01, 20.0, 106.03, 20.01)], // partly shared bottom edge
      [sq(107, 21, 107.01, 21.01), big],
      [sq(106.0, 20.0, 106.02, 20.01), holed],
    ];
    for (const [a, b] of cases) {
      const want = byTurf(a, b);
      expect(Math.abs(intersectionAreaM2(a, b) - want)).toBeLessThanOrEqual(1e-6 * Math.max(1, want));
      expect(Math.abs(intersectionAreaM2(b, a) - want)).toBeLessThanOrEqual(1e-6 * Math.max(1, want));
    }
  });

  it('matches turf.intersect on real pairs of new and old communes', () => {
    const c = coverageFromFeatures(haiPhong().features);
    const index = indexOldUnits(oldUnitsLayer());
    const ids = [...c.units.keys()].filter((_, i) => i % 19 === 0);
    let pairs = 0;
    for (const id of ids) {
      const g = unitGeometry(c, id);
      const box = geometryBBox(g);
      for (const old of index.units) {
        if (!bboxesOverlap(box, old.bbox)) continue;
        pairs++;
        const want = byTurf(old.geometry, g);
        expect(Math.abs(intersectionAreaM2(old.geometry, g) - want)).toBeLessThanOrEqual(1e-6 * old.areaM2);
      }
    }
    expect(pairs).toBeGreaterThan(20);
  });

  it('does not mutate its input', () => {
    const a = sq(106.01, 20.01, 106.05, 20.03);
    const b = sq(106, 20, 106.04, 20.02);
    const before = JSON.stringify([a, b]);
    intersectionAreaM2(a, b);
    expect(JSON.stringify([a, b])).toBe(before);
  });
});
