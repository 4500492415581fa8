// Snap targets on reference layers (read-only GeoJSON in WGS 84: cadastral parcels, surveyed markers):
// the vertices and edges of every feature, in one flatbush tree so that a query near a point costs
// O(log n) even for 50,000 parcels. Built once per set of visible layers; never changes its input.
// Distances are in degrees with longitude scaled by cos(lat), as in topology/locate.ts, so one tolerance
// means the same ground distance for reference layers as for the units' borders.
// Each hit also says where it lies on its path (a line, a line part or a ring), so that a sketch can
// follow the path between two hits (reference-trace.ts).
import Flatbush from 'flatbush';
import type { FeatureCollection, Geometry, Position as GeoPosition } from 'geojson';
import type { Position } from '../model/types';

/** A reference layer as the snapping sees it: its id (to name the target) and its features. */
export interface ReferenceLayerInput {
  readonly id: string;
  readonly features: FeatureCollection;
}

/** The nearest reference target: a vertex, or else the nearest point on an edge. */
export interface ReferenceHit {
  readonly kind: 'vertex' | 'edge';
  readonly at: Position;
  /** In degrees, longitude scaled by cos(lat) at the query point. */
  readonly distance: number;
  /** The layer's id and the feature's index in its FeatureCollection. */
  readonly layer: string;
  readonly feature: number;
  /**
   * The path hit (a LineString, one part of a MultiLineString, one ring of a polygon), numbered across
   * all layers in input order; a non-finite coordinate splits a path into two. Only meaningful for
   * the index that returned the hit (see `path`).
   */
  readonly part: number;
  /** Within that path: the vertex's index, or for an edge the index of the segment's first vertex. */
  readonly index: number;
}

/** A place on a path of the index: a vertex, or a segment by its first vertex (as in a hit). */
export interface ReferencePlace {
  readonly part: number;
  readonly kind: 'vertex' | 'edge';
  readonly index: number;
}

/** A path of the index as a fresh copy of its coordinates; `closed` when it ends where it starts. */
export interface ReferencePath {
  readonly points: Position[];
  readonly closed: boolean;
}

export interface ReferenceSnapIndex {
  /** Coordinates plus edges indexed (0: nothing to snap to). */
  readonly size: number;
  /**
   * The nearest vertex within `toleranceDeg` of `p`, else the nearest edge point, else null. Ties go to
   * the target that comes first in the input (layer, feature, vertex order), so results do not depend on
   * the tree's order. `accept` may pass a candidate point over (the next best is then taken).
   */
  nearest(p: Position, toleranceDeg: number, accept?: (at: Position) => boolean): ReferenceHit | null;
  /**
   * The path numbered `part` in this index's hits, or null if there is none. Rings are stored closed
   * (their first vertex repeated last, added if the input left it out), as are lines that end where
   * they start: both are `closed`.
   */
  path(part: number): ReferencePath | null;
  /**
   * Every place of the index where a hit of this index lies, in input order: the vertices with the
   * hit's exact coordinates, or the segments with the same two ends as the hit's segment (either way
   * round). Parcels share their corners and sides, so the hit names one parcel while the same point
   * lies on its neighbours' rings too.
   */
  places(h: ReferenceHit): ReferencePlace[];
}

/**
 * Segments per tree item. A parcel ring (about 10 vertices) is one or two items, so the tree holds
 * about 8× fewer boxes than there are segments (memory and build time), while a query still scans only
 * the few items whose boxes touch its own.
 */
const CHUNK = 8;

/**
 * Widens the search box by a relative hair: a target at exactly the tolerance must not fall outside
 * the box through the rounding of tolerance / cos(lat).
 */
const BOX_SLACK = 1 + 1e-9;

function finitePosition(q: GeoPosition | undefined): q is GeoPosition {
  return Array.isArray(q) && q.length >= 2 && Number.isFinite(q[0]) && Number.isFinite(q[1]);
}

/** Growable flat storage filled in one pass over the input, then frozen into typed arrays. */
class Builder {
  readonly xy: number[] = [];
  /**
   * Per path (run of finite coordinates): its first coordinate. Runs are stored one after the other,
   * so a path ends where the next begins: one number a path, nothing per coordinate.
   */
  readonly partStart: number[] = [];
  /** Per item: its first and last coordinate (equal for a lone point), and its feature. */
  readonly first: number[] = [];
  readonly last: number[] = [];
  readonly feature: number[] = [];
  /** Per feature (numbered across layers): its layer's position in the input and its index there. */
  readonly layerOf: number[] = [];
  readonly indexOf: number[] = [];

