import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Geometry, Position as GeoPosition } from 'geojson';
import { buildReferenceSnapIndex, type ReferenceHit, type ReferenceLayerInput } from '../../../src/core/geom/reference-snap';
import type { Position } from '../../../src/core/model/types';
import { parcelGrid } from '../../helpers/parcels';
import { mulberry32 } from '../../helpers/random';

const M_PER_DEG = 111_320;
const feature = (geometry: Geometry | null): Feature => ({ type: 'Feature', properties: {}, geometry: geometry as Geometry });
const layer = (id: string, ...geometries: (Geometry | null)[]): ReferenceLayerInput => ({
  id,
  features: { type: 'FeatureCollection', features: geometries.map(feature) },
});
const square = (x: number, y: number, w: number): GeoPosition[] => [[x, y], [x + w, y], [x + w, y + w], [x, y + w], [x, y]];

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

describe('buildReferenceSnapIndex / nearest', () => {
  it('a vertex within reach beats a nearer edge', () => {
    const index = buildReferenceSnapIndex([layer('roads', { type: 'LineString', coordinates: [[106, 21], [106.001, 21]] })]);
    // 4e-6° from the edge, about 9e-6° from the vertex at 106.001: both within 1e-5°.
    const hit = index.nearest([106.000992, 21.000004], 1e-5)!;
    expect(hit.kind).toBe('vertex');
    expect(hit.at).toEqual([106.001, 21]);
    expect(hit.layer).toBe('roads');
    expect(hit.feature).toBe(0);
  });

  it('else snaps to the nearest point inside an edge, exactly on it', () => {
    const index = buildReferenceSnapIndex([layer('roads', { type: 'LineString', coordinates: [[106, 21], [106.001, 21], [106.001, 21.001]] })]);
    const hit = index.nearest([106.0005, 21.000004], 1e-5)!;
    expect(hit.kind).toBe('edge');
    expect(hit.at[1]).toBe(21);
    expect(hit.at[0]).toBeCloseTo(106.0005, 12);
    expect(hit.distance).toBeCloseTo(4e-6, 12);
    // The vertical edge too: the same point x, whatever the cos(lat) scaling of the projection.
    const up = index.nearest([106.001005, 21.0005], 1e-5)!;
    expect(up.kind).toBe('edge');
    expect(up.at[0]).toBe(106.001);
    // Out of reach of every target: nothing.
    expect(index.nearest([106.0005, 21.00002], 1e-5)).toBeNull();
  });

  it('the reach is round on the ground at latitude 21° (longitude scaled by cos(lat))', () => {
    const c: Position = [106, 21];
    const index = buildReferenceSnapIndex([layer('markers', { type: 'Point', coordinates: [...c] })]);
    const tol = 1 / M_PER_DEG; // 1 m
    const mLon = M_PER_DEG * Math.cos((21 * Math.PI) / 180);
    const at = (east: number, north: number): Position => [c[0] + east / mLon, c[1] + north / M_PER_DEG];
    // 0.95 m east is 1.02e-5 / 1.11e-5 of a degree more than 0.95 m north: unscaled it would be missed.
    for (const [e, n] of [[0.95, 0], [-0.95, 0], [0, 0.95], [0, -0.95], [0.95 / Math.SQRT2, 0.95 / Math.SQRT2]] as const) {
      expect(index.nearest(at(e, n), tol), `${e},${n}`).not.toBeNull();
      expect(index.nearest(at(e, n), tol)!.distance * M_PER_DEG).toBeCloseTo(0.95, 6);
    }
    for (const [e, n] of [[1.05, 0], [0, 1.05], [-1.05 / Math.SQRT2, 1.05 / Math.SQRT2]] as const) expect(index.nearest(at(e, n), tol), `${e},${n}`).toBeNull();
  });

  it('indexes multi-geometries and geometry collections, naming the feature', () => {
    const index = buildReferenceSnapIndex([
      layer(
        'mixed',
        { type: 'MultiPoint', coordinates: [[106, 21], [106.01, 21]] },
        { type: 'MultiLineString', coordinates: [[[106.02, 21], [106.02, 21.01]], [[106.03, 21], [106.03, 21.01]]] },
        { type: 'MultiPolygon', coordinates: [[square(106.04, 21, 0.001)], [square(106.05, 21, 0.001)]] },
        { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [106.06, 21] }, { type: 'LineString', coordinates: [[106.07, 21], [106.07, 21.01]] }] },
      ),
    ]);
    const tol = 1e-5;
    const probe = (p: Position) => {
      const h = index.nearest(p, tol);
      return h && { kind: h.kind, feature: h.feature };
    };
    expect(probe([106.010003, 21])).toEqual({ kind: 'vertex', feature: 0 });
    expect(probe([106.030004, 21.005])).toEqual({ kind: 'edge', feature: 1 });
    expect(probe([106.0505, 21.001004])).toEqual({ kind: 'edge', feature: 2 });
    expect(probe([106.051, 21.000004])).toEqual({ kind: 'vertex', feature: 2 });
    expect(probe([106.060004, 21])).toEqual({ kind: 'vertex', feature: 3 });
    expect(probe([106.069996, 21.005])).toEqual({ kind: 'edge', feature: 3 });
  });

  it("snaps to the edges and vertices of a polygon's holes", () => {
    const shell = square(106, 21, 0.01);
    const hole = square(106.004, 21.004, 0.002);
    const index = buildReferenceSnapIndex([layer('parcels', { type: 'Polygon', coordinates: [shell, hole] })]);
    const edge = index.nearest([106.005, 21.004003], 1e-5)!;
    expect(edge).toMatchObject({ kind: 'edge', at: [expect.closeTo(106.005, 12), 21.004] });
    expect(index.nearest([106.006002, 21.006002], 1e-5)).toMatchObject({ kind: 'vertex', at: [106.006, 21.006] });
  });

  it('snaps to points (surveyed markers), the nearest one, in the layer that has it', () => {
    const index = buildReferenceSnapIndex([
      layer('parcels', { type: 'Polygon', coordinates: [square(107, 21, 0.001)] }),
      layer('markers', { type: 'Point', coordinates: [106, 21] }, { type: 'Point', coordinates: [106.000005, 21] }),
    ]);
    expect(index.nearest([106.000004, 21], 1e-5)).toEqual({ kind: 'vertex', at: [106.000005, 21], distance: expect.closeTo(1e-6 * Math.cos((21 * Math.PI) / 180), 12), layer: 'markers', feature: 1, part: 2, index: 0 });
  });

  it('an empty layer, null geometries and non-finite coordinates give no targets; a bad vertex breaks its line', () => {
    expect(buildReferenceSnapIndex([]).size).toBe(0);
    const empty = buildReferenceSnapIndex([{ id: 'none', features: { type: 'FeatureCollection', features: [] } }]);
    expect(empty.size).toBe(0);
    expect(empty.nearest([106, 21], 1)).toBeNull();
    const index = buildReferenceSnapIndex([
      layer('odd', null, { type: 'Point', coordinates: [NaN, 21] }, { type: 'LineString', coordinates: [[106, 21], [106.001, Infinity], [106.002, 21]] }),
    ]);
    // Two lone vertices are left; no edge runs from 106 to 106.002 across the bad vertex.
    expect(index.size).toBe(2);
    expect(index.nearest([106.001, 21], 1e-5)).toBeNull();
    expect(index.nearest([106.002, 21.000001], 1e-5)).toMatchObject({ kind: 'vertex', feature: 2 });
  });

  it('closes a ring that does not repeat its first vertex', () => {
    const open = square(106, 21, 0.001).slice(0, 4);
    const index = buildReferenceSnapIndex([layer('parcels', { type: 'Polygon', coordinates: [open] })]);
    expect(index.nearest([106.000004, 21.0005], 1e-5)).toMatchObject({ kind: 'edge', at: [106, expect.closeTo(21.0005, 12)] });
  });

  it('says where on its path a hit lies: the path numbered across layers, the vertex or segment in it', () => {
    const index = buildReferenceSnapIndex([
      layer('parcels', { type: 'Polygon', coordinates: [square(106, 21, 0.001), square(106.0004, 21.0004, 0.0002)] }),
      layer('mixed', { type: 'MultiPoint', coordinates: [[106.01, 21], [106.02, 21]] }, { type: 'MultiLineString', coordinates: [[[106.03, 21], [106.03, 21.01]], [[106.04, 21], [106.04, 21.001], [106.041, 21.001]]] }),
    ]);
    expect(index.nearest([106.0005, 21.000402], 1e-5)).toMatchObject({ kind: 'edge', layer: 'parcels', feature: 0, part: 1, index: 0 });
    expect(index.nearest([106.0004, 21.000602], 1e-5)).toMatchObject({ kind: 'vertex', part: 1, index: 3 });
    expect(index.nearest([106.020002, 21], 1e-5)).toMatchObject({ kind: 'vertex', layer: 'mixed', feature: 0, part: 3, index: 0 });
    expect(index.nearest([106.0405, 21.001003], 1e-5)).toMatchObject({ kind: 'edge', feature: 1, part: 5, index: 1 });
    expect(index.path(5)).toEqual({ points: [[106.04, 21], [106.04, 21.001], [106.041, 21.001]], closed: false });
    expect(index.path(1)).toEqual({ points: square(106.0004, 21.0004, 0.0002), closed: true });
    expect(index.path(6)).toBeNull();
  });

  it('finds every path a hit lies on: a shared corner, a shared side either way round', () => {
    // Two parcels sharing their side x = 106.001 (walked north in the west one, south in the east one).
    const west = square(106, 21, 0.001);
    const east = square(106.001, 21, 0.001);
    const index = buildReferenceSnapIndex([layer('parcels', { type: 'Polygon', coordinates: [west] }, { type: 'Polygon', coordinates: [east] })]);
    const corner = index.nearest([106.001002, 21.001], 1e-5)!;
    expect(corner).toMatchObject({ kind: 'vertex', feature: 0, part: 0, index: 2 });
    expect(index.places(corner)).toEqual([
      { part: 0, kind: 'vertex', index: 2 },
      { part: 1, kind: 'vertex', index: 3 },
    ]);
    const side = index.nearest([106.001002, 21.0005], 1e-5)!;
    expect(index.places(side)).toEqual([
      { part: 0, kind: 'edge', index: 1 },
      { part: 1, kind: 'edge', index: 3 },
    ]);
    // A ring's first vertex is also stored as its last: both are places.
    expect(index.places(index.nearest([106, 21.000002], 1e-5)!)).toEqual([
      { part: 0, kind: 'vertex', index: 0 },
      { part: 0, kind: 'vertex', index: 4 },
    ]);
  });

  it('decides ties by the input order (layer, then feature), not by the tree', () => {
    const a = layer('a', { type: 'Point', coordinates: [106, 21] });
    const b = layer('b', { type: 'Point', coordinates: [106, 21] }, { type: 'Point', coordinates: [106, 21] });
    expect(buildReferenceSnapIndex([a, b]).nearest([106.000001, 21], 1e-5)).toMatchObject({ layer: 'a', feature: 0 });
    expect(buildReferenceSnapIndex([b, a]).nearest([106.000001, 21], 1e-5)).toMatchObject({ layer: 'b', feature: 0 });
    // Two parcels that share a side: the first one's side is the target, from either side of it.
    const west = square(106, 21, 0.001);
    const east = square(106.001, 21, 0.001);
    const index = buildReferenceSnapIndex([layer('parcels', { type: 'Polygon', coordinates: [west] }, { type: 'Polygon', coordinates: [east] })]);
    expect(index.nearest([106.001002, 21.0005], 1e-5)).toMatchObject({ kind: 'edge', feature: 0 });
    expect(index.nearest([106.000998, 21.0005], 1e-5)).toMatchObject({ kind: 'edge', feature: 0 });
  });

  it('passes over a candidate `accept` refuses, for the next best', () => {
    const index = buildReferenceSnapIndex([layer('markers', { type: 'Point', coordinates: [106, 21] }, { type: 'Point', coordinates: [106.000008, 21] })]);
    const hit = index.nearest([106.000002, 21], 1e-5, (at) => at[0] !== 106)!;
    expect(hit.at).toEqual([106.000008, 21]);
    expect(index.nearest([106.000002, 21], 1e-5, () => false)).toBeNull();
  });

  it('does not change its input (deep-frozen)', () => {
    const layers = deepFreeze([
      layer('parcels', { type: 'Polygon', coordinates: [square(106, 21, 0.001).slice(0, 4), square(106.0004, 21.0004, 0.0002)] }),
      layer('mixed', { type: 'MultiPoint', coordinates: [[106, 21]] }, null, { type: 'GeometryCollection', geometries: [{ type: 'LineString', coordinates: [[106, 21], [106.01, 21]] }] }),
    ]);
    const before = JSON.stringify(layers);
    const index = buildReferenceSnapIndex(layers);
    expect(index.nearest([106.000004, 21.0005], 1e-5)).not.toBeNull();
    expect(JSON.stringify(layers)).toBe(before);
  });
});

