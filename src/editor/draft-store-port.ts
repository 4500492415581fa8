// The port through which the editor and the drafts screen keep drafts (DESIGN.md §2): plain core types
// in and out, no database type. src/persistence implements it with Dexie; tests may implement it in memory.
//
// Saving is state-based, not operation-based: after every change the editor hands the session its whole
// History (an immutable value with structural sharing). The session compares it, by object identity, with
// the last History it wrote and writes only the difference: a new step row on an edit, the replaced step
// during a gesture, the head pointer on undo/redo, deletions when the redo stack is dropped. Because only
// the newest History matters, many changes within the throttle window coalesce into one write, and the
// editor never has to describe (or get wrong) what it did.
import type { Coverage } from '../core/model/types';
import type { History } from '../core/history/history';

export type DraftId = string;

export interface DraftSummary {
  readonly id: DraftId;
  readonly name: string;
  /** Province code or name the draft was made from, e.g. "31" (Hải Phòng). */
  readonly province: string;
  /** Epoch milliseconds. */
  readonly created: number;
  readonly updated: number;
  /** Version of the bundled data the draft was created from. */
  readonly dataVersion: string;
  /** Validation errors at the last save, or null when never validated. */
  readonly errorCount: number | null;
}

export interface NewDraft {
  readonly name: string;
  readonly province: string;
  readonly dataVersion: string;
  /** The starting coverage; it becomes the base, not an undo step (loading is never undoable). */
  readonly base: Coverage;
}

export type ReviewStatus = 'open' | 'resolved' | 'exception';

/** A review decision on one validation issue, keyed by the issue's deterministic id. */
export interface Review {
  readonly status: ReviewStatus;
  readonly reason: string;
  readonly author: string;
  /** Epoch milliseconds. */
  readonly time: number;
}

export interface VersionSummary {
  readonly id: number;
  readonly draftId: DraftId;
  readonly label: string;
  readonly time: number;
  readonly unitCount: number;
}

export type ReadOnlyReason = 'open-elsewhere' | 'taken-over' | 'requested' | 'changed-elsewhere' | 'deleted-elsewhere';

/** The steps of one save: reopen the database after a failure, wait for the previous second copy, write, copy. */
export type SaveStep = 'reopen' | 'previous-copy' | 'database' | 'copy';

export type SaveStatus =
  | { readonly kind: 'saved'; /** Epoch ms of the last successful write; null = nothing written yet this session. */ readonly at: number | null }
  | { readonly kind: 'saving' }
  /**
   * A write has had no answer since `since` (epoch ms); it is still awaited, the changes are only in the
   * tab. `step`: which step of the save was waiting when the stall was seen.
   */
  | { readonly kind: 'stalled'; readonly since: number; readonly step?: SaveStep | null }
  /** The last write failed; the database still holds the previous good state and the write is retried. */
  | { readonly kind: 'error'; readonly reason: string; readonly error: unknown; readonly retryInMs: number | null }
  /**
   * This tab does not write the draft: another tab holds it, took it over, the draft was opened with
   * mode 'read-only' ('requested'), or someone else wrote it since this tab read it ('changed-elsewhere':
   * a backup import, or a second writer where the browser has no Web Locks), or the draft was deleted
   * ('deleted-elsewhere': from the drafts screen of another tab). `error` is set when changes
   * could not be written (a failed save at the hand-over, or the conflict): they exist only in this tab.
   */
  | { readonly kind: 'read-only'; readonly reason: ReadOnlyReason; readonly error: unknown };

export type Access = 'write' | 'read-only';

/** One open draft. All mutating calls are synchronous and return at once; writes happen in the background. */
// A save takes under a second even on a loaded machine; one with no answer after 10 s is stuck somewhere
// in the browser (seen once after a restart on a full disk: "saving" for 90 s and more). The officer must
// know the change is only in the tab, rather than watch "saving" for ever.
export const DEFAULT_STALL_MS = 10_000;

