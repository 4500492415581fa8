// The worker's side of validation-client's wireRequest: a packed coverage back to the model.
import { unpackCoverage } from '../core/model/packed';
import type { ValidationRequest } from '../editor/validator-port';
import type { WireRequest } from './validation-protocol';

export function fromWire(r: WireRequest): ValidationRequest {
  return r.kind === 'diff' ? r : { kind: r.kind, coverage: unpackCoverage(r.packed) };
}
