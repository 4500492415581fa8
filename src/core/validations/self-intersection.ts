// Rule: self-intersection. A unit whose boundary crosses, touches or runs along itself other than at a
// vertex (a ring crossing itself, a spike folding back, two of its rings or polygons crossing), or a
// ring that passes through one of its own vertices twice (GEOS's "Ring Self-intersection"). Found from
// the conflicts of the segment index where both arcs belong to the same unit, and from the arc ends of
// each ring; one issue per unit with every point. A vertex shared by two rings (a hole touching its
// shell, two polygons meeting at a corner) is valid and not reported.
import type { MultiPoint, Position } from 'geojson';
import type { Coverage, Unit } from '../model';
import { issueId, type ValidationIssue } from '../validation/issue';
import type { ArcUse } from '../validation/arc-uses';
import type { Conflict } from '../validation/segment-index';
import { unitCode } from './unit-codes';

export function selfIntersectionIssues(
  c: Coverage,
  uses: readonly (readonly ArcUse[])[],
  conflicts: readonly Conflict[],
): ValidationIssue[] {
  const points = new Map<string, Map<string, Position>>();
  for (const k of conflicts) {
    const ua = uses[k.arcA] ?? [];
    const ub = uses[k.arcB] ?? [];
    for (const a of ua) {
      if (!ub.some((b) => b.unit === a.unit)) continue;
      let m = points.get(a.unit);
      if (!m) points.set(a.unit, (m = new Map()));
      // A contact that exists only by snapping (a vertex within 10 µm of the unit's own edge) is a valid
      // ring for GEOS and for us; the overlay still treats it as a touch.
      // A common vertex that comes with such a contact (two nearly collinear segments leaving it) is a
      // node, not a crossing.
      // A vertex the two segments share, alone, is a touch at a node (two rings meeting at a point), not
      // a crossing; with a second hit it is the end of a stretch the boundary runs along twice.
      const snapped = k.hits.some((h) => h.snapped);
      for (const h of k.hits) {
        const commonEnd = (h.t === 0 || h.t === 1) && (h.u === 0 || h.u === 1);
        if (h.snapped || (commonEnd && snapped)) continue;
        // A lone shared vertex is a touch: valid between two rings, not within one (unless the two
        // segments are only apart by repeats of that vertex, a duplicate-vertex warning).
        if (commonEnd && k.hits.length === 1 && !ringPassesTwice(c, c.units.get(a.unit), k.arcA, k.arcB, h.x, h.y)) continue;
        m.set(`${h.x} ${h.y}`, [h.x, h.y]);
      }
    }
  }
  // An arc a unit uses twice is a stretch of its boundary that runs along itself: a spike folding back
  // (there and back along one arc) or two of its rings sharing a border. The topology stores it once, so
  // no two segments conflict; GEOS calls such a ring self-intersecting, and so do we, at the arc's ends.
  uses.forEach((list, arc) => {
    for (let i = 0; i < list.length; i++) {
      if (!list.slice(i + 1).some((b) => b.unit === list[i]!.unit)) continue;
      const line = c.arcs[arc]!;
      // A zero-length arc (a repeated vertex the topology kept as an arc) runs along nothing.
      if (line.every((p) => p[0] === line[0]![0] && p[1] === line[0]![1])) break;
      let m = points.get(list[i]!.unit);
      if (!m) points.set(list[i]!.unit, (m = new Map()));
      for (const p of [line[0]!, line[line.length - 1]!]) m.set(`${p[0]} ${p[1]}`, [p[0], p[1]]);
    }
  });
  // A ring that touches itself where the topology cut its arcs (a node) gives no conflict: two of its
  // arcs start at the same vertex.
  for (const u of c.units.values()) {
    for (const poly of u.polygons) {
      for (const ring of poly) {
        const at = repeatedStart(c, ring);
        if (!at) continue;
        let m = points.get(u.id);
        if (!m) points.set(u.id, (m = new Map()));
        m.set(`${at[0]} ${at[1]}`, [at[0], at[1]]);
      }
    }
  }
  const issues: ValidationIssue[] = [];
  for (const [unit, m] of points) {
    if (m.size === 0) continue;
    const pts = [...m.values()].sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]!);
    const at: [number, number] = [pts[0]![0]!, pts[0]![1]!];
    const code = unitCode(c, unit);
    const geometry: MultiPoint = { type: 'MultiPoint', coordinates: pts };
    issues.push({
      id: issueId('self-intersection', [code], at),
      kind: 'self-intersection',
      severity: 'error',
      units: [code],
      unitIds: [unit],
      at,
      geometry,
      details: { points: pts.length },
    });
  }
  return issues;
}

/**
 * Whether a ring of the unit that uses both arcs passes through (x, y) twice, repeated vertices counted
 * once. Only the rare lone-vertex conflicts within one unit come here.
 */
function ringPassesTwice(c: Coverage, u: Unit | undefined, arcA: number, arcB: number, x: number, y: number): boolean {
  if (!u) return false;
  for (const poly of u.polygons) {
    for (const ring of poly) {
      const uses = (arc: number) => ring.some((ref) => (ref < 0 ? ~ref : ref) === arc);
      if (!uses(arcA) || !uses(arcB)) continue;
      let visits = 0;
      let px = NaN;
      let py = NaN;
      for (const ref of ring) {
        const arc = c.arcs[ref < 0 ? ~ref : ref] ?? [];
        const n = arc.length;
        for (let j = 0; j < n; j++) {
          const q = arc[ref < 0 ? n - 1 - j : j]!;
          if (q[0] === px && q[1] === py) continue; // a repeat, or the next arc's first vertex
          px = q[0];
          py = q[1];
          if (px === x && py === y) visits++;
        }
      }
      // The closing vertex repeats the first: a ring starting at (x, y) counts it once more.
      const r0 = ring[0]!;
      const a0 = c.arcs[r0 < 0 ? ~r0 : r0] ?? [];
      const start = r0 < 0 ? a0[a0.length - 1] : a0[0];
      if (start && start[0] === x && start[1] === y) visits--;
      if (visits >= 2) return true;
    }
  }
  return false;
}

/** A vertex at which two of the ring's arcs start (zero-length arcs skipped), or null. */
function repeatedStart(c: Coverage, ring: readonly number[]): [number, number] | null {
  if (ring.length < 3) return null;
  const seen = new Map<number, number[]>();
  for (const ref of ring) {
    const arc = c.arcs[ref < 0 ? ~ref : ref];
    if (!arc || arc.length === 0) continue;
    const p = ref < 0 ? arc[arc.length - 1]! : arc[0]!;
    if (arc.every((q) => q[0] === p[0] && q[1] === p[1])) continue;
    const ys = seen.get(p[0]);
    if (ys?.includes(p[1])) return [p[0], p[1]];
    if (ys) ys.push(p[1]);
    else seen.set(p[0], [p[1]]);
  }
  return null;
}
