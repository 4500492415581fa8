import { describe, expect, it } from 'vitest';
import type { MultiPolygon } from 'geojson';
import { neighboursOf, readUnitAttrs } from '../../../src/core/model';
import { actionApplyProposal, compareProposal, type IncomingUnit } from '../../../src/core/actions/apply-proposal';
import { boundaryDistanceM } from '../../../src/core/geom/boundary-distance';
import { validateCoverage } from '../../../src/core/validation';
import { row } from '../../helpers/coverages';

const box = (x0: number, y0: number, x1: number, y1: number): MultiPolygon => ({
  type: 'MultiPolygon',
  coordinates: [[[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]],
});

// 3e-7° ≈ 3 cm: the neighbour digitised the shared border a little off.
const OFF = 3e-7;
const theirs: IncomingUnit[] = [
  { attrs: readUnitAttrs({ code: '10002', name: 'N10002', fullName: 'Xã N10002', type: 'xa' }), geometry: box(106.01 + OFF, 20, 106.02, 20.01) },
  { attrs: readUnitAttrs({ code: '10004', name: 'Mới', fullName: 'Xã Mới', type: 'xa' }), geometry: box(106.03, 20, 106.04, 20.01) },
];

describe('a neighbour proposal', () => {
  const c = row();

  it('compares each unit with ours: area difference and largest distance between the borders', () => {
    const rows = compareProposal(c, theirs);
    expect(rows.map((r) => [r.code, r.ourId])).toEqual([['10002', '10002'], ['10004', null]]);
    expect(rows[0]!.maxDistanceM).toBeGreaterThan(0.02);
    expect(rows[0]!.maxDistanceM).toBeLessThan(0.05);
    expect(rows[0]!.theirAreaM2).toBeLessThan(rows[0]!.ourAreaM2!);
  });

  it('taking theirs without snapping leaves the two borders apart (no longer one shared arc)', () => {
    const next = actionApplyProposal(theirs, { choices: new Map([['10002', 'theirs']]), snapM: 0 })(c);
    expect(next.units.has('10004')).toBe(true);
    expect(neighboursOf(next, '10002').map((n) => n.id)).toEqual(['10003']);
  });

  it('taking theirs with snapping within 0.1 m makes the border shared again', () => {
    const next = actionApplyProposal(theirs, { choices: new Map([['10002', 'theirs']]), snapM: 0.1 })(c);
    expect(validateCoverage(next).filter((i) => ['overlap', 'gap', 'sliver'].includes(i.kind))).toEqual([]);
    expect(neighboursOf(next, '10002').map((n) => n.id).sort()).toEqual(['10001', '10003']);
    expect(neighboursOf(next, '10004').map((n) => n.id)).toEqual(['10003']);
  });

  it('keeping ours changes only what is new', () => {
    const next = actionApplyProposal(theirs, { choices: new Map([['10002', 'ours']]), snapM: 0.1 })(c);
    expect(next.units.get('10002')).toBe(c.units.get('10002'));
    expect(next.units.has('10004')).toBe(true);
  });

  it('measures the distance between boundaries in metres', () => {
    expect(boundaryDistanceM(box(106, 20, 106.01, 20.01), box(106, 20, 106.01, 20.0101))).toBeCloseTo(11.1, 0);
  });
});
