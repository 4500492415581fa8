// Vietnamese text folding for search and name comparison.
//
// Two different needs:
// - search: "thanh dong" must find "Thành Đông", so all diacritics go (and đ → d);
// - names: "Hoà" (old tone placement) and "Hòa" (new) are the same name, but "Hòa" and "Hóa" are not,
//   so only the placement of the tone mark is folded, never the tone itself.

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g; // huyền, sắc, ngã, hỏi, nặng (NFD)
const ALL_MARKS = /\p{M}/gu;

/** Lowercase, no diacritics, đ → d, single spaces: the key for diacritic-insensitive search. */
export function searchKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(ALL_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Canonical form for comparing official names: NFC, lowercase, and in each syllable the tone mark is
 * taken off its vowel and written once at the end, so tone placement (Hoà / Hòa, Thuỷ / Thủy) does not
 * matter while letters and tones still do.
 */
export function nameKey(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((word) => {
      const decomposed = word.normalize('NFD');
      const tones = decomposed.match(TONE_MARKS) ?? [];
      const base = decomposed.replace(TONE_MARKS, '').normalize('NFC');
      return base + tones.join('');
    })
    .join(' ');
}

export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

/** True when every word of the query starts a word of the text, or the query occurs in it (both folded). */
export function matchesSearch(text: string, query: string): boolean {
  const q = searchKey(query);
  if (q === '') return true;
  return searchKey(text).includes(q);
}
