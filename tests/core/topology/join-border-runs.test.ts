import { describe, expect, it } from 'vitest';
import { arcUsage, coverageFromFeatures, type Coverage } from '../../../src/core/model';
import { joinBorderRuns } from '../../../src/core/topology/join-arcs';
import { splitArcAtVertex } from '../../../src/core/topology/nodes';
import { unitAreaM2 } from '../../../src/core/geom/unit-measure';
import { validateCoverage } from '../../../src/core/validation';
import { ringPositions } from '../../../src/core/topology/rings';
import { haiPhong } from '../../helpers/data';

const liveArcs = (c: Coverage) => c.arcs.filter((a, i) => a.length > 0 && arcUsage(c).unitsByArc[i]!.length > 0).length;
const rings = (c: Coverage) => [...c.units.values()].map((u) => u.polygons.map((p) => p.map((r) => ringPositions(c, r))));

describe('joining border runs', () => {
  it('makes a border cut at points no other arc reaches one arc, moving nothing', () => {
    const square = (code: string, x: number) => ({
      type: 'Feature' as const,
      properties: { code, name: code },
      geometry: { type: 'Polygon' as const, coordinates: [[[x, 0], [x + 1, 0], [x + 1, 0.5], [x + 1, 1], [x, 1], [x, 0.5], [x, 0]]] },
    });
    const c = coverageFromFeatures([square('10001', 0), square('10002', 1)]);
    const shared = c.arcs.findIndex((_, i) => arcUsage(c).unitsByArc[i]!.length === 2);
    const cut = splitArcAtVertex(c, shared, 1).coverage;
    expect(liveArcs(cut)).toBe(liveArcs(c) + 1);
    const joined = joinBorderRuns(cut);
    // One shared border and one outer edge per unit.
    expect(liveArcs(joined)).toBe(3);
    expect(rings(joined)).toEqual(rings(cut).map((u) => u.map((p) => p.map((r) => expect.arrayContaining(r)))));
    for (const id of cut.units.keys()) expect(unitAreaM2(joined, id)).toBeCloseTo(unitAreaM2(cut, id), 6);
  });

  it('keeps Hải Phòng as it is, with a quarter of the arcs', () => {
    const c = coverageFromFeatures(haiPhong().features);
    const joined = joinBorderRuns(c);
    expect(liveArcs(joined)).toBeLessThan(liveArcs(c) / 2);
    for (const id of c.units.keys()) expect(unitAreaM2(joined, id)).toBeCloseTo(unitAreaM2(c, id), 3);
    const errors = (x: Coverage) => validateCoverage(x).filter((i) => i.severity === 'error').map((i) => `${i.kind} ${i.units.join('/')}`).sort();
    expect(errors(joined)).toEqual(errors(c));
    // Pure: the coverage it was given still has its arcs.
    expect(liveArcs(c)).toBeGreaterThan(liveArcs(joined));
  });
});
