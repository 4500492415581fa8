import type { ValidationIssue } from '../core/validation/issue';
import type { ValidationOptions } from '../core/validation/options';
import type { ValidationRequest } from '../editor/validator-port';
import type { OldUnitCollection } from '../core/report/merger/old-units';
import type { ContextUnits } from '../core/model/context-units';

export type WorkerRequest =
  | { readonly kind: 'check'; readonly id: number; readonly request: ValidationRequest; readonly options: ValidationOptions }
  | { readonly kind: 'reference'; readonly oldUnits: OldUnitCollection | null; readonly year: number | null }
  | { readonly kind: 'context'; readonly units: ContextUnits };

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly issues: readonly ValidationIssue[] }
  | { readonly id: number; readonly ok: false; readonly error: string };
