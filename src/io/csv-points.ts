// CSV of boundary points → polygons. One row per vertex: the unit, the vertex order, and either lon/lat
// degrees or X/Y metres (VN-2000; Vietnamese surveyors write X = northing, Y = easting, and the order is
// confirmed from the numbers). An optional ring column separates a unit's rings (islands, holes); rings are
// closed when the last point does not repeat the first, and nested by containment.
// Header names are matched without case or diacritics: "Mã", "Thứ tự", "Kinh độ", "Vĩ độ" all work.
import type { Coverage } from '../core/model';
import { unitToFeature } from '../core/model';
import { formulaSafe, readFormulaSafe } from '../core/report/csv';
import { fail, type IoError, type IoResult } from './errors';
import { LIMITS, overLimit } from './limits';
import { finishImport, type RawFeature } from './finish-import';
import type { ImportedLayer, ImportOptions } from './import-types';
import { nestRings } from './ring-nesting';
import { selectUnits } from './select-units';
import { decimalNumber, decodeUtf8, isIoError, type Input } from './text';
import { wgs84ToVn2000, type Vn2000Crs } from './vn2000';

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/[^a-z0-9]/g, '');

const ALIASES: Readonly<Record<string, readonly string[]>> = {
  unit: ['unit', 'code', 'ma', 'maxa', 'madonvi', 'donvi', 'id'],
  name: ['name', 'ten', 'tendonvi', 'tenhc'],
  ring: ['ring', 'part', 'vong', 'thua', 'phan'],
  order: ['order', 'stt', 'thutu', 'seq', 'diem', 'sothutu'],
  lon: ['lon', 'lng', 'long', 'longitude', 'kinhdo'],
  lat: ['lat', 'latitude', 'vido'],
  x: ['x', 'xm'],
  y: ['y', 'ym'],
};

/**
 * Lines of the file, a line break inside a quoted cell being part of the cell (RFC 4180); or the line
 * (1-based) where a quote opens that never closes, which would make the rest of the file one cell.
 */
function records(text: string): string[] | { unterminatedAt: number } {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  let quotedAt = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      quoted = !quoted;
      if (quoted) quotedAt = out.length + 1;
    } else if (!quoted && (ch === '\n' || ch === '\r')) {
      out.push(text.slice(start, i));
      if (ch === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  if (quoted) return { unterminatedAt: quotedAt };
  out.push(text.slice(start));
  return out;
}

/** Cells of a line. Space around an unquoted cell is layout and dropped; a quoted cell is kept exactly. */
function splitLine(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let wasQuoted = false;
  const push = () => {
    out.push(wasQuoted ? cur : cur.trim());
    cur = '';
    wasQuoted = false;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') {
      // An opening quote drops the layout space before it.
      if (!wasQuoted) cur = cur.trim();
      quoted = wasQuoted = true;
    } else if (ch === sep) push();
    else if (!(wasQuoted && /\s/.test(ch))) cur += ch;
  }
  push();
  return out;
}

export type CsvRole = 'unit' | 'name' | 'ring' | 'order' | 'lon' | 'lat' | 'x' | 'y';

/** A CSV file split into cells, with its columns found by their names: the step readCsvPoints and the reference layers share. */
export interface CsvTable {
  /** Header cells as written. */
  readonly header: readonly string[];
  /** Header cells folded (no case, diacritics or punctuation), as the aliases are matched. */
  readonly folded: readonly string[];
  /** Column of each role, -1 when absent. */
  readonly idx: Readonly<Record<CsvRole, number>>;
  /** The coordinate columns: lon and lat when both are there, else X and Y (-1 when absent). */
  readonly coords: readonly [number, number];
  /** Rows after the header, blank lines left out; `line` is what messages call the row. */
  readonly rows: readonly { readonly line: number; readonly cells: readonly string[] }[];
  /** A cell as a number; "123,45" is a decimal comma only when commas do not separate the columns. */
  readonly num: (cell: string) => number;
}

/** The table of a CSV text, or 'bad-csv' / 'too-large' (one row per vertex: the vertex limit bounds the rows). */
export function csvTable(file: string, input: Input): CsvTable | IoError {
  const text = decodeUtf8(file, input);
  if (isIoError(text)) return text;
  const all = records(text);
  if (!Array.isArray(all)) {
    return { code: 'bad-csv', file, field: `line ${all.unterminatedAt}`, message: `line ${all.unterminatedAt}: a quote opens and never closes`, values: { line: all.unterminatedAt } };
  }
  const lines = all.filter((l) => l.trim() !== '');
  if (lines.length - 1 > LIMITS.vertices) return overLimit(file, 'vertices', lines.length - 1);
  if (lines.length < 2) return { code: 'bad-csv', file, message: 'a header and at least one row are needed' };
  const first = lines[0]!;
  const sep = [';', '\t', ','].reduce((best, s) => (first.split(s).length > first.split(best).length ? s : best), ',');
  const header = splitLine(first, sep);
  const folded = header.map(fold);
  const col = (role: CsvRole) => folded.findIndex((c) => ALIASES[role]!.includes(c));
  const idx = { unit: col('unit'), name: col('name'), ring: col('ring'), order: col('order'), lon: col('lon'), lat: col('lat'), x: col('x'), y: col('y') };
  const coords: [number, number] = idx.lon >= 0 && idx.lat >= 0 ? [idx.lon, idx.lat] : [idx.x, idx.y];
  const rows = lines.slice(1).map((l, i) => ({ line: i + 2, cells: splitLine(l, sep) }));
  const num = (s: string) => decimalNumber((sep === ',' ? s : s.replace(',', '.')).trim());
  return { header, folded, idx, coords, rows, num };
}

