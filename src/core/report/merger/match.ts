// Which old polygon(s) a mapping row (a FormedFrom entry) refers to. The mapping uses GSO codes, the old
// layer vietnam63 ids, so rows are matched by name: (province, name without its type word), and by
// district (also without its type word) when several old units share the name. One candidate in another
// district is accepted (communes moved between districts between 2008 and 2025) and marked as such;
// the share check then shows whether it is the right one.
import type { FormedFrom } from '../../model/types';
import type { OldUnit, OldUnitIndex } from './old-units';
import { bareName, bareRegion, namesDistrict } from './names';

export type RowMatch =
  | { readonly status: 'matched'; readonly units: readonly OldUnit[]; readonly districtMismatch: boolean }
  | { readonly status: 'not-found' }
  | { readonly status: 'ambiguous'; readonly candidates: readonly OldUnit[] };

export function matchRow(index: OldUnitIndex, row: FormedFrom): RowMatch {
  const prov = bareRegion(row.province ?? '');
  const district = row.district ? bareRegion(row.district) : null;
  if (namesDistrict(row.name)) {
    const units = index.byDistrict.get(`${prov}|${bareRegion(row.name)}`) ?? [];
    return units.length > 0 ? { status: 'matched', units, districtMismatch: false } : { status: 'not-found' };
  }
  const candidates = index.byName.get(`${prov}|${bareName(row.name)}`) ?? [];
  if (candidates.length === 0) return { status: 'not-found' };
  const inDistrict = district === null ? [] : candidates.filter((u) => u.district !== null && bareRegion(u.district) === district);
  if (inDistrict.length === 1) return { status: 'matched', units: inDistrict, districtMismatch: false };
  if (candidates.length === 1) return { status: 'matched', units: candidates, districtMismatch: district !== null };
  return { status: 'ambiguous', candidates: inDistrict.length > 1 ? inDistrict : candidates };
}
