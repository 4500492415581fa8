import type { ValidationIssue } from '../core/validation/issue';
import type { ValidationOptions } from '../core/validation/options';
import type { ValidationRequest } from '../editor/validator-port';
import type { OldUnitCollection } from '../core/report/merger/old-units';
import type { ContextUnits } from '../core/model/context-units';
import type { PackedCoverage } from '../core/model/packed';

/**
 * A request as it crosses to the worker: a whole coverage (a full check, a copy) goes packed, its arcs
 * in two typed arrays that move without a copy; cloning Lâm Đồng's arcs as arrays of pairs took
 * 0.3–0.5 s of the main thread per full check.
 */
export type WireRequest =
  | { readonly kind: 'full' | 'copy'; readonly packed: PackedCoverage }
  | Extract<ValidationRequest, { kind: 'diff' }>;

export type WorkerRequest =
  | { readonly kind: 'check'; readonly id: number; readonly request: WireRequest; readonly options: ValidationOptions }
  | { readonly kind: 'reference'; readonly oldUnits: OldUnitCollection | null; readonly year: number | null }
  | { readonly kind: 'context'; readonly units: ContextUnits };

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly issues: readonly ValidationIssue[] }
  | { readonly id: number; readonly ok: false; readonly error: string };