  /**
   * Adds a path; a non-finite coordinate breaks it in two (no edge is invented across it). `closed`
   * rings that do not repeat their first vertex are closed here, so their last edge is a target too.
   */
  path(coords: readonly GeoPosition[], closed: boolean, f: number): void {
    const pts = closed && coords.length > 2 && !samePoint(coords[0], coords[coords.length - 1]) ? [...coords, coords[0]!] : coords;
    let runStart = -1;
    for (let i = 0; i <= pts.length; i++) {
      const q = pts[i];
      if (i < pts.length && finitePosition(q)) {
        if (runStart < 0) {
          runStart = this.xy.length / 2;
          this.partStart.push(runStart);
        }
        this.xy.push(q[0]!, q[1]!);
        continue;
      }
      if (runStart >= 0) this.run(runStart, this.xy.length / 2 - 1, f);
      runStart = -1;
    }
  }

  private run(from: number, to: number, f: number): void {
    if (from === to) return this.item(from, to, f);
    for (let s = from; s < to; s += CHUNK) this.item(s, Math.min(s + CHUNK, to), f);
  }

  private item(first: number, last: number, f: number): void {
    this.first.push(first);
    this.last.push(last);
    this.feature.push(f);
  }

  geometry(g: Geometry | null | undefined, f: number): void {
    if (!g) return;
    switch (g.type) {
      case 'Point':
        return this.path([g.coordinates], false, f);
      case 'MultiPoint':
        for (const q of g.coordinates ?? []) this.path([q], false, f);
        return;
      case 'LineString':
        return this.path(g.coordinates ?? [], false, f);
      case 'MultiLineString':
        for (const l of g.coordinates ?? []) this.path(l ?? [], false, f);
        return;
      case 'Polygon':
        for (const r of g.coordinates ?? []) this.path(r ?? [], true, f);
        return;
      case 'MultiPolygon':
        for (const poly of g.coordinates ?? []) for (const r of poly ?? []) this.path(r ?? [], true, f);
        return;
      case 'GeometryCollection':
        for (const part of g.geometries ?? []) this.geometry(part, f);
        return;
    }
  }
}

function samePoint(a: GeoPosition | undefined, b: GeoPosition | undefined): boolean {
  return !!a && !!b && a[0] === b[0] && a[1] === b[1];
}

/**
 * The input flattened into typed arrays. A function of its own so that the growable arrays are
 * garbage once it returns: captured beside the query's closures they would be kept alive with them
 * (about 20 MB for 50,000 parcels).
 */
function flatten(layers: readonly ReferenceLayerInput[]) {
  const b = new Builder();
  layers.forEach((layer, li) => {
    (layer.features?.features ?? []).forEach((feat, fi) => {
      const f = b.layerOf.length;
      b.layerOf.push(li);
      b.indexOf.push(fi);
      b.geometry(feat?.geometry, f);
    });
  });
  b.partStart.push(b.xy.length / 2);
  return {
    xy: Float64Array.from(b.xy),
    partStart: Int32Array.from(b.partStart),
    first: Int32Array.from(b.first),
    last: Int32Array.from(b.last),
    featureOf: Int32Array.from(b.feature),
    layerOf: Int32Array.from(b.layerOf),
    indexOf: Int32Array.from(b.indexOf),
  };
}

