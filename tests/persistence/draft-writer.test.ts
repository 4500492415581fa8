// Errors cross the save worker's boundary with their kind intact: the session decides between "stop"
// (conflict, deleted), "write it whole again" (lost) and "reopen and retry" (a full disk) by them.
import { describe, expect, it } from 'vitest';
import { DraftConflictError, DraftNotFoundError } from '../../src/persistence/draft-io';
import { fromWire, isInDoubt, toWire, WorkerWriter, type WorkerLike, type WriteRequest, type WriteResponse } from '../../src/persistence/draft-writer';
import { saveFailureKind } from '../../src/editor/save-failure';
import { ManualTimers, quotaError, settle } from './helpers';

const roundTrip = (e: unknown) => fromWire(structuredClone(toWire(e)));

describe('save worker errors', () => {
  it('keep the refusals the session acts on', () => {
    const conflict = roundTrip(new DraftConflictError('d1'));
    expect(conflict).toBeInstanceOf(DraftConflictError);
    expect((conflict as DraftConflictError).draftId).toBe('d1');
    expect(roundTrip(new DraftNotFoundError('d2'))).toBeInstanceOf(DraftNotFoundError);
  });

  it('keep the browser error a full disk gives, wrapped or not', () => {
    expect(saveFailureKind(roundTrip(quotaError()))).toBe('quota');
    const wrapped = Object.assign(new Error('bulkPut failed'), { name: 'BulkError', inner: quotaError() });
    expect(saveFailureKind(roundTrip(wrapped))).toBe('quota');
    const closed = Object.assign(new Error('Database has been closed'), { name: 'DatabaseClosedError' });
    expect(roundTrip(closed).name).toBe('DatabaseClosedError');
    const aborted = Object.assign(new Error('steps.bulkPut(): 1 of 1 operations failed. Errors: AbortError: The transaction was aborted'), { name: 'BulkError' });
    expect(saveFailureKind(roundTrip(aborted))).toBe('aborted');
    expect(roundTrip('plain text').message).toBe('plain text');
  });
});

describe('a new draft', () => {
  it('is added through the store’s writer (the save worker in the browser), base and all', async () => {
    const { ConnectionWriter } = await import('../../src/persistence/draft-writer');
    const { WorkspaceDb } = await import('../../src/persistence/db');
    const { storeFor, tinyCoverage, uniqueDbName } = await import('./helpers');
    const name = uniqueDbName('create-through-writer');
    // Another connection, as the worker has: what it adds is what the store reads back.
    const inner = new ConnectionWriter(new WorkspaceDb(name));
    const created: string[] = [];
    const writer = {
      write: inner.write.bind(inner),
      create: (row: Parameters<typeof inner.create>[0], rows: Parameters<typeof inner.create>[1]) => {
        created.push(row.id);
        return inner.create(row, rows);
      },
    };
    const store = storeFor(name, { writer });
    const d = await store.create({ name: 'x', province: '31', dataVersion: 'v1', base: tinyCoverage() });
    expect(created).toEqual([d.id]);
    const o = await store.open(d.id);
    expect(o.history.steps[0]!.coverage.arcs).toEqual(tinyCoverage().arcs);
    await o.session.close();
  });
});

