// A failure of a workspace action in the user's words where the app knows its kind; otherwise the
// error's own message (never swallowed, never a bare "error").
import { UnsavedDraftError } from '../../editor/workspace';
import { saveFailureKind } from '../../editor/save-failure';
import type { Messages } from './messages';

/** A write the browser's storage refused or dropped (a full disk, most often), not a fault of the app. */
export function isStorageFailure(e: unknown): boolean {
  return saveFailureKind(e) !== 'other';
}

export function errorText(t: Messages, e: unknown): string {
  if (e instanceof UnsavedDraftError) return t.unsavedDraft(e.draftName);
  const detail = e instanceof Error ? e.message : String(e);
  return isStorageFailure(e) ? t.storageWriteFailed(detail) : detail;
}
