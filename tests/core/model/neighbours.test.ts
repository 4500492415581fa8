import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { coverageFromFeatures, neighboursOf, singleArcs } from '../../../src/core/model';
import { neighbourBorders } from '../../../src/core/report/neighbour-borders';
import { haiPhong } from '../../helpers/data';

function square(code: string, x0: number, y0: number, size = 1): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name: code, fullName: `Xã ${code}` },
    geometry: {
      type: 'Polygon',
      coordinates: [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]],
    },
  };
}

describe('neighbours from shared arcs', () => {
  // 2×2 grid: A B / C D, plus E far away. A and D touch at a single point only.
  const c = coverageFromFeatures([
    square('A', 0, 1),
    square('B', 1, 1),
    square('C', 0, 0),
    square('D', 1, 0),
    square('E', 5, 5),
  ]);

  it('are the units that share a border, not a single point', () => {
    expect(neighboursOf(c, 'A').map((n) => n.id)).toEqual(['B', 'C']);
    expect(neighboursOf(c, 'D').map((n) => n.id)).toEqual(['B', 'C']);
    expect(neighboursOf(c, 'E')).toEqual([]);
  });

  it('is symmetric and lists the shared arcs', () => {
    const ab = neighboursOf(c, 'A').find((n) => n.id === 'B')!;
    const ba = neighboursOf(c, 'B').find((n) => n.id === 'A')!;
    expect(ab.arcs).toEqual(ba.arcs);
    expect(ab.arcs.length).toBeGreaterThan(0);
  });

  it('measures shared border lengths in metres (1° of meridian ≈ 110.6 km near the equator)', () => {
    const borders = neighbourBorders(c, 'A');
    for (const b of borders) expect(b.lengthM).toBeGreaterThan(110_000);
    for (const b of borders) expect(b.lengthM).toBeLessThan(111_400);
  });

  it('counts the outer edge as single arcs', () => {
    expect(singleArcs(c).length).toBeGreaterThan(0);
  });
});

describe('neighbours on new Hải Phòng', () => {
  const c = coverageFromFeatures(haiPhong().features);

  it('are symmetric for all 114 units and every unit but islands has some', () => {
    let withNone = 0;
    for (const id of c.units.keys()) {
      const ns = neighboursOf(c, id);
      if (ns.length === 0) withNone++;
      for (const n of ns) expect(neighboursOf(c, n.id).some((m) => m.id === id)).toBe(true);
    }
    // Only the island special zone Bạch Long Vĩ stands alone.
    expect(withNone).toBe(1);
    expect(neighboursOf(c, '11948')).toEqual([]);
  });

  it('Thành Đông borders Nam Sách', () => {
    const ids = neighboursOf(c, '10507').map((n) => c.units.get(n.id)!.attrs.name);
    expect(ids).toContain('Nam Sách');
  });
});
