// Shared by the io tests: geometry comparison independent of ring start, orientation and polygon order,
// a tiny two-unit coverage, and a seeded random generator.
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { coverageFromFeatures, unitToFeature, type Coverage, type UnitAttrs } from '../../src/core/model';
import type { IoResult } from '../../src/io/errors';

type Ring = readonly Position[];

/** Open ring (no closing vertex), counter-clockwise. */
function openCcw(ring: Ring): number[][] {
  const open = ring.slice(0, -1).map((p) => [p[0]!, p[1]!]);
  let s = 0;
  for (let i = 0; i < open.length; i++) {
    const a = open[i]!, b = open[(i + 1) % open.length]!;
    s += a[0]! * b[1]! - b[0]! * a[1]!;
  }
  return s < 0 ? open.reverse() : open;
}

const d = (p: number[], q: number[]) => Math.max(Math.abs(p[0]! - q[0]!), Math.abs(p[1]! - q[1]!));

/**
 * Deviation between two rings that may start at different vertices: b is rotated to every start whose
 * vertex is nearest a's first one (duplicate vertices make several), and the best alignment counts.
 */
function ringDeviation(ra: Ring, rb: Ring): number {
  const a = openCcw(ra), b = openCcw(rb);
  if (a.length !== b.length || a.length === 0) return Infinity;
  const nearest = Math.min(...b.map((q) => d(a[0]!, q)));
  let best = Infinity;
  b.forEach((q, start) => {
    if (d(a[0]!, q) !== nearest) return;
    let max = 0;
    for (let k = 0; k < a.length && max < best; k++) max = Math.max(max, d(a[k]!, b[(start + k) % b.length]!));
    best = Math.min(best, max);
  });
  return best;
}

/** Rings of b matched to rings of a (shells to shells), each by its smallest deviation. */
function polygonsOf(g: Polygon | MultiPolygon): Ring[][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** Largest coordinate difference (degrees) between two geometries of the same shape; Infinity if shapes differ. */
export function maxDeviation(ga: Polygon | MultiPolygon, gb: Polygon | MultiPolygon): number {
  const pa = polygonsOf(ga), pb = polygonsOf(gb);
  if (pa.length !== pb.length) return Infinity;
  let max = 0;
  const used = new Set<number>();
  for (const p of pa) {
    let best = Infinity, bestJ = -1;
    pb.forEach((q, j) => {
      if (used.has(j) || q.length !== p.length) return;
      const dev = ringDeviation(p[0]!, q[0]!);
      if (dev < best) [best, bestJ] = [dev, j];
    });
    if (bestJ < 0) return Infinity;
    used.add(bestJ);
    const q = pb[bestJ]!;
    const holesUsed = new Set<number>();
    for (const h of p.slice(1)) {
      let hb = Infinity, hj = -1;
      q.slice(1).forEach((g, j) => {
        if (holesUsed.has(j)) return;
        const dev = ringDeviation(h, g);
        if (dev < hb) [hb, hj] = [dev, j];
      });
      if (hj < 0) return Infinity;
      holesUsed.add(hj);
      best = Math.max(best, hb);
    }
    max = Math.max(max, best);
  }
  return max;
}

/** Largest deviation over all units, matched by code; Infinity when a unit is missing. */
export function coverageDeviation(a: Coverage, b: Coverage): number {
  const byCode = new Map([...b.units.values()].map((u) => [u.attrs.code, u]));
  let max = 0;
  for (const u of a.units.values()) {
    const v = byCode.get(u.attrs.code);
    if (!v) return Infinity;
    max = Math.max(max, maxDeviation(unitToFeature(a, u).geometry, unitToFeature(b, v).geometry));
  }
  return a.units.size === b.units.size ? max : Infinity;
}

export function attrsByCode(c: Coverage): Map<string, UnitAttrs> {
  return new Map([...c.units.values()].map((u) => [u.attrs.code, u.attrs]));
}

export function unwrap<T>(r: IoResult<T>): T {
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.errors.slice(0, 3))}`);
  return r.value;
}

/** Two wards sharing one border, with Vietnamese names and a holed second polygon. */
export function twoUnits(): Feature<Polygon | MultiPolygon, Record<string, unknown>>[] {
  return [
    {
      type: 'Feature',
      properties: {
        code: '10507', name: 'Thành Đông', fullName: 'Phường Thành Đông', type: 'phuong', provinceCode: '31',
        provinceName: 'Thành phố Hải Phòng', officialAreaKm2: 12.22,
        formedFrom: [{ code: '10507', name: 'Phường Cẩm Thượng', kind: 'full' }, { code: '10663', name: 'Xã An Thượng', kind: 'partial' }],
      },
      geometry: { type: 'Polygon', coordinates: [[[106.3, 20.9], [106.31, 20.9], [106.31, 20.91], [106.3, 20.91], [106.3, 20.9]]] },
    },
    {
      type: 'Feature',
      properties: { code: '10510', name: 'Ứng Hoè', fullName: 'Xã Ứng Hoè', type: 'xa', provinceCode: '31', provinceName: 'Thành phố Hải Phòng', officialAreaKm2: null, formedFrom: [] },
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [[[106.31, 20.9], [106.32, 20.9], [106.32, 20.91], [106.31, 20.91], [106.31, 20.9]], [[106.314, 20.904], [106.314, 20.906], [106.316, 20.906], [106.316, 20.904], [106.314, 20.904]]],
          [[[106.33, 20.9], [106.335, 20.9], [106.335, 20.905], [106.33, 20.9]]],
        ],
      },
    },
  ];
}

export const twoUnitCoverage = () => coverageFromFeatures(twoUnits());

/** mulberry32 (shared with the other seeded tests): picks fuzz cases reproducibly. */
export { mulberry32 as rng } from '../helpers/random';
