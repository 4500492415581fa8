import { describe, expect, it } from 'vitest';
import { coverageFromFeatures, type Position } from '../../../src/core/model';
import { actionMoveVertex } from '../../../src/core/actions/move-vertex';
import { actionTakeCourse } from '../../../src/core/actions/take-course';
import { draftCourse } from '../../../src/core/hub/draft-course';
import { splitArcAtVertex } from '../../../src/core/topology/nodes';
import { unitAreaM2 } from '../../../src/core/geom/unit-measure';
import { validateCoverage } from '../../../src/core/validation';
import { haiPhong } from '../../helpers/data';
import { hubBorderLines } from '../../helpers/hub-borders';

describe('taking an agreed course into the draft', () => {
  const base = coverageFromFeatures(haiPhong().features);
  const borders = hubBorderLines(base);
  const arc = borders.findIndex((b) => b.unitB !== null && b.coordinates.length >= 8);
  const border = borders[arc]!;
  const mid = Math.floor(border.coordinates.length / 2);
  const p = border.coordinates[mid]!;
  const to: Position = [p[0]! + 0.00008, p[1]! + 0.00003];
  // What the neighbour agreed: the border with its middle vertex moved (and the same move made directly).
  const moved = actionMoveVertex({ arc, index: mid }, to)(base);
  const course = draftCourse(moved, border, border.unitA);
  if (!course.ok) throw new Error(course.message);
  const idOf = (code: string) => [...base.units.values()].find((u) => u.attrs.code === code)!.id;

  it('moves the shared border: both units see the course, the land moves between them, nothing else changes', () => {
    const action = actionTakeCourse(border, border.unitA, course.course);
    expect(action.disabled(base)).toBe(false);
    const after = action(base);
    for (const side of [border.unitA, border.unitB!]) {
      const r = draftCourse(after, border, side);
      expect(r.ok && r.course).toEqual(course.course);
    }
    for (const code of [border.unitA, border.unitB!]) expect(unitAreaM2(after, idOf(code))).toBeCloseTo(unitAreaM2(moved, idOf(code)), 3);
    expect(validateCoverage(after).filter((i) => i.severity === 'error').map((i) => i.id)).toEqual(validateCoverage(base).filter((i) => i.severity === 'error').map((i) => i.id));
    // Pure: the draft it was given is untouched.
    expect(base.arcs[arc]![mid]).toEqual(p);
  });

  it('works on a draft that has cut the border into several arcs, seen from the other unit', () => {
    const cut = splitArcAtVertex(splitArcAtVertex(base, arc, 2).coverage, arc, 1).coverage;
    const after = actionTakeCourse(border, border.unitB!, course.course)(cut);
    const r = draftCourse(after, border, border.unitA);
    expect(r.ok && r.course).toEqual(course.course);
  });

  it('refuses a course that crosses another border, one with other ends, and one already there', () => {
    const far: Position[] = [border.coordinates[0] as unknown as Position, [p[0]! + 0.05, p[1]! + 0.05], border.coordinates.at(-1) as unknown as Position];
    expect(actionTakeCourse(border, border.unitA, far).disabled(base)).toBe('self-intersection');
    const otherEnds = course.course.slice(1);
    expect(actionTakeCourse(border, border.unitA, otherEnds).disabled(base)).toBe('line-not-on-border');
    expect(actionTakeCourse(border, border.unitA, course.course).disabled(moved)).toBe('nothing-to-do');
  });
});
