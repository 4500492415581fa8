// Which province an imported file's units belong to, against the open draft's: a draft of one province
// never silently receives units of another (issue 11, bad input). A unit says its province by its code
// (matinh / provinceCode) or, failing that, by the province's name (tentinh / provinceName) when that is
// one of the 34. The import dialog shows the verdict and asks; a new draft made from the file takes the
// file's province when the file names exactly one.
import { nameKey } from '../text/fold';
import { PROVINCES, provinceByCode, type Province } from './province';
import type { UnitAttrs } from './types';

/** A province the file's units name, with how many of them. */
export interface FileProvince {
  readonly code: string;
  /** The 2025 province's official name; null for a code that is none of the 34 (an old code, a typo). */
  readonly name: string | null;
  readonly units: number;
}

export type ImportProvinceVerdict =
  /** No unit says which province it is in: nothing to compare. */
  | { readonly kind: 'unknown' }
  /** Every unit that says so is in the draft's province. */
  | { readonly kind: 'same'; readonly province: Province }
  /**
   * Some units are in another province: `file` lists every province the units name (the draft's too when
   * some are in it), most units first; `draft` is the draft's province (null when no draft is open).
   */
  | { readonly kind: 'other'; readonly file: readonly FileProvince[]; readonly draft: Province | null };

/** "Thành phố Hà Nội", "TP. Hà Nội", "Hà Nội" → one key; tone placement (Hoá / Hóa) does not matter. */
function provinceKey(name: string): string {
  return nameKey(name.normalize('NFC').trim().replace(/^(thành phố|tp\.?|tỉnh)\s+/iu, ''));
}

const BY_NAME: ReadonlyMap<string, Province> = new Map(PROVINCES.map((p) => [provinceKey(p.name), p]));

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** The province code a unit's attributes give; null when they say nothing usable. */
export function unitProvinceCode(a: UnitAttrs): string | null {
  if (a.provinceCode) return a.provinceCode;
  const name = text(a.extra.provinceName) ?? text(a.extra.tentinh);
  return name ? (BY_NAME.get(provinceKey(name))?.code ?? null) : null;
}

export function importProvinceVerdict(units: readonly { readonly attrs: UnitAttrs }[], draft: Province | null): ImportProvinceVerdict {
  const counts = new Map<string, number>();
  for (const u of units) {
    const code = unitProvinceCode(u.attrs);
    if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  if (counts.size === 0) return { kind: 'unknown' };
  if (draft && counts.size === 1 && counts.has(draft.code)) return { kind: 'same', province: draft };
  const file = [...counts]
    .map(([code, n]) => ({ code, name: provinceByCode(code)?.name ?? null, units: n }))
    .sort((a, b) => b.units - a.units || a.code.localeCompare(b.code));
  return { kind: 'other', file, draft };
}

/** The province a new draft made from the file belongs to: the one 2025 province its units name, else null. */
export function newDraftProvince(v: ImportProvinceVerdict): Province | null {
  if (v.kind === 'same') return v.province;
  if (v.kind === 'other' && v.file.length === 1) return provinceByCode(v.file[0]!.code) ?? null;
  return null;
}
