// Incremental checks on tiny inline coverages, for the edits the shortcuts of the incremental path must
// notice: each must give exactly what a full check of a fresh copy gives.
import { describe, expect, it } from 'vitest';
import type { Feature, Polygon, Position as GeoPosition } from 'geojson';
import { coverageFromFeatures, type Arc, type Coverage, type Position } from '../../../src/core/model';
import { revalidate, validateCoverage } from '../../../src/core/validation';
import { cachedAnalysis } from '../../../src/core/validation/analysis';
import { freshCopy } from '../../helpers/coverage';

function moveVertex(c: Coverage, arc: number, index: number, to: Position): Coverage {
  const arcs = c.arcs.slice();
  const next: Position[] = arcs[arc]!.slice();
  next[index] = to;
  arcs[arc] = next as Arc;
  return { arcs, units: c.units };
}

const x = (k: number) => 106 + k * 0.001;
const y = (k: number) => 21 + k * 0.001;

function unit(code: string, ...rings: [number, number][][]): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name: code, type: 'xa' },
    geometry: { type: 'Polygon', coordinates: rings.map((ring) => [...ring, ring[0]!].map(([i, j]): GeoPosition => [x(i), y(j)])) },
  };
}

/** The arc holding the vertex at grid point (i, j), and the vertex's index in it. */
function vertexAt(c: Coverage, i: number, j: number): [number, number] {
  for (let a = 0; a < c.arcs.length; a++) {
    const k = c.arcs[a]!.findIndex((q, n) => n > 0 && n < c.arcs[a]!.length - 1 && q[0] === x(i) && q[1] === y(j));
    if (k >= 0) return [a, k];
  }
  throw new Error(`no interior vertex at ${i}, ${j}`);
}

describe('incremental validation on inline coverages', () => {
  it('follows a ring whose orientation flips when one of its vertices moves across it', () => {
    // A triangle overlapping a square: moving the triangle's apex below its base turns it clockwise,
    // which changes the side its interior lies on; the overlap must be measured on the new triangle.
    const start = coverageFromFeatures([unit('00001', [[0, 0], [2, 0], [2, 2], [0, 2]]), unit('00002', [[1, 1], [3, 1], [2, 3]])]);
    const issues = validateCoverage(start);
    expect(issues.filter((i) => i.kind === 'overlap')).toHaveLength(1);
    const [arc, index] = vertexAt(start, 2, 3);
    const next = moveVertex(start, arc, index, [x(2), y(-1)]);
    const inc = revalidate({ coverage: start, issues }, next, { arcs: [arc] });
    expect(inc).toEqual(validateCoverage(freshCopy(next)));
    expect(cachedAnalysis(next)!.uses).not.toBe(cachedAnalysis(start)!.uses);
  });

  it('shares the arc uses when a vertex move keeps every ring the same way round', () => {
    const start = coverageFromFeatures([unit('00001', [[0, 0], [2, 0], [2, 2], [0, 2]]), unit('00002', [[1, 1], [3, 1], [2, 3]])]);
    const issues = validateCoverage(start);
    const [arc, index] = vertexAt(start, 2, 3);
    const next = moveVertex(start, arc, index, [x(2.1), y(3.2)]);
    const inc = revalidate({ coverage: start, issues }, next, { arcs: [arc] });
    expect(inc).toEqual(validateCoverage(freshCopy(next)));
    expect(cachedAnalysis(next)!.uses).toBe(cachedAnalysis(start)!.uses);
  });
});
