// Self-intersection beyond crossing segments: a spike that folds back along itself through a node is
// stored as one arc used twice by the unit, which no segment test sees; GEOS calls the ring invalid.
import { describe, expect, it } from 'vitest';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { oracle } from '../../oracle/geos';
import { coverageFromFeatures } from '../../../src/core/model';
import { validateCoverage } from '../../../src/core/validation';
import { rect } from '../../helpers/coverages';

const unit = (code: string, ring: number[][]): Feature<Polygon> => ({
  type: 'Feature',
  properties: { code, name: `N${code}`, type: 'xa' },
  geometry: { type: 'Polygon', coordinates: [ring] },
});

describe('self-intersection', () => {
  it('finds a spike that goes there and back from a node shared with a neighbour', () => {
    // 10001 is the square 106.00–106.01; its right edge is shared with 10002. At the shared corner
    // (106.01, 20.01) the ring of 10001 runs out to (106.005, 20.015) and straight back.
    const spiky = unit('10001', [[106, 20], [106.01, 20], [106.01, 20.01], [106.005, 20.015], [106.01, 20.01], [106, 20.01], [106, 20]]);
    const c = coverageFromFeatures([spiky, rect('10002', 106.01, 20, 106.02, 20.01)]);
    const issues = validateCoverage(c).filter((i) => i.kind === 'self-intersection');
    expect(issues.map((i) => i.units)).toEqual([['10001']]);
    expect(issues[0]!.geometry).toEqual({ type: 'MultiPoint', coordinates: [[106.005, 20.015], [106.01, 20.01]] });
  });

  it('is not fooled by a repeated vertex (a zero-length arc used twice)', () => {
    const doubled = unit('10001', [[106, 20], [106.01, 20], [106.01, 20.01], [106.01, 20.01], [106, 20.01], [106, 20]]);
    const c = coverageFromFeatures([doubled, rect('10002', 106.01, 20, 106.02, 20.01)]);
    expect(validateCoverage(c).filter((i) => i.kind === 'self-intersection')).toEqual([]);
  });
});

// A ring that passes through one of its own vertices twice is invalid for GEOS ("Ring Self-intersection")
// and was valid for us: the topology cuts an arc there, so no segment crossed another. A hole touching
// its shell, or two polygons touching, at one point stay valid for both.
describe('self-intersection: a ring that touches itself at a vertex', () => {
  const feature = (code: string, coordinates: number[][][][]): Feature<MultiPolygon, { code: string; name: string; type: string }> => ({
    type: 'Feature', properties: { code, name: `N${code}`, type: 'xa' }, geometry: { type: 'MultiPolygon', coordinates },
  });
  // Two squares' worth of ring meeting at (106.01, 20.01): a figure of eight drawn as one ring.
  const eight = [[[106, 20], [106.01, 20], [106.01, 20.01], [106.02, 20.01], [106.02, 20.02], [106.01, 20.02], [106.01, 20.01], [106, 20.01], [106, 20]]];
  // A shell with a hole whose corner touches the shell's corner.
  const holed = [
    [[106, 20], [106.03, 20], [106.03, 20.03], [106, 20.03], [106, 20]],
    [[106, 20], [106.01, 20.02], [106.02, 20.01], [106, 20]],
  ];
  // Two polygons of one unit meeting at a corner.
  const corners = [[[[106, 20], [106.01, 20], [106.01, 20.01], [106, 20.01], [106, 20]]], [[[106.01, 20.01], [106.02, 20.01], [106.02, 20.02], [106.01, 20.02], [106.01, 20.01]]]];

  const invalid = (fs: Feature<MultiPolygon, { code: string; name: string; type: string }>[]) =>
    validateCoverage(coverageFromFeatures(fs)).filter((i) => i.kind === 'invalid-ring' || i.kind === 'self-intersection');

  it('reports the figure of eight where it touches itself, as GEOS does', async () => {
    const f = feature('10001', [eight]);
    const ours = invalid([f]);
    expect(ours.map((i) => [i.kind, i.units, i.details, i.at])).toEqual([['self-intersection', ['10001'], { points: 1 }, [106.01, 20.01]]]);
    expect([...(await oracle([f])).invalid.keys()]).toEqual(['10001']);
  });

  it('a hole touching its shell and two polygons touching at a corner are valid for both', async () => {
    const fs = [feature('10001', [holed]), feature('10002', corners.map((p) => p.map((r) => r.map(([x, y]) => [x! + 0.1, y!]))))];
    expect(invalid(fs)).toEqual([]);
    expect([...(await oracle(fs)).invalid.keys()]).toEqual([]);
  });
});
