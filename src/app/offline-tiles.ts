// Keeps an online layer's tiles for an area in Cache Storage, under the address the map asks, where the
// map's tile protocol finds them first, online or not. Four requests at a time (kind to the server), cancellable; a
// full disk stops it and says so; tiles the server refuses are counted, not fatal.
import { keptTilesKey, TILES_CACHE, type TileAddress } from '../core/layers/offline-tiles';
import { StorageWriteError } from '../editor/save-failure';
import { Store } from '../editor/store';
import type { KeepProgress, TileKeeper } from '../editor/tile-keeper-port';

const PARALLEL = 4;

export class OfflineTiles implements TileKeeper {
  readonly progress = new Store<KeepProgress | null>(null);
  private abort: AbortController | null = null;

  constructor(private readonly base: string) {}

  private key(layerId: string): string {
    return new URL(keptTilesKey(layerId), new URL(this.base, location.href)).href;
  }

  cancel(): void {
    this.abort?.abort();
  }

  async keep(layerId: string, tiles: readonly TileAddress[]): Promise<void> {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    const cache = await caches.open(TILES_CACHE);
    const kept = new Set<string>(await this.keptUrls(layerId));
    let p: KeepProgress = { layerId, done: 0, total: tiles.length, bytes: 0, failed: 0, status: 'running' };
    this.progress.set(p);
    let next = 0;
    let stop: string | null = null;
    const worker = async () => {
      while (next < tiles.length && !abort.signal.aborted && !stop) {
        const t = tiles[next++]!;
        try {
          const res = await fetch(t.url, { signal: abort.signal, mode: 'cors' });
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          const body = await res.blob();
          try {
            await cache.put(t.url, new Response(body, { headers: { 'Content-Type': res.headers.get('Content-Type') ?? 'application/octet-stream' } }));
          } catch (e) {
            stop = new StorageWriteError(`keeping map tiles on this device (${kept.size} kept)`, e).message;
            break;
          }
          kept.add(t.url);
          p = { ...p, done: p.done + 1, bytes: p.bytes + body.size };
        } catch (e) {
          if (abort.signal.aborted) break;
          console.warn(`tile not kept: ${t.url}`, e);
          p = { ...p, done: p.done + 1, failed: p.failed + 1 };
        }
        this.progress.set(p);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    // What was kept is listed even when stopped, so removing the layer removes it all.
    await cache.put(this.key(layerId), new Response(JSON.stringify([...kept]), { headers: { 'Content-Type': 'application/json' } })).catch((e: unknown) => console.error(e));
    this.progress.set({ ...p, status: stop ? 'stopped' : abort.signal.aborted ? 'cancelled' : 'done', ...(stop ? { message: stop } : {}) });
  }

  private async keptUrls(layerId: string): Promise<string[]> {
    const hit = await caches.match(this.key(layerId), { cacheName: TILES_CACHE });
    const list: unknown = hit ? await hit.json().catch(() => []) : [];
    return Array.isArray(list) ? list.filter((u): u is string => typeof u === 'string') : [];
  }

  async forget(layerId: string): Promise<void> {
    if (!(await caches.has(TILES_CACHE))) return;
    const cache = await caches.open(TILES_CACHE);
    for (const url of await this.keptUrls(layerId)) await cache.delete(url);
    await cache.delete(this.key(layerId));
  }
}
