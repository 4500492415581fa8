// Everything an import does before the user decides, as one pure function over bytes: read the file
// within the limits of limits.ts, turn its features into incoming units, compare them with the open
// draft and list what is wrong with applying them. The import worker runs it off the main thread; the
// command line and the tests call it directly. Its result is plain data (structured-clone safe).
import { compareProposal, type IncomingUnit, type ProposalRow } from '../core/actions/apply-proposal';
import { proposalProblems, type ProposalProblems } from '../core/actions/proposal-problems';
import { coverageFromFeatures, readUnitAttrs, type Coverage } from '../core/model';
import type { SourceCrs } from './crs';
import type { IoError } from './errors';
import { readAnyFile, type ReadOptions } from './formats';
import type { ImportedLayer } from './import-types';

/** Reading options that can cross to a worker (no injected parser). */
export type ImportReadOptions = Omit<ReadOptions, 'domParser'>;

/** Steps of an import, in order; the UI names each. */
export type ImportPhase = 'read' | 'parse' | 'compare' | 'check' | 'build' | 'apply';

/** `total` 0: the step cannot say how far it is (one library call, such as JSON.parse). */
export type ProgressSink = (phase: ImportPhase, done: number, total: number) => void;

export interface ImportPreview {
  readonly featureCount: number;
  readonly crs: SourceCrs;
  readonly crsFrom: ImportedLayer['crsFrom'];
  readonly warnings: readonly IoError[];
  readonly incoming: readonly IncomingUnit[];
  /** Each incoming unit against ours (empty when no draft is open). */
  readonly rows: readonly ProposalRow[];
  readonly problems: ProposalProblems;
}

/** The layer read stays where it was read (the worker), for a new draft; the preview is what is shown. */
export type ImportPreviewResult =
  | { readonly ok: true; readonly preview: ImportPreview; readonly layer: ImportedLayer }
  | { readonly ok: false; readonly errors: readonly IoError[] };

export interface PreviewInput {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly options?: ImportReadOptions;
  /** The open draft, or null. */
  readonly coverage: Coverage | null;
  /** Overlaps no wider than this are slivers that snapping fixes (m). */
  readonly toleranceM: number;
}

export function incomingUnits(layer: ImportedLayer): IncomingUnit[] {
  return layer.features.map((f) => ({
    attrs: readUnitAttrs(f.properties),
    geometry: f.geometry.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [f.geometry.coordinates] } : f.geometry,
  }));
}

export function previewImport(input: PreviewInput, progress: ProgressSink = () => undefined): ImportPreviewResult {
  progress('parse', 0, 0);
  const read = readAnyFile(input.fileName, input.bytes, input.options ?? {});
  if (!read.ok) return { ok: false, errors: read.errors };
  const incoming = incomingUnits(read.value);
  const c = input.coverage;
  const rows: ProposalRow[] = [];
  if (c) {
    incoming.forEach((u, i) => {
      progress('compare', i, incoming.length);
      rows.push(compareProposal(c, [u])[0]!);
    });
  }
  const problems = proposalProblems(c, incoming, input.toleranceM, (done, total) => progress('check', done, total));
  return {
    ok: true,
    preview: { featureCount: read.value.features.length, crs: read.value.crs, crsFrom: read.value.crsFrom, warnings: read.warnings, incoming, rows, problems },
    layer: read.value,
  };
}

/** The topology of the file's units alone: the base of a new draft made from the file. */
export function importedCoverage(layer: ImportedLayer): Coverage {
  return coverageFromFeatures(layer.features);
}
