// The province reviewer's table: every unit with its areas, the count of its open checks and its
// exceptions with their reasons; sortable by any column and exportable as CSV for Excel.
// Counting: an issue counts for every unit it names (an overlap counts for both units); errors and
// warnings count the issues not accepted as exceptions; exceptions are listed with their reasons.
import type { Coverage, UnitType } from '../model/types';
import { areaDifferencePct, unitAreaM2 } from '../geom/unit-measure';
import { reviewStatus, type IssueReview, type ReportIssue } from './review';
import { toCsv } from './csv';

export interface SummaryException {
  readonly issueId: string;
  readonly kind: string;
  readonly reason: string;
}

export interface SummaryRow {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly fullName: string;
  readonly type: UnitType | null;
  /** Geodesic area on WGS84, km². */
  readonly areaKm2: number;
  readonly officialAreaKm2: number | null;
  readonly differencePct: number | null;
  readonly errors: number;
  readonly warnings: number;
  readonly exceptions: readonly SummaryException[];
}

export const SUMMARY_COLUMNS = ['code', 'name', 'type', 'areaKm2', 'officialAreaKm2', 'differencePct', 'errors', 'warnings', 'exceptions'] as const;
export type SummaryColumn = (typeof SUMMARY_COLUMNS)[number];

export function provinceSummary(c: Coverage, issues: readonly ReportIssue[] = [], reviews?: ReadonlyMap<string, IssueReview>): SummaryRow[] {
  const byUnit = new Map<string, ReportIssue[]>();
  for (const i of issues) {
    for (const id of new Set(i.unitIds)) {
      const list = byUnit.get(id) ?? [];
      list.push(i);
      byUnit.set(id, list);
    }
  }
  return [...c.units.values()].map((u) => {
    const mine = byUnit.get(u.id) ?? [];
    const open = mine.filter((i) => reviewStatus(reviews, i.id) !== 'exception');
    const areaM2 = unitAreaM2(c, u.id);
    return {
      id: u.id,
      code: u.attrs.code,
      name: u.attrs.name,
      fullName: u.attrs.fullName,
      type: u.attrs.type,
      areaKm2: areaM2 / 1e6,
      officialAreaKm2: u.attrs.officialAreaKm2,
      differencePct: areaDifferencePct(areaM2, u.attrs.officialAreaKm2),
      errors: open.filter((i) => i.severity === 'error').length,
      warnings: open.filter((i) => i.severity === 'warning').length,
      exceptions: mine
        .filter((i) => reviewStatus(reviews, i.id) === 'exception')
        .map((i) => ({ issueId: i.id, kind: i.kind, reason: reviews?.get(i.id)?.reason ?? '' }))
        .sort((a, b) => (a.issueId < b.issueId ? -1 : a.issueId > b.issueId ? 1 : 0)),
    };
  });
}

// Vietnamese collation for names ("Đ" after "D", tones ignored before letters), fixed so order does
// not depend on the user's locale.
const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

function sortValue(r: SummaryRow, col: SummaryColumn): string | number | null {
  if (col === 'exceptions') return r.exceptions.length;
  return r[col];
}

/**
 * Rows sorted by a column (a copy; ties keep code order). Missing values (no official area) sort last
 * in either direction, so they never hide the largest differences at the top.
 */
export function sortSummary(rows: readonly SummaryRow[], column: SummaryColumn, direction: 'asc' | 'desc' = 'asc'): SummaryRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = sortValue(a.r, column);
      const y = sortValue(b.r, column);
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1;
      } else {
        const d = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
        if (d !== 0) return sign * d;
      }
      return collator.compare(a.r.code, b.r.code) || a.i - b.i;
    })
    .map((x) => x.r);
}

export interface CsvOptions {
  /** Header labels per column (e.g. Vietnamese ones from the UI); default: the column ids. */
  readonly headers?: Partial<Record<SummaryColumn, string>>;
}

const num = (v: number | null, digits: number) => (v === null ? '' : v.toFixed(digits));

/**
 * The table as CSV (RFC 4180, UTF-8 with BOM). Numbers use "." and fixed decimals (areas 4, difference
 * 2) so a sort in Excel is numeric; the exceptions cell lists "kind: reason" one per line.
 */
export function summaryToCsv(rows: readonly SummaryRow[], options: CsvOptions = {}): string {
  const header = SUMMARY_COLUMNS.map((c) => options.headers?.[c] ?? c);
  const body = rows.map((r) => [
    r.code,
    r.fullName || r.name,
    r.type ?? '',
    num(r.areaKm2, 4),
    num(r.officialAreaKm2, 4),
    num(r.differencePct, 2),
    String(r.errors),
    String(r.warnings),
    r.exceptions.map((e) => `${e.kind}: ${e.reason}`).join('\n'),
  ]);
  return toCsv([header, ...body]);
}
