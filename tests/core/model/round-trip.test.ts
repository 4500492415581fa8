import { describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { coverageFromFeatures, coverageToFeatureCollection } from '../../../src/core/model';
import { haiPhong } from '../../helpers/data';

/** Rings are cyclic: TopoJSON starts each ring at a junction, so compare up to the starting vertex. */
function sameRing(a: Position[], b: Position[]): boolean {
  if (a.length !== b.length) return false;
  const open = a.slice(0, -1);
  const target = b.slice(0, -1);
  const n = open.length;
  for (let shift = 0; shift < n; shift++) {
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      const p = open[(i + shift) % n]!;
      const q = target[i]!;
      ok = p[0] === q[0] && p[1] === q[1];
    }
    if (ok) return true;
  }
  return false;
}

describe('GeoJSON → topology → GeoJSON on new Hải Phòng', () => {
  const fc = haiPhong();
  const coverage = coverageFromFeatures(fc.features);
  const back = coverageToFeatureCollection(coverage);

  it('keeps all 114 units in order, with their codes', () => {
    expect(back.features).toHaveLength(114);
    expect(back.features.map((f) => f.properties.code)).toEqual(fc.features.map((f) => f.properties.code));
  });

  it('gives back every coordinate of every ring exactly (up to the ring start)', () => {
    let rings = 0;
    let vertices = 0;
    fc.features.forEach((f, i) => {
      const g = f.geometry;
      const orig = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      const got = back.features[i]!.geometry.coordinates;
      expect(got.length).toBe(orig.length);
      orig.forEach((poly, p) => {
        expect(got[p]!.length).toBe(poly.length);
        poly.forEach((ring, r) => {
          rings++;
          vertices += ring.length;
          expect(sameRing(got[p]![r]!, ring), `unit ${f.properties.code} polygon ${p} ring ${r}`).toBe(true);
        });
      });
    });
    expect(rings).toBeGreaterThan(114);
    expect(vertices).toBeGreaterThan(88_000);
  });

  it('finds the shared and single arcs of the coverage', () => {
    expect(coverage.arcs.length).toBeGreaterThan(1000);
  });

  it('does not mutate its input', () => {
    const input = structuredClone(fc.features.slice(0, 5));
    const snapshot = JSON.stringify(input);
    coverageFromFeatures(input);
    expect(JSON.stringify(input)).toBe(snapshot);
  });
});
