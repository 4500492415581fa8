import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { coverageFromFeatures, neighboursOf } from '../../../src/core/model';
import { actionMergeUnits } from '../../../src/core/actions/merge-units';
import { actionSplitUnit } from '../../../src/core/actions/split-unit';
import { actionReshapeBorder } from '../../../src/core/actions/reshape-border';
import { actionAddUnit, actionAssignOverlap, actionFillGap, actionTransferArea } from '../../../src/core/actions/geometry-edits';
import { actionSetAttributes } from '../../../src/core/actions/set-attributes';
import { readUnitAttrs } from '../../../src/core/model/attributes';
import { validateCoverage } from '../../../src/core/validation';
import { areaOf, rect, row, totalArea } from '../../helpers/coverages';

const c = row();
const errors = (cov: typeof c) => validateCoverage(cov).filter((i) => i.severity === 'error');
const TOL = 1e-6;
const attrs = readUnitAttrs({ code: '10009', name: 'Mới', fullName: 'Xã Mới', type: 'xa' });

describe('merge', () => {
  it('merges two neighbours into the first, dropping their shared border', () => {
    const m = actionMergeUnits('10001', '10002');
    expect(m.disabled(c)).toBe(false);
    const next = m(c);
    expect([...next.units.keys()]).toEqual(['10001', '10003']);
    expect(areaOf(next, '10001')).toBeCloseTo(areaOf(c, '10001') + areaOf(c, '10002'), 2);
    expect(neighboursOf(next, '10001').map((n) => n.id)).toEqual(['10003']);
    expect(errors(next)).toEqual([]);
  });

  it('refuses units that are not neighbours', () => {
    expect(actionMergeUnits('10001', '10003').disabled(c)).toBe('not-neighbours');
  });
});

describe('split', () => {
  it('splits a unit by a line across it; the line becomes a shared border', () => {
    const line = [[106.0, 20.004], [106.005, 20.006], [106.01, 20.004]] as [number, number][];
    const s = actionSplitUnit('10001', line, TOL, '10009', attrs);
    expect(s.disabled(c)).toBe(false);
    const next = s(c);
    expect(next.units.has('10009')).toBe(true);
    expect(areaOf(next, '10001') + areaOf(next, '10009')).toBeCloseTo(areaOf(c, '10001'), 2);
    expect(neighboursOf(next, '10009').map((n) => n.id).sort()).toEqual(['10001', '10002']);
    expect(totalArea(next)).toBeCloseTo(totalArea(c), 2);
    expect(errors(next)).toEqual([]);
  });

  it('refuses a line that leaves the unit or does not start on its border', () => {
    expect(actionSplitUnit('10001', [[106.0, 20.004], [106.015, 20.006], [106.01, 20.004]], TOL, '10009', attrs).disabled(c)).toBe('self-intersection');
    expect(actionSplitUnit('10001', [[106.003, 20.004], [106.01, 20.004]], TOL, '10009', attrs).disabled(c)).toBe('line-not-on-border');
  });

  it('refuses a line that touches the border at a vertex between its ends, and says so', () => {
    // West edge → the south-east corner (a vertex of the unit's ring, as snapping puts it) → east edge:
    // the part between would be a ring touching itself at the corner, which the checker calls a
    // self-intersection.
    const line = [[106.0, 20.004], [106.01, 20.0], [106.008, 20.005], [106.01, 20.006]] as [number, number][];
    expect(actionSplitUnit('10001', line, TOL, '10009', attrs).disabled(c)).toBe('line-touches-border');
    // The same line ending at the corner splits cleanly.
    const clean = actionSplitUnit('10001', line.slice(0, 2), TOL, '10009', attrs);
    expect(clean.disabled(c)).toBe(false);
    expect(errors(clean(c))).toEqual([]);
  });
});

