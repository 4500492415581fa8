import { describe, expect, it } from 'vitest';
import { arcUsage, coverageFromFeatures, neighboursOf, type Coverage } from '../../src/core/model';
import { lineLengthM } from '../../src/core/geom/geodesic';
import { readGeoJson } from '../../src/io/geojson';
import { writeGeoJson } from '../../src/io/geojson-write';
import { roundCoverage } from '../../src/io/round-coverage';
import { buildSubmission, geoJsonText, submissionFileName } from '../../src/io/submission';
import { signedArea2 } from '../../src/core/geom/planar-area';
import { haiPhong } from '../helpers/data';
import { twoUnitCoverage, twoUnits, unwrap } from './helpers';

const AT = '2026-11-21T03:00:00Z';

/**
 * Hải Phòng with every vertex moved by a few 1e-9° (the same offset for the same vertex, so shared borders
 * stay shared): coordinates with 9 decimals, which the 7-decimal export must round.
 */
function finePrecisionHaiPhong(): Coverage {
  const c = coverageFromFeatures(haiPhong().features);
  const jitter = (x: number, y: number) => (((Math.round(x * 1e6) * 7919 + Math.round(y * 1e6) * 104729) % 97) - 48) * 1e-9;
  return { units: c.units, arcs: c.arcs.map((a) => a.map(([x, y]) => [x + jitter(x, y), y + jitter(y, x)] as const)) };
}

function neighbourPairs(c: Coverage): string[] {
  const out: string[] = [];
  for (const u of c.units.values()) for (const n of neighboursOf(c, u.id)) out.push(`${u.attrs.code}|${c.units.get(n.id)!.attrs.code}`);
  return out.sort();
}

/** Total length of arcs used by one unit only: the outer edge plus any border that does not match. */
function singleEdgeLengthM(c: Coverage): number {
  const { unitsByArc } = arcUsage(c);
  return c.arcs.reduce((sum, a, i) => (unitsByArc[i]!.length === 1 ? sum + lineLengthM(a) : sum), 0);
}

