// The page's side of the import worker: one worker per file, requests answered in order, progress
// passed on, and cancel = terminate (whatever the worker is doing, inflating a bomb or parsing 60 MB,
// stops at once and its memory goes with it). A worker that dies rejects what is pending with its error.
import type { ProposalDecision } from '../core/actions/apply-proposal';
import type { Coverage } from '../core/model/types';
import type { ImportPhase, ImportReadOptions } from '../io/import-preview';
import type { ImportRequest, ImportRequestBody, ImportResponse } from './import-protocol';

export type PreviewAnswer = Extract<ImportResponse, { kind: 'preview' }>;
export type ApplyAnswer = Extract<ImportResponse, { kind: 'applied' }>;
export type Progress = (phase: ImportPhase, done: number, total: number) => void;

/** Rejection of every request pending when the user cancelled. */
export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled');
    this.name = 'ImportCancelled';
  }
}

export interface ReadRequest {
  /** The file; absent, the worker re-reads the bytes it kept (another coordinate system, say). */
  readonly file?: Blob;
  readonly fileName: string;
  readonly options: ImportReadOptions;
  readonly coverage: Coverage | null;
  readonly toleranceM: number;
}

export interface ImportJob {
  read(r: ReadRequest, progress: Progress): Promise<PreviewAnswer>;
  /** The topology of the last file read without fault. */
  build(progress: Progress): Promise<Coverage>;
  /** The last file read applied to the draft it was compared with: the difference, or a refusal. */
  apply(decision: ProposalDecision, progress: Progress): Promise<ApplyAnswer>;
  /** Stops the worker; whatever is pending rejects with ImportCancelled. Later requests too. */
  cancel(): void;
}

interface Pending {
  readonly progress: Progress;
  readonly resolve: (m: ImportResponse) => void;
  readonly reject: (e: Error) => void;
}

export function importWorker(): ImportJob {
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, Pending>();
  let next = 1;
  let dead: Error | null = null;
  const stop = (err: Error) => {
    dead ??= err;
    worker.terminate();
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.onmessage = (e: MessageEvent<ImportResponse>) => {
    const m = e.data;
    const p = pending.get(m.id);
    if (!p) return;
    if (m.kind === 'progress') return p.progress(m.phase, m.done, m.total);
    pending.delete(m.id);
    if (m.kind === 'failed') p.reject(new Error(m.error));
    else p.resolve(m);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    stop(new Error(`import worker failed: ${e.message || 'out of memory?'}`));
  };
  worker.onmessageerror = () => stop(new Error('import worker sent a message that could not be read'));
  const ask = (r: ImportRequestBody, progress: Progress): Promise<ImportResponse> => {
    if (dead) return Promise.reject(dead);
    const id = next++;
    return new Promise((resolve, reject) => {
      pending.set(id, { progress, resolve, reject });
      worker.postMessage({ ...r, id } as ImportRequest);
    });
  };
  return {
    async read(r, progress) {
      const m = await ask({ kind: 'read', ...r }, progress);
      if (m.kind !== 'preview') throw new Error(`import worker answered ${m.kind} to read`);
      return m;
    },
    async build(progress) {
      const m = await ask({ kind: 'build' }, progress);
      if (m.kind !== 'built') throw new Error(`import worker answered ${m.kind} to build`);
      return m.coverage;
    },
    async apply(decision, progress) {
      const m = await ask({ kind: 'apply', decision }, progress);
      if (m.kind !== 'applied') throw new Error(`import worker answered ${m.kind} to apply`);
      return m;
    },
    cancel() {
      stop(new ImportCancelled());
    },
  };
}