export function buildReferenceSnapIndex(layers: readonly ReferenceLayerInput[]): ReferenceSnapIndex {
  const { xy, partStart, first, last, featureOf, layerOf, indexOf } = flatten(layers);
  const ids = layers.map((l) => l.id);
  const n = first.length;
  const tree = n > 0 ? new Flatbush(n) : null;
  for (let i = 0; i < n; i++) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let v = first[i]!; v <= last[i]!; v++) {
      const x = xy[2 * v]!;
      const y = xy[2 * v + 1]!;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    tree!.add(x0, y0, x1, y1);
  }
  tree?.finish();
  let edges = 0;
  for (let i = 0; i < n; i++) edges += last[i]! - first[i]!;
  const size = xy.length / 2 + edges;

  const parts = partStart.length - 1;

  /** The path holding coordinate `v`: the last one starting at or before it (binary search). */
  function partOf(v: number): number {
    let lo = 0, hi = parts - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (partStart[mid]! <= v) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** `v` is the vertex's coordinate index, or the edge's first one. */
  function hit(kind: 'vertex' | 'edge', at: Position, distance: number, item: number, v: number): ReferenceHit {
    const f = featureOf[item]!;
    const part = partOf(v);
    return { kind, at, distance, layer: ids[layerOf[f]!]!, feature: indexOf[f]!, part, index: v - partStart[part]! };
  }

  function path(part: number): ReferencePath | null {
    if (!Number.isInteger(part) || part < 0 || part >= parts) return null;
    const s = partStart[part]!;
    const e = partStart[part + 1]!;
    const points: Position[] = [];
    for (let v = s; v < e; v++) points.push([xy[2 * v]!, xy[2 * v + 1]!]);
    const closed = e - s >= 4 && xy[2 * s] === xy[2 * e - 2] && xy[2 * s + 1] === xy[2 * e - 1];
    return { points, closed };
  }

  function places(h: ReferenceHit): ReferencePlace[] {
    if (!tree || !Number.isInteger(h.part) || h.part < 0 || h.part >= parts) return [];
    const s = partStart[h.part]!;
    const v0 = s + h.index;
    const segments = h.kind === 'edge' ? 1 : 0;
    if (!Number.isInteger(h.index) || h.index < 0 || v0 + segments >= partStart[h.part + 1]!) return [];
    const px = xy[2 * v0]!, py = xy[2 * v0 + 1]!;
    const qx = xy[2 * (v0 + segments)]!, qy = xy[2 * (v0 + segments) + 1]!;
    // Every item holding an equal vertex or segment has a box that holds it: an exact search.
    const found = new Set<number>();
    tree.search(Math.min(px, qx), Math.min(py, qy), Math.max(px, qx), Math.max(py, qy), (item) => {
      const e = last[item]! - segments;
      for (let v = first[item]!; v <= e; v++) {
        const x = xy[2 * v]!, y = xy[2 * v + 1]!;
        if (segments === 0) {
          if (x === px && y === py) found.add(v);
          continue;
        }
        const x1 = xy[2 * v + 2]!, y1 = xy[2 * v + 3]!;
        if ((x === px && y === py && x1 === qx && y1 === qy) || (x === qx && y === qy && x1 === px && y1 === py)) found.add(v);
      }
      return false;
    });
    return [...found]
      .sort((u, w) => u - w)
      .map((v) => {
        const part = partOf(v);
        return { part, kind: h.kind, index: v - partStart[part]! };
      });
  }

  function nearest(p: Position, tol: number, accept?: (at: Position) => boolean): ReferenceHit | null {
    const [px, py] = p;
    if (!tree || !(tol >= 0) || !Number.isFinite(px) || !Number.isFinite(py)) return null;
    const k = Math.cos((py * Math.PI) / 180);
    const dx = (tol / k) * BOX_SLACK;
    const dy = tol * BOX_SLACK;
    // Best vertex and edge so far: distance, coordinate index (for ties), item (for the feature).
    // Coordinates are stored in input order: the lowest index is the target that comes first in the
    // input, which decides ties whatever order the tree visits its items in.
    let vd = Infinity, vi = -1, vItem = -1;
    let ed = Infinity, ei = -1, eItem = -1, ex = 0, ey = 0;
    // The filter does the work and keeps nothing: no result array grows with the number of hits.
    tree.search(px - dx, py - dy, px + dx, py + dy, (item) => {
      const s = first[item]!;
      const e = last[item]!;
      for (let v = s; v <= e; v++) {
        const x = xy[2 * v]!;
        const y = xy[2 * v + 1]!;
        const d = Math.hypot((x - px) * k, y - py);
        if (d > tol || d > vd || (d === vd && v >= vi)) continue;
        if (accept && !accept([x, y])) continue;
        vd = d;
        vi = v;
        vItem = item;
      }
      // Once a vertex is in reach no edge can win: edges are not measured any more.
      if (vi >= 0) return false;
      for (let v = s; v < e; v++) {
        const x0 = xy[2 * v]!, y0 = xy[2 * v + 1]!, x1 = xy[2 * v + 2]!, y1 = xy[2 * v + 3]!;
        const sx = (x1 - x0) * k;
        const sy = y1 - y0;
        const len2 = sx * sx + sy * sy;
        if (len2 === 0) continue;
        const t = Math.max(0, Math.min(1, ((px - x0) * k * sx + (py - y0) * sy) / len2));
        // At an end the nearest point is a vertex: that is the vertices' business.
        if (t === 0 || t === 1) continue;
        const qx = x0 + t * (x1 - x0);
        const qy = y0 + t * (y1 - y0);
        const d = Math.hypot((qx - px) * k, qy - py);
        if (d > tol || d > ed || (d === ed && v >= ei)) continue;
        if (accept && !accept([qx, qy])) continue;
        ed = d;
        ei = v;
        eItem = item;
        ex = qx;
        ey = qy;
      }
      return false;
    });
    if (vi >= 0) return hit('vertex', [xy[2 * vi]!, xy[2 * vi + 1]!], vd, vItem, vi);
    if (ei >= 0) return hit('edge', [ex, ey], ed, eItem, ei);
    return null;
  }

  return { size, nearest, path, places };
}
