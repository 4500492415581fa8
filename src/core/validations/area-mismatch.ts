// Rule: area-mismatch (warning). The unit's area on the WGS84 ellipsoid differs from its official area by
// more than the set percentage. Areas come from the equal-area projection of the ellipsoid summed per
// arc (cached on the immutable arc), so a whole province costs a few milliseconds (core/geom/equal-area.ts).
import type { Arc, Coverage, Unit } from '../model';
import { polylineEqualAreaSum } from '../geom/equal-area';
import { unitIssueId, type ValidationIssue } from '../validation/issue';
import { unitAnchor } from './unit-anchor';
import { unitCode } from './unit-codes';

const perArc = new WeakMap<Arc, number>();

function arcSum(arc: Arc): number {
  let s = perArc.get(arc);
  if (s === undefined) {
    s = polylineEqualAreaSum(arc);
    perArc.set(arc, s);
  }
  return s;
}

/** Area of a unit in m²: shells minus holes, whatever the orientation of its rings. */
export function unitAreaM2(c: Coverage, u: Unit): number {
  let area = 0;
  for (const poly of u.polygons) {
    poly.forEach((ring, r) => {
      let s = 0;
      for (const ref of ring) s += ref < 0 ? -arcSum(c.arcs[~ref]!) : arcSum(c.arcs[ref]!);
      area += r === 0 ? Math.abs(s) : -Math.abs(s);
    });
  }
  return area;
}

export function areaMismatchIssues(c: Coverage, pct: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const u of c.units.values()) {
    const official = u.attrs.officialAreaKm2;
    if (official === null || !(official > 0)) continue;
    const area = unitAreaM2(c, u);
    const diffPct = ((area / 1e6 - official) / official) * 100;
    if (Math.abs(diffPct) <= pct) continue;
    const at = unitAnchor(c, u);
    const code = unitCode(c, u.id);
    issues.push({
      id: unitIssueId('area-mismatch', code),
      kind: 'area-mismatch',
      severity: 'warning',
      units: [code],
      unitIds: [u.id],
      areaM2: area,
      at,
      geometry: { type: 'Point', coordinates: at },
      details: { officialAreaKm2: official, diffPct: Math.round(diffPct * 10) / 10 },
    });
  }
  return issues;
}