export function readCsvPoints(file: string, input: Input, options: ImportOptions = {}): IoResult<ImportedLayer> {
  const table = csvTable(file, input);
  if (isIoError(table)) return fail(table);
  const { idx, num } = table;
  const cols = table.folded;
  const [ci, cj] = table.coords;
  const missing = [idx.unit < 0 ? 'unit' : null, idx.order < 0 ? 'order' : null, ci! < 0 || cj! < 0 ? 'lon/lat or X/Y' : null].filter(Boolean);
  if (missing.length) {
    return fail({ code: 'bad-csv', file, field: missing.join(', '), message: `header lacks ${missing.join(', ')}`, values: { header: cols.join(',').slice(0, 200) } });
  }

  interface Pt { order: number; p: [number, number] }
  const units = new Map<string, { name: string | null; rings: Map<string, Pt[]>; firstRow: number }>();
  const errors: IoError[] = [];
  for (const { line, cells } of table.rows) {
    const r = line - 1;
    // Our writer made text cells inert for spreadsheets ('=…); the quote is not part of the value.
    const unit = readFormulaSafe(cells[idx.unit] ?? '');
    const order = num(cells[idx.order] ?? '');
    const a = num(cells[ci!] ?? ''), b = num(cells[cj!] ?? '');
    if (unit === '' || !Number.isFinite(order) || !Number.isFinite(a) || !Number.isFinite(b)) {
      if (errors.length < 50) errors.push({ code: 'bad-csv', file, feature: unit || undefined, field: `line ${r + 1}`, message: `line ${r + 1}: unit, order and two coordinates are needed`, values: { line: r + 1 } });
      continue;
    }
    let u = units.get(unit);
    if (!u) {
      if (units.size >= LIMITS.features) return fail(overLimit(file, 'features', `${units.size + 1} units by line ${r + 1}`));
      units.set(unit, (u = { name: idx.name >= 0 ? readFormulaSafe(cells[idx.name] ?? '') || null : null, rings: new Map(), firstRow: r }));
    }
    const ring = idx.ring >= 0 ? (cells[idx.ring] ?? '') : '';
    const pts = u.rings.get(ring) ?? [];
    pts.push({ order, p: [a, b] });
    u.rings.set(ring, pts);
  }
  if (errors.length) return fail(errors);

  const raw: RawFeature[] = [];
  let index = 0;
  for (const [code, u] of units) {
    const rings: [number, number][][] = [];
    for (const [ringId, pts] of u.rings) {
      const ring = [...pts].sort((p, q) => p.order - q.order).map((p) => p.p);
      const first = ring[0]!, last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
      if (ring.length < 4) {
        // As many as the line errors at most: a file of one-point units is one fault, said 50 times.
        if (errors.length >= 50) break;
        errors.push({ code: 'too-few-points', file, feature: code, field: ringId || undefined, message: `ring has ${ring.length - 1} distinct points; at least 3 are needed`, values: { points: ring.length - 1 } });
      }
      rings.push(ring);
    }
    const properties: Record<string, unknown> = { code };
    if (u.name) properties.name = u.name;
    raw.push({ index: index++, geometry: rings.length ? { type: 'MultiPolygon', coordinates: errors.length ? [] : nestRings(rings) } : null, properties });
  }
  if (errors.length) return fail(errors);
  return finishImport(file, raw, null, options);
}

/** A text cell: inert in a spreadsheet (core/report/csv.ts), quoted when it holds a separator or quote. */
function csvCell(v: string): string {
  const t = formulaSafe(v);
  return t !== v || /[",;\t\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export interface CsvExportOptions {
  readonly unitIds?: readonly string[];
  /** VN-2000 grid: columns X (northing), Y (easting) in metres, as surveyors write them. */
  readonly crs?: Vn2000Crs;
}

/** One row per vertex (closing vertex included), rings numbered "polygon.ring" from 1. */
export function writeCsvPoints(c: Coverage, o: CsvExportOptions = {}): string {
  const rows: string[] = [o.crs ? 'code,name,ring,order,X,Y' : 'code,name,ring,order,lon,lat'];
  for (const u of selectUnits(c, o.unitIds)) {
    const g = unitToFeature(c, u).geometry;
    g.coordinates.forEach((poly, pi) =>
      poly.forEach((ring, ri) =>
        ring.forEach((q, k) => {
          const [a, b] = o.crs ? wgs84ToVn2000({ ...o.crs, axis: 'ne' }, q).map((v) => v.toFixed(3)) : [String(q[0]), String(q[1])];
          rows.push([csvCell(u.attrs.code), csvCell(u.attrs.name), `${pi + 1}.${ri + 1}`, String(k + 1), a, b].join(','));
        }),
      ),
    );
  }
  return `${rows.join('\n')}\n`;
}
