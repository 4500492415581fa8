// The boundary from point to point: for each leg between consecutive characteristic points, the
// faces it runs along and the geodesic length of each stretch. Read off the same walk as the points.
import { distanceM } from '../geom/geodesic';
import type { Position } from '../model/types';
import { stationNumbers, type WalkedRing } from './ring-walk';

export interface BorderRun {
  /** Unit id across the border, GAP along a gap (faces-across.ts), or null for the outside of the coverage. */
  readonly neighbour: string | null;
  /** Geodesic length on WGS84, m. */
  readonly lengthM: number;
}

export interface Leg {
  /** Point numbers; null for a ring without any characteristic point (the leg is the whole ring). */
  readonly from: number | null;
  readonly to: number | null;
  /** Consecutive stretches along one face each, in walk order (usually one). */
  readonly runs: readonly BorderRun[];
  readonly lengthM: number;
}

export interface RingLegs {
  /** Index of the ring in walk order. */
  readonly ring: number;
  readonly role: 'shell' | 'hole';
  /** Index of the polygon in the unit (0-based, as stored) and whether it is the main (largest) one. */
  readonly polygon: number;
  readonly main: boolean;
  readonly lengthM: number;
  readonly legs: readonly Leg[];
}

function legOver(ring: WalkedRing, start: number, count: number, outsideId: string): BorderRun[] {
  const n = ring.vertices.length;
  const runs: { neighbour: string | null; lengthM: number }[] = [];
  for (let k = 0; k < count; k++) {
    const i = (start + k) % n;
    const nb = ring.neighbours[i] === outsideId ? null : ring.neighbours[i]!;
    const len = distanceM(ring.vertices[i]!, ring.vertices[(i + 1) % n]!);
    const last = runs[runs.length - 1];
    if (last && last.neighbour === nb) last.lengthM += len;
    else runs.push({ neighbour: nb, lengthM: len });
  }
  return runs;
}

/**
 * Legs of walked rings; point numbers continue across rings as numberPoints assigns them. Sliver rings
 * (walked last) have none: see sliverParts.
 */
export function legsOf(walk: readonly WalkedRing[], outsideId: string): RingLegs[] {
  const numbers = stationNumbers(walk);
  const mainPolygon = walk[0]?.polygon;
  return walk.filter((ring) => ring.sliver === null).map((ring, r) => {
    const n = ring.vertices.length;
    const st = ring.stations;
    const legs: Leg[] = [];
    if (st.length === 0) {
      const runs = legOver(ring, 0, n, outsideId);
      legs.push({ from: null, to: null, runs, lengthM: runs.reduce((s, x) => s + x.lengthM, 0) });
    }
    st.forEach((s, k) => {
      const to = st[(k + 1) % st.length]!;
      const count = st.length === 1 ? n : (to.index - s.index + n) % n;
      const runs = legOver(ring, s.index, count, outsideId);
      legs.push({
        from: numbers[r]![k]!,
        to: numbers[r]![(k + 1) % st.length]!,
        runs,
        lengthM: runs.reduce((sum, x) => sum + x.lengthM, 0),
      });
    });
    return {
      ring: r,
      role: ring.role,
      polygon: ring.polygon,
      main: ring.polygon === mainPolygon,
      lengthM: legs.reduce((s, l) => s + l.lengthM, 0),
      legs,
    };
  });
}

/** A sliver of the data in the unit's rings: a part or a hole narrower than the record's tolerance. */
export interface SliverPart {
  readonly role: 'part' | 'hole';
  readonly areaM2: number;
  readonly perimeterM: number;
  readonly widthM: number;
  /** Its northernmost vertex, [lon, lat]: where to find it. */
  readonly at: Position;
  /** What lies across it: unit ids (GAP among them when a gap), sorted; null for the outside. */
  readonly across: readonly (string | null)[];
}

export function sliverParts(walk: readonly WalkedRing[], outsideId: string): SliverPart[] {
  return walk.flatMap((ring) => {
    if (!ring.sliver || ring.vertices.length === 0) return [];
    const faces = new Set(ring.neighbours);
    const across = [...[...faces].filter((f) => f !== outsideId).sort(), ...(faces.has(outsideId) ? [null] : [])];
    return [{ role: ring.role === 'shell' ? 'part' : 'hole', ...ring.sliver, at: ring.vertices[0]!, across }];
  });
}
