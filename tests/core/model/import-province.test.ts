import { describe, expect, it } from 'vitest';
import { importProvinceVerdict, newDraftProvince, unitProvinceCode } from '../../../src/core/model/import-province';
import { provinceByCode } from '../../../src/core/model/province';
import { readUnitAttrs } from '../../../src/core/model';

const unit = (props: Record<string, unknown>) => ({ attrs: readUnitAttrs({ code: '00004', fullName: 'Phường Ba Đình', ...props }) });
const haiPhong = provinceByCode('31')!;
const haNoi = provinceByCode('01')!;

describe('the province of an imported file against the draft\'s', () => {
  it('reads a unit\'s province from its code, else from the province\'s name in any spelling', () => {
    expect(unitProvinceCode(unit({ matinh: '01' }).attrs)).toBe('01');
    expect(unitProvinceCode(unit({ tentinh: 'Thành phố Hà Nội' }).attrs)).toBe('01');
    expect(unitProvinceCode(unit({ provinceName: 'Hà Nội' }).attrs)).toBe('01');
    expect(unitProvinceCode(unit({ provinceName: 'Tỉnh Thanh Hóa' }).attrs)).toBe('38'); // Hoá / Hóa
    expect(unitProvinceCode(unit({ provinceName: 'Atlantis' }).attrs)).toBeNull();
    expect(unitProvinceCode(unit({}).attrs)).toBeNull();
  });

  it('says the file\'s units belong to another province, naming it and counting them', () => {
    const v = importProvinceVerdict([unit({ matinh: '01' }), unit({ matinh: '01' })], haiPhong);
    expect(v).toEqual({ kind: 'other', file: [{ code: '01', name: 'Thành phố Hà Nội', units: 2 }], draft: haiPhong });
    // A new draft made from that file is of Hà Nội, not of the draft open when importing.
    expect(newDraftProvince(v)).toBe(haNoi);
  });

  it('lists every province of a mixed file, the draft\'s own included', () => {
    const v = importProvinceVerdict([unit({ matinh: '31' }), unit({ matinh: '22' }), unit({ matinh: '22' }), unit({ matinh: '99' })], haiPhong);
    expect(v.kind === 'other' && v.file).toEqual([
      { code: '22', name: 'Tỉnh Quảng Ninh', units: 2 },
      { code: '31', name: 'Thành phố Hải Phòng', units: 1 },
      { code: '99', name: null, units: 1 },
    ]);
    expect(newDraftProvince(v)).toBeNull();
  });

  it('lets the draft\'s own units through, and files that name no province', () => {
    expect(importProvinceVerdict([unit({ matinh: '31' }), unit({})], haiPhong)).toEqual({ kind: 'same', province: haiPhong });
    expect(importProvinceVerdict([unit({})], haiPhong)).toEqual({ kind: 'unknown' });
    expect(newDraftProvince({ kind: 'unknown' })).toBeNull();
  });
});
