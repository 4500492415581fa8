import { describe, expect, it } from 'vitest';
import { compareCoverages } from '../../../src/core/model/compare';
import { actionInsertVertex } from '../../../src/core/actions/insert-vertex';
import { actionMoveVertex } from '../../../src/core/actions/move-vertex';
import { actionSetAttributes } from '../../../src/core/actions/set-attributes';
import { actionMergeUnits } from '../../../src/core/actions/merge-units';
import { areaOf, row } from '../../helpers/coverages';

describe('compareCoverages', () => {
  const c = row();
  const shared = c.arcs.findIndex((a) => a.length === 2 && a.every((p) => p[0] === 106.01));

  it('finds nothing between a coverage and itself', () => {
    expect(compareCoverages(c, c)).toEqual({ units: [], changedBorders: [] });
  });

  it('reports the units a moved border changed, with their area differences, and the new border', () => {
    const moved = actionMoveVertex({ arc: shared, index: 1 }, [106.012, 20.005])(actionInsertVertex(shared, 0, [106.01, 20.005])(c));
    const cmp = compareCoverages(c, moved);
    expect(cmp.units.map((u) => [u.id, u.change])).toEqual([['10001', 'geometry'], ['10002', 'geometry']]);
    expect(cmp.units[0]!.areaDiffM2).toBeCloseTo(areaOf(moved, '10001') - areaOf(c, '10001'), 3);
    expect(cmp.units[0]!.areaDiffM2 + cmp.units[1]!.areaDiffM2).toBeCloseTo(0, 3);
    expect(cmp.changedBorders).toHaveLength(1);
  });

  it('reports attribute changes and removed units', () => {
    const renamed = actionSetAttributes('10003', { name: 'Khác' })(c);
    expect(compareCoverages(c, renamed).units.map((u) => u.change)).toEqual(['attributes']);
    const merged = actionMergeUnits('10001', '10002')(c);
    expect(compareCoverages(c, merged).units.map((u) => [u.id, u.change])).toEqual([['10001', 'geometry'], ['10002', 'removed']]);
  });
});
