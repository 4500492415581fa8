// The neighbouring provinces' units the app loads are what the checks across the province's edge compare
// the draft with: every unit whose box meets the draft's, as before the map drew fewer of them.
import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { coverageFromFeatures } from '../../src/core/model';
import { issuesAcrossProvinces } from '../../src/core/validation/across-provinces';
import { loadNeighbourProvinces } from '../../src/app/load-neighbours';
import type { IndexEntry } from '../../src/app/province-files';
import type { DecodedTopologyFile } from '../../src/io/topology-file';

function square(code: string, x0: number, y0: number, size: number): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name: code, fullName: `Xã ${code}` },
    geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]] },
  };
}

/** Province 99's file: one large unit, 0..1 × 0..1, its outline one arc. */
const large: DecodedTopologyFile = {
  header: {
    format: 'dia-gioi-topology',
    version: 1,
    layer: 'units-2025',
    province: { code: '99', name: 'Tỉnh Khác' },
    decimals: 7,
    arcCount: 1,
    arcVertices: 5,
    offGrid: [],
    features: [{ id: '99001', properties: { code: '99001', fullName: 'Xã Lớn' }, polygons: [[[0]]] }],
  },
  arcs: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
};

const entry = { code: '99', name: 'Tỉnh Khác', bbox: [0, 0, 1, 1] } as unknown as IndexEntry;
const files = { entries: () => Promise.resolve([entry]), decoded: () => Promise.resolve(large) };

describe('loadNeighbourProvinces', () => {
  it('keeps a unit the draft lies inside, far from its edge: the checks see both overlaps', async () => {
    // Two small squares of province 01 drawn well inside province 99's unit (0.4° from its border).
    const draft = coverageFromFeatures([square('01001', 0.4, 0.4, 0.05), square('01002', 0.45, 0.4, 0.05)]);
    const loaded = await loadNeighbourProvinces(files, '01', draft);
    expect([...loaded.units.values()].map((u) => u.code)).toEqual(['99001']);
    expect(loaded.provinces).toEqual([{ code: '99', name: 'Tỉnh Khác' }]);
    const overlaps = issuesAcrossProvinces(draft, loaded.units).filter((i) => i.kind === 'overlap');
    expect(overlaps.map((i) => i.units)).toEqual([['01001', '99001'], ['01002', '99001']]);
  });
});
