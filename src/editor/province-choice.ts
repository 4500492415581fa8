// The province switcher's list and what choosing from it does, computed here so the header's control
// only renders it (DESIGN.md §3.15): every province with whether it is open, on this device, how many
// drafts it has and what it costs to download; and which draft a choice opens.
import { searchKey } from '../core/text/fold';
import type { DraftSummary } from './draft-store-port';
import type { KeptProvince, ProvinceOffer } from './province-source';

/** "Thành phố Hải Phòng" → "Hải Phòng": the name a draft is called by. */
export function provinceShortName(name: string): string {
  return name.replace(/^(thành phố|tỉnh)\s+/iu, '');
}

export interface ProvinceChoice {
  readonly code: string;
  /** "Thành phố Hải Phòng" */
  readonly name: string;
  /** The open draft is of this province. */
  readonly current: boolean;
  /** Drafts of this province on this device. */
  readonly drafts: number;
  /** Its files are on this device: it opens without a network. */
  readonly kept: boolean;
  /** Bytes to download when not kept (gzip, as the server sends them). */
  readonly downloadBytes: number;
}

/**
 * Every province there is, the open one first, then those with drafts, then those on this device (they
 * open without a network), then the others, each group in Vietnamese alphabetical order of the short name; `filter` keeps those whose code it is, or one of
 * whose name's words it begins, diacritics and case ignored ("da nang", "Nẵng", "48"; "ha" finds Hà Nội
 * and Hải Phòng, not every "Thành phố").
 */
export function provinceChoices(
  offers: readonly ProvinceOffer[],
  kept: readonly Pick<KeptProvince, 'code'>[],
  drafts: readonly Pick<DraftSummary, 'province'>[],
  currentCode: string | null,
  filter = '',
): ProvinceChoice[] {
  const keptCodes = new Set(kept.map((k) => k.code));
  const q = searchKey(filter.trim());
  const rank = (c: ProvinceChoice) => (c.current ? 0 : c.drafts > 0 ? 1 : c.kept ? 2 : 3);
  return offers
    .filter((o) => {
      if (q === '' || o.code === filter.trim()) return true;
      const name = searchKey(provinceShortName(o.name));
      return name.startsWith(q) || name.includes(` ${q}`);
    })
    .map((o) => ({
      code: o.code,
      name: o.name,
      current: o.code === currentCode,
      drafts: drafts.filter((d) => d.province === o.code).length,
      kept: keptCodes.has(o.code),
      downloadBytes: o.downloadBytes,
    }))
    .sort((a, b) => rank(a) - rank(b) || provinceShortName(a.name).localeCompare(provinceShortName(b.name), 'vi'));
}

/**
 * What choosing a province opens: its draft changed last, when it has one ('open'); else a new draft
 * from its data ('create'); 'stay' when it is the open draft's province.
 */
export function provinceSwitch(
  drafts: readonly Pick<DraftSummary, 'id' | 'province' | 'updated'>[],
  code: string,
  currentCode: string | null,
): { readonly kind: 'stay' } | { readonly kind: 'open'; readonly draftId: string } | { readonly kind: 'create' } {
  if (code === currentCode) return { kind: 'stay' };
  const last = drafts.filter((d) => d.province === code).sort((a, b) => b.updated - a.updated)[0];
  return last ? { kind: 'open', draftId: last.id } : { kind: 'create' };
}
