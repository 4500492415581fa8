// dBase III tables (the .dbf of a shapefile): a strict reader that names the record and field of a fault,
// and a writer in UTF-8 (declared by the .cpg). Text fields hold at most 254 bytes.
import type { IoError } from './errors';
import { decodeWindows1258 } from './windows-1258';
import { decimalNumber } from './text';

export type DbfEncoding = 'utf-8' | 'windows-1258';

export interface DbfField {
  readonly name: string;
  readonly type: 'C' | 'N' | 'F' | 'L' | 'D' | string;
  readonly length: number;
  readonly decimals: number;
}

export interface DbfTable {
  readonly fields: readonly DbfField[];
  /**
   * Deleted records come back as null (they keep their place: record i goes with shape i). Field names
   * are own data properties: a column "constructor" or "__proto__" is a column like any other.
   */
  readonly records: (Record<string, unknown> | null)[];
  /** A repeated field name, kept under a new one ('field-renamed'). */
  readonly warnings: readonly IoError[];
}

/** A .cpg's content → encoding; null when it names one we cannot read. */
export function encodingFromCpg(cpg: string): DbfEncoding | null {
  const s = cpg.trim().toLowerCase().replace(/^ansi\s+/, '');
  if (/^(utf-?8|65001)$/.test(s)) return 'utf-8';
  if (/^(1258|cp1258|windows-1258|cp-1258)$/.test(s)) return 'windows-1258';
  return null;
}

function decoder(encoding: DbfEncoding): (b: Uint8Array) => string {
  if (encoding === 'windows-1258') return decodeWindows1258;
  const d = new TextDecoder('utf-8', { fatal: true });
  return (b) => d.decode(b);
}

// dBase pads text on the right; leading spaces are data (a long text split over columns may start with one).
const trimField = (s: string) => s.replace(/[\0 ]+$/g, '');

/**
 * `shapes`: how many records the layer's .shp has. A table that declares another count is refused from
 * its header, before a record is read: a zip of 61 KB declaring 31 million blank records once took
 * 47 s and 2.6 GB to build them all and then say so.
 */
