// Batch conversion for reviewers: npm run --silent convert -- IN OUT [--from-crs vn2000:105.75] [--to-crs …]
// Formats by extension. Exit 0 on success, 2 on bad input or arguments (one line per fault naming the
// file, the feature and the fault), 1 on an unexpected failure (one line too: never a stack trace).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { coverageFromFeatures } from '../core/model';
import { formatIoError, type IoError } from '../io/errors';
import { readAnyFile, writeAnyFile } from '../io/formats';
import { readInputFile } from './read-input';
import { raiseLimitsForCommandLine } from '../io/limits';
import { printable } from './printable';

// The whole country is a file a reviewer checks: the command line reads past the tab's limits.
raiseLimitsForCommandLine();
import { parseCrsSpec } from '../io/vn2000';

const USAGE = `usage: convert IN OUT [--from-crs vn2000:105.75[:ne]|wgs84|epsg:9210] [--to-crs vn2000:105.75]
         [--skip-non-polygon] [--allow-duplicate-codes] [--dbf-encoding utf-8|windows-1258] [--layer NAME]
formats by extension: .geojson .json .topojson .kml .kmz(read) .zip(Shapefile) .csv(points)`;

export interface ConvertResult {
  readonly code: 0 | 1 | 2;
  readonly out: string[];
  readonly err: string[];
}

function takeValue(args: string[], name: string): string | undefined | null {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v === undefined || v.startsWith('--') ? null : v;
}

function takeFlag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
}

const errnoText = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));

/** Why OUT cannot be written, checked before the work is done: its folder is missing or not a folder. */
function outputProblem(outPath: string, stat: typeof statSync): string | null {
  const dir = dirname(outPath);
  try {
    if (!stat(dir).isDirectory()) return `${outPath}: cannot write (${dir} is not a folder)`;
  } catch (e) {
    return `${outPath}: cannot write (folder ${dir}: ${errnoText(e)})`;
  }
  return null;
}

/** The command without process globals, for tests. */
export function convert(argv: readonly string[], fs = { readFileSync, writeFileSync, statSync }): ConvertResult {
  const args = [...argv];
  const bad = (msg: string): ConvertResult => ({ code: 2, out: [], err: [msg, USAGE] });
  const from = takeValue(args, '--from-crs');
  const to = takeValue(args, '--to-crs');
  const enc = takeValue(args, '--dbf-encoding');
  const layer = takeValue(args, '--layer');
  const skipNonPolygon = takeFlag(args, '--skip-non-polygon');
  const allowDuplicateCodes = takeFlag(args, '--allow-duplicate-codes');
  if (from === null || to === null || enc === null || layer === null) return bad('an option is missing its value');
  const unknown = args.find((a) => a.startsWith('--'));
  if (unknown) return bad(`unknown option ${unknown}`);
  if (args.length !== 2) return bad('expected IN and OUT');
  const [inPath, outPath] = args as [string, string];
  const fromCrs = from !== undefined ? parseCrsSpec(from) : undefined;
  if (fromCrs === null) return bad(`--from-crs ${from}: not understood`);
  const toCrs = to !== undefined ? parseCrsSpec(to) : undefined;
  if (toCrs === null || (toCrs && toCrs.kind !== 'vn2000' && toCrs.kind !== 'wgs84')) return bad(`--to-crs ${to}: not understood`);
  if (enc !== undefined && enc !== 'utf-8' && enc !== 'windows-1258') return bad(`--dbf-encoding ${enc}: utf-8 or windows-1258`);

  const outProblem = outputProblem(outPath, fs.statSync);
  if (outProblem) return { code: 2, out: [], err: [outProblem] };

  // A device, a folder or a file past the size limit is refused without being read.
  const input = readInputFile(inPath, basename(inPath), fs);
  if ('problem' in input) return { code: 2, out: [], err: [input.problem] };
  const bytes = input.bytes;
  const name = basename(inPath);
  const read = readAnyFile(name, bytes, {
    ...(fromCrs ? { fromCrs } : {}), skipNonPolygon, allowDuplicateCodes,
    ...(enc ? { dbfEncoding: enc } : {}), ...(layer ? { layer } : {}),
  });
  const lines = (es: readonly IoError[]) => es.map(formatIoError);
  if (!read.ok) return { code: 2, out: [], err: lines(read.errors) };
  const coverage = coverageFromFeatures(read.value.features);
  const written = writeAnyFile(basename(outPath), coverage, toCrs && toCrs.kind === 'vn2000' ? { crs: toCrs } : {});
  if (!written.ok) return { code: 2, out: [], err: lines(written.errors) };
  try {
    fs.writeFileSync(outPath, written.value.bytes);
  } catch (e) {
    return { code: 2, out: [], err: [`${outPath}: cannot write (${errnoText(e)})`] };
  }
  return {
    code: 0,
    out: [`${outPath}: ${coverage.units.size} units from ${name}`],
    err: lines([...read.warnings, ...written.value.warnings]),
  };
}

const isMain = process.argv[1] !== undefined && /convert\.[cm]?[tj]s$/.test(process.argv[1]);
if (isMain) {
  let result: ConvertResult;
  try {
    result = convert(process.argv.slice(2));
  } catch (e) {
    // A bug, not the input's fault (those are exit 2 above): still one line, no stack trace.
    result = { code: 1, out: [], err: [`convert failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`] };
  }
  // Every line may carry a name from the file: shown, never sent to the terminal as control characters.
  for (const l of result.out) process.stdout.write(`${printable(l)}\n`);
  for (const l of result.err) process.stderr.write(`${l === USAGE ? l : printable(l)}\n`);
  process.exitCode = result.code;
}
