// Clean topology: repeated vertices and zero-length arcs removed in one edit, nothing else changed.
import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { arcIndex, coverageFromFeatures, coverageToFeatureCollection, type Coverage } from '../../../src/core/model';
import { actionRemoveDuplicateVertices, duplicatePlan } from '../../../src/core/actions/remove-duplicate-vertices';
import { actionMergeUnits } from '../../../src/core/actions/merge-units';
import { unitAreaM2 } from '../../../src/core/geom/unit-measure';
import { validateCoverage } from '../../../src/core/validation';
import { distinctVertexCount, ringPositions } from '../../../src/core/topology/rings';
import { haiPhong } from '../../helpers/data';
import { snapshot } from '../report/helpers';

function zeroLengthArcsInUse(c: Coverage): number[] {
  const used = new Set<number>();
  for (const u of c.units.values()) for (const p of u.polygons) for (const r of p) for (const ref of r) used.add(arcIndex(ref));
  return [...used].filter((i) => c.arcs[i]!.every((q) => q[0] === c.arcs[i]![0]![0] && q[1] === c.arcs[i]![0]![1]));
}

function repeats(c: Coverage): number {
  let n = 0;
  for (const f of coverageToFeatureCollection(c).features) {
    for (const poly of f.geometry.coordinates) for (const r of poly) for (let i = 1; i < r.length; i++) if (r[i]![0] === r[i - 1]![0] && r[i]![1] === r[i - 1]![1]) n++;
  }
  return n;
}

function feature(code: string, ring: number[][]): Feature<Polygon> {
  return { type: 'Feature', properties: { code, name: code, fullName: `Xã ${code}`, type: 'xa' }, geometry: { type: 'Polygon', coordinates: [ring] } };
}

describe('remove duplicate vertices', () => {
  it('a repeat at a junction: the zero-length arc leaves both rings, the areas stay', () => {
    // A and B share x = 1; both repeat the junction vertex (1, 0), so the repeat becomes its own arc.
    const c = coverageFromFeatures([
      feature('10001', [[0, 0], [1, 0], [1, 0], [1, 1], [0, 1], [0, 0]]),
      feature('10002', [[1, 0], [1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]),
    ]);
    expect(zeroLengthArcsInUse(c).length).toBeGreaterThan(0);
    const before = snapshot(c);
    const after = actionRemoveDuplicateVertices()(c);
    expect(snapshot(c)).toBe(before); // input untouched
    expect(zeroLengthArcsInUse(after)).toEqual([]);
    expect(repeats(after)).toBe(0);
    for (const id of ['10001', '10002']) expect(unitAreaM2(after, id)).toBeCloseTo(unitAreaM2(c, id), 6);
    expect(actionRemoveDuplicateVertices().disabled(after)).toBe('nothing-to-do');
  });

  it('Hải Phòng: 714 repeated vertices and 474 zero-length arcs go; areas, overlap and gap stay', () => {
    const c = coverageFromFeatures(haiPhong().features);
    expect(duplicatePlan(c)).toEqual({ vertices: 714, zeroLengthArcs: 474 });
    const action = actionRemoveDuplicateVertices();
    expect(action.disabled(c)).toBe(false);
    const after = action(c);
    expect(zeroLengthArcsInUse(after)).toEqual([]);
    expect(repeats(after)).toBe(0);
    for (const id of c.units.keys()) expect(Math.abs(unitAreaM2(after, id) - unitAreaM2(c, id)), id).toBeLessThan(1e-3);
    const errors = (x: Coverage) =>
      validateCoverage(x)
        .filter((i) => i.severity === 'error')
        .map((i) => `${i.kind} ${i.units.join('/')} ${i.areaM2?.toFixed(1)}`)
        .sort();
    expect(errors(after)).toEqual(errors(c));
    expect(validateCoverage(after).filter((i) => i.kind === 'duplicate-vertex')).toEqual([]);
    // Units without any repeat keep their objects (small history diffs).
    expect([...after.units.values()].filter((u) => u === c.units.get(u.id)).length).toBeGreaterThan(0);
  });

  it('after the clean-up a merge leaves no point-sized hole', () => {
    const c = actionRemoveDuplicateVertices()(coverageFromFeatures(haiPhong().features));
    const merged = actionMergeUnits('10507', '10606')(c);
    const rings = merged.units.get('10507')!.polygons.flat();
    expect(rings.map((r) => distinctVertexCount(ringPositions(merged, r))).filter((n) => n < 3)).toEqual([]);
  });
});
