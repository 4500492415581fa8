// Public entry of the persistence layer: the app composes the store from browser APIs here.
// Storage model (schema 2): per draft, a base (one row per arc, one per unit, one with the arc count and
// unit order), one row per history step (the diff from the step before), the draft row with the history
// pointers (baseSeq, headSeq, lastSeq). An edit writes one step row and the draft row; undo/redo only the
// draft row; past DEFAULT_MAX_STEPS the oldest step is folded into the base (only its touched rows).
import { checkInWorker } from './backup-check-client';
import { DEFAULT_DB_NAME, DexieDraftStore, type DraftStoreOptions } from './draft-store';
import { StorageMarker } from './marker';
import { WorkerWriter } from './draft-writer';
import { browserCopyFolders } from './copy-folders';
import { FolderMirror } from './mirror';

export { DexieDraftStore, DEFAULT_DB_NAME, DEFAULT_MAX_STEPS, type DraftStoreOptions } from './draft-store';
export { Autosave, type AutosaveStatus, type Timers } from './autosave';
export { TabLock, type ChannelLike, type LockManagerLike } from './tab-lock';
export type { StorageManagerLike } from './storage';

/** The store over the browser's IndexedDB, Web Locks, BroadcastChannel and StorageManager. */
export function createBrowserDraftStore(options: DraftStoreOptions = {}): DexieDraftStore {
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  // One worker per tab runs the saves and writes the second copies, away from the busy main thread.
  const worker = typeof Worker === 'undefined' ? null : new WorkerWriter(options.dbName ?? DEFAULT_DB_NAME);
  const folders = browserCopyFolders();
  const copies = folders.length === 0 ? null : new FolderMirror(folders, worker ? (id, bytes) => worker.copy(id, bytes) : undefined);
  return new DexieDraftStore({
    locks: nav?.locks ?? null,
    channel: typeof BroadcastChannel === 'undefined' ? null : (name) => new BroadcastChannel(name),
    storage: nav?.storage ?? null,
    ...(worker ? { writer: worker } : {}),
    mirror: copies,
    marker: typeof localStorage === 'undefined' ? null : new StorageMarker(localStorage),
    ...(typeof Worker === 'undefined' ? {} : { checkBackup: checkInWorker }),
    ...options,
  });
}
