import type { ValidationIssue } from '../core/validation/issue';
import type { ValidationOptions } from '../core/validation/options';
import type { ValidationRequest } from '../editor/validator-port';

export interface WorkerRequest {
  readonly id: number;
  readonly request: ValidationRequest;
  readonly options: ValidationOptions;
}

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly issues: readonly ValidationIssue[] }
  | { readonly id: number; readonly ok: false; readonly error: string };