/**
 * The reference answer: every feature of every layer scanned in input order, with a bounding-box
 * test as the only shortcut, and the first of equal distances kept (the index's tie rule).
 */
function bruteForce(layers: readonly ReferenceLayerInput[], boxes: readonly (readonly number[])[][], p: Position, tol: number): ReferenceHit | null {
  const [px, py] = p;
  const k = Math.cos((py * Math.PI) / 180);
  let vertex: ReferenceHit | null = null;
  let edge: ReferenceHit | null = null;
  // Paths are numbered in input order, those of features the box test skips too.
  let part = -1;
  layers.forEach((l, li) => {
    l.features.features.forEach((f, fi) => {
      const b = boxes[li]![fi]!;
      const paths = pathsOf(f.geometry);
      if (px < b[0]! - (tol * 1.01) / k || px > b[2]! + (tol * 1.01) / k || py < b[1]! - tol * 1.01 || py > b[3]! + tol * 1.01) {
        part += paths.length;
        return;
      }
      for (const path of paths) {
        part++;
        for (let i = 0; i < path.length; i++) {
          const [x, y] = path[i] as [number, number];
          const d = Math.hypot((x - px) * k, y - py);
          if (d <= tol && (!vertex || d < vertex.distance)) vertex = { kind: 'vertex', at: [x, y], distance: d, layer: l.id, feature: fi, part, index: i };
          if (i === path.length - 1) continue;
          const [x1, y1] = path[i + 1] as [number, number];
          const sx = (x1 - x) * k;
          const sy = y1 - y;
          const len2 = sx * sx + sy * sy;
          if (len2 === 0) continue;
          const t = Math.max(0, Math.min(1, ((px - x) * k * sx + (py - y) * sy) / len2));
          if (t === 0 || t === 1) continue;
          const qx = x + t * (x1 - x);
          const qy = y + t * (y1 - y);
          const ds = Math.hypot((qx - px) * k, qy - py);
          if (ds <= tol && (!edge || ds < edge.distance)) edge = { kind: 'edge', at: [qx, qy], distance: ds, layer: l.id, feature: fi, part, index: i };
        }
      }
    });
  });
  return vertex ?? edge;
}

