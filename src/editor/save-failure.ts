// What kind of failure stopped a save, for a message the officer can act on. Browsers and Dexie name the
// same fault differently (Dexie wraps the IndexedDB error as `inner`; Chromium reports a full disk as a
// QuotaExceededError or, below the quota, as an UnknownError on the write), so the names are read here once.

export type SaveFailureKind = 'quota' | 'closed' | 'aborted' | 'lost' | 'unanswered' | 'refused' | 'other';

/**
 * A write to the browser's storage other than the database failed (Cache Storage on a full disk answers
 * "Unexpected internal error" or "Entry already exists", with no name that says why): what was being
 * written, and the browser's error as the cause.
 */
export class StorageWriteError extends Error {
  override readonly name = 'StorageWriteError';
  constructor(what: string, override readonly cause: unknown) {
    super(`${what}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export function saveFailureKind(error: unknown): SaveFailureKind {
  const names: string[] = [];
  const texts: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = (e as { inner?: unknown }).inner, depth++) {
    names.push(e.name);
    texts.push(e.message.toLowerCase());
  }
  // The draft's rows are gone from a database the browser discarded while the tab was open (a draft deleted
  // on purpose makes the session read-only instead, never a failed save): the retry writes it whole.
  if (names.includes('DraftNotFoundError')) return 'lost';
  // A write the browser never answered (draft-writer.ts gives up on a second copy after 20 s).
  if (names.includes('TimeoutError')) return 'unanswered';
  if (names.includes('StorageWriteError')) return 'refused';
  if (names.includes('QuotaExceededError') || texts.some((m) => m.includes('quota') || m.includes('no space') || m.includes('disk is full'))) return 'quota';
  if (names.some((n) => n === 'DatabaseClosedError' || n === 'InvalidStateError' || n === 'UnknownError' || n === 'OpenFailedError')) return 'closed';
  // Chromium aborts a transaction it cannot write (a full disk below the quota); Dexie reports the rows
  // of a bulk write as a BulkError whose failures are AbortErrors.
  if (names.some((n) => n === 'AbortError' || n === 'BulkError') || texts.some((m) => m.includes('aborted'))) return 'aborted';
  return 'other';
}
