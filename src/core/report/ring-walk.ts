// Walks the rings of one unit the way a boundary record reads them: every ring clockwise as seen on the
// map, starting at its northernmost characteristic point, with user markers inserted where they sit on
// the border. Characteristic points and the boundary description are both read off this walk, so the
// numbering in the table and in the text cannot disagree.
import type { MultiPolygon, Polygon } from 'geojson';
import type { Coverage, Position, Ring } from '../model/types';
import { arcIndex } from '../model/types';
import { arcUsage } from '../model/arc-usage';
import { distanceM } from '../geom/geodesic';
import { nearestOnSegmentM } from '../geom/segment-distance';
import { ringEqualAreaM2 } from '../geom/equal-area';
import { widthM } from '../geom/width';
import { contextBeside, NO_CONTEXT, type ContextUnits } from '../model/context-units';
import { GAP, OUTSIDE } from './faces-across';
import { DEFAULT_BORDER_TOLERANCE_M, nearbyBorders, type NearbyBorders } from './faces-across';

/** A boundary marker (mốc địa giới) the user placed on a border; saved with the draft. */
export interface BoundaryMarker {
  readonly id: string;
  readonly name: string;
  /** [lon, lat] WGS84. */
  readonly at: Position;
}

export interface Station {
  /** Index into WalkedRing.vertices. */
  readonly index: number;
  /** True when three or more faces meet here: the face across the boundary changes at this vertex. */
  readonly node: boolean;
  /** Faces meeting here: unit ids, sorted, then GAP and OUTSIDE (in that order) when they are among them. */
  readonly faces: readonly string[];
  readonly marker: BoundaryMarker | null;
}

export interface WalkedRing {
  readonly polygon: number;
  readonly ring: number;
  readonly role: 'shell' | 'hole';
  /** Open ring (no closing repeat), clockwise, rotated so that the first station (if any) is vertex 0. */
  readonly vertices: readonly Position[];
  /** neighbours[i]: the face across the segment vertices[i] → vertices[i + 1] (OUTSIDE when none). */
  readonly neighbours: readonly string[];
  readonly stations: readonly Station[];
  /**
   * Set when the ring is a sliver of the data (see WalkOptions.sliverWidthM): it is walked last, has no
   * stations and no legs, and the record mentions it in a sentence instead of numbering its points.
   */
  readonly sliver: SliverMeasure | null;
}

export interface SliverMeasure {
  /** Geodesic area enclosed by the ring, m². */
  readonly areaM2: number;
  /** Geodesic perimeter, m. */
  readonly perimeterM: number;
  /** 2·area / perimeter, m (core/geom/width.ts). */
  readonly widthM: number;
}

export interface WalkOptions {
  readonly markers?: readonly BoundaryMarker[];
  /** A marker farther than this (m) from the unit's boundary is not on it and is left out. Default 1. */
  readonly markerToleranceM?: number;
  /**
   * A neighbour's boundary within this distance (m) of a border drawn with other vertices is the same
   * border (see faces-across.ts). Default 0.1 m, the checker's sliver tolerance.
   */
  readonly borderToleranceM?: number;
  /** Units of the neighbouring provinces: faces across the province's edge (see context-units.ts). */
  readonly context?: ContextUnits;
  /** The checker's gaps (their geometries): a border along one runs along GAP, not the outside. */
  readonly gaps?: readonly (Polygon | MultiPolygon)[];
  /**
   * A detached part or a hole narrower than this (2·area/perimeter, m) is a sliver of the data, not land
   * a record describes, when both sides read it so: only the outside or a gap lies across it, or the one
   * unit across holds the very same ring (an enclave of a few hundredths of a square metre, and the hole
   * it fills: 16 such rings in the national data). A sliver against a neighbour's ordinary border stays a
   * numbered part, or the two units' records would give their common border different lengths. Default:
   * the border tolerance, which is the checker's sliver tolerance. The largest part is never one.
   */
  readonly sliverWidthM?: number;
}

export const DEFAULT_MARKER_TOLERANCE_M = 1;

interface RawRing {
  vertices: Position[];
  neighbours: string[];
}

/**
 * The ring as vertices with the face across each segment. Where the arcs are cut (nodes, zero-length
 * arcs, an edit's rebuild) does not matter: only the faces do, so a record cannot change when an
 * unrelated edit cuts an arc differently.
 */
