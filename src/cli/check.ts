// Batch checker for province reviewers:
//   npm run --silent check -- FILE... [--json] [--id-field code] [--tolerance 0.1] [--outline FILE]
//                                     [--neighbours FILE]...
// All files together form one coverage. --neighbours adds units of the neighbouring provinces, read-only:
// only overlaps and gaps between them and the coverage are reported. Exit 0: no error; 1: errors found;
// 2: input unusable.
import { basename } from 'node:path';
import type { MultiPolygon, Position } from 'geojson';
import { coverageFromFeatures, type Coverage } from '../core/model';
import { validateCoverage, ISSUE_KINDS, type ValidationIssue } from '../core/validation';
import { compareIssues } from '../core/validation/issue';
import { issuesAcrossProvinces } from '../core/validation/across-provinces';
import { makeContextUnit, type ContextUnit } from '../core/model/context-units';
import { DEFAULT_TOLERANCE_M } from '../core/validation/options';
import { formatIoError } from '../io/errors';
import { formatReadError, readGeoJsonText, readGeoJsonValue, type PolygonalFeature, type ReadResult } from '../io/geojson-read';
import { parseJsonBytes } from '../io/json-bytes';
import { decodeUtf8 } from '../io/text';
import { readInputFile } from './read-input';
import { LIMITS, raiseLimitsForCommandLine } from '../io/limits';
import { printable, printableLines } from './printable';
import { collectGarbage } from './collect-garbage';

// The whole country is a file a reviewer checks: the command line reads past the tab's limits.
raiseLimitsForCommandLine();

const USAGE = 'usage: npm run --silent check -- FILE... [--json] [--id-field code] [--tolerance 0.1] [--outline FILE] [--neighbours FILE]...';

class UsageError extends Error {}

interface Args {
  files: string[];
  json: boolean;
  idField: string;
  toleranceM: number;
  outline: string | null;
  neighbours: string[];
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { files: [], json: false, idField: 'code', toleranceM: DEFAULT_TOLERANCE_M, outline: null, neighbours: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--json') a.json = true;
    else if (arg === '--id-field') a.idField = value();
    else if (arg === '--tolerance') {
      const v = value();
      a.toleranceM = Number(v);
      if (v.trim() === '' || !Number.isFinite(a.toleranceM) || a.toleranceM < 0) throw new UsageError(`--tolerance must be a number of metres ≥ 0, got "${v}"`);
    } else if (arg === '--outline') a.outline = value();
    else if (arg === '--neighbours') a.neighbours.push(value());
    else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else a.files.push(arg);
  }
  if (a.files.length === 0) throw new UsageError('no input file');
  return a;
}

class InputError extends Error {}

/**
 * The file's features, straight from its bytes when they are plain JSON: the country then never becomes
 * one 324 MiB string. Anything else, and every error message, goes through the text as before.
 */
function parseGeoJson(file: string, bytes: Uint8Array, idField: string | null): ReadResult {
  const parsed = bytes.length <= LIMITS.fileBytes ? parseJsonBytes(bytes, LIMITS.jsonDepth) : null;
  if (parsed) return readGeoJsonValue(parsed.value, file, { idField, requireId: false });
  // Strict UTF-8: readFileSync(file, 'utf8') would turn bad bytes into U+FFFD and check a different text.
  const text = decodeUtf8(file, bytes);
  if (typeof text !== 'string') throw new InputError(formatIoError(text));
  // decodeUtf8 took off the byte-order mark; one more would be taken off by the text reader, and the
  // importer (convert, the app) refuses such a file: so does the checker.
  if (text.charCodeAt(0) === 0xfeff) throw new InputError(`${file}: is not JSON: it starts with two byte-order marks`);
  return readGeoJsonText(text, file, { idField, requireId: false });
}

function readFeatures(file: string, idField: string | null): PolygonalFeature[] {
  // A device, a folder or a file past the size limit is refused without being read.
  const read = readInputFile(file, file);
  if ('problem' in read) throw new InputError(read.problem);
  const r = parseGeoJson(file, read.bytes, idField);
  if (!r.ok) throw new InputError(formatReadError(r.error));
  return [...r.features];
}

