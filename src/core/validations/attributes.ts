// Rules: missing-attribute (code: 5 digits; name; type xã/phường/đặc khu) and duplicate-code.
// details.field names the attribute, details.problem is 'missing' or 'invalid'.
import type { Coverage, Unit } from '../model';
import { unitIssueId, type ValidationIssue } from '../validation/issue';
import { unitAnchor } from './unit-anchor';
import { unitCode } from './unit-codes';

const CODE = /^\d{5}$/;

export function missingAttributeIssues(c: Coverage): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const u of c.units.values()) {
    const a = u.attrs;
    const problems: [string, 'missing' | 'invalid'][] = [];
    if (!a.code) problems.push(['code', 'missing']);
    else if (!CODE.test(a.code)) problems.push(['code', 'invalid']);
    if (!a.name) problems.push(['name', 'missing']);
    if (!a.type) problems.push(['type', 'missing']);
    if (problems.length === 0) continue;
    const at = unitAnchor(c, u);
    const code = unitCode(c, u.id);
    for (const [field, problem] of problems) {
      issues.push({
        id: unitIssueId('missing-attribute', code, field),
        kind: 'missing-attribute',
        severity: 'error',
        units: [code],
        unitIds: [u.id],
        at,
        geometry: { type: 'Point', coordinates: at },
        details: { field, problem },
      });
    }
  }
  return issues;
}

export function duplicateCodeIssues(c: Coverage): ValidationIssue[] {
  const byCode = new Map<string, Unit[]>();
  for (const u of c.units.values()) {
    if (!u.attrs.code) continue;
    let l = byCode.get(u.attrs.code);
    if (!l) byCode.set(u.attrs.code, (l = []));
    l.push(u);
  }
  const issues: ValidationIssue[] = [];
  for (const [code, list] of byCode) {
    if (list.length < 2) continue;
    // Every unit with the code is located (the geometry), the first by id stands for them all.
    const sorted = [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
    const anchors = sorted.map((u) => unitAnchor(c, u));
    const at = anchors[0]!;
    issues.push({
      id: unitIssueId('duplicate-code', code),
      kind: 'duplicate-code',
      severity: 'error',
      units: [code],
      unitIds: list.map((u) => u.id).sort(),
      at,
      geometry: { type: 'MultiPoint', coordinates: anchors },
      details: { code, count: list.length },
    });
  }
  return issues;
}
