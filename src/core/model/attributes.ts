// Reads unit attributes from GeoJSON properties. Accepts the prepared app data (code, name, fullName,
// type, officialAreaKm2, formedFrom), the raw national data (code, name, fullName, areaKm2) and the
// submission property names of the national 2025 map (maxa, tenhc, loai, dientichkm2, matinh).
import type { FormedFrom, UnitAttrs, UnitType } from './types';

type Props = Readonly<Record<string, unknown>>;

const KNOWN_KEYS = new Set([
  'code', 'name', 'fullName', 'type', 'provinceCode', 'officialAreaKm2', 'areaKm2', 'formedFrom',
  'maxa', 'tenhc', 'loai', 'dientichkm2', 'matinh',
]);

const TYPE_PREFIXES: readonly (readonly [string, UnitType])[] = [
  ['phường ', 'phuong'],
  ['xã ', 'xa'],
  ['đặc khu ', 'dac-khu'],
];

function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.normalize('NFC').trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** "phuong" | "Phường" | "xa" | "Xã" | "dac-khu" | "Đặc khu" → UnitType; null when not recognisable. */
export function parseUnitType(v: unknown): UnitType | null {
  const s = str(v)?.toLowerCase();
  if (!s) return null;
  if (s === 'phuong' || s === 'phường' || s === 'ward') return 'phuong';
  if (s === 'xa' || s === 'xã' || s === 'commune') return 'xa';
  if (s === 'dac-khu' || s === 'đặc khu' || s === 'special zone') return 'dac-khu';
  return null;
}

export function typeFromFullName(fullName: string): UnitType | null {
  const lower = fullName.toLowerCase();
  for (const [prefix, type] of TYPE_PREFIXES) if (lower.startsWith(prefix)) return type;
  return null;
}

function parseFormedFrom(v: unknown): FormedFrom[] {
  if (!Array.isArray(v)) return [];
  const out: FormedFrom[] = [];
  for (const item of v) {
    if (typeof item !== 'object' || item === null) continue;
    const o = item as Props;
    const code = str(o.code);
    const name = str(o.name);
    if (!code || !name) continue;
    out.push({
      code,
      name,
      kind: o.kind === 'partial' ? 'partial' : 'full',
      ...(str(o.province) ? { province: str(o.province)! } : {}),
    });
  }
  return out;
}

/**
 * Attributes of one unit. `codeField` names the property holding the code (the CLI's --id-field).
 * Missing values become "" or null; the attribute rules report them, this function does not guess.
 */
export function readUnitAttrs(props: Props | null | undefined, codeField = 'code'): UnitAttrs {
  const p: Props = props ?? {};
  // The code field is named by the user (--id-field): never read it from Object.prototype.
  const code = str(Object.hasOwn(p, codeField) ? p[codeField] : undefined) ?? str(p.maxa) ?? '';
  const fullName = str(p.fullName) ?? str(p.tenhc) ?? '';
  const name = str(p.name) ?? (fullName ? fullName.replace(/^(phường|xã|đặc khu)\s+/iu, '') : '');
  const type = parseUnitType(p.type) ?? parseUnitType(p.loai) ?? typeFromFullName(fullName);
  // fromEntries makes own data properties: an attribute named "__proto__" stays an attribute.
  const extra: Record<string, unknown> = Object.fromEntries(Object.entries(p).filter(([k]) => !KNOWN_KEYS.has(k) && k !== codeField));
  return {
    code,
    name,
    fullName: fullName || name,
    type,
    provinceCode: str(p.provinceCode) ?? str(p.matinh),
    officialAreaKm2: num(p.officialAreaKm2) ?? num(p.areaKm2) ?? num(p.dientichkm2),
    formedFrom: parseFormedFrom(p.formedFrom),
    extra,
  };
}

/** Inverse of readUnitAttrs for the app's own format. */
export function writeUnitProps(a: UnitAttrs): Record<string, unknown> {
  return {
    ...a.extra,
    code: a.code,
    name: a.name,
    fullName: a.fullName,
    type: a.type,
    provinceCode: a.provinceCode,
    officialAreaKm2: a.officialAreaKm2,
    formedFrom: a.formedFrom,
  };
}
