import { describe, expect, it } from 'vitest';
import { createUnitSearch, shortKey, type UnitNameEntry, type UnitNames } from '../../../src/core/text/unit-search';

const unit = (provinceCode: string, code: string, fullName: string, old: [string, string][] = []): UnitNameEntry => ({
  provinceCode,
  code,
  fullName,
  old: old.map(([name, province]) => ({ name, province })),
});

function names(units: UnitNameEntry[]): UnitNames {
  return {
    provinces: new Map([
      ['31', 'Thành phố Hải Phòng'],
      ['52', 'Tỉnh Gia Lai'],
      ['38', 'Tỉnh Thanh Hoá'],
    ]),
    units,
  };
}

const shown = (r: { hits: readonly { unit: UnitNameEntry }[] }) => r.hits.map((h) => h.unit.code);

describe('unit search', () => {
  it('ignores diacritics, case and đ', () => {
    const search = createUnitSearch(names([unit('31', '10507', 'Phường Thành Đông'), unit('31', '11311', 'Xã Đông Hải')]));
    expect(shown(search('thanh dong'))).toEqual(['10507']);
    expect(shown(search('THÀNH ĐÔNG'))).toEqual(['10507']);
    expect(shown(search('dong hai'))[0]).toBe('11311');
  });

  it('finds a unit by the name of an old unit it was formed from, and says which', () => {
    const search = createUnitSearch(names([unit('31', '10507', 'Phường Thành Đông', [['Phường Cẩm Thượng', 'Tỉnh Hải Dương']])]));
    const r = search('cam thuong');
    expect(shown(r)).toEqual(['10507']);
    expect(r.hits[0]!.via).toEqual({ name: 'Phường Cẩm Thượng', province: 'Tỉnh Hải Dương' });
    expect(search('thanh dong').hits[0]!.via).toBeNull();
  });

  it('ranks the name itself, then names that start with it, then words, then old names', () => {
    const search = createUnitSearch(
      names([
        unit('52', '1', 'Phường An Phú', [['Xã Pleiku Cũ', 'Tỉnh Gia Lai']]),
        unit('52', '2', 'Xã Pleiku Bắc'),
        unit('52', '3', 'Phường Pleiku'),
        unit('52', '4', 'Xã Ia Pleiku'),
        unit('52', '5', 'Xã Apleikun'),
      ]),
    );
    const r = search('pleiku');
    expect(shown(r)).toEqual(['3', '2', '4', '5', '1']);
    expect(r.hits.map((h) => h.rank)).toEqual([0, 1, 2, 3, 5]);
    expect(r.total).toBe(5);
  });

  it('takes the type word or not, and the province after the name', () => {
    const search = createUnitSearch(names([unit('31', '10507', 'Phường Thành Đông'), unit('38', '99999', 'Xã Thành Đông')]));
    expect(shown(search('phuong thanh dong'))).toEqual(['10507']);
    expect(shown(search('thanh dong hai phong'))).toEqual(['10507']);
    expect(shown(search('thanh dong thanh hoa'))).toEqual(['99999']);
    // Same name in two provinces: both, each with its province for the picker to show.
    expect(search('thanh dong').hits.map((h) => h.provinceName)).toEqual(['Thành phố Hải Phòng', 'Tỉnh Thanh Hoá']);
  });

  it('finds a unit by its code, whole or its start', () => {
    const search = createUnitSearch(names([unit('31', '10507', 'Phường Thành Đông'), unit('31', '10510', 'Phường X')]));
    expect(shown(search('10507'))).toEqual(['10507']);
    expect(shown(search('105'))).toEqual(['10507', '10510']);
    expect(shown(search('1'))).toEqual([]);
  });

  it('word order does not matter; every word must match', () => {
    const search = createUnitSearch(names([unit('52', '1', 'Xã Ia Hrung'), unit('52', '2', 'Xã Ia Grai')]));
    expect(shown(search('hrung ia'))).toEqual(['1']);
    expect(shown(search('ia h'))).toEqual(['1']);
    expect(shown(search('ia z'))).toEqual([]);
  });

  it('an empty query finds nothing; the limit cuts the list but not the count', () => {
    const many = Array.from({ length: 80 }, (_, i) => unit('52', String(10000 + i), `Xã Hoà ${i}`));
    const search = createUnitSearch(names(many));
    expect(search('  ').hits).toEqual([]);
    const r = search('hoa', 10);
    expect(r.hits).toHaveLength(10);
    expect(r.total).toBe(80);
  });

  it('shortKey drops the type word, new and old', () => {
    expect(shortKey('Phường Pleiku')).toBe('pleiku');
    expect(shortKey('Thị trấn Núi Đèo')).toBe('nui deo');
    expect(shortKey('Đặc khu Bạch Long Vĩ')).toBe('bach long vi');
    expect(shortKey('Thành phố Hải Phòng')).toBe('hai phong');
  });

  it('does not change its input', () => {
    const input = names([unit('31', '10507', 'Phường Thành Đông', [['Phường Cẩm Thượng', 'Tỉnh Hải Dương']])]);
    const before = JSON.stringify({ ...input, provinces: [...input.provinces] });
    createUnitSearch(input)('thanh');
    expect(JSON.stringify({ ...input, provinces: [...input.provinces] })).toBe(before);
  });
});
