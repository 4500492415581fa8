// Messages between the main thread and the province-decode worker.
import type { PackedCoverage } from '../core/model/packed';

/** A province file's bytes (moved to the worker) and its name for error messages. */
export interface DecodeRequest {
  readonly id: number;
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly file: string;
}

export type DecodeResponse =
  | { readonly id: number; readonly ok: true; readonly coverage: PackedCoverage }
  | { readonly id: number; readonly ok: false; readonly error: string };
