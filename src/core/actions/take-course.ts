// Gives one border of the draft a course agreed through the province hub: the stretch of the ward's
// unit between the border's two nodes (found as draftStretch finds it, across any nodes the draft cut
// it at) becomes one arc running along the course. The arc stays shared, so the neighbour's side moves
// with it and no gap or overlap opens; a course that would cross another border is refused.
import type { Arc, Coverage, Position } from '../model/types';
import { draftStretch, type HubBorderLine } from '../hub/draft-course';
import { splitArcAtVertex } from '../topology/nodes';
import { joinBorderArcs } from '../topology/join-arcs';
import { segmentsCross } from '../topology/crossings';
import { ringsCollapse } from '../topology/rings';
import { makeAction, type Action, type Refusal } from './refusal';

const same = (a: readonly number[], b: readonly number[]) => a[0] === b[0] && a[1] === b[1];

/** Makes `p` an end of the arc it lies inside (when it is an interior vertex of it). */
function nodeAt(c: Coverage, arc: number, p: Position): Coverage {
  const a = c.arcs[arc]!;
  const i = a.findIndex((q) => same(q, p));
  return i > 0 && i < a.length - 1 ? splitArcAtVertex(c, arc, i).coverage : c;
}

function plan(c: Coverage, border: HubBorderLine, ownCode: string, course: readonly Position[]): Coverage | Refusal {
  const first = border.coordinates[0]!;
  const last = border.coordinates[border.coordinates.length - 1]!;
  if (course.length < 2 || !same(course[0]!, first) || !same(course[course.length - 1]!, last)) return 'line-not-on-border';
  let st = draftStretch(c, border, ownCode);
  if (!st.ok) return st.reason === 'no-unit' ? 'unknown-unit' : 'line-not-on-border';
  if (st.course.length === course.length && st.course.every((p, k) => same(p, course[k]!))) return 'nothing-to-do';
  if (st.arcs.length === 0) return 'nothing-to-do';
  // The two nodes become arc ends, then the arcs between them one arc.
  let next = nodeAt(c, st.arcs[0]!, [first[0]!, first[1]!]);
  st = draftStretch(next, border, ownCode);
  if (!st.ok) return 'line-not-on-border';
  next = nodeAt(next, st.arcs[st.arcs.length - 1]!, [last[0]!, last[1]!]);
  st = draftStretch(next, border, ownCode);
  if (!st.ok) return 'line-not-on-border';
  const run = st.arcs.filter((a, i) => i === 0 || a !== st.arcs[i - 1]);
  let arc = run[0]!;
  if (new Set(run).size > 1) {
    const joined = joinBorderArcs(next, run[0]!, run[run.length - 1]!);
    if (!joined) return 'line-not-on-border';
    next = joined.coverage;
    arc = joined.arc;
  }
  const old = next.arcs[arc]!;
  const forward = same(old[0]!, first);
  const path = (forward ? [...course] : [...course].reverse()).map((p) => [p[0], p[1]] as const) as Arc;
  const arcs = next.arcs.slice();
  arcs[arc] = path;
  const after: Coverage = { arcs, units: next.units };
  if (ringsCollapse(after, [arc])) return 'collapsed-ring';
  const segments = path.slice(1).map((_, index) => ({ arc, index }));
  if (segmentsCross(after, segments)) return 'self-intersection';
  return after;
}

/** The border between the ward's unit and its neighbour takes `course` (from the border's first node to its last). */
export function actionTakeCourse(border: HubBorderLine, ownCode: string, course: readonly Position[]): Action<Coverage> {
  return makeAction(
    (c) => {
      const r = plan(c, border, ownCode, course);
      return typeof r === 'string' ? c : r;
    },
    (c) => {
      const r = plan(c, border, ownCode, course);
      return typeof r === 'string' ? r : false;
    },
  );
}
