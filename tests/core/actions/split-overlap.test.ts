import { describe, expect, it } from 'vitest';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { coverageFromFeatures } from '../../../src/core/model';
import { actionSplitOverlap } from '../../../src/core/actions/split-overlap';
import { validateCoverage } from '../../../src/core/validation';
import { unitAreaM2 } from '../../../src/core/geom/unit-measure';
import { haiPhong } from '../../helpers/data';

function poly(code: string, ring: number[][]): Feature<Polygon> {
  return { type: 'Feature', properties: { code, name: code, type: 'xa' }, geometry: { type: 'Polygon', coordinates: [ring] } };
}

describe('splitting an overlap along its middle', () => {
  // A's right border bulges 0.002° into B: a triangular overlap bounded by A's bulge and B's straight edge.
  const c = coverageFromFeatures([
    poly('10001', [[106, 20], [106.01, 20], [106.01, 20.002], [106.012, 20.005], [106.01, 20.008], [106.01, 20.01], [106, 20.01], [106, 20]]),
    poly('10002', [[106.01, 20], [106.02, 20], [106.02, 20.01], [106.01, 20.01], [106.01, 20]]),
  ]);
  const overlap = validateCoverage(c).find((i) => i.kind === 'overlap')!;

  it('gives each unit about half, and the overlap is gone', () => {
    expect(overlap).toBeDefined();
    const a = actionSplitOverlap(overlap.geometry as MultiPolygon, '10001', '10002');
    expect(a.disabled(c)).toBe(false);
    const next = a(c);
    expect(validateCoverage(next).filter((i) => i.severity === 'error')).toEqual([]);
    const lostA = unitAreaM2(c, '10001') - unitAreaM2(next, '10001');
    const lostB = unitAreaM2(c, '10002') - unitAreaM2(next, '10002');
    expect(lostA + lostB).toBeCloseTo(overlap.areaM2!, -1);
    expect(lostA / overlap.areaM2!).toBeGreaterThan(0.35);
    expect(lostA / overlap.areaM2!).toBeLessThan(0.65);
  });

  it('works on the real 11488/11560 overlap', () => {
    const hp = coverageFromFeatures(haiPhong().features);
    const real = validateCoverage(hp).find((i) => i.kind === 'overlap' && i.units.join() === '11488,11560')!;
    const a = actionSplitOverlap(real.geometry as MultiPolygon, real.unitIds[0]!, real.unitIds[1]!);
    expect(a.disabled(hp)).toBe(false);
    const after = validateCoverage(a(hp));
    expect(after.some((i) => i.kind === 'overlap' && i.units.join() === '11488,11560')).toBe(false);
    const before = new Set(validateCoverage(hp).filter((i) => i.severity === 'error').map((i) => i.id));
    expect(after.filter((i) => i.severity === 'error' && !before.has(i.id))).toEqual([]);
  });
});
