import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { coverageFromFeatures, coverageToFeatureCollection } from '../../../src/core/model';
import { actionMoveVertex } from '../../../src/core/actions/move-vertex';
import { applyDiff, diffCoverage } from '../../../src/core/history/diff';
import {
  canRedo, canUndo, createHistory, current, historyFromJSON, historyToJSON, perform, pop, redo, replace, undo,
} from '../../../src/core/history/history';

function square(code: string, x0: number, y0: number): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name: code, fullName: `Xã ${code}` },
    geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + 1, y0], [x0 + 1, y0 + 1], [x0, y0 + 1], [x0, y0]]] },
  };
}

const base = coverageFromFeatures([square('A', 0, 0), square('B', 1, 0)]);
const interior = (c: typeof base) => {
  // An arc with an interior vertex: the shared border A|B has only its two ends, so use a single arc.
  const i = c.arcs.findIndex((a) => a.length > 2);
  return { arc: i, index: 1 };
};

describe('diff', () => {
  it('holds only what changed, and applying it gives back the same coverage', () => {
    const v = interior(base);
    const next = actionMoveVertex(v, [0.5, -0.2])(base);
    const d = diffCoverage(base, next);
    expect(Object.keys(d.arcs)).toEqual([String(v.arc)]);
    expect(d.units).toEqual({});
    const again = applyDiff(base, d);
    expect(coverageToFeatureCollection(again)).toEqual(coverageToFeatureCollection(next));
    // Untouched arcs are shared, not copied.
    expect(again.arcs[v.arc === 0 ? 1 : 0]).toBe(base.arcs[v.arc === 0 ? 1 : 0]);
  });

  it('records removed and reordered units', () => {
    const units = new Map([...base.units].reverse());
    units.delete('A');
    const next = { arcs: base.arcs, units };
    const d = diffCoverage(base, next);
    expect(d.units).toEqual({ A: null });
    expect([...applyDiff(base, d).units.keys()]).toEqual(['B']);
  });
});

describe('history', () => {
  const v = interior(base);
  const move = (x: number) => actionMoveVertex(v, [0.5, x]);

  it('undo and redo walk the steps; a new edit drops the redo stack', () => {
    let h = createHistory(base);
    expect(canUndo(h)).toBe(false);
    h = perform(h, move(-0.1), 'move-vertex');
    h = perform(h, move(-0.2), 'move-vertex');
    expect(current(h).arcs[v.arc]![1]).toEqual([0.5, -0.2]);
    h = undo(h);
    expect(current(h).arcs[v.arc]![1]).toEqual([0.5, -0.1]);
    expect(canRedo(h)).toBe(true);
    h = perform(h, move(-0.3), 'move-vertex');
    expect(canRedo(h)).toBe(false);
    h = undo(undo(h));
    expect(current(h)).toBe(base);
    h = redo(h);
    expect(current(h).arcs[v.arc]![1]).toEqual([0.5, -0.1]);
  });

  it('a gesture is one step: replace keeps one entry, pop bails out', () => {
    let h = createHistory(base);
    h = perform(h, move(-0.1), 'drag');
    h = replace(h, move(-0.15), 'drag');
    h = replace(h, move(-0.2), 'drag');
    expect(h.steps).toHaveLength(2);
    expect(current(h).arcs[v.arc]![1]).toEqual([0.5, -0.2]);
    h = pop(h);
    expect(current(h)).toBe(base);
    expect(canRedo(h)).toBe(false);
  });

  it('round-trips through JSON as diffs, undo still works after reload', () => {
    let h = createHistory(base);
    h = perform(h, move(-0.1), 'a');
    h = perform(h, move(-0.2), 'b');
    h = undo(h);
    const json = JSON.parse(JSON.stringify(historyToJSON(h)));
    const back = historyFromJSON(base, json);
    expect(back.index).toBe(1);
    expect(back.steps.map((s) => s.annotation)).toEqual([null, 'a', 'b']);
    expect(coverageToFeatureCollection(current(redo(back)))).toEqual(coverageToFeatureCollection(current(redo(h))));
  });

  it('refuses an unknown format version or a bad index', () => {
    expect(() => historyFromJSON(base, { version: 99, steps: [], index: 0 })).toThrow(/version 99/);
    expect(() => historyFromJSON(base, { version: 1, steps: [], index: 3 })).toThrow(/index 3/);
  });
});
