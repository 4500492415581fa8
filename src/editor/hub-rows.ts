// What the hub panel shows for each border of the ward's unit, computed here so the component only
// renders: the neighbour's name, the length, where the agreement stands, what an open proposal of the
// neighbour would change, and whether the draft's course differs from the revision's.
import type { LineString } from 'geojson';
import type { Coverage } from '../core/model/types';
import { borderRows, coursePositions, type BorderState } from '../core/hub/border-rows';
import { courseChange, type CourseChange } from '../core/hub/course-change';
import { draftCourse } from '../core/hub/draft-course';
import { lineLengthM } from '../core/geom/geodesic';
import { geometryBBox, unionBBox, type BBox } from '../core/geom/bbox';
import type { HubProposal } from './hub-port';
import type { HubState } from './hub-session';

export type HubDraftProblem = 'overlap' | 'no-draft' | 'not-party' | 'no-unit' | 'ends-moved' | 'not-along';

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
  /** Why the draft gives the border no course: a code the UI words, and the units it concerns. */
  readonly draftProblem: { readonly code: HubDraftProblem; readonly units: readonly string[] } | null;
  readonly geometry: LineString;
  /** What "show on the map" shows: the border and the open proposal, and the box that holds both. */
  readonly shown: { readonly lines: readonly LineString[]; readonly bbox: BBox };
}

export function hubBorderRows(s: HubState, coverage: Coverage | null): HubBorderRow[] {
  const own = s.account?.unitCode;
  if (!own) return [];
  const names = new Map(coverage ? [...coverage.units.values()].map((u) => [u.attrs.code, u.attrs.fullName || u.attrs.name] as const) : []);
  const proposals = new Map(s.proposals.map((p) => [p.id, p]));
  return borderRows(own, s.borders, s.proposals, s.outbox).map((r) => {
    const border = s.borders.find((b) => b.id === r.border.id)!;
    const shared = border.otherUnits?.length ? [border.unitA, border.unitB ?? '', ...border.otherUnits] : null;
    const course = coverage && !shared ? draftCourse(coverage, { unitA: r.border.unitA, unitB: r.border.unitB, coordinates: r.border.geometry.coordinates }, own) : null;
    const open = r.open && r.state === 'to-answer' ? proposals.get(r.open.id)! : null;
    const lines = open ? [border.geometry, open.geometry] : [border.geometry];
    return {
      borderId: r.border.id,
      neighbourCode: r.neighbour,
      neighbourName: r.neighbour === null ? null : (names.get(r.neighbour) ?? r.neighbour),
      lengthM: lineLengthM(r.border.geometry.coordinates),
      state: r.state,
      toAnswer: open ? { proposal: open, change: courseChange(coursePositions(r.border.geometry), coursePositions(open.geometry)) } : null,
      draftChanged: course?.ok ? course.changed : null,
      draftProblem: shared
        ? { code: 'overlap', units: shared }
        : course && !course.ok
          ? { code: course.reason, units: course.reason === 'not-party' ? [own] : course.reason === 'no-unit' ? [own, r.neighbour ?? ''] : [r.neighbour ?? ''] }
          : coverage ? null : { code: 'no-draft', units: [] },
      geometry: border.geometry,
      shown: { lines, bbox: lines.map((l) => geometryBBox(l)).reduce(unionBBox) },
    };
  });
}