describe('submission export (RFC 7946)', () => {
  it('rounds on the arcs, so rounding opens no gap and no overlap between neighbours', () => {
    const fine = finePrecisionHaiPhong();
    const { collection, rounded } = buildSubmission(fine, { exportedAt: AT });
    for (const f of collection.features) {
      for (const p of f.geometry.coordinates) for (const r of p) for (const q of r) {
        expect(Math.round(q[0]! * 1e7) / 1e7).toBe(q[0]);
        expect(Math.round(q[1]! * 1e7) / 1e7).toBe(q[1]);
      }
    }
    const read = (text: string) => coverageFromFeatures(unwrap(readGeoJson('s.geojson', text)).features);
    const back = read(geoJsonText(collection));
    // The same file unrounded, through the same pipeline (re-winding moves where topojson cuts arcs, so
    // the comparison is with the unrounded export, not with the coverage in memory).
    const unrounded = read(writeGeoJson(fine));
    // Same neighbours, and no border became single (a gap or overlap would turn shared arcs into single ones).
    expect(neighbourPairs(back)).toEqual(neighbourPairs(fine));
    expect(Math.abs(singleEdgeLengthM(back) - singleEdgeLengthM(unrounded))).toBeLessThan(1);
    expect(neighbourPairs(rounded)).toEqual(neighbourPairs(fine));
  });

  it('winds outer rings counter-clockwise and holes clockwise', () => {
    const { collection } = buildSubmission(twoUnitCoverage(), { exportedAt: AT });
    for (const f of collection.features) {
      for (const p of f.geometry.coordinates) {
        expect(signedArea2(p[0]!)).toBeGreaterThan(0);
        for (const h of p.slice(1)) expect(signedArea2(h)).toBeLessThan(0);
      }
    }
  });

  it('fills matinh and tentinh from the draft\'s province where the units carry none', () => {
    const bare = twoUnits().map((f) => ({ ...f, properties: Object.fromEntries(Object.entries(f.properties).filter(([k]) => k !== 'provinceCode' && k !== 'provinceName')) }));
    const { collection } = buildSubmission(coverageFromFeatures(bare), { exportedAt: AT, provinceCode: '01', provinceName: 'Thành phố Hà Nội' });
    expect(collection.features.map((f) => [f.properties.matinh, f.properties.tentinh])).toEqual([['01', 'Thành phố Hà Nội'], ['01', 'Thành phố Hà Nội']]);
    // A unit's own code is kept.
    const own = buildSubmission(twoUnitCoverage(), { exportedAt: AT, provinceCode: '01' }).collection;
    expect(own.features[0]!.properties.matinh).toBe('31');
  });

  it('writes the national property names, the official and the geodesic area, and the foreign members', () => {
    const { collection } = buildSubmission(twoUnitCoverage(), {
      exportedAt: AT, legalBasis: '1669/NQ-UBTVQH15',
      checkSummary: { errors: 0, warnings: 1 }, exceptions: [{ issueId: 'overlap:10507|10510', reason: 'đã thống nhất' }],
    });
    expect(collection.features[0]!.properties).toEqual({
      matinh: '31', tentinh: 'Thành phố Hải Phòng', maxa: '10507', tenhc: 'Phường Thành Đông', loai: 'Phường',
      dientichkm2: 12.22, dientichdokm2: collection.features[0]!.properties.dientichdokm2,
      truocsapnhap: 'Phường Cẩm Thượng, Xã An Thượng (một phần)', matruocsapnhap: '10507, 10663', cancu: '1669/NQ-UBTVQH15',
    });
    // 0.01° × 0.01° at 20.9° N: about 1.04 km × 1.11 km; the exact figure is geodesic.ts's business.
    expect(collection.features[0]!.properties.dientichdokm2).toBeGreaterThan(1.1);
    expect(collection.features[0]!.properties.dientichdokm2).toBeLessThan(1.2);
    expect(collection.exportedAt).toBe(AT);
    expect(collection.checkSummary).toEqual({ errors: 0, warnings: 1 });
    expect(collection.exceptions).toEqual([{ issueId: 'overlap:10507|10510', reason: 'đã thống nhất' }]);
    expect(JSON.parse(geoJsonText(collection))).toEqual(JSON.parse(JSON.stringify(collection)));
  });

  it('reads back with each unit\'s official area, not the measured one', () => {
    const { collection } = buildSubmission(twoUnitCoverage(), { exportedAt: AT });
    const back = coverageFromFeatures(unwrap(readGeoJson('s.geojson', geoJsonText(collection))).features);
    // Before, dientichkm2 held the measured 1.15 km², which the reader takes as the official area.
    expect([...back.units.values()].map((u) => u.attrs.officialAreaKm2)).toEqual([12.22, null]);
  });

  it('exports one unit alone', () => {
    const { collection } = buildSubmission(twoUnitCoverage(), { exportedAt: AT, unitIds: ['10510'] });
    expect(collection.features.map((f) => f.id)).toEqual(['10510']);
    expect(() => buildSubmission(twoUnitCoverage(), { exportedAt: AT, unitIds: ['nope'] })).toThrow(RangeError);
  });

  it('names files like 31_10507_Thanh_Dong_2026-11-21.geojson', () => {
    const c = twoUnitCoverage();
    expect(submissionFileName(c, { exportedAt: AT, unitIds: ['10507'] })).toBe('31_10507_Thanh_Dong_2026-11-21.geojson');
    expect(submissionFileName(c, { exportedAt: AT, unitIds: ['10510'] })).toBe('31_10510_Ung_Hoe_2026-11-21.geojson');
    expect(submissionFileName(c, { exportedAt: AT })).toBe('31_Hai_Phong_2026-11-21.geojson');
    // 23:30 UTC is the next morning in Vietnam.
    expect(submissionFileName(c, { exportedAt: '2026-11-20T23:30:00Z', unitIds: ['10507'] })).toBe('31_10507_Thanh_Dong_2026-11-21.geojson');
  });

  it('does not mutate the coverage', () => {
    const c = twoUnitCoverage();
    const before = JSON.stringify({ arcs: c.arcs, units: [...c.units.values()] });
    buildSubmission(c, { exportedAt: AT });
    roundCoverage(c, 3);
    expect(JSON.stringify({ arcs: c.arcs, units: [...c.units.values()] })).toBe(before);
  });
});
