// Keeping an online layer's tiles on the device for offline use (the browser's implementation is in
// src/app/offline-tiles.ts, over Cache Storage; the map reads it first).
import type { TileAddress } from '../core/layers/offline-tiles';
import type { Store } from './store';

export interface KeepProgress {
  readonly layerId: string;
  readonly done: number;
  readonly total: number;
  readonly bytes: number;
  readonly failed: number;
  readonly status: 'running' | 'done' | 'cancelled' | 'stopped';
  /** Why it stopped (a full disk), when it did. */
  readonly message?: string;
}

/** What a layer has kept on this device. */
export interface KeptTiles {
  readonly tiles: number;
  readonly bytes: number;
}

export interface TileKeeper {
  readonly progress: Store<KeepProgress | null>;
  /** Per layer id, what is kept (read at start, then after each keep or forget). */
  readonly kept: Store<ReadonlyMap<string, KeptTiles>>;
  /** Reads what every layer has kept (the dialog opens: the list may have changed in another tab). */
  refresh(): Promise<void>;
  keep(layerId: string, tiles: readonly TileAddress[]): Promise<void>;
  cancel(): void;
  /** Removes a layer's kept tiles (the layer was removed). */
  forget(layerId: string): Promise<void>;
}
