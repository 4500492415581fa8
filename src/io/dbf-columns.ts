// Unit properties ⇄ dBase columns for the zipped Shapefile. A dBase column name is at most 10 ASCII
// characters and a text cell at most 254 bytes, so the export has to rename and may have to cut; it says
// so for each property and value it changes (warnings), and never fails on what a reader produced: any
// name (empty, "constructor", "__proto__", Vietnamese, emoji, two names alike in their first 10 letters)
// gets a unique valid column, and any value a cell. What dBase cannot hold is documented here:
// - the app's own properties use fixed short columns (fullName → fullname …), read back to their names;
// - other names become lowercase ASCII (diacritics dropped, other characters "_", a leading "f" when
//   they do not start with a letter), cut to 10 and numbered when taken: 'field-renamed';
// - numbers go to numeric columns; other values are text, arrays and objects as JSON;
// - text over 254 bytes is cut at a character boundary: 'field-truncated' (formedFrom alone is split
//   over formedfrom, formedfr2 … and joined on reading);
// - spaces at either end are dropped by dBase readers (GDAL trims both, dBase pads on the right) and
//   NUL ends the text in most: both are 'value-changed', NUL written as U+FFFD;
// - an empty text and a missing value are the same empty cell (read back as null).
import { DBF_MAX_COLUMNS, DBF_MAX_TEXT_BYTES, type DbfColumn } from './dbf';
import type { IoError } from './errors';
import { own, setOwn } from './own-props';

const COLUMN_OF: ReadonlyMap<string, string> = new Map([
  ['code', 'code'], ['name', 'name'], ['fullName', 'fullname'], ['type', 'type'], ['provinceCode', 'provcode'],
  ['officialAreaKm2', 'offareakm2'], ['nameEn', 'nameen'], ['provinceName', 'provname'], ['adminSeat', 'adminseat'],
]);
const PROPERTY_OF: ReadonlyMap<string, string> = new Map([...COLUMN_OF].map(([p, c]) => [c, p]));
const FORMED = 'formedfrom';
const FORMED_PART = /^formedfr(\d+)$/;

const isFormedColumn = (name: string) => name === FORMED || FORMED_PART.test(name);

/** A DBF record → properties: our short column names back to the app's, formedFrom pieces joined. */
export function propsFromRecord(rec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const parts: [number, string][] = [];
  for (const [k, v] of Object.entries(rec)) {
    const key = k.toLowerCase();
    const part = FORMED_PART.exec(key);
    if (key === FORMED) parts.push([1, typeof v === 'string' ? v : '']);
    else if (part) parts.push([Number(part[1]), typeof v === 'string' ? v : '']);
    else setOwn(out, PROPERTY_OF.get(key) ?? k, v);
  }
  if (parts.length) setOwn(out, 'formedFrom', parts.sort((a, b) => a[0] - b[0]).map((p) => p[1]).join(''));
  return out;
}

/** Lowercase ASCII, starting with a letter, at most 10 characters, never a formedFrom piece; not yet unique. */
function columnBase(key: string): string {
  const ascii = key.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  const s = ascii.replace(/[^A-Za-z0-9_]/g, '_').toLowerCase();
  const base = (/^[a-z]/.test(s) ? s : `f${s}`).slice(0, 10);
  // "formedfr2" given by a file would be read back as a piece of our formedFrom list.
  return isFormedColumn(base) ? base.replace(/^formedfr/, 'formedf_') : base;
}

function uniqueColumn(base: string, used: Set<string>): string {
  let name = base;
  for (let n = 2; used.has(name) || isFormedColumn(name); n++) name = `${base.slice(0, 10 - String(n).length)}${n}`;
  used.add(name);
  return name;
}

/** Pieces of at most `maxBytes` UTF-8 bytes, cut between characters. */
export function utf8Chunks(s: string, maxBytes: number): string[] {
  const enc = new TextEncoder();
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of s) {
    const n = enc.encode(ch).length;
    if (bytes + n > maxBytes) {
      // A piece does not end in whitespace (readers drop trailing spaces): it starts the next piece
      // instead, unless the run is too long to carry (then readers lose it; no real text has one).
      const run = /\s+$/u.exec(cur)?.[0] ?? '';
      const ws = enc.encode(run).length + n <= maxBytes && run.length < cur.length ? run : '';
      out.push(cur.slice(0, cur.length - ws.length));
      cur = ws;
      bytes = enc.encode(ws).length;
    }
    cur += ch;
    bytes += n;
  }
  if (cur !== '') out.push(cur);
  return out;
}

