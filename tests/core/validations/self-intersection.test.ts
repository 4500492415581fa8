// Self-intersection beyond crossing segments: a spike that folds back along itself through a node is
// stored as one arc used twice by the unit, which no segment test sees; GEOS calls the ring invalid.
import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
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