export interface DraftSession {
  readonly draftId: DraftId;
  access(): Access;
  /** Hands over the editor's history after a change (edit, gesture step, undo, redo, bail). Never awaits. */
  record(history: History): void;
  /** Sets (or with null clears) the review of one issue; written with the next save. */
  setReview(issueId: string, review: Review | null): void;
  /** Error count shown in the drafts list; written with the next save. */
  setErrorCount(count: number | null): void;
  status(): SaveStatus;
  /** Called on every status change (including the switch to read-only). Returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Called when another tab saved this draft (useful for a read-only tab to offer a reload). */
  onExternalSave(listener: () => void): () => void;
  /** True while a change is not yet written (waiting, being written, or failed), read-only or not. */
  pending(): boolean;
  /** Writes whatever is pending now; rejects if the write fails (the status says so too). */
  flush(): Promise<void>;
  /** Flushes, then writes the second copy now if one waits, and resolves once every copy is written. */
  settle(): Promise<void>;
  /** Flushes, releases the tab lock and stops. */
  close(): Promise<void>;
  /** Stops and releases the tab lock without writing what is pending (the draft is being deleted). */
  discard(): void;
}

export interface OpenedDraft {
  readonly draft: DraftSummary;
  /** Base plus the stored steps, rebuilt with structural sharing; hand it straight to the editor. */
  readonly history: History;
  readonly reviews: ReadonlyMap<string, Review>;
  readonly session: DraftSession;
}

export interface OpenOptions {
  /**
   * 'write' (default): write if no other tab has the draft, otherwise open read-only.
   * 'take-over': ask the other tab to save and stop, then open for writing.
   * 'read-only': never write.
   */
  readonly mode?: 'write' | 'take-over' | 'read-only';
}

export interface StorageInfo {
  readonly usage: number | null;
  readonly quota: number | null;
  readonly persisted: boolean | null;
}

export type BackupErrorCode =
  /** Not JSON, or JSON that is not one of our backups. */
  | 'not-a-backup'
  /** Our header, but the file ends early or does not parse. */
  | 'truncated'
  /** A backup from a newer or unknown format version. */
  | 'unsupported-version'
  /** Parses, but its content is inconsistent (missing rows, bad types); `faults` lists what. */
  | 'corrupt'
  /** A draft in the backup has the id of a stored draft and no choice was made for it. */
  | 'clash'
  /** The checked backup is no longer held (checked in another call, or already imported). */
  | 'stale';

/** What is wrong with one draft (or setting) of a backup: a code for the UI, where, and a detail in English. */
export type BackupFaultCode =
  | 'draft-field'
  | 'history-pointers'
  | 'base'
  | 'coordinate'
  | 'arc-reference'
  | 'unit'
  | 'history-steps'
  | 'history-step'
  | 'version'
  | 'review'
  | 'duplicate-row'
  | 'forbidden-key'
  | 'orphan-rows'
  | 'setting';

export interface BackupFault {
  /** null when the fault belongs to no draft (a setting, rows without a draft id). */
  readonly draftId: string | null;
  /** The draft's name when it has a usable one. */
  readonly draftName: string | null;
  readonly code: BackupFaultCode;
  /** Which row and field, e.g. "steps[seq 3].diff.arcs[0]". */
  readonly where: string;
  readonly detail: string;
}

/** Facts that tell two states of a draft apart: when it was last changed and how many edits it holds. */
export interface DraftStamp {
  readonly name: string;
  readonly updated: number;
  /** Edits since the draft was created (undone ones excluded): the history head's sequence number. */
  readonly steps: number;
}

/** A draft of a checked backup that can be imported. */
export interface BackupDraftInfo extends DraftStamp {
  readonly id: DraftId;
  readonly versions: number;
  /** The stored draft with the same id, if any: importing must then replace it, copy, or skip. */
  readonly existing: DraftStamp | null;
}

export type BackupCheck =
  | {
      readonly ok: true;
      /** Handle for importChecked; the store keeps the checked rows until then. */
      readonly ref: number;
      readonly drafts: readonly BackupDraftInfo[];
      /** Drafts and settings that failed the checks: never imported. */
      readonly faults: readonly BackupFault[];
      readonly settings: number;
    }
  | { readonly ok: false; readonly code: BackupErrorCode; readonly detail: string; readonly faults?: readonly BackupFault[] };

/**
 * A stored draft that fails the checks a backup's drafts pass (a damaged row, a broken history step): it
 * cannot be opened, and says what is wrong so the user can export or delete it.
 */
export class DraftUnreadableError extends Error {
  override readonly name = 'DraftUnreadableError';
  constructor(
    readonly draftId: DraftId,
    readonly fault: { readonly code: BackupFaultCode; readonly where: string; readonly detail: string },
  ) {
    super(`draft ${draftId} cannot be opened: ${fault.code} at ${fault.where}: ${fault.detail}`);
  }
}

