// The boundary described from point to point, in the words of a boundary record:
// "Từ điểm 1 theo ranh giới với Phường X khoảng 1.234 m đến điểm 2; …". Vietnamese is the record's
// language; the English variant is for reviewers who do not read it. Lengths are geodesic (WGS84),
// rounded to the metre, with the language's digit grouping written out by hand so the text is identical
// on every machine (toLocaleString depends on the ICU data the runtime ships with).
import type { Coverage } from '../model/types';
import { neighbourLabel, NO_CONTEXT, type ContextUnits } from '../model/context-units';
import { GAP, OUTSIDE } from './faces-across';
import { walkUnit, type WalkOptions } from './ring-walk';
import { legsOf, type BorderRun, type Leg, type RingLegs } from './boundary-legs';

export type ReportLang = 'vi' | 'en';

export interface BoundaryDescription {
  readonly lang: ReportLang;
  /** One paragraph per ring, in walk order. */
  readonly paragraphs: readonly string[];
  readonly rings: readonly RingLegs[];
}

/**
 * 1234.4 → "1.234" (vi) or "1,234" (en). Under a metre, centimetres: a leg is never printed as "0 m"
 * (the record of a sliver part of a few decimetres, which real data has, once read "khoảng 0 m").
 */
export function formatMetres(m: number, lang: ReportLang): string {
  if (m > 0 && m < 0.995) {
    const cm = Math.max(0.01, Math.round(m * 100) / 100).toFixed(2);
    return `${m < 0.005 ? '< ' : ''}${lang === 'vi' ? cm.replace('.', ',') : cm}`;
  }
  const digits = String(Math.round(m));
  const sep = lang === 'vi' ? '.' : ',';
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

const WORDS = {
  vi: {
    along: (name: string) => `theo ranh giới với ${name}`,
    outer: 'theo ranh giới ngoài của tỉnh',
    gap: 'theo khe hở chưa thuộc đơn vị nào',
    about: (m: string) => `khoảng ${m} m`,
    then: ', tiếp đến ',
    leg: (from: number, run: string, to: number) => `từ điểm ${from} ${run} đến điểm ${to}`,
    whole: (run: string) => `toàn bộ vòng ranh giới ${run}`,
    ring: (k: number, role: 'main' | 'part' | 'hole') =>
      `Vòng ${k} (${role === 'main' ? 'phần chính' : role === 'part' ? 'phần tách rời hoặc đảo' : 'ranh giới trong'}): `,
  },
  en: {
    along: (name: string) => `along the border with ${name}`,
    outer: 'along the outer boundary of the province',
    gap: 'along a gap that belongs to no unit',
    about: (m: string) => `for about ${m} m`,
    then: ', then ',
    leg: (from: number, run: string, to: number) => `from point ${from} ${run} to point ${to}`,
    whole: (run: string) => `the whole ring runs ${run}`,
    ring: (k: number, role: 'main' | 'part' | 'hole') =>
      `Ring ${k} (${role === 'main' ? 'main part' : role === 'part' ? 'detached part or island' : 'inner boundary'}): `,
  },
} as const;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

type NameOf = (id: string) => string;

function runsText(nameOf: NameOf, runs: readonly BorderRun[], lang: ReportLang): string {
  const w = WORDS[lang];
  return runs
    .map((r) => `${r.neighbour === null ? w.outer : r.neighbour === GAP ? w.gap : w.along(nameOf(r.neighbour))} ${w.about(formatMetres(r.lengthM, lang))}`)
    .join(w.then);
}

function legText(nameOf: NameOf, leg: Leg, lang: ReportLang): string {
  const w = WORDS[lang];
  const runs = runsText(nameOf, leg.runs, lang);
  return leg.from === null || leg.to === null ? w.whole(runs) : w.leg(leg.from, runs, leg.to);
}

/** Paragraphs for legs already computed (the unit report walks the boundary once and reuses it). */
export function describeLegs(c: Coverage, rings: readonly RingLegs[], lang: ReportLang, context: ContextUnits = NO_CONTEXT): string[] {
  const w = WORDS[lang];
  const nameOf: NameOf = (id) => neighbourLabel(c, context, id).fullName;
  return rings.map((ring) => {
    const body = capitalise(ring.legs.map((l) => legText(nameOf, l, lang)).join('; ')) + '.';
    if (rings.length === 1) return body;
    const role = ring.role === 'hole' ? 'hole' : ring.main ? 'main' : 'part';
    return w.ring(ring.ring + 1, role) + body;
  });
}

export function describeBoundary(c: Coverage, unitId: string, options: WalkOptions & { readonly lang?: ReportLang } = {}): BoundaryDescription {
  const lang = options.lang ?? 'vi';
  const rings = legsOf(walkUnit(c, unitId, options), OUTSIDE);
  return { lang, paragraphs: describeLegs(c, rings, lang, options.context), rings };
}
