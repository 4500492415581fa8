// Import faults in the user's words: a passed limit says which one, and every code the readers and
// writers return has a phrase in both languages (no raw code on screen).
import { describe, expect, it } from 'vitest';
import { describeIoError } from '../../../src/ui/i18n/io-error-text';
import { MESSAGES } from '../../../src/ui/i18n/messages';
import { overLimit } from '../../../src/io/limits';

describe('describeIoError', () => {
  it('names the limit a file passed, with its value', () => {
    const e = overLimit('sau.geojson', 'jsonDepth', 10_000);
    expect(describeIoError(MESSAGES.vi, e)).toMatch(/^sau\.geojson: cấu trúc lồng nhau quá sâu \(giới hạn 64\) — /);
    expect(describeIoError(MESSAGES.en, e)).toMatch(/^sau\.geojson: is nested too deeply \(limit 64\) — /);
    expect(describeIoError(MESSAGES.vi, overLimit('to.geojson', 'fileBytes', 1e9))).toMatch(/quá lớn \(giới hạn 64 MB\) — /);
  });

  it('has a phrase for every code, in both languages', () => {
    const codes = ['field-renamed', 'value-changed', 'write-failed', 'too-large', 'field-truncated'] as const;
    for (const lang of ['vi', 'en'] as const) {
      for (const code of codes) expect(MESSAGES[lang].ioErrors[code], `${lang} ${code}`).toBeTruthy();
    }
  });
});
