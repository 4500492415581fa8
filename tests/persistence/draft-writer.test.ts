// Errors cross the save worker's boundary with their kind intact: the session decides between "stop"
// (conflict, deleted), "write it whole again" (lost) and "reopen and retry" (a full disk) by them.
import { describe, expect, it } from 'vitest';
import { DraftConflictError, DraftNotFoundError } from '../../src/persistence/draft-io';
import { fromWire, toWire } from '../../src/persistence/draft-writer';
import { saveFailureKind } from '../../src/editor/save-failure';
import { quotaError } from './helpers';

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
