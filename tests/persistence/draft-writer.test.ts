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
