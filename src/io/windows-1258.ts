// Windows-1258 (Vietnamese ANSI code page), the DBF text encoding of most shapefiles made on Vietnamese
// Windows. TextDecoder only guarantees UTF-8 everywhere (browsers and full-ICU Node also know
// windows-1258, small-ICU builds do not), so the table is here. It is the WHATWG index for windows-1258;
// bytes 0x81, 0x8A, 0x8D–0x90, 0x9A, 0x9D, 0x9E are unassigned and map to the C1 controls, as WHATWG does.
// Tones are separate combining marks (0xCC grave, 0xD2 hook, 0xDE tilde, 0xEC acute, 0xF2 dot below), so
// decoded text is NFC-normalised: "Tha\u0300nh" becomes "Thành".

const HIGH: readonly number[] = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x008a, 0x2039, 0x0152, 0x008d, 0x008e, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x009a, 0x203a, 0x0153, 0x009d, 0x009e, 0x0178,
  0x00a0, 0x00a1, 0x00a2, 0x00a3, 0x00a4, 0x00a5, 0x00a6, 0x00a7, 0x00a8, 0x00a9, 0x00aa, 0x00ab, 0x00ac, 0x00ad, 0x00ae, 0x00af,
  0x00b0, 0x00b1, 0x00b2, 0x00b3, 0x00b4, 0x00b5, 0x00b6, 0x00b7, 0x00b8, 0x00b9, 0x00ba, 0x00bb, 0x00bc, 0x00bd, 0x00be, 0x00bf,
  0x00c0, 0x00c1, 0x00c2, 0x0102, 0x00c4, 0x00c5, 0x00c6, 0x00c7, 0x00c8, 0x00c9, 0x00ca, 0x00cb, 0x0300, 0x00cd, 0x00ce, 0x00cf,
  0x0110, 0x00d1, 0x0309, 0x00d3, 0x00d4, 0x01a0, 0x00d6, 0x00d7, 0x00d8, 0x00d9, 0x00da, 0x00db, 0x00dc, 0x01af, 0x0303, 0x00df,
  0x00e0, 0x00e1, 0x00e2, 0x0103, 0x00e4, 0x00e5, 0x00e6, 0x00e7, 0x00e8, 0x00e9, 0x00ea, 0x00eb, 0x0301, 0x00ed, 0x00ee, 0x00ef,
  0x0111, 0x00f1, 0x0323, 0x00f3, 0x00f4, 0x01a1, 0x00f6, 0x00f7, 0x00f8, 0x00f9, 0x00fa, 0x00fb, 0x00fc, 0x01b0, 0x20ab, 0x00ff,
];

/** Bytes in Windows-1258 → NFC string. Every byte has a mapping, so this never fails. */
export function decodeWindows1258(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b < 0x80 ? b : HIGH[b - 0x80]!);
  return s.normalize('NFC');
}

const REVERSE: ReadonlyMap<number, number> = new Map(HIGH.map((cp, i) => [cp, 0x80 + i]));

/**
 * String → Windows-1258 bytes (for tests and for tools that insist on it); null when a character has no
 * representation. Precomposed letters are written as base letter + combining tone (NFD, then recomposing
 * the letters the code page has whole: Ă, Â, Ê, Ô, Ơ, Ư, Đ).
 */
export function encodeWindows1258(s: string): Uint8Array | null {
  const out: number[] = [];
  for (const ch of splitForCp1258(s)) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else {
      const b = REVERSE.get(cp);
      if (b === undefined) return null;
      out.push(b);
    }
  }
  return Uint8Array.from(out);
}

const TONE = /[\u0300\u0301\u0303\u0309\u0323]/u;

/** Each letter as (letter with its non-tone marks composed) followed by its tone marks. */
function splitForCp1258(s: string): string[] {
  const out: string[] = [];
  for (const cluster of s.normalize('NFD').match(/\P{M}\p{M}*|\p{M}+/gu) ?? []) {
    const marks = [...cluster];
    const tones = marks.filter((m) => TONE.test(m));
    const base = marks.filter((m) => !TONE.test(m)).join('').normalize('NFC');
    out.push(...base, ...tones);
  }
  return out;
}
