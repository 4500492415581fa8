// Golden files: the exports of a tiny two-unit coverage, byte for byte. REGEN=1 rewrites them (then read
// the diff before committing).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAnyFile, type WriteOptions } from '../../src/io/formats';
import { vn2000 } from '../../src/io/vn2000';
import { ROOT } from '../helpers/data';
import { twoUnitCoverage, unwrap } from './helpers';

const DIR = join(ROOT, 'tests', 'fixtures', 'io');
const SUBMISSION: WriteOptions = { submission: { exportedAt: '2026-11-21T03:00:00Z', legalBasis: '1669/NQ-UBTVQH15', checkSummary: { errors: 0 } } };

describe('golden exports of two units', () => {
  it.each([
    ['two-units.submission.geojson', 'x.geojson', SUBMISSION],
    ['two-units.geojson', 'x.geojson', {}],
    ['two-units.vn2000.geojson', 'x.geojson', { crs: vn2000(105.75) }],
    ['two-units.topojson', 'x.topojson', {}],
    ['two-units.kml', 'x.kml', {}],
    ['two-units.csv', 'x.csv', {}],
    ['two-units.vn2000.csv', 'x.csv', { crs: vn2000(105.75) }],
    ['two-units.zip', 'units.zip', {}],
  ] as const)('%s', (golden, name, options) => {
    const bytes = unwrap(writeAnyFile(name, twoUnitCoverage(), options)).bytes;
    const path = join(DIR, golden);
    if (process.env.REGEN === '1') writeFileSync(path, bytes);
    expect(existsSync(path), `${golden} missing: run with REGEN=1`).toBe(true);
    expect(Buffer.from(bytes).equals(readFileSync(path))).toBe(true);
  });
});
