// Structured import/export faults. Parsers return codes and values, never prose for the user: the UI
// phrases them (Vietnamese/English). `message` is a technical English detail for logs and the CLI.

export type IoErrorCode =
  | 'not-json'
  | 'not-geojson'
  | 'wrong-type'
  | 'empty'
  | 'not-polygon'
  /** A reference layer's feature has no geometry (null, or an empty one): left out, listed as a warning. */
  | 'no-geometry'
  | 'bad-coordinates'
  | 'out-of-range'
  | 'coordinates-not-lonlat'
  | 'crs-unconfirmed'
  | 'unknown-crs'
  | 'missing-prj'
  | 'towgs84-differs'
  | 'several-layers'
  | 'broken-zip'
  | 'no-shapefile'
  | 'broken-shp'
  | 'broken-dbf'
  | 'bad-encoding'
  | 'not-kml'
  | 'bad-csv'
  | 'too-few-points'
  | 'duplicate-code'
  | 'too-large'
  | 'field-truncated'
  /** An export stores a property under another name (a dBase column of at most 10 ASCII characters). */
  | 'field-renamed'
  /** A value was changed because the format or GIS software cannot hold it (XML control characters, NUL). */
  | 'value-changed'
  /** A writer failed unexpectedly; the detail is in the message, nothing was written. */
  | 'write-failed'
  | 'unsupported-format';

export interface IoError {
  readonly code: IoErrorCode;
  /** The file's name as the user gave it. */
  readonly file: string;
  /** Feature index (0-based) in the source, or the unit code when that is how the source names it. */
  readonly feature?: number | string;
  /** Property, column or member concerned. */
  readonly field?: string;
  /** Technical detail in English (logs, command line); the UI phrases the code and values itself. */
  readonly message: string;
  /** Measured or offending values, for the UI's message. */
  readonly values?: Readonly<Record<string, string | number | readonly (string | number)[]>>;
}

export type IoResult<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly IoError[] }
  | { readonly ok: false; readonly errors: readonly IoError[] };

export function ok<T>(value: T, warnings: readonly IoError[] = []): IoResult<T> {
  return { ok: true, value, warnings };
}

export function fail<T = never>(errors: IoError | readonly IoError[]): IoResult<T> {
  return { ok: false, errors: Array.isArray(errors) ? (errors as readonly IoError[]) : [errors as IoError] };
}

/** Text of an unexpected exception from a library, kept as detail (never swallowed). */
export function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/** One line per error, for the command line: "file: feature 3 (field x): code: message". */
export function formatIoError(e: IoError): string {
  const where = [
    e.feature !== undefined ? `feature ${e.feature}` : null,
    e.field !== undefined ? `field ${e.field}` : null,
  ].filter(Boolean);
  return `${e.file}${where.length ? `: ${where.join(', ')}` : ''}: ${e.code}: ${e.message}`;
}
