import { describe, expect, it } from 'vitest';
import type { Feature, Geometry, Position as GeoPosition } from 'geojson';
import { buildReferenceSnapIndex, type ReferenceHit, type ReferenceLayerInput, type ReferenceSnapIndex } from '../../../src/core/geom/reference-snap';
import { traceReference } from '../../../src/core/geom/reference-trace';
import { parcelGrid } from '../../helpers/parcels';

const feature = (geometry: Geometry): Feature => ({ type: 'Feature', properties: {}, geometry });
const layer = (id: string, ...geometries: Geometry[]): ReferenceLayerInput => ({
  id,
  features: { type: 'FeatureCollection', features: geometries.map(feature) },
});
/** Hits exactly at `p` (a vertex, or a point inside a segment): the reach only has to beat rounding. */
function hitAt(index: ReferenceSnapIndex, p: GeoPosition): ReferenceHit {
  const h = index.nearest([p[0]!, p[1]!], 1e-7);
  if (!h) throw new Error(`no reference target at ${p.join()}`);
  return h;
}
const mid = (p: GeoPosition, q: GeoPosition, t = 0.5): [number, number] => [p[0]! + t * (q[0]! - p[0]!), p[1]! + t * (q[1]! - p[1]!)];
const at = (x: number, y: number, x0 = 106, y0 = 21, unit = 0.001): [number, number] => [x0 + x * unit, y0 + y * unit];

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

describe('traceReference on an open line', () => {
  // A zigzag road: L0 … L4 from west to east.
  const L = [at(0, 0), at(1, 0.5), at(2, 0), at(3, 0.5), at(4, 0)];
  const index = buildReferenceSnapIndex([layer('roads', { type: 'LineString', coordinates: L })]);
  const trace = (p: GeoPosition, q: GeoPosition) => traceReference(index, hitAt(index, p), hitAt(index, q));

  it('follows the vertices between two vertices, in walking order either way', () => {
    expect(trace(L[1]!, L[4]!)).toEqual([L[2], L[3]]);
    expect(trace(L[4]!, L[1]!)).toEqual([L[3], L[2]]);
    expect(trace(L[0]!, L[1]!)).toEqual([]);
  });

  it('from a vertex to a point inside a segment, and back', () => {
    const onSeg3 = mid(L[3]!, L[4]!);
    expect(hitAt(index, onSeg3)).toMatchObject({ kind: 'edge', index: 3 });
    expect(trace(L[1]!, onSeg3)).toEqual([L[2], L[3]]);
    expect(trace(onSeg3, L[1]!)).toEqual([L[3], L[2]]);
    // The segment's own ends: nothing between.
    expect(trace(L[3]!, onSeg3)).toEqual([]);
    expect(trace(onSeg3, L[4]!)).toEqual([]);
  });

  it('from a segment to another, and nothing between two points of the same segment', () => {
    expect(trace(mid(L[0]!, L[1]!), mid(L[3]!, L[4]!))).toEqual([L[1], L[2], L[3]]);
    expect(trace(mid(L[3]!, L[4]!), mid(L[0]!, L[1]!))).toEqual([L[3], L[2], L[1]]);
    expect(trace(mid(L[2]!, L[3]!, 0.25), mid(L[2]!, L[3]!, 0.75))).toEqual([]);
    expect(trace(mid(L[2]!, L[3]!, 0.75), mid(L[2]!, L[3]!, 0.25))).toEqual([]);
  });

  it('gives a repeated vertex once, and never one on the ends', () => {
    const D = [at(0, 0), at(1, 1), at(1, 1), at(2, 0), at(2, 0), at(3, 1)];
    const dup = buildReferenceSnapIndex([layer('roads', { type: 'LineString', coordinates: D })]);
    expect(traceReference(dup, hitAt(dup, D[0]!), hitAt(dup, D[3]!))).toEqual([D[1]]);
    expect(traceReference(dup, hitAt(dup, D[5]!), hitAt(dup, D[0]!))).toEqual([D[3], D[1]]);
  });
});

