// Snap targets on reference layers (read-only GeoJSON in WGS 84: cadastral parcels, surveyed markers):
// the vertices and edges of every feature, in one flatbush tree so that a query near a point costs
// O(log n) even for 50,000 parcels. Built once per set of visible layers; never changes its input.
// Distances are in degrees with longitude scaled by cos(lat), as in topology/locate.ts, so one tolerance
// means the same ground distance for reference layers as for the units' borders.
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
        if (runStart < 0) runStart = this.xy.length / 2;
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
  return {
    xy: Float64Array.from(b.xy),
    first: Int32Array.from(b.first),
    last: Int32Array.from(b.last),
    featureOf: Int32Array.from(b.feature),
    layerOf: Int32Array.from(b.layerOf),
    indexOf: Int32Array.from(b.indexOf),
  };
}

export function buildReferenceSnapIndex(layers: readonly ReferenceLayerInput[]): ReferenceSnapIndex {
  const { xy, first, last, featureOf, layerOf, indexOf } = flatten(layers);
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

  function hit(kind: 'vertex' | 'edge', at: Position, distance: number, item: number): ReferenceHit {
    const f = featureOf[item]!;
    return { kind, at, distance, layer: ids[layerOf[f]!]!, feature: indexOf[f]! };
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
    if (vi >= 0) return hit('vertex', [xy[2 * vi]!, xy[2 * vi + 1]!], vd, vItem);
    if (ei >= 0) return hit('edge', [ex, ey], ed, eItem);
    return null;
  }

  return { size, nearest };
}