function rawRing(c: Coverage, unitId: string, ring: Ring, nearby: () => NearbyBorders): RawRing {
  const { unitsByArc } = arcUsage(c);
  const out: RawRing = { vertices: [], neighbours: [] };
  for (const ref of ring) {
    const a = arcIndex(ref);
    const arc = c.arcs[a] ?? [];
    const pts = ref < 0 ? [...arc].reverse() : arc;
    const users = unitsByArc[a] ?? [];
    const others = [...new Set(users.filter((u) => u !== unitId))].sort();
    // A shared arc names its neighbour; an arc used twice by this unit alone (a cut inside it) has none.
    // A single arc is read by geometry, piece by piece (faces-across.ts).
    const single = users.length === 1;
    for (let j = 0; j < pts.length - 1; j++) {
      const p = pts[j]!;
      const q = pts[j + 1]!;
      // Zero-length segments (repeated vertices, zero-length arcs) have no face and no length; the
      // segments left still join end to start, so each one's start vertex is all the ring needs.
      if (p[0] === q[0] && p[1] === q[1]) continue;
      if (!single) {
        out.vertices.push(p);
        out.neighbours.push(others[0] ?? OUTSIDE);
        continue;
      }
      // A single segment is cut where a neighbour's vertex lies on it, and each piece is read apart.
      const cuts = [p, ...nearby().verticesAlong(p, q), q];
      for (let m = 0; m + 1 < cuts.length; m++) {
        const x = cuts[m]!, y = cuts[m + 1]!;
        out.vertices.push(x);
        out.neighbours.push(nearby().faceAt([(x[0] + y[0]) / 2, (x[1] + y[1]) / 2]) ?? OUTSIDE);
      }
    }
  }
  return out;
}

/** Twice the signed planar area in degrees: > 0 for counter-clockwise. Only the sign is used. */
function signedArea2(v: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const a = v[i]!;
    const b = v[(i + 1) % v.length]!;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s;
}

function clockwise(r: RawRing): RawRing {
  const n = r.vertices.length;
  if (n < 3 || signedArea2(r.vertices) <= 0) return r;
  // Reversed: w[i] = v[(n - i) % n]; segment w[i] → w[i+1] is the original segment (n - i - 1) % n.
  const idx = (i: number) => (n - i) % n;
  return {
    vertices: r.vertices.map((_, i) => r.vertices[idx(i)]!),
    neighbours: r.neighbours.map((_, i) => r.neighbours[(n - i - 1) % n]!),
  };
}

interface Snap {
  ring: number;
  segment: number;
  t: number;
  distanceM: number;
}

function snapMarker(rings: readonly RawRing[], m: BoundaryMarker): Snap | null {
  let best: Snap | null = null;
  rings.forEach((r, ri) => {
    const n = r.vertices.length;
    for (let i = 0; i < n; i++) {
      const { t, d } = nearestOnSegmentM(m.at, r.vertices[i]!, r.vertices[(i + 1) % n]!);
      if (!best || d < best.distanceM) best = { ring: ri, segment: i, t, distanceM: d };
    }
  });
  return best;
}

interface Placed {
  vertices: Position[];
  neighbours: string[];
  markers: (BoundaryMarker | null)[];
}

/** Attaches markers to the vertex they sit on, or inserts them as new vertices into their segment. */
function placeMarkers(r: RawRing, snaps: readonly { m: BoundaryMarker; s: Snap }[], tolM: number): Placed {
  const out: Placed = { vertices: [], neighbours: [], markers: [] };
  const n = r.vertices.length;
  const onVertex = new Map<number, BoundaryMarker>();
  const inSegment = new Map<number, { m: BoundaryMarker; t: number }[]>();
  for (const { m, s } of snaps) {
    const a = r.vertices[s.segment]!;
    const b = r.vertices[(s.segment + 1) % n]!;
    const v = distanceM(m.at, a) <= tolM ? s.segment : distanceM(m.at, b) <= tolM ? (s.segment + 1) % n : -1;
    if (v >= 0) {
      if (!onVertex.has(v)) onVertex.set(v, m);
      continue;
    }
    const list = inSegment.get(s.segment) ?? [];
    list.push({ m, t: s.t });
    inSegment.set(s.segment, list);
  }
  for (let i = 0; i < n; i++) {
    out.vertices.push(r.vertices[i]!);
    out.neighbours.push(r.neighbours[i]!);
    out.markers.push(onVertex.get(i) ?? null);
    const inside = (inSegment.get(i) ?? []).sort((x, y) => x.t - y.t || (x.m.id < y.m.id ? -1 : 1));
    for (const { m } of inside) {
      // The marker's own coordinates are what the record lists; it lies on the segment within tolerance.
      out.vertices.push(m.at);
      out.neighbours.push(r.neighbours[i]!);
      out.markers.push(m);
    }
  }
  return out;
}

