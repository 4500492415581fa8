// A unit's rings as positions with the arc each segment comes from, points located on them, and the
// stretch of a ring from one point to another with the units across it. Reshape uses these when a line
// runs from one border of a unit to another (across nodes where the neighbour changes).
import type { Coverage, Position } from '../model/types';
import { arcIndex } from '../model/types';
import { arcUsage } from '../model/arc-usage';

export interface UnitRing {
  readonly polygon: number;
  readonly ring: number;
  /** Positions, closed (last = first). */
  readonly pts: readonly Position[];
  /** For each segment pts[i] → pts[i + 1], the arc it lies on. */
  readonly arcs: readonly number[];
}

/** A point on a ring: `s` is the vertex index plus the fraction along the segment that follows it. */
export interface RingPoint {
  readonly s: number;
  readonly at: Position;
}

export function unitRings(c: Coverage, unitId: string): UnitRing[] {
  const u = c.units.get(unitId);
  if (!u) return [];
  const out: UnitRing[] = [];
  u.polygons.forEach((poly, pi) =>
    poly.forEach((ring, ri) => {
      const pts: Position[] = [];
      const arcs: number[] = [];
      for (const ref of ring) {
        const arc = c.arcs[arcIndex(ref)] ?? [];
        const seq = ref < 0 ? [...arc].reverse() : arc;
        seq.forEach((p, i) => {
          if (i === 0 && pts.length > 0) return;
          if (pts.length > 0) arcs.push(arcIndex(ref));
          pts.push(p);
        });
      }
      if (pts.length >= 4) out.push({ polygon: pi, ring: ri, pts, arcs });
    }),
  );
  return out;
}

/** The nearest vertex within `tolerance` (degrees, round on the ground), else the nearest point of a segment. */
export function locateOnRing(r: UnitRing, p: Position, tolerance: number): RingPoint | null {
  const k = Math.cos((p[1] * Math.PI) / 180);
  let vertex: { s: number; d: number } | null = null;
  let segment: { s: number; d: number; at: Position } | null = null;
  const n = r.pts.length - 1;
  for (let i = 0; i < n; i++) {
    const v = r.pts[i]!;
    const w = r.pts[i + 1]!;
    const d = Math.hypot((v[0] - p[0]) * k, v[1] - p[1]);
    if (d <= tolerance && (!vertex || d < vertex.d)) vertex = { s: i, d };
    const dx = (w[0] - v[0]) * k;
    const dy = w[1] - v[1];
    const len2 = dx * dx + dy * dy;
    if (len2 === 0) continue;
    const t = ((p[0] - v[0]) * k * dx + (p[1] - v[1]) * dy) / len2;
    if (!(t > 0 && t < 1)) continue;
    const at: Position = [v[0] + t * (w[0] - v[0]), v[1] + t * (w[1] - v[1])];
    const ds = Math.hypot((at[0] - p[0]) * k, at[1] - p[1]);
    if (ds <= tolerance && (!segment || ds < segment.d)) segment = { s: i + t, d: ds, at };
  }
  if (vertex) return { s: vertex.s, at: r.pts[vertex.s]! };
  return segment ? { s: segment.s, at: segment.at } : null;
}

/** The ring from one point forward to another: its positions (both ends included) and its segments' arcs. */
export function walkRing(r: UnitRing, from: RingPoint, to: RingPoint): { points: Position[]; arcs: number[] } {
  const n = r.pts.length - 1;
  let d = (((to.s - from.s) % n) + n) % n;
  if (d === 0) d = n;
  const points: Position[] = [from.at];
  const arcs: number[] = [r.arcs[Math.floor(from.s) % n]!];
  for (let k = Math.floor(from.s) + 1; k - from.s < d; k++) {
    points.push(r.pts[k % n]!);
    arcs.push(r.arcs[k % n]!);
  }
  points.push(to.at);
  return { points, arcs };
}

/** Outside the coverage: no unit across the border. */
export const OUTSIDE = '';

/**
 * The units across a stretch walked along a ring of `unitId`, in order (OUTSIDE where no unit is), and
 * the first point where the unit across changes.
 */
export function unitsAcross(
  c: Coverage,
  unitId: string,
  stretch: { readonly points: readonly Position[]; readonly arcs: readonly number[] },
): { units: string[]; change: Position | null } {
  const users = arcUsage(c).unitsByArc;
  const units: string[] = [];
  let change: Position | null = null;
  let prev: string | null = null;
  stretch.arcs.forEach((a, i) => {
    const p = stretch.points[i]!;
    const q = stretch.points[i + 1]!;
    if (p[0] === q[0] && p[1] === q[1]) return;
    const across = [...new Set((users[a] ?? []).filter((u) => u !== unitId))];
    for (const u of across.length > 0 ? across : [OUTSIDE]) if (!units.includes(u)) units.push(u);
    const key = across.length > 0 ? across.sort().join(',') : OUTSIDE;
    if (prev !== null && key !== prev && !change) change = p;
    prev = key;
  });
  return { units, change };
}
