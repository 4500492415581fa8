// Submission file names: "<province>_<code>_<Name_in_ASCII>_<YYYY-MM-DD>.<ext>", e.g.
// "31_10507_Thanh_Dong_2026-11-21.geojson"; for a whole province "31_Hai_Phong_2026-11-21.geojson".
// ASCII so that every mail system and archive keeps the name intact. (core/text/fold's searchKey folds the
// same way but lowercases; the file name keeps the capitals.)

/** "Thành Đông" → "Thanh_Dong"; anything but letters and digits becomes one underscore. */
export function asciiName(name: string): string {
  const folded = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
  return folded.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'unit';
}

/** YYYY-MM-DD of an ISO time or Date, in Vietnam's time zone (UTC+7, no daylight saving). */
export function vnDate(at: Date | string): string {
  const t = typeof at === 'string' ? new Date(at) : at;
  return new Date(t.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export interface FileNameParts {
  readonly provinceCode: string | null;
  /** Unit code, absent for a whole-province file. */
  readonly unitCode?: string;
  /** Short unit name ("Thành Đông") or, for a whole province, its name ("Hải Phòng"). */
  readonly name: string;
  readonly at: Date | string;
  readonly ext: string;
}

export function exportFileName(p: FileNameParts): string {
  const parts = [p.provinceCode ?? '00', p.unitCode, asciiName(p.name), vnDate(p.at)].filter((x): x is string => !!x);
  return `${parts.join('_')}.${p.ext.replace(/^\./, '')}`;
}
