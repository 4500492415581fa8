// The segment intersection under the whole overlay: exact signs, and contacts within SNAP_DEG snapped
// onto the vertex involved, so no node is ever made beside a vertex at rounding distance.
import { describe, expect, it } from 'vitest';
import { intersectSegments, orient, SNAP_DEG } from '../../../src/core/geom/segment-intersection';

describe('orient', () => {
  it('is exact where plain floating point gets the sign wrong', () => {
    // Points on the line y = x near 0.5, one ulp apart: the naive determinant is noise here.
    const a = [0.5, 0.5];
    const b = [12, 12];
    const c = [24, 24];
    expect(orient(a[0]!, a[1]!, b[0]!, b[1]!, c[0]!, c[1]!)).toBe(0);
    // One ulp right of the line y = x, seen from far away: the naive determinant rounds to 0.
    const p = [0.5 + 2 ** -53, 0.5];
    const naive = (c[0]! - b[0]!) * (p[1]! - b[1]!) - (c[1]! - b[1]!) * (p[0]! - b[0]!);
    expect(naive).toBe(0);
    expect(Math.sign(orient(b[0]!, b[1]!, c[0]!, c[1]!, p[0]!, p[1]!))).toBe(-1);
  });
});

describe('intersectSegments', () => {
  it('reports a vertex one ulp off the other segment as touching it at that vertex', () => {
    // A real case: a vertex GEOS computed on a neighbour's edge, 1 ulp away from it.
    const v = [106.34455937960007, 20.959218203479296];
    const hits = intersectSegments([106.344467, 20.959218], [106.345375, 20.95922], v, [106.3446, 20.95925]);
    expect(hits).toHaveLength(1);
    expect([hits[0]!.x, hits[0]!.y]).toEqual(v);
    expect(hits[0]!.u).toBe(0);
    expect(hits[0]!.t).toBeGreaterThan(0);
    expect(hits[0]!.t).toBeLessThan(1);
  });

  it('snaps a crossing computed next to an endpoint onto it', () => {
    // b0 lies 1e-12° beyond segment a: a proper crossing whose point is b0 up to rounding.
    const b0 = [1.5, 1e-12];
    const hits = intersectSegments([1, 0], [2, 0], b0, [1.5, -1]);
    expect(hits).toHaveLength(1);
    expect([hits[0]!.x, hits[0]!.y]).toEqual(b0);
    expect(hits[0]!.u).toBe(0);
    // The segments do cross exactly: the hit is a real contact, not one made by snapping.
    expect(hits[0]!.snapped).toBeUndefined();
    // Turned away, b no longer meets a at all: the contact exists only by snapping, and says so.
    const near = intersectSegments([1, 0], [2, 0], b0, [1.5, 1]);
    expect(near).toEqual([{ x: 1.5, y: 1e-12, t: 0.5, u: 0, snapped: true }]);
  });

  it('treats two ends within SNAP_DEG as one node', () => {
    const hits = intersectSegments([0, 0], [1, 1], [1 + SNAP_DEG / 2, 1], [2, 0]);
    expect(hits).toEqual([{ x: 1, y: 1, t: 1, u: 0, snapped: true }]);
  });

  it('keeps exact contacts unmarked and finds nothing beyond SNAP_DEG', () => {
    expect(intersectSegments([0, 0], [2, 0], [1, 0], [1, 1])).toEqual([{ x: 1, y: 0, t: 0.5, u: 0 }]);
    expect(intersectSegments([0, 0], [2, 0], [1, 10 * SNAP_DEG], [1, 1])).toEqual([]);
  });

  it('reads a nearly collinear overlap as a shared stretch', () => {
    const hits = intersectSegments([0, 0], [2, 0], [1, SNAP_DEG / 4], [3, SNAP_DEG / 4]);
    expect(hits.map((h) => [h.x, h.y]).sort((p, q) => p[0]! - q[0]!)).toEqual([[1, SNAP_DEG / 4], [2, 0]]);
  });
});
