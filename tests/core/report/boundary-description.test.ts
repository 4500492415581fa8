// The boundary description for small inline coverages matches golden files
// (tests/fixtures/report/*.txt; REGEN=1 rewrites them: review the diff before committing).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Coverage } from '../../../src/core/model';
import { describeBoundary, formatMetres, type ReportLang } from '../../../src/core/report/boundary-description';
import type { BoundaryMarker } from '../../../src/core/report/characteristic-points';
import { ROOT } from '../../helpers/data';
import { snapshot, tee, withIsland } from './helpers';

const DIR = join(ROOT, 'tests', 'fixtures', 'report');

function golden(name: string, text: string): void {
  const path = join(DIR, name);
  if (process.env.REGEN === '1') writeFileSync(path, text);
  if (!existsSync(path)) throw new Error(`golden file ${path} is missing (write it with REGEN=1 and review it)`);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

const marker: BoundaryMarker = { id: 'm1', name: 'Mốc 1', at: [106.0, 20.01] };

const cases: { name: string; build: () => Coverage; unit: string; markers: BoundaryMarker[] }[] = [
  { name: 'tee-10001', build: tee, unit: '10001', markers: [marker] },
  { name: 'tee-10003', build: tee, unit: '10003', markers: [] },
  { name: 'island-10001', build: withIsland, unit: '10001', markers: [] },
];

describe('boundary description golden files', () => {
  for (const k of cases) {
    for (const lang of ['vi', 'en'] as ReportLang[]) {
      it(`${k.name} (${lang})`, () => {
        const d = describeBoundary(k.build(), k.unit, { lang, markers: k.markers });
        golden(`${k.name}.${lang}.txt`, `${d.paragraphs.join('\n')}\n`);
      });
    }
  }

  it('is deterministic and reads the legs it reports', () => {
    const a = describeBoundary(tee(), '10001', { markers: [marker] });
    const b = describeBoundary(tee(), '10001', { markers: [marker] });
    expect(a).toEqual(b);
    const legs = a.rings[0]!.legs;
    expect(legs.map((l) => [l.from, l.to])).toEqual([[1, 2], [2, 3], [3, 4], [4, 1]]);
    expect(legs.map((l) => l.runs.map((r) => r.neighbour))).toEqual([['10003'], ['10002'], [null], [null]]);
    // The legs add up to the ring.
    const perimeter = legs.reduce((s, l) => s + l.lengthM, 0);
    expect(a.rings[0]!.lengthM).toBeCloseTo(perimeter, 6);
  });

  it('formats lengths with the language digit grouping', () => {
    expect(formatMetres(1234.4, 'vi')).toBe('1.234');
    expect(formatMetres(1234.5, 'en')).toBe('1,235');
    expect(formatMetres(1234567, 'vi')).toBe('1.234.567');
    expect(formatMetres(12, 'en')).toBe('12');
  });

  it('never prints a leg of a few decimetres as 0 m: centimetres under a metre', () => {
    // The legs of a 0.004 m² sliver part of Lâm Đồng 24846 (Lang Biang), once "khoảng 0 m".
    expect(formatMetres(0.126, 'vi')).toBe('0,13');
    expect(formatMetres(0.218, 'en')).toBe('0.22');
    expect(formatMetres(0.003, 'vi')).toBe('< 0,01');
    expect(formatMetres(0.996, 'en')).toBe('1');
    expect(formatMetres(0, 'vi')).toBe('0');
  });

  it('does not mutate its input', () => {
    const c = withIsland();
    const before = snapshot(c);
    describeBoundary(c, '10001', { lang: 'en' });
    expect(snapshot(c)).toBe(before);
  });
});
