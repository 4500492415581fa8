// Checks across the province's edge: overlaps and gaps between a unit of the draft and a unit of a
// neighbouring province are found (the draft's own check sees only "the outside" there), named with
// both codes, and only the draft's unit is selectable; everything among the draft's own units, or among
// the other province's, is left to others.
import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon } from 'geojson';
import { coverageFromFeatures, unitToFeature } from '../../../src/core/model';
import { makeContextUnit, type ContextUnit } from '../../../src/core/model/context-units';
import { issuesAcrossProvinces } from '../../../src/core/validation/across-provinces';
import { validateCoverage } from '../../../src/core/validation';
import { geometryAreaM2 } from '../../../src/core/geom/geodesic';
import { haiPhong } from '../../helpers/data';
import { neighbourProvinces } from '../../helpers/provinces';
import { row } from '../../helpers/coverages';
import { oracle, type CodedFeature } from '../../oracle/geos';
import { fixAction, fixOptions } from '../../../src/editor/fixes';

function box(code: string, x0: number, y0: number, x1: number, y1: number): ContextUnit {
  return makeContextUnit({
    code,
    fullName: `Xã K${code}`,
    provinceCode: '99',
    provinceName: 'Tỉnh Thử',
    polygons: [[[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]],
  });
}

const asMap = (units: ContextUnit[]) => new Map(units.map((u) => [u.id, u]));

describe('issues across provinces', () => {
  it('finds an overlap with a unit of the next province; only the draft unit is selectable', () => {
    const c = row(); // 10001 | 10002 | 10003 from 106 to 106.03
    const into = box('20001', 106.029, 20, 106.04, 20.01); // 0.001° (≈104 m) into 10003
    const issues = issuesAcrossProvinces(c, asMap([into]));
    expect(issues.map((i) => [i.kind, i.severity, i.units, i.unitIds, i.details?.otherProvinces])).toEqual([['overlap', 'error', ['10003', '20001'], ['10003'], '99']]);
    const strip: Polygon = { type: 'Polygon', coordinates: [[[106.029, 20], [106.03, 20], [106.03, 20.01], [106.029, 20.01], [106.029, 20]]] };
    expect(issues[0]!.areaM2! / geometryAreaM2(strip)).toBeCloseTo(1, 3);
    // The draft's own check knows nothing of it.
    expect(validateCoverage(c).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('offers to cut the overlap out of the draft unit, and the cut leaves none', () => {
    const c = row();
    const ctx = asMap([box('20001', 106.029, 20, 106.04, 20.01)]);
    const [issue] = issuesAcrossProvinces(c, ctx);
    const options = fixOptions(c, issue!, 0.1);
    // Only the draft's side can change: no "assign to 20001", no split with it.
    expect(options.map((o) => o.fix)).toEqual([{ kind: 'cede', unit: '10003' }]);
    const action = fixAction(issue!, options[0]!.fix)!;
    expect(action.disabled(c)).toBe(false);
    const next = action(c);
    expect(issuesAcrossProvinces(next, ctx)).toEqual([]);
    expect(validateCoverage(next).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('finds a gap enclosed by the draft and the next province, not one among the draft units alone', () => {
    const c = row();
    // North of the row, 0.0001° (≈11 m) away, with two columns closing the strip at its ends.
    const ctx = [box('20001', 106, 20.0101, 106.03, 20.02), box('20002', 105.99, 20, 106, 20.02), box('20003', 106.03, 20, 106.04, 20.02)];
    const issues = issuesAcrossProvinces(c, asMap(ctx));
    expect(issues.map((i) => [i.kind, i.severity, i.units, i.unitIds])).toEqual([
      ['gap', 'error', ['10001', '10002', '10003', '20001', '20002', '20003'], ['10001', '10002', '10003']],
    ]);
    const strip: Polygon = { type: 'Polygon', coordinates: [[[106, 20.01], [106.03, 20.01], [106.03, 20.0101], [106, 20.0101], [106, 20.01]]] };
    // The gap's faces are split where the row's units meet (106.01, 106.02), the strip is not: the area
    // must not depend on where its edges are split (it did, by 0.38 %, while long edges were geodesics).
    expect(Math.abs(issues[0]!.areaM2! / geometryAreaM2(strip) - 1)).toBeLessThan(1e-6);
  });

  it('is silent on units that only touch, and leaves issues among the other province alone', () => {
    const c = row();
    // Touching the row exactly; and two context units overlapping each other.
    const ctx = [box('20001', 106.03, 20, 106.04, 20.01), box('20002', 106.035, 20.01, 106.05, 20.02), box('20003', 106.04, 20.015, 106.06, 20.03)];
    expect(issuesAcrossProvinces(c, asMap(ctx))).toEqual([]);
  });

  it('Hải Phòng with Quảng Ninh, Bắc Ninh and Hưng Yên: none on the real data; a shifted neighbour agrees with GEOS', { timeout: 300_000 }, async () => {
    const fc = haiPhong();
    const c = coverageFromFeatures(fc.features);
    const { context } = neighbourProvinces(fc, '31');
    expect(issuesAcrossProvinces(c, context)).toEqual([]);
    // An Sinh (07090, Quảng Ninh) moved 20 m east: where their 14.8 km border runs north–south it
    // overlaps Trần Nhân Tông (10573) or leaves a gap (GEOS: 27,639 m² of overlap).
    const anSinh = context.get('\0ctx:07090')!;
    const dx = 20 / (111_320 * Math.cos((21.15 * Math.PI) / 180));
    const moved = makeContextUnit({ ...anSinh, polygons: anSinh.polygons.map((p) => p.map((r) => r.map((q) => [q[0] + dx, q[1]] as const))) });
    const shifted = new Map(context);
    shifted.set(moved.id, moved);
    const ours = issuesAcrossProvinces(c, shifted).filter((i) => i.units.includes('10573') && i.units.includes('07090') && i.kind === 'overlap');
    expect(ours).toHaveLength(1);
    // GEOS on the same two shapes.
    const f = unitToFeature(c, c.units.get('10573')!);
    const geosFeatures: CodedFeature[] = [
      { type: 'Feature', properties: { code: '10573' }, geometry: f.geometry },
      { type: 'Feature', properties: { code: '07090' }, geometry: { type: 'MultiPolygon', coordinates: moved.polygons as unknown as MultiPolygon['coordinates'] } },
    ];
    const geos = (await oracle(geosFeatures)).overlaps.filter((p) => p.areaM2 > 1);
    const geosArea = geos.reduce((s, p) => s + p.areaM2, 0);
    expect(geosArea).toBeGreaterThan(20_000);
    expect(Math.abs(ours[0]!.areaM2! - geosArea) / geosArea).toBeLessThan(0.01);
    expect(ours[0]!.unitIds).toEqual(['10573']);
  });
});
