// Unit codes as issues show them: the code, or the unit id when the unit has none.
import type { Coverage } from '../model';

export function unitCode(c: Coverage, id: string): string {
  const code = c.units.get(id)?.attrs.code;
  return code ? code : id;
}

export function sortedCodes(c: Coverage, ids: Iterable<string>): string[] {
  return [...ids].map((id) => unitCode(c, id)).sort();
}
