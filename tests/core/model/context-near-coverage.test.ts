import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { coverageFromFeatures } from '../../../src/core/model';
import { contextNearCoverage, makeContextUnit, type ContextUnit, type ContextUnits } from '../../../src/core/model/context-units';
import type { Position } from '../../../src/core/model/types';

function square(code: string, x0: number, y0: number, size = 1): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name: code, fullName: `Xã ${code}` },
    geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]] },
  };
}

function ctx(code: string, ring: Position[]): ContextUnit {
  return makeContextUnit({ code, fullName: `Xã ${code}`, provinceCode: '99', provinceName: 'Tỉnh Khác', polygons: [[ring]] });
}

const box = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];

// The draft: an L of three unit squares (0..2 × 0..1 and 0..1 × 1..2); its bounding box is 0..2 × 0..2,
// and the corner 1..2 × 1..2 is inside that box but outside the draft.
const draft = coverageFromFeatures([square('A', 0, 0), square('B', 1, 0), square('C', 0, 1)]);
const of = (...units: ContextUnit[]): ContextUnits => new Map(units.map((u) => [u.id, u]));
const kept = (context: ContextUnits) => [...contextNearCoverage(draft, context, 0.01).values()].map((u) => u.code).sort();

describe('contextNearCoverage', () => {
  it('keeps a unit that shares the draft’s edge', () => {
    expect(kept(of(ctx('east', box(2, 0, 3, 1)), ctx('corner', box(1, 1, 2, 2))))).toEqual(['corner', 'east']);
  });

  it('drops a unit inside the draft’s bounding box that comes nowhere near its edge', () => {
    // Far beyond the pad from every edge, though within the box a neighbour search by boxes uses.
    const far = ctx('far', box(1.5, 1.5, 1.9, 1.9).map(([x, y]) => [x! + 0.05, y! + 0.05]));
    expect(kept(of(far, ctx('east', box(2, 0, 3, 1))))).toEqual(['east']);
  });

  it('keeps a unit whose long segment crosses the edge with every vertex far from it', () => {
    // A thin triangle from (1.5, 3) down across the draft's top edge to (0.5, 0.5) and back: its only
    // vertices are far from the edge, one of them inside the draft.
    const across = ctx('across', [[1.5, 3], [0.5, 0.5], [1.6, 3], [1.5, 3]]);
    expect(kept(of(across))).toEqual(['across']);
  });

  it('keeps a unit lying wholly inside the draft (an overlap no edge shows)', () => {
    expect(kept(of(ctx('inside', box(0.4, 0.4, 0.6, 0.6))))).toEqual(['inside']);
  });

  it('returns the same map when nothing is dropped, and does not change its input', () => {
    const context = of(ctx('east', box(2, 0, 3, 1)));
    const before = JSON.stringify([...context]);
    expect(contextNearCoverage(draft, context, 0.01)).toBe(context);
    contextNearCoverage(draft, of(...context.values(), ctx('far', box(10, 10, 11, 11))), 0.01);
    expect(JSON.stringify([...context])).toBe(before);
  });
});
