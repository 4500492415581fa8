import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { coverageFromFeatures } from '../../src/core/model';
import { buildCoverageView, coveragePatch } from '../../src/editor/coverage-view';
import { actionMoveVertex } from '../../src/core/actions/move-vertex';
import type { Coverage } from '../../src/core/model/types';

function square(code: string, x0: number, y0 = 0): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name: code, fullName: `Xã ${code}` },
    geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + 1, y0], [x0 + 1, y0 + 1], [x0, y0 + 1], [x0, y0]]] },
  };
}

const users = (c: Coverage, i: number) => [...c.units.values()].filter((u) => u.polygons.some((p) => p.some((r) => r.some((ref) => (ref < 0 ? ~ref : ref) === i)))).length;

describe('the map view of a coverage', () => {
  const c = coverageFromFeatures([square('A', 0), square('B', 1)]);

  it('draws every unit and label, and as lines only the arcs used once (shared borders are outlines)', () => {
    const v = buildCoverageView(c);
    expect(v.units.features.map((f) => f.properties.id)).toEqual(['A', 'B']);
    expect(v.labels.features).toHaveLength(2);
    const drawn = v.borders.features.map((f) => f.properties.arc as number).sort();
    const single = c.arcs.map((_, i) => i).filter((i) => users(c, i) === 1);
    expect(single.length).toBeGreaterThan(0);
    expect(drawn).toEqual(single);
    expect(c.arcs.some((_, i) => users(c, i) === 2)).toBe(true);
    expect(v.borders.features.every((f) => f.properties.shared === false)).toBe(true);
  });

  it('patches a moved vertex of the shared border: both units, and no line for the shared arc', () => {
    const shared = c.arcs.findIndex((_, i) => users(c, i) === 2);
    const next = actionMoveVertex({ arc: shared, index: 0 }, [1.1, 0])(c);
    const p = coveragePatch(c, next);
    expect(p.units.map((f) => f.properties.id).sort()).toEqual(['A', 'B']);
    expect(p.borders.map((f) => f.properties.arc)).not.toContain(shared);
  });
});
