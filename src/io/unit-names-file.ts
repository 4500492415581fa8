// Reads the names index of every unit (public/data/provinces/names.json, written by
// geodata/prepare-names.mjs; format in geodata/README.md), checked at the edge: a broken file names
// itself and the entry at fault instead of giving the picker half a list.
import type { OldUnitName, UnitNameEntry, UnitNames } from '../core/text/unit-search';

export const UNIT_NAMES_FORMAT = 'dia-gioi-unit-names';

export class UnitNamesFileError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'UnitNamesFileError';
  }
}

const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';

export function readUnitNames(json: unknown, file: string): UnitNames {
  const fail = (detail: string): never => {
    throw new UnitNamesFileError(file, detail);
  };
  const o = json as { format?: unknown; version?: unknown; provinces?: unknown; oldProvinces?: unknown; units?: unknown } | null;
  if (typeof o !== 'object' || o === null || o.format !== UNIT_NAMES_FORMAT) return fail(`not a names index (format "${UNIT_NAMES_FORMAT}")`);
  if (o.version !== 1) return fail(`version ${String(o.version)} is not supported (1 is)`);
  if (!Array.isArray(o.provinces) || !Array.isArray(o.oldProvinces) || !Array.isArray(o.units)) return fail('needs the lists provinces, oldProvinces and units');
  const provinces = new Map<string, string>();
  o.provinces.forEach((p: unknown, i) => {
    if (!Array.isArray(p) || !isText(p[0]) || !isText(p[1])) return fail(`province ${i + 1}: needs [code, name]`);
    provinces.set(p[0], p[1]);
  });
  const oldProvinces = o.oldProvinces.map((p: unknown, i) => (isText(p) ? p : fail(`old province ${i + 1}: not a name`)));
  const units = o.units.map((u: unknown, i): UnitNameEntry => {
    const where = `unit ${i + 1}`;
    if (!Array.isArray(u) || u.length !== 4) return fail(`${where}: needs [province code, code, full name, old names]`);
    const [provinceCode, code, fullName, flat] = u as unknown[];
    if (!isText(provinceCode) || !provinces.has(provinceCode)) return fail(`${where}: unknown province ${JSON.stringify(provinceCode)}`);
    if (!isText(code) || !isText(fullName)) return fail(`${where}: needs a code and a name`);
    if (!Array.isArray(flat) || flat.length % 2 !== 0) return fail(`${where} (${code}): old names must be pairs of name and old province`);
    const old: OldUnitName[] = [];
    for (let k = 0; k < flat.length; k += 2) {
      const name: unknown = flat[k];
      const province = oldProvinces[flat[k + 1] as number];
      if (!isText(name) || !Number.isInteger(flat[k + 1]) || province === undefined) return fail(`${where} (${code}): old name ${k / 2 + 1} is not [name, old province index]`);
      old.push({ name, province });
    }
    return { provinceCode, code, fullName, old };
  });
  return { provinces, units };
}
