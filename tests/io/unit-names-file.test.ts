import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readUnitNames, UnitNamesFileError } from '../../src/io/unit-names-file';
import { createUnitSearch } from '../../src/core/text/unit-search';

const FILE = join(import.meta.dirname, '..', '..', 'public', 'data', 'provinces', 'names.json');
const real = () => readUnitNames(JSON.parse(readFileSync(FILE, 'utf8')), 'names.json');

describe('the names index of every unit', () => {
  it('holds the 3,321 units of the 34 provinces with their old names', () => {
    const n = real();
    expect(n.provinces.size).toBe(34);
    expect(n.units).toHaveLength(3321);
    expect(new Set(n.units.map((u) => u.code)).size).toBe(3321);
    expect(n.units.reduce((s, u) => s + u.old.length, 0)).toBeGreaterThan(10_000);
  });

  it('finds real units: a new name, an old name, a name in two provinces', () => {
    const search = createUnitSearch(real());
    const pleiku = search('pleiku').hits[0]!;
    expect([pleiku.unit.code, pleiku.unit.fullName, pleiku.provinceName, pleiku.via]).toEqual(['23575', 'Phường Pleiku', 'Tỉnh Gia Lai', null]);
    const old = search('cam thuong').hits.find((h) => h.unit.code === '10507')!;
    expect(old.via).toEqual({ name: 'Phường Cẩm Thượng', province: 'Tỉnh Hải Dương' });
    expect(search('thanh dong hai phong').hits[0]!.unit.code).toBe('10507');
  });

  it('refuses a broken file, naming it and the entry', () => {
    const ok = { format: 'dia-gioi-unit-names', version: 1, provinces: [['31', 'Thành phố Hải Phòng']], oldProvinces: ['Tỉnh Hải Dương'], units: [['31', '10507', 'Phường Thành Đông', ['Phường Cẩm Thượng', 0]]] };
    expect(readUnitNames(ok, 'n.json').units[0]!.old).toEqual([{ name: 'Phường Cẩm Thượng', province: 'Tỉnh Hải Dương' }]);
    const bad = (patch: object) => () => readUnitNames({ ...ok, ...patch }, 'n.json');
    expect(bad({ format: 'x' })).toThrow(UnitNamesFileError);
    expect(bad({ version: 2 })).toThrow('n.json: version 2 is not supported');
    expect(bad({ units: [['99', '1', 'X', []]] })).toThrow('unit 1: unknown province "99"');
    expect(bad({ units: [['31', '1', 'X', ['Y', 5]]] })).toThrow('unit 1 (1): old name 1');
    expect(bad({ units: [['31', '1', 'X', ['Y']]] })).toThrow('pairs');
    expect(() => readUnitNames(null, 'n.json')).toThrow('not a names index');
  });
});
