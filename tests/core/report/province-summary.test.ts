// Province summary: rows per unit, counting per unit named by an issue, sorting, and the CSV round trip.
import { describe, expect, it } from 'vitest';
import { coverageFromFeatures } from '../../../src/core/model';
import { provinceSummary, sortSummary, summaryToCsv, SUMMARY_COLUMNS, type SummaryRow } from '../../../src/core/report/province-summary';
import { BOM, parseCsv, toCsv } from '../../../src/core/report/csv';
import type { IssueReview, ReportIssue } from '../../../src/core/report/review';
import { unitAreaM2 } from '../../../src/core/geom/unit-measure';
import { validateCoverage } from '../../../src/core/validation';
import { haiPhong } from '../../helpers/data';
import { box, snapshot, tee } from './helpers';

const issues: ReportIssue[] = [
  { id: 'o', kind: 'overlap', severity: 'error' as const, units: ['10001', '10002'], unitIds: ['10001', '10002'] },
  { id: 'w', kind: 'area-mismatch', severity: 'warning' as const, units: ['10001'], unitIds: ['10001'] },
  { id: 'x', kind: 'sliver', severity: 'warning' as const, units: ['10002'], unitIds: ['10002'] },
];
const reviews = new Map<string, IssueReview>([['x', { status: 'exception', reason: 'Đã kiểm tra, "đúng" thực địa, chấp nhận' }]]);

function cells(r: SummaryRow): string[] {
  return [
    r.code,
    r.fullName,
    r.type ?? '',
    r.areaKm2.toFixed(4),
    r.officialAreaKm2 === null ? '' : r.officialAreaKm2.toFixed(4),
    r.differencePct === null ? '' : r.differencePct.toFixed(2),
    String(r.errors),
    String(r.warnings),
    r.exceptions.map((e) => `${e.kind}: ${e.reason}`).join('\n'),
  ];
}

describe('province summary', () => {
  it('has a row per unit with its areas, open errors and warnings, and exceptions with reasons', () => {
    const c = tee();
    const rows = provinceSummary(c, issues, reviews);
    expect(rows.map((r) => r.code)).toEqual([...c.units.values()].map((u) => u.attrs.code));
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect(byCode.get('10001')).toMatchObject({ errors: 1, warnings: 1, exceptions: [] });
    expect(byCode.get('10002')).toMatchObject({ errors: 1, warnings: 0, exceptions: [{ issueId: 'x', kind: 'sliver', reason: reviews.get('x')!.reason }] });
    expect(byCode.get('10003')).toMatchObject({ errors: 0, warnings: 0, exceptions: [] });
    for (const r of rows) expect(r.areaKm2).toBe(unitAreaM2(c, r.id) / 1e6);
  });

  it('round-trips through CSV (RFC 4180, UTF-8 BOM, CRLF), quotes, commas and new lines included', () => {
    const c = coverageFromFeatures([
      box('10001', 'Xã Đông, Hoà', 106.0, 20.0, 106.02, 20.02, { officialAreaKm2: 4.5 }),
      box('10002', 'Phường "Tây" Sơn', 106.02, 20.0, 106.04, 20.02),
    ]);
    const rows = provinceSummary(c, issues, reviews);
    const csv = summaryToCsv(rows, { headers: { code: 'Mã', name: 'Tên đơn vị' } });
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const parsed = parseCsv(csv);
    expect(parsed[0]).toEqual(['Mã', 'Tên đơn vị', ...SUMMARY_COLUMNS.slice(2)]);
    expect(parsed.slice(1)).toEqual(rows.map(cells));
    expect(toCsv(parsed)).toBe(csv);
  });

  it('sorts by any column, numbers numerically, names in Vietnamese order, missing values last', () => {
    const c = coverageFromFeatures(haiPhong().features);
    const rows = provinceSummary(c, validateCoverage(c));
    for (const col of SUMMARY_COLUMNS) {
      for (const dir of ['asc', 'desc'] as const) {
        const sorted = sortSummary(rows, col, dir);
        expect(sorted).toHaveLength(rows.length);
        expect(new Set(sorted)).toEqual(new Set(rows));
      }
    }
    const byArea = sortSummary(rows, 'areaKm2', 'desc').map((r) => r.areaKm2);
    expect(byArea).toEqual([...byArea].sort((a, b) => b - a));
    const byDiff = sortSummary(rows, 'differencePct', 'asc');
    const firstNull = byDiff.findIndex((r) => r.differencePct === null);
    if (firstNull >= 0) expect(byDiff.slice(firstNull).every((r) => r.differencePct === null)).toBe(true);
    const names = sortSummary(rows, 'name').map((r) => r.name);
    const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
    for (let i = 1; i < names.length; i++) expect(collator.compare(names[i - 1]!, names[i]!)).toBeLessThanOrEqual(0);
  });

  it('does not mutate its input', () => {
    const c = tee();
    const before = snapshot(c);
    const copy = JSON.stringify(issues);
    const rows = provinceSummary(c, issues, reviews);
    const rowsCopy = JSON.stringify(rows);
    sortSummary(rows, 'errors', 'desc');
    summaryToCsv(rows);
    expect(snapshot(c)).toBe(before);
    expect(JSON.stringify(issues)).toBe(copy);
    expect(JSON.stringify(rows)).toBe(rowsCopy);
  });
});

describe('CSV parser', () => {
  it('rejects malformed quoting', () => {
    expect(() => parseCsv('a,"b\r\n')).toThrow();
    expect(() => parseCsv('a,b"c\r\n')).toThrow();
    expect(parseCsv('a,"",c\nd,e,f')).toEqual([['a', '', 'c'], ['d', 'e', 'f']]);
  });
});
