// Wrappers over navigator.storage (injected: absent in Node and in some embedded browsers).
import type { StorageInfo } from '../editor/draft-store-port';

/** The part of StorageManager we use; every method may be missing. */
export interface StorageManagerLike {
  estimate?(): Promise<{ usage?: number; quota?: number }>;
  persist?(): Promise<boolean>;
  persisted?(): Promise<boolean>;
}

export async function storageInfo(sm: StorageManagerLike | null): Promise<StorageInfo> {
  if (!sm) return { usage: null, quota: null, persisted: null };
  const [estimate, persisted] = await Promise.all([sm.estimate ? sm.estimate() : null, sm.persisted ? sm.persisted() : null]);
  return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted };
}

/** Asks for persistent storage; false when the browser refuses or cannot. */
export async function requestPersistence(sm: StorageManagerLike | null): Promise<boolean> {
  if (!sm?.persist) return false;
  if (sm.persisted && (await sm.persisted())) return true;
  return sm.persist();
}
