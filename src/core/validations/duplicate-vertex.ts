// Rule: duplicate-vertex (warning). Consecutive repeated positions in a unit's rings. GEOS and Turf
// accept them, s2-based tools reject them as degenerate edges; they also make vertex editing confusing.
// One issue per unit with all positions; found per arc (cached on the immutable arc) then per unit.
import type { Position } from 'geojson';
import type { Arc, Coverage, Unit } from '../model';
import { issueId, type ValidationIssue } from '../validation/issue';
import { unitCode } from './unit-codes';

const perArc = new WeakMap<Arc, Position[]>();

function duplicatesOf(arc: Arc): Position[] {
  let d = perArc.get(arc);
  if (d) return d;
  d = [];
  for (let i = 1; i < arc.length; i++) {
    if (arc[i]![0] === arc[i - 1]![0] && arc[i]![1] === arc[i - 1]![1]) d.push([arc[i]![0], arc[i]![1]]);
  }
  perArc.set(arc, d);
  return d;
}

/** Per unit: the arcs its rings used and the duplicates found on them, reused while they are the same. */
const perUnit = new WeakMap<Unit, { arcs: Arc[]; pts: Position[] }>();

function unitDuplicates(c: Coverage, u: Unit): Position[] {
  const hit = perUnit.get(u);
  // Looked up once: arcIds is a WeakMap lookup, and the check below runs per arc of every unit.
  const ids = arcIds(u);
  if (hit && hit.arcs.every((a, i) => c.arcs[ids[i]!] === a)) return hit.pts;
  const arcs = ids.map((i) => c.arcs[i]!);
  const pts: Position[] = [];
  for (const a of arcs) for (const p of duplicatesOf(a)) pts.push(p);
  pts.sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]!);
  perUnit.set(u, { arcs, pts });
  return pts;
}

const idsOf = new WeakMap<Unit, number[]>();

function arcIds(u: Unit): number[] {
  let ids = idsOf.get(u);
  if (!ids) {
    ids = [];
    for (const poly of u.polygons) for (const ring of poly) for (const ref of ring) ids.push(ref < 0 ? ~ref : ref);
    idsOf.set(u, ids);
  }
  return ids;
}

/**
 * The issue made from a unit's list of duplicates, kept while the list is the same object (the unit and
 * its arcs unchanged): copying every point into the issue's geometry at each re-check was ~20 % of an
 * incremental check on Lâm Đồng (profiled over 100 vertex moves).
 */
const perList = new WeakMap<Position[], { code: string; issue: ValidationIssue }>();

export function duplicateVertexIssues(c: Coverage): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const u of c.units.values()) {
    const pts = unitDuplicates(c, u);
    if (pts.length === 0) continue;
    const code = unitCode(c, u.id);
    const hit = perList.get(pts);
    if (hit && hit.code === code && hit.issue.unitIds?.[0] === u.id) {
      issues.push(hit.issue);
      continue;
    }
    const at: [number, number] = [pts[0]![0]!, pts[0]![1]!];
    const issue: ValidationIssue = {
      id: issueId('duplicate-vertex', [code], at),
      kind: 'duplicate-vertex',
      severity: 'warning',
      units: [code],
      unitIds: [u.id],
      at,
      geometry: { type: 'MultiPoint', coordinates: pts.map((p) => [p[0]!, p[1]!]) },
      details: { count: pts.length },
    };
    perList.set(pts, { code, issue });
    issues.push(issue);
  }
  return issues;
}
