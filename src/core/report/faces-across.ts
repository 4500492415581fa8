// Which unit lies across each stretch of a unit's boundary, decided by geometry where the topology
// cannot tell. A shared arc names its neighbour exactly. A single arc (used by this unit alone) is
// either the province's real edge or a border its neighbour drew with other vertices: a neighbour's
// vertex in the middle of our segment, a copy rewritten by another tool, an edit that cut the arcs
// differently. Reading every single arc as "outside" made the record call 228 m of Thành Đông's border
// with Nam Sách the province's outer boundary, and scattered points with 0 m legs along it after one
// edit. Here a single arc's segment belongs to the neighbour whose boundary runs within a tolerance of
// it, or whose interior it lies in (an overlap); only where neither holds is it the outside. Units of
// the neighbouring provinces (context) count as faces too: a border with the next province is a border
// with a named unit, and only the coast or the national border is the outside.
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Coverage, Position } from '../model/types';
import { NO_CONTEXT, type ContextUnits } from '../model/context-units';
import { arcIndex } from '../model/types';
import { unitBox } from '../topology/arc-bbox';
import { nearestOnSegmentM } from '../geom/segment-distance';
import { DEFAULT_TOLERANCE_M } from '../validation/options';

/** The face beyond the coverage: the province edge, the coast. Never a unit id ("\0" first). */
export const OUTSIDE = '\0outside';

/**
 * The face of a gap the checker found: land enclosed by units that no unit covers. Not the outside: a
 * record must not call the rim of a hole in the coverage "the province's outer boundary".
 */
export const GAP = '\0gap';

/** Metres per degree of latitude (and of longitude at the equator), for local distances. */
const M_PER_DEG = 111_320;

/**
 * Default distance (m) within which a neighbour's boundary counts as the same border: the checker's
 * sliver tolerance, so a stretch the record calls a border is never one the checker calls a gap. On the
 * real data the borders drawn with other vertices lie within 1 mm of each other.
 */
export const DEFAULT_BORDER_TOLERANCE_M = DEFAULT_TOLERANCE_M;

interface Segment {
  readonly owner: string;
  readonly a: Position;
  readonly b: Position;
}

/** The boundaries of the units around one unit, indexed for "who is within d metres of this point". */
export interface NearbyBorders {
  /**
   * The unit whose boundary is nearest to p within the tolerance, else the unit whose interior holds p,
   * else GAP on the rim of a gap, else null (the outside).
   */
  faceAt(p: Position): string | null;
  /** Every unit (not the subject) whose boundary passes within the tolerance of p, sorted. */
  unitsNear(p: Position): string[];
  /**
   * The other units' vertices within the tolerance of segment a→b, strictly inside it, in order from a.
   * Where a neighbour's border meets the next one in the middle of our segment, the face across changes
   * there, not at our next vertex: a 230 m segment in Lào Cai spans such a junction.
   */
  verticesAlong(a: Position, b: Position): Position[];
}

