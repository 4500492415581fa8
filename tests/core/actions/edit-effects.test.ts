// What an edit does that the user may not have meant, computed from before and after alone.
import { describe, expect, it } from 'vitest';
import area from '@turf/area';
import { coverageFromFeatures } from '../../../src/core/model';
import { actionReshapeBorder } from '../../../src/core/actions/reshape-border';
import { actionMergeUnits } from '../../../src/core/actions/merge-units';
import { actionTransferArea } from '../../../src/core/actions/geometry-edits';
import { changedUnits, landLeftToNoUnitM2, unitsInMoreParts } from '../../../src/core/actions/edit-effects';
import { rect, row } from '../../helpers/coverages';

const TOL_DEG = 1e-6;

describe('land left to no unit', () => {
  it('a cut along the outer edge hands the cut-off triangle out of the province: its area, measured independently', () => {
    const c = row();
    // Inside 10002, from its southern (outer) edge up and back down to it.
    const tri: [number, number][] = [[106.012, 20], [106.015, 20.003], [106.018, 20]];
    const after = actionReshapeBorder(tri, TOL_DEG, '10002')(c);
    expect(after).not.toBe(c);
    // Turf measures on a sphere, we on the ellipsoid: they agree to about 0.3 % here.
    const expected = area({ type: 'Polygon', coordinates: [[...tri, tri[0]!]] });
    expect(expected).toBeGreaterThan(1e5);
    expect(Math.abs(landLeftToNoUnitM2(c, after) / expected - 1)).toBeLessThan(0.005);
    expect(changedUnits(c, after)).toEqual(['10002']);
  });

  it('land moved between units leaves none', () => {
    const c = row();
    const square = { type: 'Polygon' as const, coordinates: [[[106.008, 20.004], [106.012, 20.004], [106.012, 20.006], [106.008, 20.006], [106.008, 20.004]]] };
    const after = actionTransferArea(square, '10002', '10001')(c);
    expect(changedUnits(c, after).sort()).toEqual(['10001', '10002']);
    expect(landLeftToNoUnitM2(c, after)).toBe(0);
  });

  it('merging two overlapping units loses the double-counted strip from the sums, but no land', () => {
    // 10001 reaches 0.001° (≈ 105 m) into 10002 along their whole border: an 11 ha overlap.
    const c = coverageFromFeatures([rect('10001', 106, 20, 106.011, 20.01), rect('10002', 106.01, 20, 106.02, 20.01)]);
    const after = actionMergeUnits('10001', '10002')(c);
    expect(after.units.has('10002')).toBe(false);
    expect(landLeftToNoUnitM2(c, after)).toBe(0);
  });

  it('a unit removed with its land gone counts all of it', () => {
    const c = row();
    const { units, ...rest } = c;
    const without = new Map(units);
    without.delete('10003');
    const after = { ...rest, units: without };
    const expected = area({ type: 'Polygon', coordinates: [[[106.02, 20], [106.03, 20], [106.03, 20.01], [106.02, 20.01], [106.02, 20]]] });
    expect(Math.abs(landLeftToNoUnitM2(c, after) / expected - 1)).toBeLessThan(0.005);
  });

  it('an unchanged coverage leaves nothing and changes nothing', () => {
    const c = row();
    expect(changedUnits(c, c)).toEqual([]);
    expect(landLeftToNoUnitM2(c, c)).toBe(0);
    expect(unitsInMoreParts(c, c)).toEqual([]);
  });
});

describe('units in more parts', () => {
  it('names the unit a strip transfer cuts in two, with its counts', () => {
    const c = row();
    const strip = { type: 'Polygon' as const, coordinates: [[[106.005, 20.004], [106.025, 20.004], [106.025, 20.006], [106.005, 20.006], [106.005, 20.004]]] };
    const after = actionTransferArea(strip, '10002', '10001')(c);
    expect(unitsInMoreParts(c, after)).toEqual([{ id: '10002', before: 1, after: 2 }]);
  });
});
