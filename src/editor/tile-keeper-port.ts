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

export interface TileKeeper {
  readonly progress: Store<KeepProgress | null>;
  keep(layerId: string, tiles: readonly TileAddress[]): Promise<void>;
  cancel(): void;
  /** Removes a layer's kept tiles (the layer was removed). */
  forget(layerId: string): Promise<void>;
}
