// Rule: near-coincident border. Two units whose borders run within the tolerance of each other over a
// stretch (a neighbour's file written by another tool, a border digitised twice) cross each other into
// many thin pieces, some covered twice, some by neither: one sliver warning per piece buried the real
// errors (112 for five re-written units). The sliver pieces of overlap and gap between the same two
// units are one warning: the stretch's length (half the pieces' perimeter), the largest distance
// between the two borders, and the snap fix that makes them one shared arc.
import type { MultiPolygon, Position } from 'geojson';
import type { Coverage } from '../model';
import { placelessIssueId, type ValidationIssue } from '../validation/issue';
import type { ArcUse } from '../validation/arc-uses';
import { searchChunks, type SegmentIndex } from '../validation/segment-index';
import { lineLengthM } from '../geom/geodesic';

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON_EQ = 111_320;

/** Distance in metres from p to segment a–b, in a local plane (sub-metre distances: 0.3 % is plenty). */
function pointSegmentM(p: Position, a: readonly number[], b: readonly number[]): number {
  const k = Math.cos((p[1]! * Math.PI) / 180) * M_PER_DEG_LON_EQ;
  const ax = (a[0]! - p[0]!) * k, ay = (a[1]! - p[1]!) * M_PER_DEG_LAT;
  const bx = (b[0]! - p[0]!) * k, by = (b[1]! - p[1]!) * M_PER_DEG_LAT;
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2)) : 0;
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/**
 * Largest distance between the two units' borders along the pieces: every point of a piece's boundary
 * lies on one unit's border; its distance to the other unit's border is the separation there.
 */
function largestDistanceM(c: Coverage, index: SegmentIndex, uses: readonly (readonly ArcUse[])[], pair: readonly [string, string], polys: MultiPolygon): number {
  let worst = 0;
  for (const poly of polys.coordinates) {
    const ring = poly[0]!;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const p of ring) {
      minX = Math.min(minX, p[0]!);
      minY = Math.min(minY, p[1]!);
      maxX = Math.max(maxX, p[0]!);
      maxY = Math.max(maxY, p[1]!);
    }
    const segs: Record<string, [readonly number[], readonly number[]][]> = { [pair[0]]: [], [pair[1]]: [] };
    const pad = 1e-5;
    searchChunks(index, minX - pad, minY - pad, maxX + pad, maxY + pad, (arc, s, e) => {
      for (const u of uses[arc] ?? []) {
        const list = segs[u.unit];
        if (!list) continue;
        for (let i = s; i < e; i++) list.push([c.arcs[arc]![i]!, c.arcs[arc]![i + 1]!]);
      }
    });
    // Vertices and edge midpoints: a piece between two crossings may have no vertex but its ends.
    const samples: Position[] = [];
    for (let i = 0; i + 1 < ring.length; i++) samples.push(ring[i]!, [(ring[i]![0]! + ring[i + 1]![0]!) / 2, (ring[i]![1]! + ring[i + 1]![1]!) / 2]);
    for (const p of samples) {
      let dA = Infinity;
      let dB = Infinity;
      for (const [a, b] of segs[pair[0]]!) dA = Math.min(dA, pointSegmentM(p, a, b));
      for (const [a, b] of segs[pair[1]]!) dB = Math.min(dB, pointSegmentM(p, a, b));
      const d = Math.max(dA === Infinity ? 0 : dA, dB === Infinity ? 0 : dB);
      if (d > worst) worst = d;
    }
  }
  return worst;
}

/** Replaces the two-unit sliver issues of `issues` by one near-coincident-border issue per pair. */
export function mergeBorderSlivers(
  c: Coverage,
  index: SegmentIndex,
  uses: readonly (readonly ArcUse[])[],
  issues: readonly ValidationIssue[],
): ValidationIssue[] {
  const byPair = new Map<string, ValidationIssue[]>();
  const rest: ValidationIssue[] = [];
  for (const i of issues) {
    const twoUnits = i.kind === 'sliver' && i.unitIds.length === 2 && i.details?.source !== 'outline';
    if (!twoUnits) {
      rest.push(i);
      continue;
    }
    const k = i.unitIds.join('\u0000');
    let l = byPair.get(k);
    if (!l) byPair.set(k, (l = []));
    l.push(i);
  }
  for (const list of byPair.values()) {
    const first = list[0]!;
    const geometry: MultiPolygon = { type: 'MultiPolygon', coordinates: [] };
    for (const i of list) {
      if (i.geometry.type === 'MultiPolygon') geometry.coordinates.push(...i.geometry.coordinates);
      else if (i.geometry.type === 'Polygon') geometry.coordinates.push(i.geometry.coordinates);
    }
    const perimeter = geometry.coordinates.reduce((s, p) => s + p.reduce((t, r) => t + lineLengthM(r), 0), 0);
    const largest = list.reduce((a, b) => ((b.areaM2 ?? 0) > (a.areaM2 ?? 0) ? b : a));
    const pieces = list.reduce((s, i) => s + (typeof i.details?.pieces === 'number' ? i.details.pieces : 1), 0);
    const pair: [string, string] = [first.unitIds[0]!, first.unitIds[1]!];
    rest.push({
      // One per pair: the id needs no location, so it survives any edit that leaves the pair a sliver.
      id: placelessIssueId('sliver', first.units, 'border'),
      kind: 'sliver',
      severity: 'warning',
      units: first.units,
      unitIds: first.unitIds,
      areaM2: list.reduce((s, i) => s + (i.areaM2 ?? 0), 0),
      widthM: Math.max(...list.map((i) => i.widthM ?? 0)),
      at: largest.at,
      geometry,
      details: {
        of: 'border',
        pieces,
        // How much of it two units claim, and how much neither does.
        overlapM2: list.filter((i) => i.details?.of === 'overlap').reduce((s, i) => s + (i.areaM2 ?? 0), 0),
        gapM2: list.filter((i) => i.details?.of === 'gap').reduce((s, i) => s + (i.areaM2 ?? 0), 0),
        lengthM: Math.round((perimeter / 2) * 10) / 10,
        maxDistanceM: Math.round(largestDistanceM(c, index, uses, pair, geometry) * 1e4) / 1e4,
      },
    });
  }
  return rest;
}
