import { describe, expect, it } from 'vitest';
import { matchesSearch, nameKey, sameName, searchKey } from '../../../src/core/text/fold';

describe('searchKey', () => {
  it('drops diacritics and case, and folds đ', () => {
    expect(searchKey('Phường Thành Đông')).toBe('phuong thanh dong');
    expect(searchKey('  ĐẶC   KHU  Cát Hải ')).toBe('dac khu cat hai');
  });

  it('treats NFC and NFD input alike', () => {
    expect(searchKey('Hòa'.normalize('NFD'))).toBe(searchKey('Hòa'.normalize('NFC')));
  });

  it('lets "hoa" find both tone placements and "thanh dong" find Thành Đông', () => {
    expect(matchesSearch('Phường Việt Hoà', 'hoa')).toBe(true);
    expect(matchesSearch('Xã Hòa Bình', 'hoa')).toBe(true);
    expect(matchesSearch('Phường Thành Đông', 'thanh dong')).toBe(true);
    expect(matchesSearch('Phường Thành Đông', 'thanh tay')).toBe(false);
  });
});

describe('nameKey', () => {
  it('folds the tone-mark placement: Hoà = Hòa, Thuỷ = Thủy, Thuỵ = Thụy', () => {
    expect(sameName('Phường Việt Hoà', 'Phường Việt Hòa')).toBe(true);
    expect(sameName('Thuỷ Nguyên', 'Thủy Nguyên')).toBe(true);
    expect(sameName('Kiến Thuỵ', 'Kiến Thụy')).toBe(true);
  });

  it('keeps tones and letters apart: Hòa ≠ Hóa ≠ Hoa, Đông ≠ Dong', () => {
    expect(sameName('Hòa', 'Hóa')).toBe(false);
    expect(sameName('Hòa', 'Hoa')).toBe(false);
    expect(sameName('Đông', 'Dong')).toBe(false);
  });

  it('is NFC-insensitive and case-insensitive', () => {
    expect(nameKey('VIỆT HOÀ'.normalize('NFD'))).toBe(nameKey('việt hòa'));
  });
});
