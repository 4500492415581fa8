import { describe, expect, it } from 'vitest';
import { actionSetMarkers, unitMarkers } from '../../../src/core/actions/set-markers';
import { createHistory, current, perform, undo } from '../../../src/core/history/history';
import { applyDiff, diffCoverage } from '../../../src/core/history/diff';
import { row } from '../../helpers/coverages';

describe('boundary markers', () => {
  const c = row();
  const markers = [{ id: 'm1', name: 'Mốc 1', at: [106.01, 20.005] as [number, number] }];

  it('are stored on the unit, undoable, and carried by history diffs', () => {
    let h = createHistory(c);
    h = perform(h, actionSetMarkers('10001', markers), 'markers');
    expect(unitMarkers(current(h), '10001')).toEqual(markers);
    const d = JSON.parse(JSON.stringify(diffCoverage(c, current(h))));
    expect(unitMarkers(applyDiff(c, d), '10001')).toEqual(markers);
    h = undo(h);
    expect(unitMarkers(current(h), '10001')).toEqual([]);
  });

  it('ignores malformed marker data from imported files', () => {
    const bad = actionSetMarkers('10001', [])(c);
    const u = bad.units.get('10001')!;
    const units = new Map(bad.units).set('10001', { ...u, attrs: { ...u.attrs, extra: { markers: [{ id: 3 }, { id: 'x', at: ['a', 1] }, null] } } });
    expect(unitMarkers({ arcs: c.arcs, units }, '10001')).toEqual([]);
  });
});
