// Reshape a border: a new line from one point of a border to another point of the same border replaces
// the stretch between them, across the nodes the border is cut at (topology/join-arcs.ts). The border is one arc shared by both units, so the area between the old and
// the new line moves from one unit to the other and the border stays shared.
import type { Arc, Coverage, Position } from '../model/types';
import { locateOnArcs, type ArcLocation } from '../topology/locate';
import { firstCrossing } from '../topology/crossings';
import { ringsCollapse } from '../topology/rings';
import { joinBorderArcs } from '../topology/join-arcs';
import { arcUsage } from '../model/arc-usage';
import { dropZeroLengthArcs } from './remove-duplicate-vertices';
import { makeAction, type Action, type Refusal } from './refusal';

function insertAt(arc: Arc, loc: ArcLocation): { arc: Arc; index: number } {
  if (loc.kind === 'vertex') return { arc, index: loc.index };
  return { arc: [...arc.slice(0, loc.index + 1), [loc.at[0], loc.at[1]], ...arc.slice(loc.index + 1)] as Arc, index: loc.index + 1 };
}

function plan(c: Coverage, line: readonly Position[], toleranceDeg: number): Coverage | Refusal | ReshapeCrossing {
  if (line.length < 2) return 'line-too-short';
  const first = line[0]!;
  const last = line[line.length - 1]!;
  // Both ends must lie on one arc. An end at a node lies on several arcs: try both ways round.
  let a = locateOnArcs(c, first, toleranceDeg);
  let b = a && locateOnArcs(c, last, toleranceDeg, (i) => i === a!.arc);
  if (!b) {
    b = locateOnArcs(c, last, toleranceDeg);
    a = b && locateOnArcs(c, first, toleranceDeg, (i) => i === b!.arc);
  }
  if (!a || !b) {
    // The ends lie on different arcs of one border (cut at nodes along it): join those arcs, then
    // reshape the joined arc.
    c = dropZeroLengthArcs(c);
    const used = arcUsage(c).unitsByArc;
    const sa = locateOnArcs(c, first, toleranceDeg, (i) => used[i]!.length > 0);
    const sb = locateOnArcs(c, last, toleranceDeg, (i) => used[i]!.length > 0);
    const joined = sa && sb ? joinBorderArcs(c, sa.arc, sb.arc) : null;
    if (!joined) return 'line-not-on-border';
    c = joined.coverage;
    a = locateOnArcs(c, first, toleranceDeg, (i) => i === joined.arc);
    b = locateOnArcs(c, last, toleranceDeg, (i) => i === joined.arc);
    if (!a || !b) return 'line-not-on-border';
  }
  let arc = c.arcs[a.arc]!;
  // Order along the arc: vertex index, plus the fraction along the segment for a point inside one.
  const along = (l: ArcLocation) => {
    if (l.kind === 'vertex') return l.index;
    const v = arc[l.index]!;
    const w = arc[l.index + 1]!;
    const len = Math.hypot(w[0] - v[0], w[1] - v[1]);
    return l.index + (len === 0 ? 0 : Math.hypot(l.at[0] - v[0], l.at[1] - v[1]) / len);
  };
  // Insert the later location first so the earlier index stays valid.
  const aFirst = along(a) < along(b);
  let ia: number;
  let ib: number;
  if (aFirst) {
    const rb = insertAt(arc, b);
    const ra = insertAt(rb.arc, a);
    arc = ra.arc;
    ia = ra.index;
    ib = rb.index + (ra.arc.length - rb.arc.length);
  } else {
    const ra = insertAt(arc, a);
    const rb = insertAt(ra.arc, b);
    arc = rb.arc;
    ib = rb.index;
    ia = ra.index + (rb.arc.length - ra.arc.length);
  }
  if (ia === ib) return 'line-too-short';
  const inner = line.slice(1, -1).map((p) => [p[0], p[1]] as Position);
  const lo = Math.min(ia, ib);
  const hi = Math.max(ia, ib);
  const middle = ia < ib ? inner : [...inner].reverse();
  const next = [...arc.slice(0, lo + 1), ...middle, ...arc.slice(hi)] as Arc;
  const arcs = c.arcs.slice();
  arcs[a.arc] = next;
  const cov: Coverage = { arcs, units: c.units };
  const changed = Array.from({ length: middle.length + 1 }, (_, i) => ({ arc: a.arc, index: lo + i }));
  const hit = firstCrossing(cov, changed);
  if (hit) {
    // Say which unit the line runs into, and where: the units of the crossed arc but the border's own.
    const own = new Set(arcUsage(cov).unitsByArc[a.arc] ?? []);
    return { refusal: 'self-intersection', at: hit.at, units: [...new Set(arcUsage(cov).unitsByArc[hit.arc] ?? [])].filter((u) => !own.has(u)) };
  }
  if (ringsCollapse(cov, [a.arc])) return 'collapsed-ring';
  return cov;
}

/** Where a refused reshape line runs into another border: the point and the units beyond it. */
export interface ReshapeCrossing {
  readonly refusal: Refusal;
  readonly at: Position;
  readonly units: readonly string[];
}

/** The crossing that refuses this reshape, if that is why it is refused. */
export function reshapeCrossing(c: Coverage, line: readonly Position[], toleranceDeg: number): ReshapeCrossing | null {
  const r = plan(c, line, toleranceDeg);
  return typeof r === 'object' && 'refusal' in r ? r : null;
}

export function actionReshapeBorder(line: readonly Position[], toleranceDeg: number): Action<Coverage> {
  return makeAction(
    (c) => {
      const r = plan(c, line, toleranceDeg);
      return typeof r === 'string' || 'refusal' in r ? c : r;
    },
    (c) => {
      const r = plan(c, line, toleranceDeg);
      return typeof r === 'string' ? r : 'refusal' in r ? r.refusal : false;
    },
  );
}
