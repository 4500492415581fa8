import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { coverageFromFeatures, unitToFeature } from '../../../src/core/model';
import { actionMoveVertex, coincidentVertices } from '../../../src/core/actions/move-vertex';

function rect(code: string, x0: number, x1: number): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name: code },
    geometry: { type: 'Polygon', coordinates: [[[x0, 0], [x1, 0], [x1, 1], [x0, 1], [x0, 0]]] },
  };
}

// A | B | C side by side: borders A|B and B|C are shared arcs.
const c = coverageFromFeatures([rect('A', 0, 1), rect('B', 1, 2), rect('C', 2, 3)]);
const ring = (cov: typeof c, id: string) => unitToFeature(cov, cov.units.get(id)!).geometry.coordinates[0]![0]!;

describe('actionMoveVertex', () => {
  it('moves a node for every arc that ends there, so both units follow', () => {
    const arc = c.arcs.findIndex((a) => a.some((p) => p[0] === 1 && p[1] === 0));
    const index = c.arcs[arc]!.findIndex((p) => p[0] === 1 && p[1] === 0);
    expect(coincidentVertices(c, { arc, index }).length).toBeGreaterThan(1);
    const next = actionMoveVertex({ arc, index }, [1.2, -0.1])(c);
    expect(ring(next, 'A')).toContainEqual([1.2, -0.1]);
    expect(ring(next, 'B')).toContainEqual([1.2, -0.1]);
    expect(ring(next, 'A')).not.toContainEqual([1, 0]);
    expect(ring(next, 'B')).not.toContainEqual([1, 0]);
    expect(ring(next, 'C')).toEqual(ring(c, 'C'));
  });

  it('does not mutate the coverage it is given', () => {
    const before = JSON.stringify(c.arcs);
    actionMoveVertex({ arc: 0, index: 0 }, [9, 9])(c);
    expect(JSON.stringify(c.arcs)).toBe(before);
  });

  it('is disabled for a vertex that does not exist', () => {
    expect(actionMoveVertex({ arc: 999, index: 0 }, [0, 0]).disabled(c)).toBe('unknown-vertex');
    expect(actionMoveVertex({ arc: 0, index: 0 }, [0, 0]).disabled(c)).toBe(false);
  });
});
