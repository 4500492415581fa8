// Long text over dBase columns (dbf-columns.ts): GDAL trims spaces at both ends of a cell, so a cut
// beside a space lost it ("Phường CửaĐông" came back from the pieces of "Phường Cửa Đông").
import { describe, expect, it } from 'vitest';
import { utf8Chunks } from '../../src/io/dbf-columns';

describe('dBase text pieces', () => {
  it('are cut beside no whitespace, within the byte limit, and join back', () => {
    const text = 'Phường Cửa Đông, Phường Cửa Nam  x y';
    for (let max = 12; max <= 40; max++) {
      const pieces = utf8Chunks(text, max);
      expect(pieces.join(''), `max ${max}`).toBe(text);
      for (const p of pieces) expect(new TextEncoder().encode(p).length).toBeLessThanOrEqual(max);
      for (const p of pieces.slice(0, -1)) expect(p, `max ${max}`).not.toMatch(/\s$/u);
      for (const p of pieces.slice(1)) expect(p, `max ${max}`).not.toMatch(/^\s/u);
    }
  });
});
