// A CSV as a reference layer: one point per row (survey marks, boundary markers, wells), every column
// kept as a text property. The table and its coordinate columns are found exactly as the unit import
// finds them (csv-points.ts: "Kinh độ"/"Vĩ độ", lon/lat, X/Y, any case or diacritics); the unit and order
// columns that build a unit's rings are not needed, so a file of boundary vertices shows as its points.
import { csvTable } from './csv-points';
import { fail, ok, type IoResult } from './errors';
import type { RawFeature, SourceFeatures } from './finish-import';
import { setOwn } from './own-props';
import { isIoError, type Input } from './text';

/** Property names from the header: as written, an empty one as "column N", a repeated one numbered. */
function columnNames(header: readonly string[]): string[] {
  const seen = new Set<string>();
  return header.map((h, i) => {
    const given = h === '' ? `column ${i + 1}` : h;
    let name = given;
    for (let n = 2; seen.has(name); n++) name = `${given}_${n}`;
    seen.add(name);
    return name;
  });
}

/**
 * Rows as point features (index: the row, from 0, blank lines not counted). A row whose two coordinate
 * cells are empty has no geometry (left out with a warning); a cell that is not a number is a
 * non-finite coordinate, which the finishing step refuses with the row named. The rows are bounded by
 * the vertex limit (csvTable) and their count by the reference feature limit (finishReference).
 */
export function csvPointFeatures(file: string, input: Input): IoResult<SourceFeatures> {
  const table = csvTable(file, input);
  if (isIoError(table)) return fail(table);
  const [ci, cj] = table.coords;
  if (ci < 0 || cj < 0) {
    return fail({ code: 'bad-csv', file, field: 'lon/lat or X/Y', message: 'header lacks lon/lat or X/Y', values: { header: table.folded.join(',').slice(0, 200) } });
  }
  const names = columnNames(table.header);
  const raw: RawFeature[] = table.rows.map(({ cells }, index) => {
    const properties: Record<string, unknown> = {};
    names.forEach((name, i) => setOwn(properties, name, cells[i] ?? null));
    const a = (cells[ci] ?? '').trim(), b = (cells[cj] ?? '').trim();
    const geometry = a === '' && b === '' ? null : { type: 'Point', coordinates: [table.num(a), table.num(b)] };
    return { index, geometry, properties };
  });
  return ok({ raw, declared: null, warnings: [] });
}