describe('reshape', () => {
  it('moves the area between the old and the new line to the neighbour; the border stays shared', () => {
    const line = [[106.01, 20.002], [106.013, 20.005], [106.01, 20.008]] as [number, number][];
    const r = actionReshapeBorder(line, TOL);
    expect(r.disabled(c)).toBe(false);
    const next = r(c);
    const moved = areaOf(next, '10001') - areaOf(c, '10001');
    expect(moved).toBeGreaterThan(0);
    expect(areaOf(c, '10002') - areaOf(next, '10002')).toBeCloseTo(moved, 2);
    expect(errors(next)).toEqual([]);
  });

  it('refuses a line whose ends are not on one border', () => {
    expect(actionReshapeBorder([[106.005, 20.005], [106.01, 20.008]], TOL).disabled(c)).toBe('line-not-on-border');
  });
});

describe('transfer, overlap, gap, new unit', () => {
  it('transfers a drawn area from one unit to its neighbour', () => {
    const area: Polygon = { type: 'Polygon', coordinates: [[[106.008, 20.002], [106.012, 20.002], [106.012, 20.004], [106.008, 20.004], [106.008, 20.002]]] };
    const t = actionTransferArea(area, '10001', '10002');
    expect(t.disabled(c)).toBe(false);
    const next = t(c);
    expect(areaOf(next, '10001')).toBeLessThan(areaOf(c, '10001'));
    expect(totalArea(next)).toBeCloseTo(totalArea(c), 1);
    expect(errors(next)).toEqual([]);
  });

  it('gives an overlap to one unit and fills a gap, after which the checks find neither', () => {
    // 10002 reaches 0.002° into 10001 (overlap) and stops short of 10003 (gap).
    const bad = coverageFromFeatures([rect('10001', 106, 20, 106.01, 20.01), rect('10002', 106.008, 20, 106.019, 20.01), rect('10003', 106.02, 20, 106.03, 20.01)]);
    const issues = validateCoverage(bad);
    const overlap = issues.find((i) => i.kind === 'overlap')!;
    expect(overlap).toBeDefined();
    const fixed = actionAssignOverlap(overlap.geometry as Polygon, '10001', overlap.unitIds)(bad);
    expect(validateCoverage(fixed).some((i) => i.kind === 'overlap')).toBe(false);
    expect(areaOf(fixed, '10002')).toBeCloseTo(areaOf(bad, '10002') - (overlap.areaM2 ?? 0), -1);
    // The gap between 10002 and 10003 is open to the outside here, so it is not an enclosed gap;
    // fill it as a drawn area instead.
    const strip: Polygon = { type: 'Polygon', coordinates: [[[106.019, 20], [106.02, 20], [106.02, 20.01], [106.019, 20.01], [106.019, 20]]] };
    const filled = actionFillGap(strip, '10002')(fixed);
    expect(neighboursOf(filled, '10002').map((n) => n.id).sort()).toEqual(['10001', '10003']);
    expect(errors(filled)).toEqual([]);
  });

  it('adds a drawn unit without overlapping existing ones', () => {
    const drawn: Polygon = { type: 'Polygon', coordinates: [[[106.025, 20.005], [106.04, 20.005], [106.04, 20.015], [106.025, 20.015], [106.025, 20.005]]] };
    const a = actionAddUnit('10009', attrs, drawn);
    expect(a.disabled(c)).toBe(false);
    const next = a(c);
    expect(next.units.has('10009')).toBe(true);
    expect(validateCoverage(next).some((i) => i.kind === 'overlap')).toBe(false);
    expect(neighboursOf(next, '10009').map((n) => n.id)).toEqual(['10003']);
    expect(actionAddUnit('10003', attrs, drawn).disabled(c)).toBe('code-taken');
  });
});

describe('attributes', () => {
  it('checks code format and uniqueness, and keeps the full name in step with name and type', () => {
    expect(actionSetAttributes('10001', { code: '1234' }).disabled(c)).toBe('code-format');
    expect(actionSetAttributes('10001', { code: '10002' }).disabled(c)).toBe('code-taken');
    expect(actionSetAttributes('10001', { name: ' ' }).disabled(c)).toBe('name-missing');
    const next = actionSetAttributes('10001', { name: 'Hòa Bình', type: 'phuong' })(c);
    expect(next.units.get('10001')!.attrs.fullName).toBe('Phường Hòa Bình');
    expect(next.arcs).toBe(c.arcs);
  });
});