/** A worker that records what it is sent and answers only when told. */
class FakeWorker implements WorkerLike {
  onmessage: ((e: MessageEvent<WriteResponse>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  readonly sent: WriteRequest[] = [];
  terminated = false;
  postMessage(m: WriteRequest): void {
    this.sent.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(id: number): void {
    this.onmessage?.({ data: { id, ok: true, result: null } } as MessageEvent<WriteResponse>);
  }
}

/** A writer on fake workers (each one it starts is kept) with a copy limit of 20 s and the given save limit. */
function fakeWriter(saveMs?: number) {
  const timers = new ManualTimers();
  const workers: FakeWorker[] = [];
  const writer = new WorkerWriter('db', () => {
    const w = new FakeWorker();
    workers.push(w);
    return w;
  }, timers, 20_000, saveMs);
  return { timers, workers, writer };
}

describe('a second copy the browser never answers', () => {
  const setup = () => fakeWriter();
  const bytes = () => new Uint8Array(8);

  it('fails after 20 s and ends the worker with it; the next request starts a new worker', async () => {
    const { timers, workers, writer } = setup();
    let outcome: unknown = 'pending';
    void writer.copy('d1', bytes()).then(() => (outcome = 'done'), (e: unknown) => (outcome = e));
    timers.advance(19_999);
    await settle(0);
    expect(outcome).toBe('pending');
    timers.advance(1);
    await settle(0);
    expect(outcome).toMatchObject({ name: 'TimeoutError', message: 'the second copy had no answer in 20 s' });
    expect(saveFailureKind(outcome)).toBe('unanswered');
    expect(workers[0]!.terminated).toBe(true);
    const next = writer.copy('d1', bytes());
    expect(workers).toHaveLength(2);
    workers[1]!.answer(workers[1]!.sent[0]!.id);
    await expect(next).resolves.toBeUndefined();
    expect(timers.pending()).toBe(0);
  });

  it('with a save in flight, fails the copy but keeps the worker (the save’s outcome must stay known)', async () => {
    const { timers, workers, writer } = setup();
    const copy = writer.copy('d1', bytes());
    const save = writer.create({ id: 'd1' } as never, { arcs: [], units: [], base: {} } as never);
    timers.advance(20_000);
    await expect(copy).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(workers[0]!.terminated).toBe(false);
    workers[0]!.answer(workers[0]!.sent[1]!.id);
    await expect(save).resolves.toBeUndefined();
  });

  it('a copy answered in time leaves no timer and no failure', async () => {
    const { timers, workers, writer } = setup();
    const copy = writer.copy('d1', bytes());
    timers.advance(5_000);
    workers[0]!.answer(workers[0]!.sent[0]!.id);
    await expect(copy).resolves.toBeUndefined();
    expect(timers.pending()).toBe(0);
    timers.advance(60_000);
    expect(workers[0]!.terminated).toBe(false);
  });
});

describe('a save the browser never answers', () => {
  const setup = () => fakeWriter(30_000);
  const rows = { base: null, stepPuts: [], stepDeletes: [], next: { baseSeq: 0, headSeq: 1, lastSeq: 1 } };
  const extras = { expected: { baseSeq: 0, headSeq: 0, lastSeq: 0, updated: 1 }, reviews: new Map(), errorCount: undefined, updated: 2 };

  it('fails "in doubt" after 30 s, ends the worker with everything in it, and the next save starts a new one', async () => {
    const { timers, workers, writer } = setup();
    let outcome: unknown = 'pending';
    void writer.write('d1', rows, extras).then(() => (outcome = 'done'), (e: unknown) => (outcome = e));
    const copy = writer.copy('d1', new Uint8Array(8));
    timers.advance(20_000);
    // The copy gives up at 20 s but the worker stays: the save in it has not.
    await expect(copy).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(workers[0]!.terminated).toBe(false);
    timers.advance(9_999);
    await settle(0);
    expect(outcome).toBe('pending');
    timers.advance(1);
    await settle(0);
    expect(outcome).toMatchObject({ name: 'TimeoutError', inDoubt: true, message: 'the save had no answer in 30 s' });
    expect(isInDoubt(outcome)).toBe(true);
    expect(saveFailureKind(outcome)).toBe('unanswered');
    expect(workers[0]!.terminated).toBe(true);
    const next = writer.write('d1', rows, extras);
    expect(workers).toHaveLength(2);
    workers[1]!.answer(workers[1]!.sent[0]!.id);
    await expect(next).resolves.toBeNull();
    expect(timers.pending()).toBe(0);
  });

  it('a save answered in time leaves no timer', async () => {
    const { timers, workers, writer } = setup();
    const save = writer.write('d1', rows, extras);
    timers.advance(29_000);
    workers[0]!.answer(workers[0]!.sent[0]!.id);
    await expect(save).resolves.toBeNull();
    expect(timers.pending()).toBe(0);
    expect(workers[0]!.terminated).toBe(false);
  });
});
