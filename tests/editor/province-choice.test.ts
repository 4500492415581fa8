// The province switcher's list and choice, computed outside React: which provinces come first, what
// each shows, the filter, and which draft a choice opens.
import { describe, expect, it } from 'vitest';
import { provinceChoices, provinceShortName, provinceSwitch } from '../../src/editor/province-choice';

const offer = (code: string, name: string) => ({ code, name, units: 1, downloadBytes: Number(code) * 1000 });
const OFFERS = [offer('31', 'Thành phố Hải Phòng'), offer('01', 'Thành phố Hà Nội'), offer('48', 'Thành phố Đà Nẵng'), offer('96', 'Tỉnh Cà Mau'), offer('52', 'Tỉnh Gia Lai')];

describe('provinceChoices', () => {
  it('the open province first, then those with drafts, those on the device, the rest, each by Vietnamese name', () => {
    const list = provinceChoices(OFFERS, [{ code: '31' }, { code: '22' }, { code: '96' }], [{ province: '52' }, { province: '31' }, { province: '52' }], '31');
    expect(list.map((c) => c.code)).toEqual(['31', '52', '96', '48', '01']);
    expect(list[2]).toMatchObject({ code: '96', drafts: 0, kept: true });
    expect(list[0]).toEqual({ code: '31', name: 'Thành phố Hải Phòng', current: true, drafts: 1, kept: true, downloadBytes: 31_000 });
    expect(list[1]).toMatchObject({ code: '52', current: false, drafts: 2, kept: false });
    // Đà Nẵng before Hà Nội: "Đ" sorts after "D" and before "H" in Vietnamese.
    expect(list.slice(3).map((c) => provinceShortName(c.name))).toEqual(['Đà Nẵng', 'Hà Nội']);
    // Without drafts or files, the rest in alphabetical order: Cà Mau, Đà Nẵng, Gia Lai, Hà Nội, Hải Phòng.
    expect(provinceChoices(OFFERS, [], [], null).map((c) => c.code)).toEqual(['96', '48', '52', '01', '31']);
  });

  it('filters on the starts of the name\'s words without diacritics or case, or on the code', () => {
    expect(provinceChoices(OFFERS, [], [], null, 'da nang').map((c) => c.code)).toEqual(['48']);
    expect(provinceChoices(OFFERS, [], [], null, 'Nẵng').map((c) => c.code)).toEqual(['48']);
    expect(provinceChoices(OFFERS, [], [], null, 'HÀ N').map((c) => c.code)).toEqual(['01']);
    // Not inside a word, nor the "Thành phố" every city has.
    expect(provinceChoices(OFFERS, [], [], null, 'ha').map((c) => c.code)).toEqual(['01', '31']);
    expect(provinceChoices(OFFERS, [], [], null, 'thanh')).toEqual([]);
    expect(provinceChoices(OFFERS, [], [], null, ' 96 ').map((c) => c.code)).toEqual(['96']);
    expect(provinceChoices(OFFERS, [], [], null, 'xyz')).toEqual([]);
  });

  it('with no open draft nothing is current', () => {
    expect(provinceChoices(OFFERS, [], [], null).some((c) => c.current)).toBe(false);
  });
});

describe('provinceSwitch', () => {
  const drafts = [
    { id: 'a', province: '01', updated: 100 },
    { id: 'b', province: '01', updated: 300 },
    { id: 'c', province: '31', updated: 200 },
  ];

  it("opens the province's draft changed last", () => {
    expect(provinceSwitch(drafts, '01', '31')).toEqual({ kind: 'open', draftId: 'b' });
  });

  it('creates a draft for a province without one, and stays on the open province', () => {
    expect(provinceSwitch(drafts, '48', '31')).toEqual({ kind: 'create' });
    expect(provinceSwitch(drafts, '31', '31')).toEqual({ kind: 'stay' });
  });
});
