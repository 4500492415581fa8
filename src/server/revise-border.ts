// An agreed course for one border, made into the province's next revision: the coverage is rebuilt from
// the latest revision's units (the core's topology, as the app and load-province build it), the border's
// arc is given the new course, and the whole coverage is checked by the core's checker. A course that
// brings an error the revision did not have (an overlap or a gap with a third unit, a crossing of another
// border, a unit cut in two) is refused with the checker's issues, and nothing is stored.
import type { Feature, LineString, MultiPolygon, Position as GeoPosition } from 'geojson';
import { arcUsage, coverageFromFeatures, type Arc, type Coverage, type Position } from '../core/model';
import { validateCoverage, type ValidationIssue } from '../core/validation';
import { joinBorderRuns } from '../core/topology/join-arcs';
import { hubBorders, hubUnits, type HubBorder, type HubUnit } from './province-borders';

export type Revised =
  | { readonly ok: true; readonly units: HubUnit[]; readonly borders: HubBorder[] }
  | { readonly ok: false; readonly reason: string; readonly issues: readonly ValidationIssue[] };

const same = (a: Position | GeoPosition, b: Position | GeoPosition) => a[0] === b[0] && a[1] === b[1];

function equalFrom(arc: Arc, line: readonly GeoPosition[], offset: number, reversed: boolean): boolean {
  const n = arc.length;
  // A closed arc repeats its first position last: rotations run over the n - 1 distinct ones.
  const m = offset === 0 ? n : n - 1;
  for (let k = 0; k < n; k++) {
    const i = reversed ? n - 1 - k : k;
    if (!same(arc[(i + offset) % m]!, line[k]!)) return false;
  }
  return true;
}

/**
 * The arc that runs along `line`, and whether it runs the other way; a closed line (a unit inside
 * another) may also start elsewhere on its ring. Null when no arc does.
 */
export function arcAlong(c: Coverage, line: readonly GeoPosition[]): { index: number; reversed: boolean } | null {
  const closed = line.length > 3 && same(line[0]!, line[line.length - 1]!);
  for (let index = 0; index < c.arcs.length; index++) {
    const arc = c.arcs[index]!;
    if (arc.length !== line.length) continue;
    const offsets = closed && same(arc[0]!, arc[arc.length - 1]!) ? arc.length - 1 : 1;
    for (let offset = 0; offset < offsets; offset++) {
      if (equalFrom(arc, line, offset, false)) return { index, reversed: false };
      if (equalFrom(arc, line, offset, true)) return { index, reversed: true };
    }
  }
  return null;
}

function coverageOf(units: readonly HubUnit[]): Coverage {
  const features: Feature<MultiPolygon, Record<string, unknown>>[] = units.map((u) => ({
    type: 'Feature',
    properties: { ...u.properties, code: u.code, name: u.name },
    geometry: u.geometry,
  }));
  // Borders as the hub stores them: from node to node, not cut where the data repeated a point.
  return joinBorderRuns(coverageFromFeatures(features));
}

const errorIds = (issues: readonly ValidationIssue[]) => new Set(issues.filter((i) => i.severity === 'error').map((i) => i.id));

/** The coverage `after` (its arcs changed, its units as `before`'s), unless it brings an error `before` did not have. */
function checked(before: Coverage, after: Coverage, arc: number, stored: readonly HubUnit[]): Revised {
  const had = errorIds(validateCoverage(before));
  const brought = validateCoverage(after).filter((i) => i.severity === 'error' && !had.has(i.id));
  if (brought.length > 0) {
    const kinds = [...new Set(brought.map((i) => `${i.kind} (${i.units.join(', ')})`))].join('; ');
    return { ok: false, reason: `the course would bring ${brought.length} error(s) the revision does not have: ${kinds}`, issues: brought };
  }
  // Only the units on the changed arc change; every other unit is stored exactly as it was (rebuilding a
  // ring from the topology may start it at another vertex: the same ring, other bytes).
  const moved = new Set(arcUsage(after).unitsByArc[arc]!.map((id) => after.units.get(id)!.attrs.code));
  const byCode = new Map(stored.map((u) => [u.code, u]));
  return { ok: true, units: hubUnits(after).map((u) => (moved.has(u.code) ? u : byCode.get(u.code) ?? u)), borders: hubBorders(after) };
}

/** The units and borders of the next revision with `border` running along `course`, or why not. */
export function reviseBorder(units: readonly HubUnit[], border: LineString, course: LineString): Revised {
  const before = coverageOf(units);
  const found = arcAlong(before, border.coordinates);
  if (!found) return { ok: false, reason: 'the border is not an arc of the revision\'s units (the revision is damaged)', issues: [] };
  const path: Position[] = course.coordinates.map((p) => [p[0]!, p[1]!] as const);
  if (found.reversed) path.reverse();
  const arcs = [...before.arcs];
  arcs[found.index] = path;
  return checked(before, { arcs, units: before.units }, found.index, units);
}

