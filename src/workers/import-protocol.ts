// Messages between the import dialog and the import worker. One worker serves one file: it reads the
// file once, keeps its bytes and what it read, and answers re-reads (another coordinate system, leaving
// out non-polygons) and the build of a new draft without the file crossing again. Everything that
// crosses is plain data (structured clone); cancelling is terminating the worker.
import type { ProposalDecision } from '../core/actions/apply-proposal';
import type { Refusal } from '../core/actions/refusal';
import type { CoverageDiff } from '../core/history/diff';
import type { Coverage } from '../core/model/types';
import type { ImportPhase, ImportPreview, ImportReadOptions } from '../io/import-preview';
import type { IoError } from '../io/errors';

export type ImportRequest =
  /** Reads `file` (or the bytes kept from the last read when it is absent) and previews it against `coverage`. */
  | {
      readonly kind: 'read';
      readonly id: number;
      readonly file?: Blob;
      readonly fileName: string;
      readonly options: ImportReadOptions;
      readonly coverage: Coverage | null;
      readonly toleranceM: number;
    }
  /** The topology of the last file read without fault: the base of a new draft. */
  | { readonly kind: 'build'; readonly id: number }
  /** The last file read without fault applied to the draft it was compared with, as the user decided. */
  | { readonly kind: 'apply'; readonly id: number; readonly decision: ProposalDecision };

export type ImportResponse =
  | { readonly kind: 'progress'; readonly id: number; readonly phase: ImportPhase; readonly done: number; readonly total: number }
  | { readonly kind: 'preview'; readonly id: number; readonly ok: true; readonly preview: ImportPreview }
  | { readonly kind: 'preview'; readonly id: number; readonly ok: false; readonly errors: readonly IoError[] }
  | { readonly kind: 'built'; readonly id: number; readonly coverage: Coverage }
  /** What applying changes in the draft (only the changed arcs and units cross back), or why it cannot. */
  | { readonly kind: 'applied'; readonly id: number; readonly ok: true; readonly diff: CoverageDiff }
  | { readonly kind: 'applied'; readonly id: number; readonly ok: false; readonly refusal: Refusal }
  /** An unexpected exception (a bug, or memory): its text, never swallowed. */
  | { readonly kind: 'failed'; readonly id: number; readonly error: string };

/** A request before the client numbers it. */
export type ImportRequestBody = ImportRequest extends infer R ? (R extends ImportRequest ? Omit<R, 'id'> : never) : never;
