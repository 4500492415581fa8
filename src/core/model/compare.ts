// Differences between two coverages (a saved version and the current draft): which units were added,
// removed or changed, their area differences, and the borders that are not in the other coverage.
import type { LineString } from 'geojson';
import type { Arc, Coverage } from './types';
import { arcUsage } from './arc-usage';
import { unitAreaM2, unitGeometry } from '../geom/unit-measure';

export interface UnitChange {
  readonly id: string;
  readonly code: string;
  readonly fullName: string;
  readonly change: 'added' | 'removed' | 'geometry' | 'attributes' | 'both';
  /** Area in `to` minus area in `from`, m² (added: its area; removed: minus its area). */
  readonly areaDiffM2: number;
}

export interface CoverageComparison {
  readonly units: readonly UnitChange[];
  /** Borders of `to` that `from` does not have (same vertices in either direction counts as the same). */
  readonly changedBorders: readonly LineString[];
}

function key(arc: Arc): string {
  const f = arc.map((p) => `${p[0]},${p[1]}`).join(';');
  const r = [...arc].reverse().map((p) => `${p[0]},${p[1]}`).join(';');
  return f < r ? f : r;
}

function sameGeometry(a: Coverage, b: Coverage, id: string): boolean {
  return JSON.stringify(unitGeometry(a, id).coordinates) === JSON.stringify(unitGeometry(b, id).coordinates);
}

export function compareCoverages(from: Coverage, to: Coverage): CoverageComparison {
  const units: UnitChange[] = [];
  for (const [id, u] of to.units) {
    const old = from.units.get(id);
    if (!old) {
      units.push({ id, code: u.attrs.code, fullName: u.attrs.fullName, change: 'added', areaDiffM2: unitAreaM2(to, id) });
      continue;
    }
    const attrs = JSON.stringify(old.attrs) !== JSON.stringify(u.attrs);
    const geom = !sameGeometry(from, to, id);
    if (!attrs && !geom) continue;
    units.push({
      id,
      code: u.attrs.code,
      fullName: u.attrs.fullName,
      change: attrs && geom ? 'both' : attrs ? 'attributes' : 'geometry',
      areaDiffM2: unitAreaM2(to, id) - unitAreaM2(from, id),
    });
  }
  for (const [id, u] of from.units) {
    if (!to.units.has(id)) units.push({ id, code: u.attrs.code, fullName: u.attrs.fullName, change: 'removed', areaDiffM2: -unitAreaM2(from, id) });
  }
  const fromUsage = arcUsage(from).unitsByArc;
  const known = new Set<string>();
  from.arcs.forEach((a, i) => {
    if (a.length >= 2 && (fromUsage[i]?.length ?? 0) > 0) known.add(key(a));
  });
  const toUsage = arcUsage(to).unitsByArc;
  const changedBorders: LineString[] = [];
  to.arcs.forEach((a, i) => {
    if (a.length >= 2 && (toUsage[i]?.length ?? 0) > 0 && !known.has(key(a))) {
      changedBorders.push({ type: 'LineString', coordinates: a.map((p) => [p[0], p[1]]) });
    }
  });
  units.sort((x, y) => x.code.localeCompare(y.code));
  return { units, changedBorders };
}
