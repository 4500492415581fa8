// Web Worker: runs the validator off the main thread, so the map stays responsive during a full check.
import { ValidationSession } from '../editor/validation-session';
import type { WorkerRequest, WorkerResponse } from './validation-protocol';
import { fromWire } from './validation-wire';

const session = new ValidationSession();
const scope = self as unknown as { onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null; postMessage(m: WorkerResponse): void };

scope.onmessage = (e) => {
  if (e.data.kind === 'reference') {
    session.setReference(e.data.oldUnits, e.data.year);
    return;
  }
  if (e.data.kind === 'context') {
    session.setContext(e.data.units);
    return;
  }
  const { id, request, options } = e.data;
  try {
    const issues = session.run(fromWire(request), options);
    scope.postMessage({ id, ok: true, issues });
  } catch (err) {
    scope.postMessage({ id, ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
};