export function readDbf(file: string, bytes: Uint8Array, encoding: DbfEncoding, shapes?: number): DbfTable | IoError {
  const broken = (message: string, extra: Partial<IoError> = {}): IoError => ({ code: 'broken-dbf', file, message, ...extra });
  if (bytes.length < 33) return broken('file shorter than a dBase header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4, true);
  if (shapes !== undefined && count !== shapes) return broken(`${count} records for ${shapes} shapes`, { values: { records: count, shapes } });
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  if (headerLength < 33 || headerLength > bytes.length) return broken(`header length ${headerLength} is impossible`);
  const fields: DbfField[] = [];
  const warnings: IoError[] = [];
  const seen = new Set<string>();
  const decode = decoder(encoding);
  let width = 1; // the deletion flag
  for (let off = 32; off + 32 <= headerLength && bytes[off] !== 0x0d; off += 32) {
    const nameBytes = bytes.subarray(off, off + 11);
    const end = nameBytes.indexOf(0);
    const given = fieldName(nameBytes.subarray(0, end < 0 ? 11 : end), decode);
    const type = String.fromCharCode(bytes[off + 11]!);
    const length = bytes[off + 16]!;
    if (given === '' || length === 0) return broken(`field ${fields.length + 1} has no name or no length`);
    // Two columns of one name would make one property: the second keeps its values under a new name.
    let name = given;
    for (let n = 2; seen.has(name); n++) name = `${given}_${n}`;
    if (name !== given) warnings.push({ code: 'field-renamed', file, field: name, message: `a second column ${given} is read as ${name}`, values: { from: given, to: name } });
    seen.add(name);
    fields.push({ name, type, length, decimals: bytes[off + 17]! });
    width += length;
  }
  if (width !== recordLength) return broken(`record length ${recordLength} does not match the fields (${width})`);
  if (headerLength + count * recordLength > bytes.length) {
    return broken(`${count} records of ${recordLength} bytes do not fit in ${bytes.length} bytes`);
  }
  const records: (Record<string, unknown> | null)[] = [];
  for (let r = 0; r < count; r++) {
    const start = headerLength + r * recordLength;
    if (bytes[start] === 0x2a) {
      records.push(null);
      continue;
    }
    // Own data properties built at once (as setOwn would make them one by one, but faster).
    const rec: [string, unknown][] = [];
    let off = start + 1;
    for (const f of fields) {
      const raw = bytes.subarray(off, off + f.length);
      off += f.length;
      let text: string;
      try {
        text = trimField(decode(raw));
      } catch (e) {
        return {
          code: 'bad-encoding', file, feature: r, field: f.name,
          message: `field is not valid ${encoding} (${e instanceof Error ? e.message : String(e)})`, values: { encoding },
        };
      }
      rec.push([f.name, fieldValue(f, text)]);
    }
    records.push(Object.fromEntries(rec));
  }
  return { fields, records, warnings };
}

/** Field names are in the table's encoding too (GDAL writes them so); old files may use any code page. */
function fieldName(bytes: Uint8Array, decode: (b: Uint8Array) => string): string {
  try {
    return decode(bytes).trim();
  } catch {
    return new TextDecoder('latin1').decode(bytes).trim();
  }
}

function fieldValue(f: DbfField, raw: string): unknown {
  let text = raw;
  switch (f.type) {
    case 'N':
    case 'F': {
      text = text.trim();
      if (text === '' || /^\*+$/.test(text)) return null;
      // A decimal number, as dBase writes them; anything else (0x7A69, Infinity) stays the text it is.
      const v = decimalNumber(text);
      return Number.isFinite(v) ? v : text;
    }
    case 'L':
      text = text.trim();
      if (/^[TtYy]$/.test(text)) return true;
      if (/^[FfNn]$/.test(text)) return false;
      return null;
    default:
      return text === '' ? null : text;
  }
}

export interface DbfColumn {
  /** ASCII, at most 10 characters. */
  readonly name: string;
  readonly type: 'C' | 'N';
}

/** dBase III and the readers that matter (ArcGIS, QGIS through GDAL) stop at 255 columns. */
export const DBF_MAX_COLUMNS = 255;
/** Bytes of one text cell. */
export const DBF_MAX_TEXT_BYTES = 254;

const encoder = new TextEncoder();

/**
 * Text of a number that reads back to the same double: plain decimals when they round-trip, otherwise
 * the exponent form (1e+308, 5e-324), which every reader parses with strtod/atof.
 */
function numberText(v: number): string {
  const s = String(v);
  if (!/e/i.test(s)) return s;
  for (let d = 0; d <= 20; d++) {
    const t = v.toFixed(d);
    if (!/e/i.test(t) && Number(t) === v) return t;
  }
  return s;
}

/**
 * A UTF-8 dBase III table; `rows[i][j]` is the cell of column j (no lookup by name). Cells are null, a
 * string of at most 254 bytes in a 'C' column, or a finite number in an 'N' column: callers convert and
 * split first (dbf-columns.ts), so anything else here is a programming error and throws.
 */
export function writeDbf(columns: readonly DbfColumn[], rows: readonly (readonly unknown[])[]): Uint8Array {
  if (columns.length > DBF_MAX_COLUMNS) throw new RangeError(`${columns.length} columns exceed the dBase limit of ${DBF_MAX_COLUMNS}`);
  const cells = rows.map((row) =>
    columns.map((c, j) => {
      const v = row[j];
      if (v === null || v === undefined || v === '') return new Uint8Array(0);
      if (c.type === 'N') {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`column ${c.name}: ${String(v)} is not a finite number`);
        return encoder.encode(numberText(v));
      }
      if (typeof v !== 'string') throw new TypeError(`column ${c.name}: ${typeof v} is not text`);
      return encoder.encode(v);
    }),
  );
  const widths = columns.map((c, i) => {
    const w = Math.max(1, ...cells.map((r) => r[i]!.length));
    if (w > DBF_MAX_TEXT_BYTES) throw new RangeError(`column ${c.name}: ${w} bytes exceed the dBase limit of ${DBF_MAX_TEXT_BYTES}`);
    return w;
  });
  const decimals = columns.map((c, i) => {
    if (c.type !== 'N') return 0;
    let d = 0;
    for (const r of cells) {
      const t = new TextDecoder().decode(r[i]!);
      const dot = t.indexOf('.');
      if (dot >= 0) d = Math.max(d, t.length - dot - 1);
      // An exponent in a column declared without decimals reads as an integer (GDAL: "1e+308" → 1).
      if (/e/i.test(t)) d = Math.max(d, 1);
    }
    return Math.min(d, 15);
  });
  const headerLength = 32 + 32 * columns.length + 1;
  const recordLength = 1 + widths.reduce((a, b) => a + b, 0);
  if (recordLength > 0xffff) throw new RangeError(`records of ${recordLength} bytes exceed the dBase limit of 65535`);
  const out = new Uint8Array(headerLength + rows.length * recordLength + 1);
  const view = new DataView(out.buffer);
  out[0] = 0x03;
  // Last-update date: fixed, so that the same coverage always gives the same bytes.
  out[1] = 100; out[2] = 1; out[3] = 1;
  view.setUint32(4, rows.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  columns.forEach((c, i) => {
    const off = 32 + 32 * i;
    if (!/^[A-Za-z][A-Za-z0-9_]{0,9}$/.test(c.name)) throw new RangeError(`invalid dBase field name ${c.name}`);
    out.set(encoder.encode(c.name), off);
    out[off + 11] = c.type.charCodeAt(0);
    out[off + 16] = widths[i]!;
    out[off + 17] = decimals[i]!;
  });
  out[headerLength - 1] = 0x0d;
  cells.forEach((r, ri) => {
    let off = headerLength + ri * recordLength;
    out[off++] = 0x20;
    r.forEach((cell, i) => {
      const w = widths[i]!;
      out.fill(0x20, off, off + w);
      // Numbers are right-aligned, text left-aligned, as dBase does.
      out.set(cell, columns[i]!.type === 'N' ? off + w - cell.length : off);
      off += w;
    });
  });
  out[out.length - 1] = 0x1a;
  return out;
}