export type ClashChoice = 'replace' | 'copy' | 'skip';

export interface ImportChoices {
  /** Import the sound drafts of a backup that also has faulty ones (otherwise faults refuse the file). */
  readonly partial?: boolean;
  /** For drafts whose id is already stored: one choice for all, or one per draft id. */
  readonly clash?: ClashChoice | Readonly<Record<DraftId, ClashChoice>>;
  /** Name of a draft imported as a copy (default: unchanged). */
  readonly copyName?: (name: string) => string;
}

export type BackupImportResult =
  | { readonly ok: true; readonly drafts: number; readonly replaced: number; readonly copied: number; readonly skipped: number; readonly refused: number }
  | { readonly ok: false; readonly code: BackupErrorCode; readonly detail: string; readonly faults?: readonly BackupFault[] };

/** What start-up found missing from the database, and what came back from the second copies. */
export interface RecoveryReport {
  /** Drafts the browser lost, written back from their copy (state only: undo history is not in the copy). */
  readonly restored: readonly { readonly id: DraftId; readonly name: string; readonly savedAt: number }[];
  /** Drafts the browser lost that had no readable copy. */
  readonly lost: readonly { readonly id: DraftId; readonly reason: string }[];
}

export type SettingValue = string | number | boolean | null | readonly SettingValue[] | { readonly [k: string]: SettingValue };

export interface DraftStore {
  list(): Promise<DraftSummary[]>;
  create(input: NewDraft): Promise<DraftSummary>;
  /** Copies a draft with its history, reviews and versions. Flush an open session on it first. */
  duplicate(id: DraftId, name: string): Promise<DraftSummary>;
  rename(id: DraftId, name: string): Promise<void>;
  remove(id: DraftId): Promise<void>;
  open(id: DraftId, options?: OpenOptions): Promise<OpenedDraft>;

  saveVersion(draftId: DraftId, label: string, coverage: Coverage): Promise<VersionSummary>;
  listVersions(draftId: DraftId): Promise<VersionSummary[]>;
  loadVersion(versionId: number): Promise<Coverage>;
  deleteVersion(versionId: number): Promise<void>;

  getSetting(key: string): Promise<SettingValue | undefined>;
  setSetting(key: string, value: SettingValue): Promise<void>;

  storageInfo(): Promise<StorageInfo>;
  /** Asks the browser not to evict our data; resolves to whether storage is persistent. */
  requestPersistence(): Promise<boolean>;

  /**
   * Compares the database with the marker kept outside it and writes back, from their second copies, the
   * drafts the browser lost (never silently: the report says what happened). Call before list() at start.
   */
  recover(): Promise<RecoveryReport>;
  /**
   * Without reading the database: true when the marker kept outside it names no draft (never written,
   * empty, or cleared with the site's localStorage), false when it names one or there is no marker. A
   * first visit can then start downloading its province while the database opens; when drafts survive a
   * cleared marker, that download is wasted but harmless (a draft opens, the download goes unused).
   */
  surelyEmpty(): boolean;
  /** Called with the error when a save's second copy fails, and with null when copies work again. */
  onCopyError(listener: (error: unknown) => void): () => void;
  /**
   * Storage is low: from now on "saved" also waits for the second copy (a browser discards a store it
   * could not write, and then the copy is all there is). Normally the copy follows the save unawaited.
   */
  setStorageLow(low: boolean): void;

  /** The whole workspace (drafts with history, reviews, versions, settings) as one file. */
  exportBackup(): Promise<Blob>;
  /**
   * Reads and checks a backup as deeply as opening each draft would (every version and history step is
   * rebuilt), writing nothing. Reports progress as drafts done of total.
   */
  checkBackup(file: Blob, onProgress?: (done: number, total: number) => void): Promise<BackupCheck>;
  /**
   * Writes the sound drafts of a checked backup and its settings in one transaction: with faults only when
   * `partial`, over stored drafts only as `clash` says. A refused import changes nothing. Close open
   * sessions on replaced drafts first.
   */
  importChecked(ref: number, choices?: ImportChoices): Promise<BackupImportResult>;
  /** checkBackup then importChecked. */
  importBackup(file: Blob, choices?: ImportChoices): Promise<BackupImportResult>;

  close(): void;
}
