// Unit properties ⇄ dBase columns for the zipped Shapefile. A dBase column name is at most 10 ASCII
// characters and a text cell at most 254 bytes, so the export has to rename and may have to cut; it says
// so for each property and value it changes (warnings), and never fails on what a reader produced: any
// name (empty, "constructor", "__proto__", Vietnamese, emoji, two names alike in their first 10 letters)
// gets a unique valid column, and any value a cell. What dBase cannot hold is documented here:
// - the app's own properties and the national ones use fixed short columns (fullName → fullname,
//   dientichkm2 → dientichkm …), read back to their names;
// - other names become lowercase ASCII (diacritics dropped, other characters "_", a leading "f" when
//   they do not start with a letter), cut to 10 and numbered when taken: 'field-renamed';
// - long lists are split over numbered columns and joined on reading, never cut: formedFrom (as JSON)
//   over formedfrom, formedfr2 …; truocsapnhap over truocsapnh, truocsap2 …; matruocsapnhap likewise;
// - numbers go to numeric columns; other values are text, arrays and objects as JSON;
// - other text over 254 bytes is cut at a character boundary: 'field-truncated';
// - spaces at either end are dropped by dBase readers (GDAL trims both, dBase pads on the right) and
//   NUL ends the text in most: both are 'value-changed', NUL written as U+FFFD;
// - an empty text and a missing value are the same empty cell (read back as null).
import { DBF_MAX_COLUMNS, DBF_MAX_TEXT_BYTES, type DbfColumn } from './dbf';
import type { IoError } from './errors';
import { own, setOwn } from './own-props';

const COLUMN_OF: ReadonlyMap<string, string> = new Map([
  ['code', 'code'], ['name', 'name'], ['fullName', 'fullname'], ['type', 'type'], ['provinceCode', 'provcode'],
  ['officialAreaKm2', 'offareakm2'], ['nameEn', 'nameen'], ['provinceName', 'provname'], ['adminSeat', 'adminseat'],
  // The national names (national-props.ts); two are longer than dBase allows.
  ['matinh', 'matinh'], ['tentinh', 'tentinh'], ['maxa', 'maxa'], ['tenhc', 'tenhc'], ['loai', 'loai'],
  ['dientichkm2', 'dientichkm'], ['dientichdokm2', 'dtdokm2'], ['cancu', 'cancu'],
]);
const PROPERTY_OF: ReadonlyMap<string, string> = new Map([...COLUMN_OF].map(([p, c]) => [c, p]));

/** Properties written whole over numbered columns: the first column's name, and the stem of the others. */
const SPLIT: ReadonlyMap<string, { readonly first: string; readonly stem: string }> = new Map([
  ['formedFrom', { first: 'formedfrom', stem: 'formedfr' }],
  ['truocsapnhap', { first: 'truocsapnh', stem: 'truocsap' }],
  ['matruocsapnhap', { first: 'matruocsap', stem: 'matruocs' }],
]);

/** [property, piece number] of a split column; null for any other column. */
function splitPiece(column: string): [string, number] | null {
  for (const [key, s] of SPLIT) {
    if (column === s.first) return [key, 1];
    const m = column.startsWith(s.stem) ? /^(\d+)$/.exec(column.slice(s.stem.length)) : null;
    if (m) return [key, Number(m[1])];
  }
  return null;
}

const isSplitColumn = (name: string) => splitPiece(name) !== null;

/** A DBF record → properties: our short column names back to the app's, split pieces joined. */
export function propsFromRecord(rec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const parts = new Map<string, [number, string][]>();
  for (const [k, v] of Object.entries(rec)) {
    const key = k.toLowerCase();
    const piece = splitPiece(key);
    if (piece) parts.set(piece[0], [...(parts.get(piece[0]) ?? []), [piece[1], typeof v === 'string' ? v : '']]);
    else setOwn(out, PROPERTY_OF.get(key) ?? k, v);
  }
  for (const [key, pieces] of parts) setOwn(out, key, pieces.sort((a, b) => a[0] - b[0]).map((p) => p[1]).join(''));
  return out;
}

