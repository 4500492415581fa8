import { describe, expect, it } from 'vitest';
import { actionMoveVertex } from '../../../src/core/actions/move-vertex';
import { actionInsertVertex } from '../../../src/core/actions/insert-vertex';
import { actionDeleteVertex } from '../../../src/core/actions/delete-vertex';
import { validateCoverage } from '../../../src/core/validation';
import { areaOf, row, totalArea } from '../../helpers/coverages';

const c = row();
const errors = (cov: typeof c) => validateCoverage(cov).filter((i) => i.severity === 'error');
// The shared border 10001|10002 is the arc whose ends are (106.01, 20) and (106.01, 20.01).
const shared = c.arcs.findIndex((a) => a.length === 2 && a.every((p) => p[0] === 106.01));

describe('vertex edits on a shared border', () => {
  it('inserting a vertex and moving it changes both units, keeps the total, opens no gap or overlap', () => {
    const withVertex = actionInsertVertex(shared, 0, [106.01, 20.005])(c);
    expect(withVertex.arcs[shared]).toHaveLength(3);
    const moved = actionMoveVertex({ arc: shared, index: 1 }, [106.013, 20.005])(withVertex);
    expect(areaOf(moved, '10001')).toBeGreaterThan(areaOf(c, '10001'));
    expect(areaOf(moved, '10002')).toBeLessThan(areaOf(c, '10002'));
    expect(totalArea(moved)).toBeCloseTo(totalArea(c), 3);
    expect(errors(moved)).toEqual([]);
  });

  it('refuses a move that would make a border cross another', () => {
    const withVertex = actionInsertVertex(shared, 0, [106.01, 20.005])(c);
    // Past the next border at 106.02: the moved border would cross it.
    const a = actionMoveVertex({ arc: shared, index: 1 }, [106.025, 20.005]);
    expect(a.disabled(withVertex)).toBe('self-intersection');
    expect(actionMoveVertex({ arc: shared, index: 1 }, [106.015, 20.005]).disabled(withVertex)).toBe(false);
  });

  it('deletes an inner vertex but keeps nodes', () => {
    const withVertex = actionInsertVertex(shared, 0, [106.012, 20.005])(c);
    expect(actionDeleteVertex({ arc: shared, index: 0 }).disabled(withVertex)).toBe('vertex-is-node');
    const del = actionDeleteVertex({ arc: shared, index: 1 });
    expect(del.disabled(withVertex)).toBe(false);
    expect(del(withVertex).arcs[shared]).toEqual(c.arcs[shared]);
  });

  it('refuses a delete that would collapse a ring', () => {
    // A triangle island: deleting any of its inner vertices leaves fewer than 3 distinct vertices.
    const island = c.arcs.findIndex((a) => a.length > 3);
    const arcLen = c.arcs[island]!.length;
    expect(arcLen).toBeGreaterThan(3);
    let cov = c;
    // Strip the outer arc of 10001 down to its minimum, then one more delete must be refused.
    while (actionDeleteVertex({ arc: island, index: 1 }).disabled(cov) === false) cov = actionDeleteVertex({ arc: island, index: 1 })(cov);
    expect(actionDeleteVertex({ arc: island, index: 1 }).disabled(cov)).toBe('collapsed-ring');
  });

  it('never mutates the coverage it is given', () => {
    const before = JSON.stringify(c.arcs);
    actionMoveVertex({ arc: shared, index: 0 }, [1, 1])(c);
    actionInsertVertex(shared, 0, [1, 1])(c);
    actionDeleteVertex({ arc: shared, index: 1 })(c);
    expect(JSON.stringify(c.arcs)).toBe(before);
  });
});