describe('traceReference on a ring', () => {
  // A parcel: a square with a vertex in the middle of each side, R0 … R7 anticlockwise from the south-west.
  const R = [at(0, 0), at(1, 0), at(2, 0), at(2, 1), at(2, 2), at(1, 2), at(0, 2), at(0, 1)];
  const index = buildReferenceSnapIndex([layer('parcels', { type: 'Polygon', coordinates: [[...R, R[0]!]] })]);
  const trace = (p: GeoPosition, q: GeoPosition) => traceReference(index, hitAt(index, p), hitAt(index, q));

  it('takes the shorter way round, in walking order either way', () => {
    expect(trace(R[0]!, R[2]!)).toEqual([R[1]]);
    expect(trace(R[2]!, R[0]!)).toEqual([R[1]]);
    // Backwards round the ring, past its first vertex (stored again at its end).
    expect(trace(R[0]!, R[6]!)).toEqual([R[7]]);
    expect(trace(R[6]!, R[0]!)).toEqual([R[7]]);
    expect(trace(R[1]!, R[6]!)).toEqual([R[0], R[7]]);
    expect(trace(R[6]!, R[1]!)).toEqual([R[7], R[0]]);
    expect(trace(R[3]!, R[7]!)).toEqual([R[4], R[5], R[6]]);
  });

  it('from a point inside a segment, the closing one too, to a vertex', () => {
    expect(trace(mid(R[7]!, R[0]!), R[2]!)).toEqual([R[0], R[1]]);
    expect(trace(R[2]!, mid(R[7]!, R[0]!))).toEqual([R[1], R[0]]);
    expect(trace(mid(R[2]!, R[3]!), mid(R[5]!, R[6]!))).toEqual([R[3], R[4], R[5]]);
  });

  it('two points of the same segment give nothing, not the way round', () => {
    expect(trace(mid(R[3]!, R[4]!, 0.2), mid(R[3]!, R[4]!, 0.8))).toEqual([]);
    expect(trace(mid(R[7]!, R[0]!, 0.8), mid(R[7]!, R[0]!, 0.2))).toEqual([]);
  });

  it('a ring that does not repeat its first vertex is traced round its closing side too', () => {
    const open = buildReferenceSnapIndex([layer('parcels', { type: 'Polygon', coordinates: [R] })]);
    expect(traceReference(open, hitAt(open, R[1]!), hitAt(open, R[6]!))).toEqual([R[0], R[7]]);
  });

  it('"shorter" is on the ground (longitude scaled by cos(lat)), not in vertices nor in plain degrees', () => {
    // At 60° N a degree of longitude is half one of latitude. From A to C the east way (B, Bm, B2:
    // three vertices, 0.004° in plain degrees) is 0.0025° on the ground; the west way (D, D2: two
    // vertices, about 0.0038° in plain degrees) is about 0.0038° on the ground.
    const p = (x: number, y: number) => at(x, y, 10, 60);
    const [A, B, Bm, B2, C, D2, D] = [p(0, 0), p(1.5, 0), p(1.5, 0.5), p(1.5, 1), p(0, 1), p(-0.1, 1.7), p(-0.1, -0.7)];
    const ring = buildReferenceSnapIndex([layer('parcels', { type: 'Polygon', coordinates: [[A, B, Bm, B2, C, D2, D, A]] })]);
    expect(traceReference(ring, hitAt(ring, A), hitAt(ring, C))).toEqual([B, Bm, B2]);
    expect(traceReference(ring, hitAt(ring, C), hitAt(ring, A))).toEqual([B2, Bm, B]);
    // The same ring at the equator: now the west way is the shorter.
    const q = (x: number, y: number) => at(x, y, 10, 0);
    const eq = [q(0, 0), q(1.5, 0), q(1.5, 0.5), q(1.5, 1), q(0, 1), q(-0.1, 1.7), q(-0.1, -0.7)];
    const flat = buildReferenceSnapIndex([layer('parcels', { type: 'Polygon', coordinates: [[...eq, eq[0]!]] })]);
    expect(traceReference(flat, hitAt(flat, eq[0]!), hitAt(flat, eq[4]!))).toEqual([eq[6], eq[5]]);
  });
});