function pathsOf(g: Geometry | null): GeoPosition[][] {
  if (!g) return [];
  switch (g.type) {
    case 'Point':
      return [[g.coordinates]];
    case 'MultiPoint':
      return g.coordinates.map((q) => [q]);
    case 'LineString':
      return [g.coordinates];
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates;
    case 'MultiPolygon':
      return g.coordinates.flat();
    case 'GeometryCollection':
      return g.geometries.flatMap(pathsOf);
  }
}

describe('nearest against a brute-force scan', () => {
  it('agrees on 2,000 random queries over 50,000 generated parcels, markers and roads', { timeout: 120_000 }, () => {
    const rand = mulberry32(2112);
    const grid = parcelGrid(250, 200, 7);
    const [x0, y0, x1, y1] = grid.extent;
    const markers: FeatureCollection = {
      type: 'FeatureCollection',
      features: Array.from({ length: 2000 }, () => feature({ type: 'Point', coordinates: [x0 + rand() * (x1 - x0), y0 + rand() * (y1 - y0)] })),
    };
    const roads: FeatureCollection = {
      type: 'FeatureCollection',
      features: Array.from({ length: 200 }, () => {
        const x = x0 + rand() * (x1 - x0);
        const y = y0 + rand() * (y1 - y0);
        return feature({ type: 'MultiLineString', coordinates: [Array.from({ length: 6 }, (_, i) => [x + i * 3e-4 * rand(), y + i * 3e-4 * (rand() - 0.5)])] });
      }),
    };
    const layers: ReferenceLayerInput[] = [
      { id: 'parcels', features: grid.fc },
      { id: 'markers', features: markers },
      { id: 'roads', features: roads },
    ];
    const boxes = layers.map((l) =>
      l.features.features.map((f) => {
        const pts = pathsOf(f.geometry).flat();
        return [Math.min(...pts.map((q) => q[0]!)), Math.min(...pts.map((q) => q[1]!)), Math.max(...pts.map((q) => q[0]!)), Math.max(...pts.map((q) => q[1]!))];
      }),
    );
    const index = buildReferenceSnapIndex(layers);
    const parcels = grid.fc.features;
    const kinds = { vertex: 0, edge: 0, none: 0 };
    for (let n = 0; n < 2000; n++) {
      // 0.2 to 5 m of reach; a third of the queries land anywhere, the others near a parcel's vertex or side.
      const tol = (0.2 + rand() * 4.8) / M_PER_DEG;
      let p: Position;
      const mode = n % 3;
      if (mode === 0) p = [x0 + rand() * (x1 - x0), y0 + rand() * (y1 - y0)];
      else {
        const ring = parcels[Math.floor(rand() * parcels.length)]!.geometry.coordinates[0]!;
        const i = Math.floor(rand() * (ring.length - 1));
        const a = ring[i]!;
        const b = ring[i + 1]!;
        const t = mode === 1 ? 0 : rand();
        const off = () => (rand() - 0.5) * 3 * tol;
        p = [a[0]! + t * (b[0]! - a[0]!) + off(), a[1]! + t * (b[1]! - a[1]!) + off()];
      }
      const got = index.nearest(p, tol);
      expect(got, `query ${n} at ${p.join()} within ${tol}`).toEqual(bruteForce(layers, boxes, p, tol));
      kinds[got ? got.kind : 'none']++;
    }
    // Each outcome is exercised many times.
    expect(kinds.vertex).toBeGreaterThan(200);
    expect(kinds.edge).toBeGreaterThan(200);
    expect(kinds.none).toBeGreaterThan(200);
  });
});
