// The validator as the app runs it (worker and in-process share ValidationSession): full then diffs,
// with the old-units reference sent once for the merger-consistency rule.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverageFromFeatures } from '../../src/core/model';
import { ValidationSession } from '../../src/editor/validation-session';
import { diffCoverage } from '../../src/core/history/diff';
import { actionSetAttributes } from '../../src/core/actions/set-attributes';
import { validateCoverage } from '../../src/core/validation';
import type { OldUnitCollection } from '../../src/core/report/merger/old-units';
import { haiPhong, ROOT } from '../helpers/data';

const oldUnits = JSON.parse(readFileSync(join(ROOT, 'public/data/haiphong-haiduong-old-2008.geojson'), 'utf8')) as OldUnitCollection;

describe('ValidationSession', () => {
  const c = coverageFromFeatures(haiPhong().features);

  it('adds merger-consistency findings once the reference is set, and a diff gives what a full check gives', () => {
    const s = new ValidationSession();
    const plain = s.run({ kind: 'full', coverage: c }, {});
    expect(plain.some((i) => i.kind === 'merger-consistency')).toBe(false);
    s.setReference(oldUnits);
    const withRef = s.run({ kind: 'full', coverage: c }, {});
    const merger = withRef.filter((i) => i.kind === 'merger-consistency');
    expect(merger.length).toBeGreaterThan(0);
    expect(merger.every((i) => i.severity === 'warning')).toBe(true);
    const next = actionSetAttributes('10507', { name: 'Thành Đông Mới' })(c);
    const viaDiff = s.run({ kind: 'diff', diff: diffCoverage(c, next) }, {});
    expect(viaDiff).toEqual(validateCoverage(next, { oldUnits }));
  });

  it('checks a copy on its own, with the given options only, and the next diff still applies to the draft', () => {
    const s = new ValidationSession();
    s.setReference(oldUnits);
    s.run({ kind: 'full', coverage: c }, {});
    const renamed = actionSetAttributes('10507', { name: 'Bản sao' })(c);
    // No merger reference for the copy: what validateCoverage alone gives.
    expect(s.run({ kind: 'copy', coverage: renamed }, { toleranceM: 0.5 })).toEqual(validateCoverage(renamed, { toleranceM: 0.5 }));
    const next = actionSetAttributes('10507', { name: 'Thành Đông Mới' })(c);
    expect(s.run({ kind: 'diff', diff: diffCoverage(c, next) }, {})).toEqual(validateCoverage(next, { oldUnits }));
  });

  it('refuses a diff before any full check (the worker would be out of step)', () => {
    expect(() => new ValidationSession().run({ kind: 'diff', diff: diffCoverage(c, c) }, {})).toThrow(/full coverage/);
  });
});