export interface DbfRecordSource {
  /** The unit's code, to name it in warnings. */
  readonly unit: string;
  /** Its properties, formedFrom excluded. */
  readonly props: Readonly<Record<string, unknown>>;
  /** formedFrom as JSON text (split over columns, never cut). */
  readonly formedFrom: string;
}

export interface DbfLayout {
  readonly columns: readonly DbfColumn[];
  /** rows[i][j]: the cell of record i in column j, ready for writeDbf. */
  readonly rows: readonly (readonly unknown[])[];
  readonly warnings: readonly IoError[];
}

function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? String(v);
}

/** Columns and cells for the records, or 'too-large' when they need more columns than dBase has. */
export function dbfLayout(file: string, records: readonly DbfRecordSource[]): DbfLayout | IoError {
  const warnings: IoError[] = [];
  // The app's columns are reserved first: a property that merely looks like one ("Name", "fullname")
  // must not take its column, or it would be read back as the app's property.
  const used = new Set<string>(COLUMN_OF.values());
  const columnOf = new Map<string, string>();
  for (const r of records) {
    for (const key of Object.keys(r.props)) {
      if (columnOf.has(key)) continue;
      const known = COLUMN_OF.get(key);
      const col = known ?? uniqueColumn(columnBase(key), used);
      columnOf.set(key, col);
      if (!known && col !== key) {
        warnings.push({ code: 'field-renamed', file, field: col, message: `property ${JSON.stringify(key.slice(0, 80))} is stored as column ${col}`, values: { property: key.slice(0, 80), column: col } });
      }
    }
  }
  const keys = [...columnOf.keys()];
  const formedPieces = records.map((r) => utf8Chunks(r.formedFrom, DBF_MAX_TEXT_BYTES));
  const formedCount = Math.max(0, ...formedPieces.map((p) => p.length));
  const total = keys.length + formedCount;
  if (total > DBF_MAX_COLUMNS) {
    return {
      code: 'too-large', file, message: `${total} columns are needed; a dBase table holds at most ${DBF_MAX_COLUMNS}`,
      values: { limit: 'dbfColumns', max: DBF_MAX_COLUMNS, found: total },
    };
  }
  const numeric = keys.map((k) => records.every((r) => {
    const v = own(r.props, k);
    return v === null || v === undefined || (typeof v === 'number' && Number.isFinite(v));
  }) && records.some((r) => typeof own(r.props, k) === 'number'));

  const rows = records.map((r, i) => {
    const row: unknown[] = keys.map((k, j) => {
      const v = own(r.props, k);
      if (v === null || v === undefined) return null;
      if (numeric[j]) return v;
      return cellText(file, r.unit, columnOf.get(k)!, k, textOf(v), warnings);
    });
    for (let p = 0; p < formedCount; p++) row.push(formedPieces[i]![p] ?? null);
    return row;
  });
  const columns: DbfColumn[] = [
    ...keys.map((k, j) => ({ name: columnOf.get(k)!, type: numeric[j] ? ('N' as const) : ('C' as const) })),
    ...Array.from({ length: formedCount }, (_, p) => ({ name: p === 0 ? FORMED : `formedfr${p + 1}`, type: 'C' as const })),
  ];
  return { columns, rows, warnings };
}

function cellText(file: string, unit: string, column: string, key: string, raw: string, warnings: IoError[]): string {
  const where = { file, feature: unit, field: column };
  const property = key.slice(0, 80);
  let s = raw;
  if (s.includes('\0')) {
    s = s.replace(/\0/g, '\uFFFD');
    warnings.push({ code: 'value-changed', ...where, message: `${property}: NUL characters written as U+FFFD (dBase readers end the text at NUL)`, values: { property } });
  }
  if (new TextEncoder().encode(s).length > DBF_MAX_TEXT_BYTES) {
    s = utf8Chunks(s, DBF_MAX_TEXT_BYTES)[0]!;
    warnings.push({ code: 'field-truncated', ...where, message: `${property} cut to ${DBF_MAX_TEXT_BYTES} bytes`, values: { property } });
  }
  if (/^ | $/.test(s)) {
    warnings.push({ code: 'value-changed', ...where, message: `${property}: spaces at either end are dropped by dBase readers (GDAL)`, values: { property } });
  }
  return s;
}