describe('traceReference across features, parts and layers', () => {
  it('hits on different features, or the same feature in different layers, give nothing', () => {
    const road = (y: number): Geometry => ({ type: 'LineString', coordinates: [at(0, y), at(1, y), at(2, y)] });
    const index = buildReferenceSnapIndex([layer('roads', road(0), road(0.5)), layer('rivers', road(1))]);
    expect(traceReference(index, hitAt(index, at(0, 0)), hitAt(index, at(2, 0)))).toEqual([at(1, 0)]);
    expect(traceReference(index, hitAt(index, at(0, 0)), hitAt(index, at(2, 0.5)))).toEqual([]);
    expect(traceReference(index, hitAt(index, at(0, 0.5)), hitAt(index, at(2, 1)))).toEqual([]);
  });

  it('follows one part of a MultiLineString, never from one part to another', () => {
    const parts = [[at(0, 0), at(1, 0), at(2, 0)], [at(2, 0.5), at(3, 0.6), at(4, 0.5), at(5, 0.6)]];
    const index = buildReferenceSnapIndex([layer('rivers', { type: 'MultiLineString', coordinates: parts })]);
    const first = hitAt(index, parts[1]![0]!);
    const last = hitAt(index, parts[1]![3]!);
    expect(first).toMatchObject({ feature: 0, part: 1, index: 0 });
    expect(last).toMatchObject({ feature: 0, part: 1, index: 3 });
    expect(traceReference(index, first, last)).toEqual([parts[1]![1], parts[1]![2]]);
    expect(traceReference(index, hitAt(index, parts[0]![0]!), first)).toEqual([]);
  });

  it('follows a hole of a MultiPolygon like any ring; from a shell to its hole gives nothing', () => {
    const square = (x: number, y: number, w: number) => [at(x, y), at(x + w, y), at(x + w, y + w), at(x, y + w), at(x, y)];
    const polys = [[square(0, 0, 4), square(1, 1, 2)], [square(10, 0, 4), square(11, 1, 2)]];
    const index = buildReferenceSnapIndex([layer('parcels', { type: 'MultiPolygon', coordinates: polys })]);
    const hole = polys[1]![1]!;
    const a = hitAt(index, hole[0]!);
    expect(a.part).toBe(3);
    expect(traceReference(index, a, hitAt(index, hole[2]!))).toEqual([hole[1]]);
    expect(traceReference(index, hitAt(index, mid(hole[3]!, hole[0]!)), hitAt(index, hole[1]!))).toEqual([hole[0]]);
    expect(traceReference(index, hitAt(index, polys[1]![0]![0]!), a)).toEqual([]);
  });

  it('a parcel of the generated grid: corners and sides its neighbours share are traced along it', () => {
    const grid = parcelGrid(3, 3, 5);
    const index = buildReferenceSnapIndex([{ id: 'parcels', features: grid.fc }]);
    // The middle parcel (#4): a ring of 12 vertices, sharing its sides with its neighbours. Its
    // south-east corner is also a corner of #1, #2 and #5, and the hit names the first of them (#1);
    // the inner vertices of its east side are #4's and #5's, and their hits name #4. The trace goes
    // along the side all the same.
    const ring = grid.fc.features[4]!.geometry.coordinates[0]!;
    const a = hitAt(index, ring[3]!);
    const b = hitAt(index, ring[5]!);
    expect([a.feature, b.feature]).toEqual([1, 4]);
    expect(traceReference(index, a, b)).toEqual([ring[4]]);
    expect(traceReference(index, b, a)).toEqual([ring[4]]);
    // Corner to corner along the east side: its two inner vertices, whichever parcel the hits name.
    expect(traceReference(index, a, hitAt(index, ring[6]!))).toEqual([ring[4], ring[5]]);
    // From a point inside that side (a segment of #4 and of #5) round #4's north-east corner.
    expect(traceReference(index, hitAt(index, mid(ring[4]!, ring[5]!)), hitAt(index, ring[7]!))).toEqual([ring[5], ring[6]]);
  });
});

describe('traceReference and its inputs', () => {
  it('changes neither the layers (deep-frozen) nor the index, and returns fresh positions', () => {
    const R = [at(0, 0), at(1, 0), at(2, 0), at(2, 2), at(0, 2), at(0, 0)];
    const layers = deepFreeze([layer('parcels', { type: 'Polygon', coordinates: [R] })]);
    const before = JSON.stringify(layers);
    const index = buildReferenceSnapIndex(layers);
    const a = deepFreeze(hitAt(index, R[0]!));
    const b = deepFreeze(hitAt(index, R[3]!));
    const traced = traceReference(index, a, b);
    expect(traced).toEqual([R[1], R[2]]);
    // Fresh positions each time: a caller that keeps them shares nothing with another.
    expect(traceReference(index, a, b)[0]).not.toBe(traced[0]);
    expect(JSON.stringify(layers)).toBe(before);
  });

  it('gives nothing for a hit that does not fit the index', () => {
    const index = buildReferenceSnapIndex([layer('roads', { type: 'LineString', coordinates: [at(0, 0), at(1, 0), at(2, 0)] })]);
    const a = hitAt(index, at(0, 0));
    expect(traceReference(index, a, { ...a, index: 7 })).toEqual([]);
    expect(traceReference(index, { ...a, part: 5 }, { ...a, part: 5, index: 2 })).toEqual([]);
    expect(index.path(-1)).toBeNull();
    expect(index.path(1)).toBeNull();
  });
});
