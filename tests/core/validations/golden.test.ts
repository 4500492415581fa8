// Golden fixtures per rule: every coverage in valid/ has no issue; every coverage in invalid/ gives
// exactly the issues in its .expected.json (REGEN=1 rewrites them; review the diff before committing;
// a missing one fails).
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCoverage, type ValidationIssue } from '../../../src/core/validation';
import { ROOT } from '../../helpers/data';
import { coverageFromFile } from '../../helpers/coverage';

const DIR = join(ROOT, 'tests', 'fixtures', 'validations');
const r = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

function summary(issues: readonly ValidationIssue[]) {
  return issues.map((i) => ({
    id: i.id,
    kind: i.kind,
    severity: i.severity,
    units: i.units,
    ...(i.areaM2 !== undefined ? { areaM2: r(i.areaM2, 1) } : {}),
    ...(i.widthM !== undefined ? { widthM: r(i.widthM, 4) } : {}),
    at: [r(i.at[0], 6), r(i.at[1], 6)],
    geometryType: i.geometry.type,
    ...(i.details ? { details: i.details } : {}),
  }));
}

describe('valid coverages have no issue', () => {
  for (const file of readdirSync(join(DIR, 'valid')).filter((f) => f.endsWith('.geojson'))) {
    it(file, () => {
      expect(summary(validateCoverage(coverageFromFile(join(DIR, 'valid', file))))).toEqual([]);
    });
  }
});

describe('invalid coverages give their expected issues', () => {
  for (const file of readdirSync(join(DIR, 'invalid')).filter((f) => f.endsWith('.geojson'))) {
    it(file, () => {
      const got = summary(validateCoverage(coverageFromFile(join(DIR, 'invalid', file))));
      const expectedPath = join(DIR, 'invalid', file.replace(/\.geojson$/, '.expected.json'));
      // Only an explicit REGEN=1 writes golden files; a missing one is a failure, never written silently.
      if (process.env.REGEN === '1') writeFileSync(expectedPath, `${JSON.stringify(got, null, 2)}\n`);
      if (!existsSync(expectedPath)) throw new Error(`golden file ${expectedPath} is missing (write it with REGEN=1 and review it)`);
      expect(got.length).toBeGreaterThan(0);
      expect(got).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
    });
  }
});
