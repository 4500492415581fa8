// What the hub panel shows for each border of the ward's unit, computed here so the component only
// renders: the neighbour's name, the length, where the agreement stands, what an open proposal of the
// neighbour would change, and whether the draft's course differs from the revision's.
import type { LineString } from 'geojson';
import type { Coverage } from '../core/model/types';
import { borderRows, coursePositions, type BorderState } from '../core/hub/border-rows';
import { courseChange, type CourseChange } from '../core/hub/course-change';
import { draftCourse } from '../core/hub/draft-course';
import { lineLengthM } from '../core/geom/geodesic';
import type { HubProposal } from './hub-port';
import type { HubState } from './hub-session';

export interface HubBorderRow {
  readonly borderId: number;
  readonly neighbourCode: string | null;
  /** The neighbour's full name in the draft (its code when the draft lacks it); null on the outer edge. */
  readonly neighbourName: string | null;
  readonly lengthM: number;
  readonly state: BorderState;
  /** The neighbour's open proposal, with what it changes. */
  readonly toAnswer: { readonly proposal: HubProposal; readonly change: CourseChange } | null;
  /** The draft gives the border another course than the revision's (null: the draft gives it none, with why). */
  readonly draftChanged: boolean | null;
  readonly draftProblem: string | null;
  readonly geometry: LineString;
}

export function hubBorderRows(s: HubState, coverage: Coverage | null): HubBorderRow[] {
  const own = s.account?.unitCode;
  if (!own) return [];
  const names = new Map(coverage ? [...coverage.units.values()].map((u) => [u.attrs.code, u.attrs.fullName || u.attrs.name] as const) : []);
  const proposals = new Map(s.proposals.map((p) => [p.id, p]));
  return borderRows(own, s.borders, s.proposals, s.outbox).map((r) => {
    const course = coverage ? draftCourse(coverage, { unitA: r.border.unitA, unitB: r.border.unitB, coordinates: r.border.geometry.coordinates }, own) : null;
    const open = r.open && r.state === 'to-answer' ? proposals.get(r.open.id)! : null;
    return {
      borderId: r.border.id,
      neighbourCode: r.neighbour,
      neighbourName: r.neighbour === null ? null : (names.get(r.neighbour) ?? r.neighbour),
      lengthM: lineLengthM(r.border.geometry.coordinates),
      state: r.state,
      toAnswer: open ? { proposal: open, change: courseChange(coursePositions(r.border.geometry), coursePositions(open.geometry)) } : null,
      draftChanged: course?.ok ? course.changed : null,
      draftProblem: course && !course.ok ? course.message : coverage ? null : 'no draft is open',
      geometry: s.borders.find((b) => b.id === r.border.id)!.geometry,
    };
  });
}
