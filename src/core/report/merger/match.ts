// Which old polygon(s) a mapping row (a FormedFrom entry) refers to. The mapping uses GSO codes, the old
// layer vietnam63 ids, so rows are matched by name: (province, name without its type word).
//
// When several old units of a province share a name, the row's district would tell them apart, but the
// only list of old districts (the GSO list of 01/03/2025) reaches us under GPL-3.0 and is not bundled.
// Two things we do have stand in for it:
// - the code order: the GSO list numbers communes district by district, and a code keeps its number
//   when its commune moves, so the nearest listed codes below and above a row's code (among those whose
//   name matches a single old unit) give the district it had when numbered: the district the reference
//   also has (codeOrderDistricts). At a district's first or last code the two may differ; both count.
// - the geometry: among namesakes the code order cannot tell apart, the one that overlaps the new unit
//   most (none overlapping: ambiguous).
// A single old unit of that name that the code order firmly puts in another district is matched and
// marked (districtMismatch): communes moved, but it may also be a namesake of a unit missing from the
// reference, and the share check then shows which.
import type { FormedFrom } from '../../model/types';
import type { OldUnit, OldUnitIndex } from './old-units';
import type { OverlapResult } from './shares';
import { bareName, bareRegion, namesDistrict } from './names';

export type RowMatch =
  | { readonly status: 'matched'; readonly units: readonly OldUnit[]; readonly districtMismatch: boolean }
  | { readonly status: 'not-found' }
  | { readonly status: 'ambiguous'; readonly candidates: readonly OldUnit[] };

/** Old code → the district keys (bareRegion) its code neighbours place it in: empty, one or two. */
export type CodeDistricts = ReadonlyMap<string, ReadonlySet<string>>;

const candidatesOf = (index: OldUnitIndex, row: FormedFrom) => index.byName.get(`${bareRegion(row.province ?? '')}|${bareName(row.name)}`) ?? [];

/** The district each listed old code sits in by the code order (see the file comment), from all rows. */
export function codeOrderDistricts(index: OldUnitIndex, rows: Iterable<FormedFrom>): CodeDistricts {
  const byCode = new Map<string, FormedFrom>();
  for (const row of rows) if (/^\d+$/.test(row.code) && !namesDistrict(row.name)) byCode.set(row.code, row);
  const codes = [...byCode.keys()].sort((a, b) => Number(a) - Number(b));
  const province = (code: string) => bareRegion(byCode.get(code)!.province ?? '');
  const known = new Map<string, string>();
  for (const code of codes) {
    const c = candidatesOf(index, byCode.get(code)!);
    if (c.length === 1 && c[0]!.district) known.set(code, bareRegion(c[0]!.district));
  }
  const out = new Map<string, Set<string>>();
  codes.forEach((code, i) => {
    const set = new Set<string>();
    for (const step of [-1, 1]) {
      for (let j = i + step; j >= 0 && j < codes.length; j += step) {
        const other = codes[j]!;
        if (province(other) !== province(code)) continue;
        const d = known.get(other);
        if (d !== undefined) {
          set.add(d);
          break;
        }
      }
    }
    out.set(code, set);
  });
  return out;
}

/**
 * `districts`: the code-order districts of the row's code (empty when unknown). `overlap`: the new unit's
 * overlaps with the old units, asked for only when namesakes remain.
 */
export function matchRow(index: OldUnitIndex, row: FormedFrom, districts: ReadonlySet<string>, overlap: () => OverlapResult): RowMatch {
  if (namesDistrict(row.name)) {
    const units = index.byDistrict.get(`${bareRegion(row.province ?? '')}|${bareRegion(row.name)}`) ?? [];
    return units.length > 0 ? { status: 'matched', units, districtMismatch: false } : { status: 'not-found' };
  }
  const candidates = candidatesOf(index, row);
  if (candidates.length === 0) return { status: 'not-found' };
  const inDistrict = candidates.filter((u) => u.district !== null && districts.has(bareRegion(u.district)));
  if (inDistrict.length === 1) return { status: 'matched', units: inDistrict, districtMismatch: false };
  // A lone namesake is marked only when the codes on both sides agree on another district: codes near a
  // district's first or last one, and communes moved before the reference was drawn, disagree.
  if (candidates.length === 1) return { status: 'matched', units: candidates, districtMismatch: districts.size === 1 };
  const pool = inDistrict.length > 1 ? inDistrict : candidates;
  const inside = overlap().inside;
  const ranked = pool.map((u) => ({ u, area: inside.get(u) ?? 0 })).sort((a, b) => b.area - a.area);
  if (ranked[0]!.area > 0 && ranked[0]!.area > ranked[1]!.area) {
    return { status: 'matched', units: [ranked[0]!.u], districtMismatch: inDistrict.length === 0 && districts.size > 0 };
  }
  return { status: 'ambiguous', candidates: pool };
}
