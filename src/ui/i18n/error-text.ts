// A failure of a workspace action in the user's words where the app knows its kind; otherwise the
// error's own message (never swallowed, never a bare "error").
import { UnsavedDraftError } from '../../editor/workspace';
import type { Messages } from './messages';

export function errorText(t: Messages, e: unknown): string {
  if (e instanceof UnsavedDraftError) return t.unsavedDraft(e.draftName);
  return e instanceof Error ? e.message : String(e);
}
