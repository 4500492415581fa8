// A failure of a workspace action in the user's words where the app knows its kind; otherwise the
// error's own message (never swallowed, never a bare "error").
import { UnsavedDraftError } from '../../editor/workspace';
import { saveFailureKind } from '../../editor/save-failure';
import type { Messages } from './messages';

/** Names in an error and the errors it carries (Dexie's `inner`, a BulkError's `failures`). */
function namesIn(e: unknown, depth = 0): string[] {
  if (!(e instanceof Error) || depth > 4) return [];
  const failures = (e as { failures?: unknown }).failures;
  return [e.name, ...namesIn((e as { inner?: unknown }).inner, depth + 1), ...(Array.isArray(failures) ? failures.flatMap((f) => namesIn(f, depth + 1)) : [])];
}

/**
 * A write the browser's storage refused or dropped (a full disk, most often), not a fault of the app or
 * of the data: not a draft missing (deleted in another tab) nor a key or value the database refused.
 */
export function isStorageFailure(e: unknown): boolean {
  const kind = saveFailureKind(e);
  if (kind === 'other' || kind === 'lost') return false;
  const names = namesIn(e);
  return !names.some((n) => n === 'ConstraintError' || n === 'DataError' || n === 'DraftNotFoundError' || n === 'DataCloneError');
}

export function errorText(t: Messages, e: unknown): string {
  if (e instanceof UnsavedDraftError) return t.unsavedDraft(e.draftName);
  const detail = e instanceof Error ? e.message : String(e);
  return isStorageFailure(e) ? t.storageWriteFailed(detail) : detail;
}
