// Property normalisation shared by the importers and exporters: formats that only hold flat text
// (KML ExtendedData, DBF) carry `formedFrom` as JSON text, and the national submission format carries it
// as the "truocsapnhap" list of names. Both come back as the app's structured `formedFrom`.
import type { FormedFrom, UnitType } from '../core/model';
import { depthExceededAt } from './bounded-json';
import { LIMITS } from './limits';

const PARTIAL = /\s*\((?:một phần|phần còn lại[^)]*)\)\s*$/iu;

/**
 * "Phường A, Xã B (một phần)" and the aligned codes "10507, 10663" (our "matruocsapnhap" member; the
 * national text has no codes) → formedFrom. Entries without a code are kept with code "".
 */
export function parseTruocSapNhap(text: string, codes = ''): FormedFrom[] {
  const codeList = codes.split(',').map((c) => c.trim());
  return text
    .split(/,\s*(?![^()]*\))/u)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s, i) => ({ code: codeList[i] ?? '', name: s.replace(PARTIAL, ''), kind: PARTIAL.test(s) ? 'partial' : 'full' }));
}

/** The codes aligned with formatTruocSapNhap's names. */
export function formatMaTruocSapNhap(list: readonly FormedFrom[]): string {
  return list.map((f) => f.code).join(', ');
}

/** The national list text of formedFrom; partial units marked "(một phần)". */
export function formatTruocSapNhap(list: readonly FormedFrom[]): string {
  return list.map((f) => (f.kind === 'partial' ? `${f.name} (một phần)` : f.name)).join(', ');
}

export const LOAI: Readonly<Record<UnitType, string>> = { phuong: 'Phường', xa: 'Xã', 'dac-khu': 'Đặc khu' };

function parseJsonArray(text: string): unknown[] | null {
  const t = text.trim();
  if (!t.startsWith('[')) return null;
  // Too deep to be our own formedFrom list: kept as the text it is (and it is bounded in length).
  if (depthExceededAt(t, LIMITS.jsonDepth) >= 0) return null;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) ? v : null;
  } catch {
    // Not JSON after all: the caller keeps the text as it is, nothing is lost.
    return null;
  }
}

/** A fresh plain object from untrusted properties (never the input object itself). */
export function normaliseProps(props: unknown): Record<string, unknown> {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) return {};
  // fromEntries defines own data properties, so a "__proto__" key stays a key and never a prototype.
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(props as Record<string, unknown>));
  if (typeof out.formedFrom === 'string') {
    const arr = parseJsonArray(out.formedFrom);
    if (arr) out.formedFrom = arr;
  }
  if (out.formedFrom === undefined && typeof out.truocsapnhap === 'string') {
    out.formedFrom = parseTruocSapNhap(out.truocsapnhap, typeof out.matruocsapnhap === 'string' ? out.matruocsapnhap : '');
    delete out.truocsapnhap;
    delete out.matruocsapnhap;
  }
  if (out.provinceName === undefined && typeof out.tentinh === 'string') {
    out.provinceName = out.tentinh;
    delete out.tentinh;
  }
  return out;
}
