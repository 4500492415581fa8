// Where a save's transaction runs. In the browser a worker runs it on its own connection: on a busy main
// thread (the map drawing, the checks' results arriving) every IndexedDB callback of a transaction waits
// behind a long task, and a one-row save took 0.6–1.1 s; in a worker it waits for none of them. In Node
// and the tests the same function runs in the calling thread.
import { realTimers, type Timers } from './autosave';
import type { WorkspaceDb } from './db';
import { addDraft, DraftConflictError, DraftNotFoundError, writePlan, type BaseRows, type PlanRows, type WriteExtras, type WriteResult } from './draft-io';
import type { DraftRow } from './rows';

export interface DraftWriter {
  /** Writes the rows in one transaction; rejects with DraftConflictError, DraftNotFoundError or the cause. */
  write(draftId: string, rows: PlanRows, extras: WriteExtras): Promise<WriteResult>;
  /**
   * Adds a new draft with its base in one transaction. In a worker: for the largest province adding the
   * rows took 0.5–0.8 s of the main thread while the map waited to draw. Sending them to the worker
   * still serialises them on the sending thread (postMessage's structured clone); the worker reads them
   * back and runs the adds and the transaction.
   */
  create(row: DraftRow, rows: BaseRows): Promise<void>;
}

/** Runs writes on a connection, reopening it before the next write after any failure but a refusal. */
export class ConnectionWriter implements DraftWriter {
  private needsReopen = false;

  constructor(private readonly db: WorkspaceDb) {}

  write(draftId: string, rows: PlanRows, extras: WriteExtras): Promise<WriteResult> {
    return this.run(() => writePlan(this.db, draftId, rows, extras));
  }

  create(row: DraftRow, rows: BaseRows): Promise<void> {
    return this.run(() => addDraft(this.db, row, rows));
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.needsReopen) {
      await this.db.reopen();
      this.needsReopen = false;
    }
    try {
      return await fn();
    } catch (e) {
      // After a full disk the browser may have closed the connection: the next write opens it afresh.
      if (!(e instanceof DraftConflictError) && !(e instanceof DraftNotFoundError)) this.needsReopen = true;
      throw e;
    }
  }
}

/** An error as it crosses a worker boundary: names kept, so the kind of failure can still be told. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly draftId?: string;
  readonly inner?: { readonly name: string; readonly message: string };
}

export function toWire(e: unknown): WireError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const inner = (e as { inner?: unknown }).inner;
  return {
    name: e.name,
    message: e.message,
    ...('draftId' in e && typeof e.draftId === 'string' ? { draftId: e.draftId } : {}),
    ...(inner instanceof Error ? { inner: { name: inner.name, message: inner.message } } : {}),
  };
}

export function fromWire(w: WireError): Error {
  if (w.name === 'DraftConflictError') return new DraftConflictError(w.draftId ?? '');
  if (w.name === 'DraftNotFoundError') return new DraftNotFoundError(w.draftId ?? '');
  const e = new Error(w.message);
  e.name = w.name;
  if (w.inner) {
    const inner = new Error(w.inner.message);
    inner.name = w.inner.name;
    Object.assign(e, { inner });
  }
  return e;
}

export type WriteRequest =
  | { readonly kind: 'write'; readonly id: number; readonly dbName: string; readonly draftId: string; readonly rows: PlanRows; readonly extras: WriteExtras }
  | { readonly kind: 'create'; readonly id: number; readonly dbName: string; readonly row: DraftRow; readonly rows: BaseRows }
  /** A draft's second copy, encoded by the sender (mirror.ts), written to each copy folder (copy-folders.ts). */
  | { readonly kind: 'copy'; readonly id: number; readonly draftId: string; readonly bytes: Uint8Array<ArrayBuffer> };

export type WriteResponse =
  | { readonly id: number; readonly ok: true; readonly result: WriteResult | null }
  | { readonly id: number; readonly ok: false; readonly error: WireError };

