import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVINCES, provinceByCode, provinceMeridianChoices } from '../../../src/core/model/province';
import { TM3_MERIDIANS } from '../../../src/core/model/vn2000-zones';

const ROOT = join(import.meta.dirname, '../../..');
// The legal source sits outside the repo (../shared); the national index is in it.
const LEGAL_CSV = join(ROOT, '../shared/geodata-src/legal/provinces_resolutions.csv');
const INDEX = join(ROOT, 'public/data/provinces/index.json');

describe('province', () => {
  it('has the 34 new provinces once each', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(34);
    for (const p of PROVINCES) expect(provinceByCode(p.code)).toBe(p);
    expect(provinceByCode('30')).toBeUndefined(); // old Hải Dương is no province any more
    expect(provinceByCode('')).toBeUndefined();
  });

  it('matches the national index: code, name and resolution of each province', () => {
    const index = JSON.parse(readFileSync(INDEX, 'utf8')) as { provinces: { code: string; name: string; resolution: string }[] };
    expect(index.provinces.map((p) => [p.code, p.name, p.resolution])).toEqual(PROVINCES.map((p) => [p.code, p.name, p.resolution]));
  });

  describe.runIf(existsSync(LEGAL_CSV))('against the legal CSV', () => {
    it('gives every province the resolution that formed it', () => {
      const rows = readFileSync(LEGAL_CSV, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
      expect(rows).toHaveLength(34);
      for (const [code, , resolution] of rows) expect(provinceByCode(code!)?.resolution, code).toBe(resolution);
    });
  });

  it('puts every province on a legal TM-3 meridian, its own old province first', () => {
    for (const p of PROVINCES) {
      expect(TM3_MERIDIANS).toContain(p.meridian.lon0);
      expect(p.meridian.oldCode).toBe(p.code);
      expect(p.oldProvinces[0]).toEqual({ code: p.code, name: p.meridian.name, lon0: p.meridian.lon0 });
      for (const o of p.oldProvinces) expect(TM3_MERIDIANS).toContain(o.lon0);
    }
    // Every old province went into exactly one new one.
    expect(new Set(PROVINCES.flatMap((p) => p.oldProvinces.map((o) => o.code))).size).toBe(63);
  });

  it('gives new Hải Phòng 105°45′, then old Hải Dương’s 105°30′', () => {
    const hp = provinceByCode('31')!;
    expect(hp).toMatchObject({ name: 'Thành phố Hải Phòng', resolution: '1669/NQ-UBTVQH15', meridian: { lon0: 105.75, oldCode: '31', name: 'Hải Phòng' } });
    expect(hp.oldProvinces).toEqual([
      { code: '31', name: 'Hải Phòng', lon0: 105.75 },
      { code: '30', name: 'Hải Dương', lon0: 105.5 },
    ]);
    expect(provinceMeridianChoices(hp)).toEqual([
      { lon0: 105.75, names: ['Hải Phòng'] },
      { lon0: 105.5, names: ['Hải Dương'] },
    ]);
  });

  it('offers one choice per meridian when old provinces share it', () => {
    // Ninh Bình 105°00′ and Hà Nam 105°00′, Nam Định 105°30′.
    expect(provinceMeridianChoices(provinceByCode('37')!)).toEqual([
      { lon0: 105, names: ['Ninh Bình', 'Hà Nam'] },
      { lon0: 105.5, names: ['Nam Định'] },
    ]);
  });
});
