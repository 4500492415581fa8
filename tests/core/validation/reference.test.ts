// The reference facts of issue 3, measured with GEOS 3.11 (areas in an equal-area projection), on the
// real data. Areas must agree within 3 %. Widths are ours (2·area/perimeter, see core/geom/width.ts);
// the reference widths use another definition, so only the side of the tolerance is checked.
import { describe, expect, it } from 'vitest';
import { coverageFromFeatures } from '../../../src/core/model';
import { validateCoverage, type ValidationIssue } from '../../../src/core/validation';
import { distanceM } from '../../../src/core/geom/geodesic';
import { haNoi, haiPhong, laoCai, sonLa } from '../../helpers/data';

const within = (got: number | undefined, want: number, pct = 3) => {
  expect(got).toBeDefined();
  expect(Math.abs(got! - want) / want).toBeLessThanOrEqual(pct / 100);
};
const pair = (i: ValidationIssue) => i.units.join('/');
const overlaps = (issues: readonly ValidationIssue[]) => issues.filter((i) => i.kind === 'overlap');
// Overlap slivers, as their area: a near-coincident border issue (of 'border') counts its overlap part.
const overlapSlivers = (issues: readonly ValidationIssue[]) =>
  issues
    .filter((i) => i.kind === 'sliver' && (i.details?.of === 'overlap' || (i.details?.of === 'border' && Number(i.details.overlapM2) > 0)))
    .map((i) => (i.details?.of === 'border' ? { ...i, areaM2: Number(i.details.overlapM2) } : i));

describe('Hải Phòng', () => {
  const issues = validateCoverage(coverageFromFeatures(haiPhong().features));

  it('has exactly one overlap wider than the tolerance: 11488/11560, about 1,139 m²', () => {
    const o = overlaps(issues);
    expect(o.map(pair)).toEqual(['11488/11560']);
    within(o[0]!.areaM2, 1139);
    expect(o[0]!.widthM!).toBeGreaterThan(0.1);
    expect(o[0]!.severity).toBe('error');
  });

  it('has one enclosed gap of about 56,300 m², a hole in 11455 near 106.7933 E 20.6911 N', () => {
    const gaps = issues.filter((i) => i.kind === 'gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.units).toEqual(['11455']);
    within(gaps[0]!.areaM2, 56_300);
    // The reference gives a point near the hole; ours is inside it, a few hundred metres away.
    expect(distanceM(gaps[0]!.at, [106.7933, 20.6911])).toBeLessThan(500);
  });
});

describe('Hà Nội', () => {
  it('has no overlap', () => {
    expect(overlaps(validateCoverage(coverageFromFeatures(haNoi().features)))).toEqual([]);
  });
});

describe('Lào Cai', () => {
  const issues = validateCoverage(coverageFromFeatures(laoCai().features));
  const big = ['02647/02683', '02647/02746', '02683/02746'];

  it('has one region of about 3.50 km² claimed by 02647, 02683 and 02746: each pair overlaps by it', () => {
    const o = overlaps(issues);
    expect(o.map(pair).sort()).toEqual(big);
    for (const i of o) within(i.areaM2, 3_500_000);
  });

  it('has four more overlaps of a few m², narrower than the tolerance (slivers, warnings)', () => {
    // GEOS states "2–9 m²"; we measure 8.57, 6.87, 6.86 and 1.61 m² (Turf's intersect of the same pairs
    // gives the same areas), plus hair-thin specks of < 0.5 m² that GEOS leaves out.
    const s = overlapSlivers(issues).filter((i) => !big.includes(pair(i)) && i.areaM2! >= 1);
    expect(s).toHaveLength(4);
    for (const i of s) {
      expect(i.areaM2!).toBeGreaterThan(1.5);
      expect(i.areaM2!).toBeLessThan(9);
      expect(i.widthM!).toBeLessThan(0.1);
      expect(i.severity).toBe('warning');
    }
  });
});

describe('Sơn La', () => {
  const issues = validateCoverage(coverageFromFeatures(sonLa().features));

  it('has overlaps 03970/04000 of about 88,400 m² and 03997/04000 of about 67,300 m²', () => {
    const o = overlaps(issues);
    expect(o.map(pair).sort()).toEqual(['03970/04000', '03997/04000']);
    within(o.find((i) => pair(i) === '03970/04000')!.areaM2, 88_400);
    within(o.find((i) => pair(i) === '03997/04000')!.areaM2, 67_300);
  });

  it('has one sliver overlap of about 4 m² between other units', () => {
    // GEOS adds a pair's slivers to its overlap area; the 2.3 m² sliver of 03997/04000 is part of the
    // 67,300 m² above (0.003 %). The other one measures 3.6 m² here ("4 m²" in the reference).
    const s = overlapSlivers(issues).filter((i) => pair(i) !== '03997/04000' && i.areaM2! >= 1);
    expect(s.map(pair)).toEqual(['03901/03907']);
    expect(s[0]!.areaM2!).toBeGreaterThan(3.5);
    expect(s[0]!.areaM2!).toBeLessThan(4.5);
  });
});
