import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { coverageFromFeatures } from '../../../src/core/model';
import { packCoverage, unpackCoverage } from '../../../src/core/model/packed';

function square(code: string, x0: number): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name: code, fullName: `Xã ${code}` },
    geometry: { type: 'Polygon', coordinates: [[[x0, 0.1234567891234], [x0 + 1, 0], [x0 + 1, 1], [x0, 1], [x0, 0.1234567891234]]] },
  };
}

describe('packed coverage', () => {
  const c = coverageFromFeatures([square('A', 106.000000123), square('B', 107.000000123)]);

  it('comes back exactly: every coordinate, every arc, every unit in order', () => {
    const back = unpackCoverage(packCoverage(c));
    expect(back.arcs).toEqual(c.arcs);
    expect([...back.units.keys()]).toEqual([...c.units.keys()]);
    expect([...back.units.values()]).toEqual([...c.units.values()]);
  });

  it('survives a structured clone (the worker boundary), and packing does not change its input', () => {
    const before = JSON.stringify({ arcs: c.arcs, units: [...c.units] });
    const p = packCoverage(c);
    const cloned = structuredClone(p, { transfer: [p.coords.buffer, p.offsets.buffer] });
    expect(unpackCoverage(cloned).arcs).toEqual(c.arcs);
    expect(JSON.stringify({ arcs: c.arcs, units: [...c.units] })).toBe(before);
  });
});
