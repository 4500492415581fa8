// The boundary described from point to point, in the words of a boundary record:
// "Từ điểm 1 theo ranh giới với Phường X khoảng 1.234 m đến điểm 2; …". Vietnamese is the record's
// language; the English variant is for reviewers who do not read it. Lengths are geodesic (WGS84),
// rounded to the metre, with the language's digit grouping written out by hand so the text is identical
// on every machine (toLocaleString depends on the ICU data the runtime ships with).
import type { Coverage } from '../model/types';
import { neighbourLabel, NO_CONTEXT, type ContextUnits } from '../model/context-units';
import { GAP, OUTSIDE } from './faces-across';
import { walkUnit, type WalkOptions } from './ring-walk';
import { legsOf, sliverParts, type BorderRun, type Leg, type RingLegs, type SliverPart } from './boundary-legs';
import type { Position } from '../model/types';

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
    slivers: (n: number, items: string) =>
      `Ngoài ra, dữ liệu còn ${n} mảnh rất hẹp, là sai lệch của số liệu, không được mô tả và không đánh số điểm (nên loại bỏ khi chỉnh lý): ${items}.`,
    sliver: (role: 'part' | 'hole', at: string, area: string, perimeter: string, width: string, across: string) =>
      `${role === 'part' ? 'một phần tách rời' : 'một lỗ hổng'} tại ${at}, diện tích ${area} m², chu vi ${perimeter} m, rộng trung bình ${width} m, giáp ${across}`,
    outerShort: 'ranh giới ngoài của tỉnh',
    gapShort: 'khe hở chưa thuộc đơn vị nào',
    and: ' và ',
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
    slivers: (n: number, items: string) =>
      `Besides, the data hold ${n} very narrow piece${n === 1 ? '' : 's'}, an artefact of the data, not described and with no points numbered (to be removed when the data are corrected): ${items}.`,
    sliver: (role: 'part' | 'hole', at: string, area: string, perimeter: string, width: string, across: string) =>
      `${role === 'part' ? 'a detached part' : 'a hole'} at ${at}, area ${area} m², perimeter ${perimeter} m, mean width ${width} m, beside ${across}`,
    outerShort: 'the outer boundary of the province',
    gapShort: 'a gap that belongs to no unit',
    and: ' and ',
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

/** Where a sliver is: the record's grid X (northing), Y (easting) when there is one, else longitude, latitude. */
export type PlaceText = (p: Position) => string;

const lonLatText: PlaceText = (p) => `${p[0].toFixed(7)}, ${p[1].toFixed(7)}`;

function sliversText(nameOf: NameOf, slivers: readonly SliverPart[], lang: ReportLang, place: PlaceText): string {
  const w = WORDS[lang];
  const faceName = (f: string | null) => (f === null ? w.outerShort : f === GAP ? w.gapShort : nameOf(f));
  const items = slivers.map((s) =>
    w.sliver(s.role, place(s.at), formatMetres(s.areaM2, lang), formatMetres(s.perimeterM, lang), formatMetres(s.widthM, lang), s.across.map(faceName).join(w.and)),
  );
  return w.slivers(slivers.length, items.join('; '));
}

/**
 * Paragraphs for legs already computed (the unit report walks the boundary once and reuses it), and a
 * last one for the slivers of the data when there are any.
 */
export function describeLegs(
  c: Coverage,
  rings: readonly RingLegs[],
  lang: ReportLang,
  context: ContextUnits = NO_CONTEXT,
  slivers: readonly SliverPart[] = [],
  place: PlaceText = lonLatText,
): string[] {
  const w = WORDS[lang];
  const nameOf: NameOf = (id) => neighbourLabel(c, context, id).fullName;
  const paragraphs = rings.map((ring) => {
    const body = capitalise(ring.legs.map((l) => legText(nameOf, l, lang)).join('; ')) + '.';
    if (rings.length === 1) return body;
    const role = ring.role === 'hole' ? 'hole' : ring.main ? 'main' : 'part';
    return w.ring(ring.ring + 1, role) + body;
  });
  return slivers.length > 0 ? [...paragraphs, sliversText(nameOf, slivers, lang, place)] : paragraphs;
}

export function describeBoundary(c: Coverage, unitId: string, options: WalkOptions & { readonly lang?: ReportLang } = {}): BoundaryDescription {
  const lang = options.lang ?? 'vi';
  const walk = walkUnit(c, unitId, options);
  const rings = legsOf(walk, OUTSIDE);
  return { lang, paragraphs: describeLegs(c, rings, lang, options.context, sliverParts(walk, OUTSIDE)), rings };
}
