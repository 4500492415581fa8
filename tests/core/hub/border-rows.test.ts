import { describe, expect, it } from 'vitest';
import { borderRows, type RowBorder, type RowProposal } from '../../../src/core/hub/border-rows';

const line = (...xs: number[]) => ({ coordinates: xs.map((x) => [x, 0]) });
const borders: RowBorder[] = [
  { id: 1, unitA: '10001', unitB: '10002', geometry: line(0, 1, 2) },
  { id: 2, unitA: '10001', unitB: '10003', geometry: line(2, 3) },
  { id: 3, unitA: '10001', unitB: null, geometry: line(3, 4) },
  { id: 4, unitA: '10002', unitB: '10003', geometry: line(4, 5) },
  { id: 5, unitA: '10001', unitB: '10004', geometry: line(5, 6, 7) },
  { id: 6, unitA: '10001', unitB: '10005', geometry: line(7, 8) },
];
const p = (id: number, borderId: number, proposingUnit: string, status: string, geometry = line(9, 9)): RowProposal => {
  const b = borders.find((x) => x.id === borderId) ?? { unitA: '10001', unitB: '10005' };
  return { id, borderId, unitA: b.unitA, unitB: b.unitB, proposingUnit, status, geometry };
};

describe('the ward\'s border rows', () => {
  it('says where each agreement of its own unit stands, and lists only its own borders', () => {
    const proposals = [
      p(1, 1, '10002', 'open'),
      p(2, 2, '10001', 'open'),
      p(3, 5, '10004', 'rejected'),
      // Agreed at an earlier revision: the accepted course is the border's course now, either way round.
      p(4, 99, '10005', 'accepted', line(8, 7)),
    ];
    const rows = borderRows('10001', borders, proposals, []);
    expect(rows.map((r) => [r.border.id, r.neighbour, r.state])).toEqual([
      [1, '10002', 'to-answer'],
      [2, '10003', 'waiting'],
      [3, null, 'untouched'],
      [5, '10004', 'disputed'],
      [6, '10005', 'agreed'],
    ]);
    expect(rows[0]!.open?.id).toBe(1);
  });

  it('marks a border with an op waiting in the outbox, whether a proposal or a decision', () => {
    const rows = borderRows('10001', borders, [p(1, 1, '10002', 'open')], [
      { opId: 'a', kind: 'decide', proposalId: 1 },
      { opId: 'b', kind: 'propose', borderId: 5 },
    ]);
    expect(rows.filter((r) => r.state === 'queued').map((r) => r.border.id)).toEqual([1, 5]);
  });
});