/** An arc's vertices without consecutive repeats (and without a ring's closing one), with their indices in the arc. */
function distinct(arc: Arc, closed: boolean): { points: Position[]; at: number[] } {
  const points: Position[] = [];
  const at: number[] = [];
  const n = closed ? arc.length - 1 : arc.length;
  for (let i = 0; i < n; i++) {
    if (points.length > 0 && same(points[points.length - 1]!, arc[i]!)) continue;
    points.push(arc[i]!);
    at.push(i);
  }
  if (closed && points.length > 1 && same(points[0]!, points[points.length - 1]!)) {
    points.pop();
    at.pop();
  }
  return { points, at };
}

const isRing = (arc: Arc) => arc.length > 3 && same(arc[0]!, arc[arc.length - 1]!);

/**
 * How far (metres) a vertex of a stretch that its arc does not have may lie from the arc's segment it
 * falls on: the other province's edge may cut a segment with a vertex of its own (link-provinces.ts
 * snaps within 0.1 m).
 */
export const STRETCH_EXTRA_VERTEX_M = 0.2;

/** Distance in metres from p to segment ab, on a local flat approximation (fine at these lengths). */
function offsetM(p: GeoPosition, a: Position, b: Position): number {
  const kx = 111_320 * Math.cos((p[1]! * Math.PI) / 180);
  const ky = 110_574;
  const [ax, ay, bx, by, px, py] = [a[0] * kx, a[1] * ky, b[0] * kx, b[1] * ky, p[0]! * kx, p[1]! * ky];
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * Where `stretch` runs within an arc: its two ends are vertices of the arc, and so is every vertex of
 * the arc between them, in order (an arc may repeat a vertex where the stretch, cut out by PostGIS,
 * does not). The stretch may have vertices the arc lacks, each within STRETCH_EXTRA_VERTEX_M of the
 * arc's segment it falls on. Gives the arc, the arc's vertex indices of the stretch's first and last
 * vertex in the arc's direction (`from` after `to` across the start of a ring), and whether the stretch
 * runs against the arc; null when no arc holds it.
 */
export function stretchWithin(c: Coverage, stretch: readonly GeoPosition[]): { index: number; from: number; to: number; reversed: boolean } | null {
  const k = stretch.length;
  for (let index = 0; index < c.arcs.length; index++) {
    const arc = c.arcs[index]!;
    const closed = isRing(arc);
    const { points, at } = distinct(arc, closed);
    const m = points.length;
    const wrap = (i: number) => ((i % m) + m) % m;
    for (let t = 0; t < m; t++) {
      if (!same(points[t]!, stretch[0]!)) continue;
      for (const dir of [1, -1]) {
        let i = t;
        let ok = true;
        for (let j = 1; j < k && ok; j++) {
          const n = i + dir;
          const next = closed ? (Math.abs(n - t) <= m ? points[wrap(n)] : undefined) : points[n];
          if (next && same(next, stretch[j]!)) i = n;
          else ok = next !== undefined && offsetM(stretch[j]!, points[wrap(i)]!, next) <= STRETCH_EXTRA_VERTEX_M;
        }
        if (!ok || i === t) continue;
        const [first, last] = dir === 1 ? [t, i] : [i, t];
        return { index, from: at[wrap(first)]!, to: at[wrap(last)]!, reversed: dir === -1 };
      }
    }
  }
  return null;
}

/**
 * The units and borders of the next revision with `stretch` (a part of one arc, from vertex to vertex:
 * a border between provinces, cut at both provinces' nodes) running along `course`, which keeps its two
 * ends; or why not. The rest of the arc stays as it is.
 */
export function reviseStretch(units: readonly HubUnit[], stretch: LineString, course: LineString): Revised {
  const before = coverageOf(units);
  const found = stretchWithin(before, stretch.coordinates);
  if (!found) return { ok: false, reason: 'the stretch is not within one arc of the revision\'s units (the edge changed since the border was found)', issues: [] };
  const arc = before.arcs[found.index]!;
  // The course in the arc's direction.
  const path: Position[] = course.coordinates.map((p) => [p[0]!, p[1]!] as const);
  if (found.reversed) path.reverse();
  let next: Position[];
  if (!isRing(arc)) {
    next = [...arc.slice(0, found.from), ...path, ...arc.slice(found.to + 1)];
  } else {
    // A ring: start it at the stretch, so the new course is its beginning, and close it again.
    const n = arc.length - 1;
    const rotated = [...arc.slice(found.from, n), ...arc.slice(0, found.from + 1)];
    const to = (found.to - found.from + n) % n;
    // A stretch that is the whole ring (an island of one province in the other) is replaced whole.
    next = to === 0 && stretch.coordinates.length > 2 ? path : [...path, ...rotated.slice(to + 1)];
  }
  const arcs = [...before.arcs];
  arcs[found.index] = next;
  return checked(before, { arcs, units: before.units }, found.index, units);
}