/**
 * A vertex is a node of the record where the face across the boundary changes: this unit, the face
 * before and the face after meet there, with any other unit whose boundary reaches the point (four
 * units at a corner).
 */
function stationsOf(p: Placed, unitId: string, nearby: () => NearbyBorders): Station[] {
  const out: Station[] = [];
  const n = p.vertices.length;
  for (let i = 0; i < n; i++) {
    const before = p.neighbours[(i + n - 1) % n]!;
    const after = p.neighbours[i]!;
    const node = before !== after;
    const marker = p.markers[i]!;
    if (!node && !marker) continue;
    const set = new Set([unitId, before, after, ...(node ? nearby().unitsNear(p.vertices[i]!) : [])]);
    const units = [...set].filter((f) => f !== OUTSIDE && f !== GAP).sort();
    out.push({ index: i, node, faces: [...units, ...(set.has(GAP) ? [GAP] : []), ...(set.has(OUTSIDE) ? [OUTSIDE] : [])], marker });
  }
  return out;
}

/** Rotates the ring so that its northernmost station (westernmost among equals) comes first. */
function rotate(p: Placed, stations: Station[], polygon: number, ring: number): WalkedRing {
  const role = ring === 0 ? 'shell' : 'hole';
  const n = p.vertices.length;
  let first = 0;
  stations.forEach((s, k) => {
    const a = p.vertices[s.index]!;
    const b = p.vertices[stations[first]!.index]!;
    if (a[1] > b[1] || (a[1] === b[1] && a[0] < b[0])) first = k;
  });
  const start = stations.length > 0 ? stations[first]!.index : 0;
  const rot = <T>(xs: readonly T[]) => [...xs.slice(start), ...xs.slice(0, start)];
  const ordered = [...stations.slice(first), ...stations.slice(0, first)].map((s) => ({ ...s, index: (s.index - start + n) % n }));
  return { polygon, ring, role, vertices: rot(p.vertices), neighbours: rot(p.neighbours), stations: ordered, sliver: null };
}

/**
 * More than the ring's geodesic perimeter, cheaply: a degree of latitude is at most 111.7 km and one of
 * longitude at most 111.33 km, so a segment is shorter than 111.7 km × its length in degrees (+1 %).
 */
function perimeterBoundM(v: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const a = v[i]!, b = v[(i + 1) % v.length]!;
    s += Math.hypot(b[0] - a[0], b[1] - a[1]);
  }
  return s * 111_700 * 1.01;
}

function perimeterM(v: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += distanceM(v[i]!, v[(i + 1) % v.length]!);
  return s;
}

/**
 * Whether whoever lies across this ring reads it as this unit does, so that leaving it out of both
 * records keeps them equal: nothing but the outside or a gap across it, or one unit of the draft across
 * every arc of it that holds a ring of exactly the same arcs (an enclave and the hole it fills).
 */
function readAlikeAcross(c: Coverage, unitId: string, ring: Ring, raw: RawRing): boolean {
  const faces = new Set(raw.neighbours);
  if ([...faces].every((f) => f === OUTSIDE || f === GAP)) return true;
  if (faces.size !== 1) return false;
  const other = c.units.get([...faces][0]!);
  if (!other) return false;
  const { unitsByArc } = arcUsage(c);
  const arcs = new Set(ring.map(arcIndex));
  for (const a of arcs) {
    const users = unitsByArc[a] ?? [];
    if (users.length !== 2 || !users.includes(unitId) || !users.includes(other.id)) return false;
  }
  return other.polygons.some((p) => p.some((r) => r.length === ring.length && r.every((ref) => arcs.has(arcIndex(ref)))));
}

/** A sliver ring as it is, from its northernmost vertex (westernmost among equals). */
function sliverRing(r: RawRing, polygon: number, ring: number, sliver: SliverMeasure): WalkedRing {
  let start = 0;
  r.vertices.forEach((a, i) => {
    const b = r.vertices[start]!;
    if (a[1] > b[1] || (a[1] === b[1] && a[0] < b[0])) start = i;
  });
  const rot = <T>(xs: readonly T[]) => [...xs.slice(start), ...xs.slice(0, start)];
  return { polygon, ring, role: ring === 0 ? 'shell' : 'hole', vertices: rot(r.vertices), neighbours: rot(r.neighbours), stations: [], sliver };
}

