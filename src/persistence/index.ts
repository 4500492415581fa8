// Public entry of the persistence layer: the app composes the store from browser APIs here.
import { DexieDraftStore, type DraftStoreOptions } from './draft-store';

export { DexieDraftStore, DEFAULT_DB_NAME, DEFAULT_MAX_STEPS, type DraftStoreOptions } from './draft-store';
export { Autosave, type AutosaveStatus, type Timers } from './autosave';
export { TabLock, type ChannelLike, type LockManagerLike } from './tab-lock';
export type { StorageManagerLike } from './storage';

/** The store over the browser's IndexedDB, Web Locks, BroadcastChannel and StorageManager. */
export function createBrowserDraftStore(options: DraftStoreOptions = {}): DexieDraftStore {
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  return new DexieDraftStore({
    locks: nav?.locks ?? null,
    channel: typeof BroadcastChannel === 'undefined' ? null : (name) => new BroadcastChannel(name),
    storage: nav?.storage ?? null,
    ...options,
  });
}
