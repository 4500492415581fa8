// The course the ward's draft gives to one border of the hub. The hub's border runs between two units
// from node to node; in the draft the same stretch may be cut into several arcs (edits add nodes), so
// it is found by walking a ring of the ward's own unit from the border's first node to its last, along
// the side where the neighbour is across. The two nodes must still be vertices of that ring: the hub
// keeps a border's ends (they are shared with the other borders meeting there).
import type { Coverage, Position } from '../model/types';
import { OUTSIDE, unitRings, unitsAcross, walkRing, type UnitRing } from '../topology/ring-stretch';

/** A border as the hub stores it: the smaller code first, `unitB` null on the province's outer edge. */
export interface HubBorderLine {
  readonly unitA: string;
  readonly unitB: string | null;
  readonly coordinates: readonly (readonly number[])[];
}

export type DraftCourse =
  | { readonly ok: true; readonly course: Position[]; readonly changed: boolean }
  | DraftCourseFailure;

export interface DraftCourseFailure {
  readonly ok: false;
  readonly reason: 'not-party' | 'no-unit' | 'ends-moved' | 'not-along';
  readonly message: string;
}

/** The course with the arc of each of its segments, in the border's direction. */
export type DraftStretch = { readonly ok: true; readonly course: Position[]; readonly changed: boolean; readonly arcs: readonly number[] } | DraftCourseFailure;

const same = (a: readonly number[], b: readonly number[]) => a[0] === b[0] && a[1] === b[1];

function withoutRepeats<P extends readonly number[]>(line: readonly P[]): P[] {
  return line.filter((p, i) => i === 0 || !same(p, line[i - 1]!));
}

function vertexIndices(r: UnitRing, p: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < r.pts.length - 1; i++) if (same(r.pts[i]!, p)) out.push(i);
  return out;
}

function unitIdOf(c: Coverage, code: string): string | null {
  for (const u of c.units.values()) if (u.attrs.code === code) return u.id;
  return null;
}

/**
 * The draft's course for `border`, seen from the ward's unit `ownCode`, in the border's own direction
 * (first node to last); `changed` when it differs from the hub's course.
 */
export function draftCourse(c: Coverage, border: HubBorderLine, ownCode: string): DraftCourse {
  const r = draftStretch(c, border, ownCode);
  return r.ok ? { ok: true, course: r.course, changed: r.changed } : r;
}

/** As draftCourse, with the draft's arcs the stretch runs along. */
export function draftStretch(c: Coverage, border: HubBorderLine, ownCode: string): DraftStretch {
  const otherCode = border.unitA === ownCode ? border.unitB : border.unitB === ownCode ? border.unitA : undefined;
  if (otherCode === undefined) {
    return { ok: false, reason: 'not-party', message: `the border runs between ${border.unitA} and ${border.unitB ?? 'the outside'}, not along unit ${ownCode}` };
  }
  const own = unitIdOf(c, ownCode);
  if (own === null) return { ok: false, reason: 'no-unit', message: `the draft has no unit with code ${ownCode}` };
  const other = otherCode === null ? OUTSIDE : unitIdOf(c, otherCode);
  if (other === null) return { ok: false, reason: 'no-unit', message: `the draft has no unit with code ${otherCode}` };
  const first = border.coordinates[0]!;
  const last = border.coordinates[border.coordinates.length - 1]!;
  // A closed border (a unit inside another) has at least three distinct positions; a border whose ends
  // coincide with nothing between (zero length, seen in source data) has no course to give.
  const closed = same(first, last) && border.coordinates.length > 3;
  const point = same(first, last) && !closed;
  const hub = withoutRepeats(border.coordinates);
  let endsFound = false;
  let found: { course: Position[]; arcs: number[] } | null = null;
  for (const r of unitRings(c, own)) {
    const starts = vertexIndices(r, first);
    const ends = closed ? starts : vertexIndices(r, last);
    if (starts.length === 0 || ends.length === 0) continue;
    endsFound = true;
    if (point) return { ok: true, course: border.coordinates.map((p) => [p[0]!, p[1]!] as const), changed: false, arcs: [] };
    // Every stretch of the ring between an occurrence of the first node and one of the last (a ring may
    // pass a node twice), walked either way; the border's is the one with only the neighbour across.
    // A closed border with its node once on the ring is the whole ring.
    for (const i of starts) {
      for (const j of ends) {
        if (closed && i === j && starts.length > 1) continue;
        const a = { s: i, at: r.pts[i]! };
        const b = { s: j, at: r.pts[j]! };
        for (const [walk, reversed] of [[walkRing(r, a, b), false], [walkRing(r, b, a), true]] as const) {
          const across = unitsAcross(c, own, walk).units;
          if (across.length !== 1 || across[0] !== other) continue;
          // Source data repeats some vertices (a zero-length arc at a node): repeats do not make a change.
          const course = withoutRepeats(reversed ? [...walk.points].reverse() : walk.points);
          // The arc of each segment that has a length (a zero-length arc at a node is not part of it).
          const moving = walk.arcs.filter((_, k) => !same(walk.points[k]!, walk.points[k + 1]!));
          const arcs = reversed ? moving.reverse() : moving;
          const unchanged = course.length === hub.length && course.every((p, k) => same(p, hub[k]!));
          if (unchanged) return { ok: true, course: border.coordinates.map((p) => [p[0]!, p[1]!] as const), changed: false, arcs };
          found ??= { course: course.map((p) => [p[0], p[1]] as const), arcs };
        }
      }
    }
  }
  if (found) return { ok: true, ...found, changed: true };
  if (!endsFound) {
    return {
      ok: false,
      reason: 'ends-moved',
      message: `the border's ends [${first.join(', ')}] and [${last.join(', ')}] are no longer both corners of unit ${ownCode} in the draft; a border keeps its two ends`,
    };
  }
  return {
    ok: false,
    reason: 'not-along',
    message: `in the draft, unit ${ownCode} does not border ${otherCode ?? 'the outside'} alone between the border's two ends`,
  };
}