/**
 * The unit's rings in record order: polygons by decreasing area (the main land first, then islands),
 * each shell followed by its holes; each ring clockwise from its northernmost characteristic point.
 * Sliver rings (WalkOptions.sliverWidthM) come last, in the same order.
 */
export function walkUnit(c: Coverage, unitId: string, options: WalkOptions = {}): WalkedRing[] {
  const unit = c.units.get(unitId);
  if (!unit) throw new Error(`unknown unit ${unitId}`);
  const tolM = options.markerToleranceM ?? DEFAULT_MARKER_TOLERANCE_M;
  // Built on first use: a unit whose arcs are all shared never needs the geometry of its neighbours.
  let borders: NearbyBorders | null = null;
  const context = contextBeside(c, options.context ?? NO_CONTEXT);
  const nearby = () => (borders ??= nearbyBorders(c, unitId, options.borderToleranceM ?? DEFAULT_BORDER_TOLERANCE_M, context, options.gaps));
  const sliverWidth = options.sliverWidthM ?? options.borderToleranceM ?? DEFAULT_BORDER_TOLERANCE_M;
  const refs: { polygon: number; ring: number; raw: RawRing; area: number; sliver: SliverMeasure | null }[] = [];
  unit.polygons.forEach((poly, pi) =>
    poly.forEach((ring, ri) => {
      const raw = clockwise(rawRing(c, unitId, ring, nearby));
      const area = raw.vertices.length >= 3 ? ringEqualAreaM2(raw.vertices) : 0;
      // The geodesic perimeter only for a ring that may be thin: every vertex of every ring otherwise.
      const thin = widthM(area, perimeterBoundM(raw.vertices)) < sliverWidth;
      const perimeter = thin ? perimeterM(raw.vertices) : 0;
      const width = thin ? widthM(area, perimeter) : Infinity;
      const sliver = width < sliverWidth && readAlikeAcross(c, unitId, ring, raw) ? { areaM2: area, perimeterM: perimeter, widthM: width } : null;
      refs.push({ polygon: pi, ring: ri, raw, area: ri === 0 ? area : 0, sliver });
    }),
  );
  const shellArea = new Map(refs.filter((r) => r.ring === 0).map((r) => [r.polygon, r.area]));
  refs.sort((a, b) => (shellArea.get(b.polygon) ?? 0) - (shellArea.get(a.polygon) ?? 0) || a.polygon - b.polygon || a.ring - b.ring);
  // The main part is described whatever its shape; the holes of a sliver part are slivers too.
  const main = refs[0]?.polygon;
  const sliverShell = new Set(refs.filter((r) => r.ring === 0 && r.sliver && r.polygon !== main).map((r) => r.polygon));
  const isSliver = (r: (typeof refs)[number]) => (r.ring === 0 ? sliverShell.has(r.polygon) : r.sliver !== null || sliverShell.has(r.polygon));
  const kept = refs.filter((r) => !isSliver(r));
  const slivers = refs.filter(isSliver);
  const snaps = new Map<number, { m: BoundaryMarker; s: Snap }[]>();
  const raws = kept.map((r) => r.raw);
  for (const m of options.markers ?? []) {
    const s = snapMarker(raws, m);
    if (!s || s.distanceM > tolM) continue;
    const list = snaps.get(s.ring) ?? [];
    list.push({ m, s });
    snaps.set(s.ring, list);
  }
  return [
    ...kept.map((r, k) => {
      const placed = placeMarkers(r.raw, snaps.get(k) ?? [], tolM);
      return rotate(placed, stationsOf(placed, unitId, nearby), r.polygon, r.ring);
    }),
    ...slivers.map((r) => {
      const area = r.sliver?.areaM2 ?? ringEqualAreaM2(r.raw.vertices);
      const perimeter = r.sliver?.perimeterM ?? perimeterM(r.raw.vertices);
      return sliverRing(r.raw, r.polygon, r.ring, { areaM2: area, perimeterM: perimeter, widthM: widthM(area, perimeter) });
    }),
  ];
}

/**
 * The number of each station, ring by ring in walk order, from 1. A point where two rings touch (a
 * detached part meeting the main part at a node) is one point of the record with one number, however
 * many rings pass through it.
 */
export function stationNumbers(walk: readonly WalkedRing[]): number[][] {
  const byPlace = new Map<string, number>();
  return walk.map((r) =>
    r.stations.map((s) => {
      const p = r.vertices[s.index]!;
      const key = `${p[0]},${p[1]}`;
      const known = byPlace.get(key);
      if (known !== undefined) return known;
      const n = byPlace.size + 1;
      byPlace.set(key, n);
      return n;
    }),
  );
}