/** Lowercase ASCII, starting with a letter, at most 10 characters, never a split piece; not yet unique. */
function columnBase(key: string): string {
  const ascii = key.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  const s = ascii.replace(/[^A-Za-z0-9_]/g, '_').toLowerCase();
  const base = (/^[a-z]/.test(s) ? s : `f${s}`).slice(0, 10);
  // "formedfr2" given by a file would be read back as a piece of our formedFrom list.
  if (!isSplitColumn(base)) return base;
  const stem = [...SPLIT.values()].find((x) => base.startsWith(x.stem))!.stem;
  return `${stem.slice(0, -1)}_${base.slice(stem.length)}`.slice(0, 10);
}

function uniqueColumn(base: string, used: Set<string>): string {
  let name = base;
  for (let n = 2; used.has(name) || isSplitColumn(name); n++) name = `${base.slice(0, 10 - String(n).length)}${n}`;
  used.add(name);
  return name;
}

/**
 * Pieces of at most `maxBytes` UTF-8 bytes, cut between characters, never next to whitespace: readers
 * drop spaces at both ends of a cell (GDAL trims both, dBase pads on the right), so a piece neither ends
 * nor starts with one and the pieces joined give the text back. A cut that would fall beside a space moves
 * back into the word before it (unless no such cut fits: a run of spaces longer than a piece).
 */
export function utf8Chunks(s: string, maxBytes: number): string[] {
  const enc = new TextEncoder();
  const size = (ch: string) => enc.encode(ch).length;
  const ws = (ch: string | undefined) => ch !== undefined && /\s/u.test(ch);
  const out: string[] = [];
  let cur: string[] = [];
  let bytes = 0;
  for (const ch of s) {
    const n = size(ch);
    if (bytes + n > maxBytes) {
      // Move characters to the next piece until neither side of the cut is whitespace.
      let moved: string[] = [];
      let k = cur.length;
      while (k > 0 && (ws(cur[k - 1]) || ws(moved[0] ?? ch))) moved = [cur[--k]!, ...moved];
      const movedBytes = moved.reduce((a, c) => a + size(c), 0);
      if (k === 0 || movedBytes + n > maxBytes) moved = [];
      out.push(cur.slice(0, cur.length - moved.length).join(''));
      cur = moved;
      bytes = moved.reduce((a, c) => a + size(c), 0);
    }
    cur.push(ch);
    bytes += n;
  }
  if (cur.length) out.push(cur.join(''));
  return out;
}

export interface DbfRecordSource {
  /** The unit's code, to name it in warnings. */
  readonly unit: string;
  /** Its properties, the split ones excluded. */
  readonly props: Readonly<Record<string, unknown>>;
  /** Long text written over numbered columns, never cut: formedFrom (as JSON), truocsapnhap, matruocsapnhap. */
  readonly split: Readonly<Partial<Record<'formedFrom' | 'truocsapnhap' | 'matruocsapnhap', string>>>;
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
  // Each split property present in some record gets as many columns as its longest text needs.
  const splits = [...SPLIT.keys()].filter((k) => records.some((r) => own(r.split, k) !== undefined)) as ('formedFrom' | 'truocsapnhap' | 'matruocsapnhap')[];
  const pieces = splits.map((k) => records.map((r) => utf8Chunks(r.split[k] ?? '', DBF_MAX_TEXT_BYTES)));
  const counts = pieces.map((p) => Math.max(1, ...p.map((x) => x.length)));
  const total = keys.length + counts.reduce((a, b) => a + b, 0);
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
    splits.forEach((_, j) => {
      for (let p = 0; p < counts[j]!; p++) row.push(pieces[j]![i]![p] ?? null);
    });
    return row;
  });
  const columns: DbfColumn[] = [
    ...keys.map((k, j) => ({ name: columnOf.get(k)!, type: numeric[j] ? ('N' as const) : ('C' as const) })),
    ...splits.flatMap((k, j) => {
      const s = SPLIT.get(k)!;
      return Array.from({ length: counts[j]! }, (_, p) => ({ name: p === 0 ? s.first : `${s.stem}${p + 1}`, type: 'C' as const }));
    }),
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
