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

/** The units and borders of the next revision with `border` running along `course`, or why not. */
export function reviseBorder(units: readonly HubUnit[], border: LineString, course: LineString): Revised {
  const before = coverageOf(units);
  const found = arcAlong(before, border.coordinates);
  if (!found) return { ok: false, reason: 'the border is not an arc of the revision\'s units (the revision is damaged)', issues: [] };
  const path: Position[] = course.coordinates.map((p) => [p[0]!, p[1]!] as const);
  if (found.reversed) path.reverse();
  const arcs = [...before.arcs];
  arcs[found.index] = path;
  const after: Coverage = { arcs, units: before.units };
  const had = errorIds(validateCoverage(before));
  const brought = validateCoverage(after).filter((i) => i.severity === 'error' && !had.has(i.id));
  if (brought.length > 0) {
    const kinds = [...new Set(brought.map((i) => `${i.kind} (${i.units.join(', ')})`))].join('; ');
    return { ok: false, reason: `the course would bring ${brought.length} error(s) the revision does not have: ${kinds}`, issues: brought };
  }
  // Only the units on the border change; every other unit is stored exactly as it was (rebuilding a
  // ring from the topology may start it at another vertex: the same ring, other bytes).
  const { unitsByArc } = arcUsage(after);
  const moved = new Set(unitsByArc[found.index]!.map((id) => after.units.get(id)!.attrs.code));
  const stored = new Map(units.map((u) => [u.code, u]));
  return { ok: true, units: hubUnits(after).map((u) => (moved.has(u.code) ? u : stored.get(u.code) ?? u)), borders: hubBorders(after) };
}