/** What WorkerWriter needs of a worker (a fake in the unit tests). */
export type WorkerLike = Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((e: MessageEvent<WriteResponse>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  onmessageerror: (() => void) | null;
};

// A second copy takes 150–260 ms on a loaded machine. One with no answer after 20 s is stuck in the
// browser (seen on a full disk: the copy never settled, even once space came back); saves wait for the
// copy before them (session.ts), so a stuck copy stalled every later save for good.
export const COPY_ANSWER_MS = 20_000;
// A save with no answer after 30 s (the status has said "stalled" since 10 s) is given up: the worker is
// ended with the transaction in it, and the next save starts a new one. Its outcome is unknown ("in
// doubt": it may have committed just before), which the session settles before writing again.
export const SAVE_ANSWER_MS = 30_000;

/** A save given up with no answer: it may or may not have committed. */
export class SaveInDoubtError extends Error {
  override readonly name = 'TimeoutError';
  readonly inDoubt = true;
}

export function isInDoubt(e: unknown): boolean {
  return e instanceof Error && (e as { inDoubt?: unknown }).inDoubt === true;
}

/** Writes through one worker shared by every session of the tab. */
export class WorkerWriter implements DraftWriter {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: WriteResult | null) => void; reject: (e: unknown) => void; copy: boolean }>();

  constructor(
    private readonly dbName: string,
    private readonly makeWorker: () => WorkerLike = () =>
      new Worker(new URL('./draft-write.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike,
    private readonly timers: Pick<Timers, 'setTimeout' | 'clearTimeout'> = realTimers,
    private readonly copyAnswerMs = COPY_ANSWER_MS,
    private readonly saveAnswerMs = SAVE_ANSWER_MS,
  ) {}

  private start(): WorkerLike {
    if (this.worker) return this.worker;
    const w = this.makeWorker();
    w.onmessage = (e: MessageEvent<WriteResponse>) => {
      const m = e.data;
      const p = this.waiting.get(m.id);
      if (!p) return;
      this.waiting.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(fromWire(m.error));
    };
    // A worker that dies fails every write in flight (the autosave retries them) and is started again.
    w.onerror = (e) => this.fail(new Error(`the save worker stopped: ${e.message || 'unknown error'}`));
    w.onmessageerror = () => this.fail(new Error('the save worker sent what could not be read'));
    this.worker = w;
    return w;
  }

  private fail(error: Error): void {
    this.worker?.terminate();
    this.worker = null;
    for (const p of this.waiting.values()) p.reject(error);
    this.waiting.clear();
  }

  /**
   * A save in the worker. One with no answer after `saveAnswerMs` fails with SaveInDoubtError, and the
   * worker is ended with everything in it (a stuck transaction would hold every later one).
   */
  write(draftId: string, rows: PlanRows, extras: WriteExtras): Promise<WriteResult> {
    let id = 0;
    const sent = this.send((n) => ({ kind: 'write', id: (id = n), dbName: this.dbName, draftId, rows, extras }));
    const timer = this.timers.setTimeout(() => {
      if (!this.waiting.has(id)) return;
      // The worker goes, and every request waiting in it fails (the autosave and the copies retry).
      const error = new SaveInDoubtError(`the save had no answer in ${Math.round(this.saveAnswerMs / 1000)} s`);
      this.fail(error);
    }, this.saveAnswerMs);
    return sent.finally(() => this.timers.clearTimeout(timer)) as Promise<WriteResult>;
  }

  create(row: DraftRow, rows: BaseRows): Promise<void> {
    return this.send((id) => ({ kind: 'create', id, dbName: this.dbName, row, rows })).then(() => undefined);
  }

  /**
   * Writes a draft's encoded copy in the worker; the bytes are moved, not copied. A copy with no answer
   * after `copyAnswerMs` fails; if no save is in flight then, the worker (and the stuck write in it) is
   * ended and the next request starts a new one. With a save in flight the worker is kept: ending it
   * would leave that save's outcome unknown.
   */
  copy(draftId: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    let id = 0;
    const sent = this.send((n) => ({ kind: 'copy', id: (id = n), draftId, bytes }), [bytes.buffer], true);
    const timer = this.timers.setTimeout(() => {
      const p = this.waiting.get(id);
      if (!p) return;
      const error = new Error(`the second copy had no answer in ${Math.round(this.copyAnswerMs / 1000)} s`);
      error.name = 'TimeoutError';
      if ([...this.waiting.values()].every((w) => w.copy)) this.fail(error);
      else {
        this.waiting.delete(id);
        p.reject(error);
      }
    }, this.copyAnswerMs);
    return sent.finally(() => this.timers.clearTimeout(timer)).then(() => undefined);
  }

  private send(make: (id: number) => WriteRequest, transfer: Transferable[] = [], copy = false): Promise<WriteResult | null> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject, copy });
      try {
        this.start().postMessage(make(id), transfer);
      } catch (e) {
        this.waiting.delete(id);
        reject(e);
      }
    });
  }
}
