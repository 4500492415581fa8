// The boundary record computed outside React (editor/unit-record.ts): the view only renders it.
import { describe, expect, it } from 'vitest';
import { Editor } from '../../src/editor/editor';
import { markerAt, unitRecord, type RecordGrid } from '../../src/editor/unit-record';
import { unitMarkers } from '../../src/core/actions/set-markers';
import { actionSetAttributes } from '../../src/core/actions/set-attributes';
import { row } from '../helpers/coverages';
import { coverageFromFeatures } from '../../src/core/model';

/** A plain grid: metres as degrees × 100 000 (the record only needs a converter and a name). */
const GRID: RecordGrid = { toGrid: (p) => [p[0] * 1e5, p[1] * 1e5], fromGrid: (en) => [en[0]! / 1e5, en[1]! / 1e5], name: 'test grid' };

function editorWith() {
  const e = new Editor(null);
  e.load(row());
  return e;
}

describe('unitRecord', () => {
  it('gives the report, the map shapes (the unit first, then its neighbours) and the markers', () => {
    const e = editorWith();
    const [first, second] = [...e.coverage.get()!.units.keys()];
    const r = unitRecord(e, first!, GRID)!;
    expect(r.report.unit.code).toBe(first);
    expect(r.report.gridName).toBe('test grid');
    expect(r.shapes[0]).toMatchObject({ id: first, main: true });
    expect(r.shapes.slice(1).map((s) => s.id)).toContain(second);
    expect(r.outerBorder).toBe('plain');
    expect(r.report.points.length).toBeGreaterThan(0);
  });

  it('is null without the unit or a grid', () => {
    const e = editorWith();
    expect(unitRecord(e, 'nope', GRID)).toBeNull();
    expect(unitRecord(e, [...e.coverage.get()!.units.keys()][0]!, null)).toBeNull();
  });

  it('gives the same answer until the draft changes, then a new one', () => {
    const e = editorWith();
    const id = [...e.coverage.get()!.units.keys()][0]!;
    const a = unitRecord(e, id, GRID);
    expect(unitRecord(e, id, GRID)).toBe(a);
    e.perform(actionSetAttributes(id, { fullName: 'Xã Mới' }), 'rename');
    const b = unitRecord(e, id, GRID)!;
    expect(b).not.toBe(a);
    expect(b.report.unit.fullName).toBe('Xã Mới');
  });
});

describe('markerAt', () => {
  it('puts a marker on the unit\'s border near the click, moves one, refuses a click far away', () => {
    const e = editorWith();
    const c = e.coverage.get()!;
    const id = [...c.units.keys()][0]!;
    const ring = c.arcs[0]!;
    const near: [number, number] = [ring[0]![0] + 1e-4, ring[0]![1] + 1e-4];
    const add = markerAt(c, id, [], near, { moving: null, newId: 'm1' });
    expect(add).not.toBe('too-far');
    expect(e.perform(add as Exclude<typeof add, 'too-far'>, 'markers')).toBe(true);
    const placed = unitMarkers(e.coverage.get()!, id);
    expect(placed.map((m) => [m.id, m.name])).toEqual([['m1', 'M1']]);
    expect(markerAt(e.coverage.get()!, id, placed, [near[0] + 1, near[1] + 1], { moving: null, newId: 'm2' })).toBe('too-far');
  });
});

describe('markerAt and the slivers of the data', () => {
  it('does not put a marker on a sliver the record leaves out; the main border takes it when near', () => {
    const main = [[106.0, 20.0], [106.01, 20.0], [106.01, 20.01], [106.0, 20.01], [106.0, 20.0]];
    // A 0.1 m-wide part out in the open, 20 m east of the main part.
    const thin = [[106.0102, 20.005], [106.010201, 20.00505], [106.0102, 20.0051], [106.0102, 20.005]];
    const c = coverageFromFeatures([{ type: 'Feature', properties: { code: '10001', name: 'A', fullName: 'Xã A', type: 'xa' }, geometry: { type: 'MultiPolygon', coordinates: [[main], [thin]] } }]);
    const e = new Editor(null);
    e.load(c);
    const on = markerAt(c, '10001', [], [106.0102, 20.00505], { moving: null, newId: 'm1' });
    expect(on).not.toBe('too-far');
    e.perform(on as Exclude<typeof on, 'too-far'>, 'markers');
    const [m] = unitMarkers(e.coverage.get()!, '10001');
    // On the main part's east side (x = 106.01), not on the sliver it was clicked on.
    expect(m!.at[0]).toBe(106.01);
    // With a tolerance below the part's width, the part is land like any other and takes the marker.
    const kept = markerAt(c, '10001', [], [106.0102, 20.00505], { moving: null, newId: 'm1', sliverWidthM: 0.01 });
    e.load(c);
    e.perform(kept as Exclude<typeof kept, 'too-far'>, 'markers');
    expect(unitMarkers(e.coverage.get()!, '10001')[0]!.at[0]).toBeGreaterThan(106.0101);
  });
});
