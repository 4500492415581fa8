import { describe, expect, it } from 'vitest';
import { coverageFromFeatures } from '../../../src/core/model';
import { actionMoveVertex } from '../../../src/core/actions/move-vertex';
import { splitArcAtVertex } from '../../../src/core/topology/nodes';
import { draftCourse } from '../../../src/core/hub/draft-course';
import { haiPhong } from '../../helpers/data';
import { hubBorderLines } from '../../helpers/hub-borders';


describe('the draft course of a hub border', () => {
  const base = coverageFromFeatures(haiPhong().features);
  const borders = hubBorderLines(base);
  const shared = borders.map((b, i) => ({ b, i })).filter(({ b }) => b.unitB !== null && b.coordinates.length >= 5);
  const { b: border, i: arc } = shared[0]!;

  it('is the border itself, unchanged, for every border of the opened province, from either side', () => {
    let checked = 0;
    for (const b of borders) {
      for (const side of [b.unitA, b.unitB]) {
        if (side === null) continue;
        const r = draftCourse(base, b, side);
        expect(r.ok && r.changed === false && r.course.length === b.coordinates.length, `${b.unitA}/${b.unitB} seen from ${side}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('follows a moved middle vertex, from both units, in the border\'s own direction', () => {
    const mid = Math.floor(border.coordinates.length / 2);
    const p = border.coordinates[mid]!;
    const to = [p[0]! + 0.0001, p[1]! + 0.00005] as const;
    const edited = actionMoveVertex({ arc, index: mid }, to)(base);
    for (const side of [border.unitA, border.unitB!]) {
      const r = draftCourse(edited, border, side);
      if (!r.ok) throw new Error(r.message);
      expect(r.changed).toBe(true);
      expect(r.course[0]).toEqual(border.coordinates[0]);
      expect(r.course[mid]).toEqual(to);
      expect(r.course.at(-1)).toEqual(border.coordinates.at(-1));
    }
    // The input is never changed.
    expect(base.arcs[arc]![mid]).toEqual(p);
  });

  it('joins a border the draft has cut into several arcs', () => {
    const { coverage } = splitArcAtVertex(base, arc, 2);
    expect(coverage.arcs.length).toBe(base.arcs.length + 1);
    const r = draftCourse(coverage, border, border.unitB!);
    expect(r.ok && !r.changed).toBe(true);
  });

  it('refuses a draft that moved an end of the border, and a unit not on it', () => {
    const edited = actionMoveVertex({ arc, index: 0 }, [border.coordinates[0]![0]! + 0.0001, border.coordinates[0]![1]!])(base);
    const moved = draftCourse(edited, border, border.unitA);
    expect(moved.ok ? 'ok' : moved.reason).toBe('ends-moved');
    const stranger = [...base.units.values()].find((u) => u.attrs.code !== border.unitA && u.attrs.code !== border.unitB)!;
    const r = draftCourse(base, border, stranger.attrs.code);
    expect(r.ok ? 'ok' : r.reason).toBe('not-party');
  });

  it('finds a border on the province edge, with no neighbour across', () => {
    const edge = borders.find((b) => b.unitB === null && b.coordinates.length > 3)!;
    const r = draftCourse(base, edge, edge.unitA);
    expect(r.ok && !r.changed).toBe(true);
  });
});
