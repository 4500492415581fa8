import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { buildTopology } from '../../../src/core/topology/build';

// Expected arcs and references are topojson-server 3.0.1's topology() output for the same input, which
// the builder replaced: the checks' output and issue ids depend on arc order, direction and ring starts.
const square = (x: number, y: number): Position[] => [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]];
const poly = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });

describe('buildTopology', () => {
  it('makes a shared edge one arc, used backwards by the second unit, and rotates rings to a junction', () => {
    const t = buildTopology([poly(square(0, 0)), poly(square(1, 0))]);
    expect(t.arcs).toEqual([
      [[1, 0], [1, 1]],
      [[1, 1], [0, 1], [0, 0], [1, 0]],
      [[1, 0], [2, 0], [2, 1], [1, 1]],
    ]);
    expect(t.polygons).toEqual([[[[0, 1]]], [[[2, ~0]]]]);
  });

  it('keeps a ring without junctions whole and matches its reversed, rotated copy (an island in a hole)', () => {
    const t = buildTopology([
      poly([[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]]),
      poly([[2, 2], [1, 2], [1, 1], [2, 1], [2, 2]]),
    ]);
    expect(t.arcs).toEqual([
      [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
      [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]],
    ]);
    expect(t.polygons).toEqual([[[[0], [1]]], [[[~1]]]]);
  });

  it('makes a zero-length arc where a repeated vertex sits at a junction', () => {
    const t = buildTopology([
      poly([[0, 0], [1, 0], [1, 0], [1, 1], [0, 1], [0, 0]]),
      poly([[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]),
    ]);
    expect(t.arcs).toEqual([
      [[1, 0], [1, 0]],
      [[1, 0], [1, 1]],
      [[1, 1], [0, 1], [0, 0], [1, 0]],
      [[1, 0], [2, 0], [2, 1], [1, 1]],
    ]);
    expect(t.polygons).toEqual([[[[0, 1, 2]]], [[[3, ~1]]]]);
  });

  it('reads degenerate rings and empty geometries as topojson-server did', () => {
    const multi = (coordinates: Position[][][]): MultiPolygon => ({ type: 'MultiPolygon', coordinates });
    const t = buildTopology([multi([[[[5, 5]]], [[[0, 0], [1, 0]]]]), multi([]), poly([[0, 0], [1, 0], [1, 1], [0, 0]])]);
    expect(t.arcs).toEqual([[[5, 5]], [[0, 0], [1, 0]], [[0, 0], [1, 0], [1, 1], [0, 0]]]);
    expect(t.polygons).toEqual([[[[~0]], [[1]]], [], [[[2]]]]);
  });

  it('shares the input positions and does not change the input', () => {
    const a = poly(square(0, 0));
    const b = poly(square(1, 0));
    const before = JSON.stringify([a, b]);
    const t = buildTopology([a, b]);
    expect(JSON.stringify([a, b])).toBe(before);
    expect(t.arcs[2]![0]).toBe(b.coordinates[0]![0]);
    expect(a.coordinates[0]).toContain(t.arcs[1]![1]);
  });

  it('treats -0 and 0 as one point', () => {
    const t = buildTopology([poly([[-0, 0], [1, 0], [1, 1], [-0, 1], [-0, 0]]), poly([[0, 0], [0, 1], [-1, 1], [-1, 0], [0, 0]])]);
    expect(t.arcs).toHaveLength(3);
    expect(t.polygons[1]).toEqual([[[~1, 2]]]);
  });
});
