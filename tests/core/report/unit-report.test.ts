// The unit report model: areas, neighbours, points and description from the same walk, checks with
// their review states, formed-from rows with the merger check's findings.
import { describe, expect, it } from 'vitest';
import { coverageFromFeatures } from '../../../src/core/model';
import { unitReport } from '../../../src/core/report/unit-report';
import { characteristicPoints } from '../../../src/core/report/characteristic-points';
import { describeBoundary } from '../../../src/core/report/boundary-description';
import { validateCoverage } from '../../../src/core/validation';
import { mergerConsistency } from '../../../src/core/validations/merger-consistency';
import { unitAreaM2 } from '../../../src/core/geom/unit-measure';
import { neighbourBorders } from '../../../src/core/report/neighbour-borders';
import type { IssueReview, ReportIssue } from '../../../src/core/report/review';
import { haiPhong } from '../../helpers/data';
import { oldUnitsLayer } from './old-units';
import { snapshot, tee } from './helpers';

describe('unit report', () => {
  it('assembles Thành Đông from the parts, with the merger findings aligned to its formedFrom rows', () => {
    const c = coverageFromFeatures(haiPhong().features);
    const merger = mergerConsistency(c, oldUnitsLayer(), { unitIds: ['10507'], referenceYear: 2008 }).units[0]!;
    const toGrid = (p: readonly [number, number]) => [p[0] * 1000, p[1] * 1000] as const;
    const r = unitReport(c, '10507', { merger, toGrid, gridName: 'test grid' });
    const unit = c.units.get('10507')!;
    expect(r.unit.fullName).toBe(unit.attrs.fullName);
    expect(r.area.geodesicM2).toBe(unitAreaM2(c, '10507'));
    expect(r.area.differencePct).toBeCloseTo(((r.area.geodesicM2 / 1e6 - unit.attrs.officialAreaKm2!) / unit.attrs.officialAreaKm2!) * 100, 9);
    expect(r.neighbours.map((n) => [n.id, n.sharedBorderM])).toEqual(neighbourBorders(c, '10507').map((n) => [n.id, n.lengthM]));
    expect(r.points.map(({ others: _others, ...p }) => p)).toEqual(characteristicPoints(c, '10507', { toGrid }));
    expect(r.description.vi).toEqual(describeBoundary(c, '10507', { lang: 'vi' }).paragraphs);
    expect(r.description.en).toEqual(describeBoundary(c, '10507', { lang: 'en' }).paragraphs);
    expect(r.formedFrom.map((f) => f.row)).toEqual(unit.attrs.formedFrom);
    expect(r.formedFrom.map((f) => f.check?.row)).toEqual(unit.attrs.formedFrom);
    expect(r.gridName).toBe('test grid');
    // Each point names the other units meeting there.
    for (const p of r.points) expect(p.others.map((o) => o.id)).toEqual(p.units.filter((u) => u !== '10507'));
    // The legs cover the whole boundary: shared borders plus the outer edge.
    const legTotal = r.rings.reduce((s, ring) => s + ring.lengthM, 0);
    const sharedTotal = r.neighbours.reduce((s, n) => s + n.sharedBorderM, 0);
    expect(legTotal).toBeCloseTo(sharedTotal + r.outerBorderM, 3);
    // One confirmation sheet per neighbour, with exactly that neighbour's border, point to point.
    expect(r.sheets.map((sh) => sh.neighbour)).toEqual(r.neighbours.map((n) => n.id));
    for (const sh of r.sheets) {
      expect(sh.lengthM).toBeCloseTo(r.neighbours.find((n) => n.id === sh.neighbour)!.sharedBorderM, 6);
      expect(sh.legs.every((l) => l.lengthM > 0)).toBe(true);
    }
    // Nam Sách (10606): the single leg from point 1 to point 2, 8,847 m (GEOS: 8,846 m).
    expect(r.sheets[0]!.neighbour).toBe('10606');
    expect(r.sheets[0]!.legs.map((l) => [l.from, l.to, Math.round(l.lengthM)])).toEqual([[1, 2, 8847]]);
  });

  it('lists the unit’s checks with their review states and counts exceptions apart', () => {
    const c = tee();
    const issues: ReportIssue[] = [
      { id: 'a', kind: 'overlap', severity: 'error' as const, units: ['10001', '10002'], unitIds: ['10001', '10002'] },
      { id: 'b', kind: 'area-mismatch', severity: 'warning' as const, units: ['10001'], unitIds: ['10001'] },
      { id: 'c', kind: 'sliver', severity: 'warning' as const, units: ['10001'], unitIds: ['10001'] },
      { id: 'd', kind: 'gap', severity: 'error' as const, units: ['10003'], unitIds: ['10003'] },
    ];
    const reviews = new Map<string, IssueReview>([
      ['b', { status: 'exception', reason: 'Diện tích công bố tính cả mặt nước' }],
      ['c', { status: 'resolved', reason: '' }],
    ]);
    const r = unitReport(c, '10001', { issues, reviews });
    expect(r.checks.map((x) => [x.issueId, x.status, x.reason])).toEqual([
      ['a', 'open', ''],
      ['b', 'exception', 'Diện tích công bố tính cả mặt nước'],
      ['c', 'resolved', ''],
    ]);
    expect(r.checkCounts).toEqual({ errors: 1, warnings: 1, exceptions: 1, resolved: 1 });
    expect(r.area.officialKm2).toBeNull();
    expect(r.area.differencePct).toBeNull();
    expect(r.merger).toBeNull();
  });

  it('does not mutate its input', () => {
    const c = tee();
    const before = snapshot(c);
    const issues: ReportIssue[] = [{ id: 'a', kind: 'overlap', severity: 'error' as const, units: ['10001'], unitIds: ['10001'] }];
    const copy = JSON.stringify(issues);
    unitReport(c, '10001', { issues, markers: [{ id: 'm', name: 'M', at: [106.0, 20.01] }] });
    expect(snapshot(c)).toBe(before);
    expect(JSON.stringify(issues)).toBe(copy);
  });

  it('takes validator issues as they are', () => {
    const c = tee();
    const r = unitReport(c, '10001', { issues: validateCoverage(c) });
    expect(r.checks).toEqual([]);
  });

  it('reads the rim of a gap the checker found as a gap, not as the province\'s outer boundary', () => {
    // 11455 encloses the 56,300 m² gap (GEOS): its second ring, 1,923 m, runs along nothing but that gap.
    const c = coverageFromFeatures(haiPhong().features);
    const issues = validateCoverage(c);
    const before = unitReport(c, '11455');
    const after = unitReport(c, '11455', { issues });
    expect(before.description.vi[1]).toBe('Vòng 2 (ranh giới trong): Toàn bộ vòng ranh giới theo ranh giới ngoài của tỉnh khoảng 1.923 m.');
    expect(after.description.vi[1]).toBe('Vòng 2 (ranh giới trong): Toàn bộ vòng ranh giới theo khe hở chưa thuộc đơn vị nào khoảng 1.923 m.');
    expect(after.gapBorderM).toBeCloseTo(before.outerBorderM - after.outerBorderM, 6);
    expect(Math.round(after.gapBorderM)).toBe(1923);
    // A gap is no neighbour: no confirmation sheet, not in the neighbours' list.
    expect(after.sheets.map((x) => x.neighbour)).toEqual(before.sheets.map((x) => x.neighbour));
    expect(after.neighbours.map((n) => n.id)).toEqual(before.neighbours.map((n) => n.id));
  });
});