/** The other units' boundaries (the draft's and the context's) near `unitId`, within `toleranceM` of its bounding box. */
export function nearbyBorders(
  c: Coverage,
  unitId: string,
  toleranceM = DEFAULT_BORDER_TOLERANCE_M,
  context: ContextUnits = NO_CONTEXT,
  gaps: readonly (Polygon | MultiPolygon)[] = [],
): NearbyBorders {
  const subject = c.units.get(unitId);
  const box = subject ? unitBox(c, subject) : ([Infinity, Infinity, -Infinity, -Infinity] as const);
  const padY = toleranceM / M_PER_DEG;
  const padX = padY / Math.max(0.01, Math.cos((((box[1] + box[3]) / 2) * Math.PI) / 180));
  const near = (b: readonly number[]) =>
    b[0]! <= box[2] + padX && box[0] - padX <= b[2]! && b[1]! <= box[3] + padY && box[1] - padY <= b[3]!;
  // Every segment of every unit near this one, indexed once: found within the tolerance of a point, or
  // crossed by a ray from it (point in polygon by the same index, not a walk over whole rings).
  const segments: Segment[] = [];
  for (const u of c.units.values()) {
    if (u.id === unitId || !near(unitBox(c, u))) continue;
    for (const poly of u.polygons) {
      for (const ring of poly) {
        for (const ref of ring) {
          const arc = c.arcs[arcIndex(ref)] ?? [];
          for (let j = 0; j + 1 < arc.length; j++) segments.push({ owner: u.id, a: arc[j]!, b: arc[j + 1]! });
        }
      }
    }
  }
  // The rims of the checker's gaps near this unit, looked at only where no unit lies across.
  const gapSegments: { a: Position; b: Position }[] = [];
  for (const g of gaps) {
    for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) {
      for (const ring of poly) {
        for (let j = 0; j + 1 < ring.length; j++) {
          const a = ring[j]!, b = ring[j + 1]!;
          if (near([Math.min(a[0]!, b[0]!), Math.min(a[1]!, b[1]!), Math.max(a[0]!, b[0]!), Math.max(a[1]!, b[1]!)])) gapSegments.push({ a: [a[0]!, a[1]!], b: [b[0]!, b[1]!] });
        }
      }
    }
  }
  const onGapRim = (p: Position): boolean => gapSegments.some((s) => nearestOnSegmentM(p, s.a, s.b).d <= toleranceM);
  for (const u of context.values()) {
    if (!near(u.bbox)) continue;
    for (const poly of u.polygons) {
      for (const ring of poly) {
        for (let j = 0; j + 1 < ring.length; j++) segments.push({ owner: u.id, a: ring[j]!, b: ring[j + 1]! });
      }
    }
  }
  const index = segments.length > 0 ? new Flatbush(segments.length) : null;
  if (index) {
    for (const s of segments) index.add(Math.min(s.a[0], s.b[0]), Math.min(s.a[1], s.b[1]), Math.max(s.a[0], s.b[0]), Math.max(s.a[1], s.b[1]));
    index.finish();
  }
  /** Units whose rings hold p (even-odd over all of a unit's rings: holes and separate parts included). */
  const containing = (p: Position): string[] => {
    if (!index) return [];
    const parity = new Map<string, boolean>();
    for (const i of index.search(p[0], p[1], Infinity, p[1])) {
      const { a, b, owner } = segments[i]!;
      // Half-open rule, as in point-in-ring.ts: a ray through a vertex counts once.
      if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) parity.set(owner, !parity.get(owner));
    }
    return [...parity].filter(([, inside]) => inside).map(([owner]) => owner).sort();
  };
  const within = (p: Position): { owner: string; d: number }[] => {
    if (!index) return [];
    const k = Math.max(0.01, Math.cos((p[1] * Math.PI) / 180));
    const found = index.search(p[0] - padY / k, p[1] - padY, p[0] + padY / k, p[1] + padY);
    const out: { owner: string; d: number }[] = [];
    for (const i of found) {
      const s = segments[i]!;
      const d = nearestOnSegmentM(p, s.a, s.b).d;
      if (d <= toleranceM) out.push({ owner: s.owner, d });
    }
    return out;
  };
  return {
    faceAt(p) {
      let best: { owner: string; d: number } | null = null;
      for (const x of within(p)) if (!best || x.d < best.d || (x.d === best.d && x.owner < best.owner)) best = x;
      if (best) return best.owner;
      // Not near any boundary: across the segment lies whichever unit contains it (an overlap), if any,
      // else a gap when the point is on a gap's rim, else the outside.
      return containing(p)[0] ?? (onGapRim(p) ? GAP : null);
    },
    unitsNear(p) {
      return [...new Set(within(p).map((x) => x.owner))].sort();
    },
    verticesAlong(a, b) {
      if (!index) return [];
      const k = Math.max(0.01, Math.cos((a[1] * Math.PI) / 180));
      const found = index.search(Math.min(a[0], b[0]) - padY / k, Math.min(a[1], b[1]) - padY, Math.max(a[0], b[0]) + padY / k, Math.max(a[1], b[1]) + padY);
      const dx = (b[0] - a[0]) * k, dy = b[1] - a[1];
      const len2 = dx * dx + dy * dy;
      const hits = new Map<string, { p: Position; t: number }>();
      for (const i of found) {
        for (const v of [segments[i]!.a, segments[i]!.b]) {
          const t = ((v[0] - a[0]) * k * dx + (v[1] - a[1]) * dy) / len2;
          if (!(t > 0 && t < 1) || (v[0] === a[0] && v[1] === a[1]) || (v[0] === b[0] && v[1] === b[1])) continue;
          if (nearestOnSegmentM(v, a, b).d <= toleranceM) hits.set(`${v[0]},${v[1]}`, { p: v, t });
        }
      }
      return [...hits.values()].sort((x, y) => x.t - y.t).map((h) => h.p);
    },
  };
}
