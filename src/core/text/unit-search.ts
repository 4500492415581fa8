// Search across every unit of the country by name, as an officer types it: no diacritics, any case, the
// type word optional ("pleiku", "phuong pleiku"), the province after the name ("thanh dong hai phong"),
// the unit code, and the names of the old (pre-2025) units each new one was formed from, since many
// still know their commune by its old name. Pure: the picker shows what this returns.
import { searchKey } from './fold';

/** One old unit a new unit was formed from. */
export interface OldUnitName {
  readonly name: string;
  /** The old province, as written in the merger mapping ("Tỉnh Hải Dương"). */
  readonly province: string;
}

export interface UnitNameEntry {
  readonly provinceCode: string;
  readonly code: string;
  /** Name with its type ("Phường Pleiku"). */
  readonly fullName: string;
  readonly old: readonly OldUnitName[];
}

/** The names of every unit in the country (public/data/provinces/names.json, read by io/unit-names-file). */
export interface UnitNames {
  /** Province code → official name ("Tỉnh Gia Lai"). */
  readonly provinces: ReadonlyMap<string, string>;
  readonly units: readonly UnitNameEntry[];
}

export interface UnitHit {
  readonly unit: UnitNameEntry;
  readonly provinceName: string;
  /** The old unit whose name matched, when the unit's own name did not. */
  readonly via: OldUnitName | null;
  /** Lower is better: 0 the name or code itself … 7 part of an old unit's name. */
  readonly rank: number;
}

export interface UnitSearchResult {
  readonly hits: readonly UnitHit[];
  /** How many units match in all (hits holds at most `limit`). */
  readonly total: number;
}

/** Type words a unit name may start with, new and old (folded): the query need not repeat them. */
const TYPE_WORDS = /^(phuong|xa|dac khu|thi tran|thi xa|huyen|quan|thanh pho|tinh) /;

/** "Phường Pleiku" → "pleiku"; "Thành phố Hải Phòng" → "hai phong". */
export function shortKey(name: string): string {
  return searchKey(name).replace(TYPE_WORDS, '');
}

interface Keys {
  readonly short: string;
  readonly full: string;
  readonly words: readonly string[];
}

function keys(name: string): Keys {
  const short = shortKey(name);
  return { short, full: searchKey(name), words: short.split(' ') };
}

/** Every token starts a word (each token its own word, in any order). */
function tokensStartWords(tokens: readonly string[], words: readonly string[]): boolean {
  const free = [...words];
  for (const t of tokens) {
    const i = free.findIndex((w) => w.startsWith(t));
    if (i < 0) return false;
    free.splice(i, 1);
  }
  return true;
}

/** The first tokens start words of the name, the rest words of the province (at least one of each). */
function namedWithProvince(tokens: readonly string[], name: readonly string[], province: readonly string[]): boolean {
  for (let k = tokens.length - 1; k >= 1; k--) {
    if (tokensStartWords(tokens.slice(0, k), name) && tokensStartWords(tokens.slice(k), province)) return true;
  }
  return false;
}

/** How well a name matches: 0 exact, 1 starts with it, 2 its words start with the query's, 3 contains it. */
function nameRank(k: Keys, q: string, tokens: readonly string[]): number | null {
  if (k.short === q || k.full === q) return 0;
  if (k.short.startsWith(q) || k.full.startsWith(q)) return 1;
  if (tokensStartWords(tokens, k.words)) return 2;
  if (k.full.includes(q)) return 3;
  return null;
}

interface Prepared {
  readonly unit: UnitNameEntry;
  readonly provinceName: string;
  readonly name: Keys;
  readonly provinceWords: readonly string[];
  readonly old: readonly { readonly old: OldUnitName; readonly keys: Keys }[];
}

export interface UnitSearch {
  (query: string, limit?: number): UnitSearchResult;
}

/** Prepares the folded keys once (3,321 units, about 10,600 old names); each search is then a scan. */
export function createUnitSearch(names: UnitNames): UnitSearch {
  const prepared: Prepared[] = names.units.map((unit) => {
    const provinceName = names.provinces.get(unit.provinceCode) ?? unit.provinceCode;
    return {
      unit,
      provinceName,
      name: keys(unit.fullName),
      provinceWords: shortKey(provinceName).split(' '),
      old: unit.old.map((old) => ({ old, keys: keys(old.name) })),
    };
  });
  return (query, limit = 50) => {
    const q = searchKey(query);
    if (q === '') return { hits: [], total: 0 };
    const tokens = q.split(' ');
    const digits = /^\d+$/.test(q);
    const hits: (UnitHit & { readonly sort: string })[] = [];
    for (const p of prepared) {
      const hit = (rank: number, via: OldUnitName | null = null) => hits.push({ unit: p.unit, provinceName: p.provinceName, via, rank, sort: p.name.short });
      if (digits) {
        if (p.unit.code === q) hit(0);
        else if (q.length >= 2 && p.unit.code.startsWith(q)) hit(1);
        continue;
      }
      const own = nameRank(p.name, q, tokens);
      if (own !== null) {
        hit(own);
        continue;
      }
      // "thanh dong hai phong": the name's words, then the province's.
      if (namedWithProvince(tokens, p.name.words, p.provinceWords)) {
        hit(3);
        continue;
      }
      let best: { rank: number; old: OldUnitName } | null = null;
      for (const o of p.old) {
        const r = nameRank(o.keys, q, tokens);
        if (r !== null && (!best || r < best.rank)) best = { rank: r, old: o.old };
      }
      if (best) hit(4 + best.rank, best.old);
    }
    hits.sort(
      (a, b) =>
        a.rank - b.rank ||
        (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0) ||
        a.unit.fullName.localeCompare(b.unit.fullName, 'vi') ||
        a.unit.provinceCode.localeCompare(b.unit.provinceCode) ||
        a.unit.code.localeCompare(b.unit.code),
    );
    return { hits: hits.slice(0, limit).map(({ sort: _, ...h }) => h), total: hits.length };
  };
}