function outlineOf(file: string): MultiPolygon {
  let features: PolygonalFeature[];
  try {
    features = readFeatures(file, null);
  } catch (e) {
    // Say which input is at fault: the outline is read by other rules than the coverage files.
    if (e instanceof InputError) throw new InputError(`outline ${e.message}`);
    throw e;
  }
  const coordinates: Position[][][] = [];
  for (const f of features) {
    if (f.geometry.type === 'Polygon') coordinates.push(f.geometry.coordinates);
    else coordinates.push(...f.geometry.coordinates);
  }
  return { type: 'MultiPolygon', coordinates };
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

function jsonIssue(i: ValidationIssue): Record<string, unknown> {
  return {
    id: i.id,
    kind: i.kind,
    severity: i.severity,
    units: i.units,
    ...(i.areaM2 !== undefined ? { areaM2: round(i.areaM2, 3) } : {}),
    ...(i.widthM !== undefined ? { widthM: round(i.widthM, 4) } : {}),
    at: [round(i.at[0], 7), round(i.at[1], 7)],
    ...(i.details ? { details: i.details } : {}),
  };
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

function fmtArea(v: number | undefined): string {
  if (v === undefined) return '';
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(v >= 1 ? 2 : 4);
}

function fmtWidth(v: number | undefined): string {
  if (v === undefined) return '';
  return v >= 1 ? v.toFixed(2) : v.toFixed(4);
}

function table(units: number, files: number, toleranceM: number, issues: readonly ValidationIssue[]): string {
  const errors = issues.filter((i) => i.severity === 'error').length;
  const lines = [
    `${units} units from ${files} file${files === 1 ? '' : 's'}, tolerance ${toleranceM} m: ${errors} error${errors === 1 ? '' : 's'}, ${issues.length - errors} warning${issues.length - errors === 1 ? '' : 's'}`,
    '',
    `${pad('kind', 18)}${pad('errors', 8, true)}${pad('warnings', 10, true)}`,
  ];
  for (const k of ISSUE_KINDS) {
    const e = issues.filter((i) => i.kind === k && i.severity === 'error').length;
    const w = issues.filter((i) => i.kind === k && i.severity === 'warning').length;
    if (e + w > 0) lines.push(`${pad(k, 18)}${pad(String(e), 8, true)}${pad(String(w), 10, true)}`);
  }
  if (issues.length > 0) {
    lines.push('', `${pad('severity', 9)}${pad('kind', 18)}${pad('units', 24)}${pad('area m²', 14, true)}${pad('width m', 10, true)}  location (lon lat)  details`);
    for (const i of issues) {
      const details = i.details ? Object.entries(i.details).map(([k, v]) => `${k}=${v}`).join(' ') : '';
      lines.push(
        `${pad(i.severity, 9)}${pad(i.kind, 18)}${pad(i.units.join(' '), 24)}${pad(fmtArea(i.areaM2), 14, true)}${pad(fmtWidth(i.widthM), 10, true)}  ${i.at[0].toFixed(5)} ${i.at[1].toFixed(5)}  ${details}`,
      );
    }
  }
  return lines.join('\n');
}

/** A neighbouring province's file as context units: code from the id field, names from the usual properties. */
function contextOf(file: string, idField: string): ContextUnit[] {
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
  return readFeatures(file, idField).map((f, i) => {
    const p = f.properties ?? {};
    const code = str(p[idField]);
    if (!code) throw new InputError(`${file}: feature ${i + 1} has no "${idField}": a neighbouring unit needs its code to be named`);
    const g = f.geometry;
    const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown as ContextUnit['polygons'];
    return makeContextUnit({
      code,
      fullName: str(p.fullName) || str(p.name) || code,
      provinceCode: str(p.provinceCode) || basename(file),
      provinceName: str(p.provinceName) || basename(file),
      polygons,
    });
  });
}

interface Inputs {
  readonly coverage: Coverage;
  readonly outline: MultiPolygon | null;
  readonly context: ContextUnit[];
}

/**
 * The coverage of the files (every file read before the outline, so a bad file is reported first).
 * The parsed features die here, before the check: the coverage's arcs share their positions, and the
 * rest (rings, the second copy of each border vertex, properties) is ~250 MiB on the whole country.
 */
function readInputs(args: Args): Inputs {
  const features = args.files.flatMap((f) => readFeatures(f, args.idField));
  const outline = args.outline ? outlineOf(args.outline) : null;
  const context = args.neighbours.flatMap((f) => contextOf(f, args.idField));
  return { coverage: coverageFromFeatures(features, { codeField: args.idField }), outline, context };
}

function main(argv: readonly string[]): number {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message ? `check: ${printable(e.message)}\n` : ''}${USAGE}\n`);
    return 2;
  }
  let inputs: Inputs;
  try {
    inputs = readInputs(args);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    process.stderr.write(`check: ${printable(e.message)}\n`);
    return 2;
  }
  const { coverage, outline, context } = inputs;
  collectGarbage();
  const own = validateCoverage(coverage, { toleranceM: args.toleranceM, ...(outline ? { outline } : {}) });
  const across = context.length > 0 ? issuesAcrossProvinces(coverage, new Map(context.map((u) => [u.id, u])), { toleranceM: args.toleranceM }) : [];
  const issues = across.length > 0 ? [...own, ...across].sort(compareIssues) : own;
  const errors = issues.filter((i) => i.severity === 'error').length;
  if (args.json) {
    const out = {
      units: coverage.units.size,
      toleranceM: args.toleranceM,
      issues: issues.map(jsonIssue),
      summary: { errors, warnings: issues.length - errors },
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else {
    process.stdout.write(`${printableLines(table(coverage.units.size, args.files.length, args.toleranceM, issues))}\n`);
  }
  return errors > 0 ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  // Whatever slipped past the input checks: one line and exit 2 (never 1, which means "errors found").
  process.stderr.write(`check: cannot check: ${printable(e instanceof Error ? `${e.name}: ${e.message}` : String(e))}\n`);
  process.exitCode = 2;
}
