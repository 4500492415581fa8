// ValidatorPort backed by the validation Web Worker. Requests are answered in order; a worker error
// rejects the pending request with the worker's message (never swallowed).
import type { ValidatorPort, ValidationRequest } from '../editor/validator-port';
import type { ValidationIssue } from '../core/validation/issue';
import type { ValidationOptions } from '../core/validation/options';
import type { WireRequest, WorkerRequest, WorkerResponse } from './validation-protocol';
import { packCoverage } from '../core/model/packed';

/** The request as it is posted, and the buffers that move with it. */
export function wireRequest(request: ValidationRequest): { request: WireRequest; transfer: Transferable[] } {
  if (request.kind === 'diff') return { request, transfer: [] };
  const packed = packCoverage(request.coverage);
  return { request: { kind: request.kind, packed }, transfer: [packed.coords.buffer, packed.offsets.buffer] };
}

export function workerValidator(): ValidatorPort {
  const worker = new Worker(new URL('./validation.worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, { resolve: (v: readonly ValidationIssue[]) => void; reject: (e: Error) => void }>();
  let next = 1;
  worker.onmessage = (e: MessageEvent<WorkerResponse>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    pending.delete(e.data.id);
    if (e.data.ok) p.resolve(e.data.issues);
    else p.reject(new Error(e.data.error));
  };
  // Once the worker has failed, every later check fails at once instead of waiting for ever.
  let failed: Error | null = null;
  const fail = (err: Error) => {
    failed = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.onerror = (e) => fail(new Error(`validation worker failed: ${e.message}`));
  worker.onmessageerror = () => fail(new Error('validation worker sent a message that could not be read'));
  return {
    setReference(oldUnits, year = null) {
      const msg: WorkerRequest = { kind: 'reference', oldUnits, year };
      worker.postMessage(msg);
    },
    setContext(units) {
      const msg: WorkerRequest = { kind: 'context', units };
      worker.postMessage(msg);
    },
    check(request: ValidationRequest, options: ValidationOptions) {
      if (failed) return Promise.reject(failed);
      const id = next++;
      return new Promise((resolve, reject) => {
        // Packing the coverage and posting it run inside the executor: what they throw (a coverage too
        // large for a typed array, a value that cannot be cloned) rejects this check, which the editor
        // shows as its 'error' state, instead of escaping into the editor with its check half started.
        const wire = wireRequest(request);
        const msg: WorkerRequest = { kind: 'check', id, request: wire.request, options };
        worker.postMessage(msg, wire.transfer);
        pending.set(id, { resolve, reject });
      });
    },
    dispose() {
      worker.terminate();
    },
  };
}
