// A unit whose geometry holds no polygon at all (an empty MultiPolygon) has no land and must be an issue
// of its own; before, no rule looked at it.
import { describe, expect, it } from 'vitest';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { coverageFromFeatures } from '../../../src/core/model';
import { validateCoverage } from '../../../src/core/validation';
import { rect } from '../../helpers/coverages';

describe('invalid-ring: empty geometry', () => {
  it('reports a unit with an empty MultiPolygon, once, by its code', () => {
    const empty: Feature<MultiPolygon> = { type: 'Feature', properties: { code: '10002', name: 'B', type: 'xa' }, geometry: { type: 'MultiPolygon', coordinates: [] } };
    const c = coverageFromFeatures([rect('10001', 106, 20, 106.01, 20.01) as Feature<Polygon>, empty]);
    const issues = validateCoverage(c);
    expect(issues.map((i) => [i.id, i.kind, i.severity, i.units, i.details])).toEqual([
      ['invalid-ring/empty:10002', 'invalid-ring', 'error', ['10002'], { problem: 'empty' }],
    ]);
    // Shown somewhere sensible: the middle of the coverage, not (0, 0).
    expect(issues[0]!.at[0]).toBeCloseTo(106.005, 9);
    expect(issues[0]!.at[1]).toBeCloseTo(20.005, 9);
  });
});
