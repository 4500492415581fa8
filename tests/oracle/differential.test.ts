// The checker against GEOS (issue 15): every fixture a past run found, then a fixed few hundred seeded
// cases of realistic defects planted in real provinces (cases.ts). Any number more, and any seed:
// `npm run test:fuzz -- --cases N --seed S`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { makeCase, PROVINCES, provinceFeatures } from './cases';
import { compareWithGeos } from './compare';
import type { CodedFeature } from './geos';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'oracle');
/** Seeds 1..CASES run in `npm test`; the pinned range is part of the test. */
const CASES = 200;

describe('checks agree with GEOS', () => {
  for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.geojson')).sort()) {
    it(`on the fixture ${name}`, async () => {
      const fc = JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as { found: string; features: CodedFeature[]; outline?: MultiPolygon };
      const r = await compareWithGeos(fc.features, { toleranceM: 0.1, ...(fc.outline ? { outline: fc.outline } : {}) });
      expect(r.disagreements, fc.found).toEqual([]);
      // Each fixture holds a defect: the check must not pass it.
      expect(r.ours.some((i) => i.kind === 'overlap' || i.kind === 'gap' || i.kind === 'sliver' || i.kind === 'self-intersection')).toBe(true);
    });
  }

  // The national table (npm run verify:national, docs/national-agreement.md) on the provinces the
  // repository bundles, each as a whole.
  for (const p of PROVINCES) {
    it(`on the whole of ${p}`, async () => {
      const r = await compareWithGeos(provinceFeatures(p), { toleranceM: 0.1 });
      expect(r.disagreements).toEqual([]);
    }, 300_000);
  }

  it(`on ${CASES} seeded cases in real provinces`, async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= CASES; seed++) {
      const c = await makeCase(seed);
      const r = await compareWithGeos(c.features, { toleranceM: 0.1, ...(c.outline ? { outline: c.outline } : {}) });
      if (r.disagreements.length > 0) failures.push(`seed ${seed} (${c.edits.join('; ')}): ${r.disagreements.map((d) => `${d.what}: ${d.detail}`).join('; ')}`);
    }
    expect(failures).toEqual([]);
  }, 1_500_000);
});
