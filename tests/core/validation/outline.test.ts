// The reference outline (the --outline option): outline minus the coverage is a gap, tagged as coming
// from the outline; land the outline does not cover is not reported; holes of the union inside the
// outline are reported once, not once by each rule.
import { describe, expect, it } from 'vitest';
import type { Feature, Polygon, Position } from 'geojson';
import { coverageFromFeatures } from '../../../src/core/model';
import { validateCoverage } from '../../../src/core/validation';
import { geometryAreaM2 } from '../../../src/core/geom/geodesic';
import { rect } from '../../helpers/coverages';

/** A polygon with the given rings (lon/lat boxes), the first the shell and the rest holes. */
function box(x0: number, y0: number, x1: number, y1: number): Position[] {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
}
const polygon = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });

/** Two units side by side: 10001 on 106.00–106.01, 10002 on 106.01–106.02, both 20.00–20.01. */
const pair = () => coverageFromFeatures([rect('10001', 106, 20, 106.01, 20.01), rect('10002', 106.01, 20, 106.02, 20.01)]);

describe('gap against a reference outline', () => {
  it('reports the part of the outline no unit covers, with the units beside it', () => {
    const outline = polygon(box(106, 20, 106.03, 20.01));
    const issues = validateCoverage(pair(), { outline });
    expect(issues).toHaveLength(1);
    const gap = issues[0]!;
    expect(gap).toMatchObject({ kind: 'gap', severity: 'error', units: ['10002'], details: { of: 'gap', source: 'outline' } });
    const uncovered = geometryAreaM2(polygon(box(106.02, 20, 106.03, 20.01)));
    expect(gap.areaM2! / uncovered).toBeCloseTo(1, 3);
    // About 1.05 km × 1.11 km: the width is of that order, far above the tolerance.
    expect(gap.widthM!).toBeGreaterThan(400);
    expect(gap.widthM!).toBeLessThan(1200);
    expect(gap.at[0]).toBeGreaterThanOrEqual(106.02);
    expect(gap.at[0]).toBeLessThanOrEqual(106.03);
    const g = gap.geometry;
    if (g.type !== 'Polygon') throw new Error(`gap geometry is a ${g.type}, not a Polygon`);
    expect(geometryAreaM2(g) / uncovered).toBeCloseTo(1, 3);
    expect(gap.id).toMatch(/^gap\/outline:10002:/);
  });

  it('reports nothing without the outline', () => {
    expect(validateCoverage(pair())).toEqual([]);
  });

  it('reports nothing when the coverage fills the outline', () => {
    expect(validateCoverage(pair(), { outline: polygon(box(106, 20, 106.02, 20.01)) })).toEqual([]);
  });

  it('reports nothing for coverage outside the outline (only outline minus coverage is a gap)', () => {
    expect(validateCoverage(pair(), { outline: polygon(box(106.002, 20.002, 106.018, 20.008)) })).toEqual([]);
  });

  it('takes the outline as a Feature as well as a geometry', () => {
    const outline: Feature<Polygon> = { type: 'Feature', properties: {}, geometry: polygon(box(106, 20, 106.03, 20.01)) };
    expect(validateCoverage(pair(), { outline }).map((i) => i.id)).toEqual(validateCoverage(pair(), { outline: outline.geometry }).map((i) => i.id));
  });

  it('reports an uncovered strip narrower than the tolerance as a sliver warning', () => {
    // 1e-7° of longitude at 20° N is about 1 cm.
    const outline = polygon(box(106, 20, 106.0200001, 20.01));
    const issues = validateCoverage(pair(), { outline });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ kind: 'sliver', severity: 'warning', units: ['10002'], details: { of: 'gap', source: 'outline' } });
    expect(issues[0]!.widthM!).toBeLessThan(0.1);
  });

  it('reports a hole of the union inside the outline once, as an outline gap', () => {
    // 10001 is a ring around an empty square; 10002 sits beside it.
    const ring = { ...rect('10001', 106, 20, 106.01, 20.01), geometry: polygon(box(106, 20, 106.01, 20.01), box(106.004, 20.004, 106.006, 20.006)) };
    const c = coverageFromFeatures([ring, rect('10002', 106.01, 20, 106.02, 20.01)]);
    const without = validateCoverage(c);
    expect(without.map((i) => [i.kind, i.details?.source])).toEqual([['gap', undefined]]);
    const withOutline = validateCoverage(c, { outline: polygon(box(106, 20, 106.02, 20.01)) });
    expect(withOutline).toHaveLength(1);
    expect(withOutline[0]).toMatchObject({ kind: 'gap', details: { of: 'gap', source: 'outline' } });
    expect(withOutline[0]!.areaM2! / without[0]!.areaM2!).toBeCloseTo(1, 3);
  });

  it('does not mutate the outline', () => {
    const outline = polygon(box(106, 20, 106.03, 20.01));
    const before = structuredClone(outline);
    validateCoverage(pair(), { outline });
    expect(outline).toEqual(before);
  });
});

describe('outline gaps with overlapping units', () => {
  // A unit that overlaps its neighbour, or appears twice, used to break the union the outline is
  // compared with (merging the topology's arcs): the overlap came out as an outline gap.
  it('finds no outline gap where units overlap or repeat, only the overlaps', () => {
    const c = coverageFromFeatures([
      rect('10001', 106, 20, 106.011, 20.01), // 100 m into 10002
      rect('10002', 106.01, 20, 106.02, 20.01),
      rect('10003', 106.02, 20, 106.03, 20.01),
      rect('10004', 106.02, 20, 106.03, 20.01), // 10003 again under another code
    ]);
    const issues = validateCoverage(c, { outline: polygon(box(106, 20, 106.03, 20.01)) });
    expect(issues.filter((i) => i.kind === 'gap')).toEqual([]);
    expect(issues.filter((i) => i.kind === 'overlap').map((i) => i.units)).toEqual([['10001', '10002'], ['10003', '10004']]);
  });

  it('names no unit for an island of the outline that no unit reaches, and locates each piece inside itself', () => {
    const outline: Polygon | { type: 'MultiPolygon'; coordinates: Position[][][] } = {
      type: 'MultiPolygon',
      coordinates: [[box(106, 20, 106.02, 20.01)], [box(106.05, 20, 106.051, 20.001)]],
    };
    const issues = validateCoverage(pair(), { outline }).filter((i) => i.kind === 'gap');
    expect(issues).toHaveLength(1);
    expect(issues[0]!.units).toEqual([]);
    const [x, y] = issues[0]!.at;
    expect(x).toBeGreaterThan(106.05);
    expect(x).toBeLessThan(106.051);
    expect(y).toBeGreaterThan(20);
    expect(y).toBeLessThan(20.001);
  });

  it('locates a thin curved outline gap at a point inside it, not at a vertex', () => {
    // An L-shaped sliver of outline 1 m wide along two sides of the pair.
    const outline = polygon([[106, 20], [106.02001, 20], [106.02001, 20.01001], [106, 20.01001], [106, 20]]);
    const gaps = validateCoverage(pair(), { outline }).filter((i) => i.details?.source === 'outline');
    expect(gaps).toHaveLength(1);
    const [x, y] = gaps[0]!.at;
    const inL = (x > 106.02 && x < 106.02001 && y > 20 && y < 20.01001) || (y > 20.01 && y < 20.01001 && x > 106 && x < 106.02001);
    expect(inL).toBe(true);
  });
});
