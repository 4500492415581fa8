// The boundary record computed outside React (editor/unit-record.ts): the view only renders it.
import { describe, expect, it } from 'vitest';
import { Editor } from '../../src/editor/editor';
import { markerAt, unitRecord, type RecordGrid } from '../../src/editor/unit-record';
import { unitMarkers } from '../../src/core/actions/set-markers';
import { actionSetAttributes } from '../../src/core/actions/set-attributes';
import { row } from '../helpers/coverages';

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
