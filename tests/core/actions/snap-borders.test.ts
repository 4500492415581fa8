import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { coverageFromFeatures, neighboursOf } from '../../../src/core/model';
import { actionSnapBorders } from '../../../src/core/actions/snap-borders';
import { validateCoverage } from '../../../src/core/validation';

function poly(code: string, ring: number[][]): Feature<Polygon> {
  return { type: 'Feature', properties: { code, name: code, type: 'xa' }, geometry: { type: 'Polygon', coordinates: [ring] } };
}

describe('snapping near-coincident borders', () => {
  // B's copy of the shared border has its middle vertex 2 cm into A: a hair-thin overlap (a sliver).
  const c = coverageFromFeatures([
    poly('10001', [[106, 20], [106.01, 20], [106.01, 20.005], [106.01, 20.01], [106, 20.01], [106, 20]]),
    poly('10002', [[106.01, 20], [106.02, 20], [106.02, 20.01], [106.01, 20.01], [106.0099998, 20.005], [106.01, 20]]),
  ]);

  it('turns a sliver into one shared border', () => {
    expect(validateCoverage(c).some((i) => i.kind === 'sliver')).toBe(true);
    expect(neighboursOf(c, '10001')).toEqual([]);
    const snap = actionSnapBorders('10001', '10002', 0.1);
    expect(snap.disabled(c)).toBe(false);
    const next = snap(c);
    expect(validateCoverage(next).filter((i) => ['overlap', 'gap', 'sliver'].includes(i.kind))).toEqual([]);
    expect(neighboursOf(next, '10001').map((n) => n.id)).toEqual(['10002']);
  });

  it('does nothing (and says so) when no vertex is within the tolerance', () => {
    expect(actionSnapBorders('10001', '10002', 0.001).disabled(c)).toBe('nothing-to-do');
  });
});
