// What the export decides, as plain data the dialog renders: the formats, the gate (which errors still
// block), the exceptions written with a submission, the summary of the checks. Kept out of React so it is
// tested without a browser, and built on the issues the validation worker computed, never on a check run
// here on the main thread.
import type { ValidationIssue } from '../core/validation/issue';
import type { Review } from './draft-store-port';

export type ExportFormat = 'submission' | 'vn2000-geojson' | 'kml' | 'shapefile-wgs84' | 'shapefile-vn2000' | 'topojson';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['submission', 'vn2000-geojson', 'kml', 'shapefile-wgs84', 'shapefile-vn2000', 'topojson'];

/** The file extension of each format (the writer is chosen by it). */
export const EXPORT_EXTENSION: Readonly<Record<ExportFormat, string>> = {
  submission: 'geojson',
  'vn2000-geojson': 'geojson',
  kml: 'kml',
  'shapefile-wgs84': 'zip',
  'shapefile-vn2000': 'zip',
  topojson: 'topojson',
};

/** Whether the format is written on the province's VN-2000 grid (the others are WGS 84). */
export function exportOnGrid(format: ExportFormat): boolean {
  return format === 'vn2000-geojson' || format === 'shapefile-vn2000';
}

/** An issue accepted as an exception, with its reason, as the submission file lists it. */
export interface ExportException {
  readonly issueId: string;
  readonly kind: string;
  readonly units: readonly string[];
  readonly reason: string;
}

/**
 * The gate before the download button:
 * - checking: the worker has not checked the coverage as it is now (an edit, a load): its issues could
 *   be stale, so the gate waits for them rather than pass or block on old results;
 * - failed: the check failed, so nothing says the draft is clean;
 * - blocked: errors in scope that are neither resolved nor excepted;
 * - clear: the export may go.
 */
export type ExportGate =
  | { readonly status: 'checking' }
  | { readonly status: 'failed'; readonly message: string }
  | { readonly status: 'blocked'; readonly blocking: readonly ValidationIssue[] }
  | { readonly status: 'clear' };

export interface ExportGateInput {
  readonly issues: readonly ValidationIssue[];
  readonly reviews: ReadonlyMap<string, Review>;
  /** The units exported; all when absent. */
  readonly unitIds?: readonly string[];
  /** True when `issues` are the worker's answer for the coverage as it is now. */
  readonly current: boolean;
  /** Set when the last check failed. */
  readonly checkError?: string;
}

function inScope(i: ValidationIssue, unitIds: readonly string[] | undefined): boolean {
  return !unitIds || i.unitIds.some((u) => unitIds.includes(u));
}

export function exportGate(input: ExportGateInput): ExportGate {
  if (input.checkError !== undefined) return { status: 'failed', message: input.checkError };
  if (!input.current) return { status: 'checking' };
  const blocking = input.issues.filter(
    (i) => i.severity === 'error' && inScope(i, input.unitIds) && !['resolved', 'exception'].includes(input.reviews.get(i.id)?.status ?? 'open'),
  );
  return blocking.length > 0 ? { status: 'blocked', blocking } : { status: 'clear' };
}

/** The issues in scope the reviewer accepted as exceptions, with their reasons. */
export function exportExceptions(issues: readonly ValidationIssue[], reviews: ReadonlyMap<string, Review>, unitIds?: readonly string[]): ExportException[] {
  const out: ExportException[] = [];
  for (const i of issues) {
    const r = reviews.get(i.id);
    if (r?.status === 'exception' && inScope(i, unitIds)) out.push({ issueId: i.id, kind: i.kind, units: i.units, reason: r.reason });
  }
  return out;
}

/**
 * Errors the check of the exported (rounded) copy found that the draft's checks did not: the file must be
 * exactly what the checks saw, so any of these stops the export. Their ids.
 */
export function newErrorsAfterRounding(draft: readonly ValidationIssue[], exported: readonly ValidationIssue[]): string[] {
  const before = new Set(draft.filter((i) => i.severity === 'error').map((i) => i.id));
  return exported.filter((i) => i.severity === 'error' && !before.has(i.id)).map((i) => i.id);
}

/** The summary written into a submission: what the checks of the exported copy found, and under what tolerance. */
export interface CheckSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly exceptions: number;
  readonly toleranceM: number;
}

export function checkSummary(exported: readonly ValidationIssue[], exceptions: number, toleranceM: number): CheckSummary {
  return {
    errors: exported.filter((i) => i.severity === 'error').length,
    warnings: exported.filter((i) => i.severity === 'warning').length,
    exceptions,
    toleranceM,
  };
}
