// Rule: self-intersection. A unit whose boundary crosses, touches or runs along itself other than at a
// vertex (a ring crossing itself, a spike folding back, two of its rings or polygons crossing). Found
// from the conflicts of the segment index where both arcs belong to the same unit; one issue per unit
// with every point (a vertex shared by two rings is a node of the topology, not reported).
import type { MultiPoint, Position } from 'geojson';
import type { Coverage } from '../model';
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
        if (h.snapped || (commonEnd && (snapped || k.hits.length === 1))) continue;
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
