import { useSyncExternalStore } from 'react';
import type { Store } from '../../editor/store';

/** Reads an engine store; the component re-renders only when that store changes. */
export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get);
}
