// Keeps an online layer's tiles for an area in Cache Storage, under the address the map asks, where the
// map's tile protocol finds them first, online or not. Four requests at a time (kind to the server), cancellable; a
// full disk stops it and says so; tiles the server refuses are counted, not fatal.
import { keptTilesKey, TILES_CACHE, type TileAddress } from '../core/layers/offline-tiles';
import { StorageWriteError } from '../editor/save-failure';
import { Store } from '../editor/store';
import type { KeepProgress, KeptTiles, TileKeeper } from '../editor/tile-keeper-port';

const PARALLEL = 4;

/** Stored per layer beside its tiles: each kept tile's address and size. */
interface KeptRecord {
  readonly tiles: Readonly<Record<string, number>>;
}

function summary(r: KeptRecord): KeptTiles {
  const sizes = Object.values(r.tiles);
  return { tiles: sizes.length, bytes: sizes.reduce((a, b) => a + b, 0) };
}

export class OfflineTiles implements TileKeeper {
  readonly progress = new Store<KeepProgress | null>(null);
  readonly kept = new Store<ReadonlyMap<string, KeptTiles>>(new Map());
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
    // Address → bytes of every tile this layer keeps (a second download of the same area replaces, not adds).
    const kept = new Map<string, number>(Object.entries((await this.record(layerId)).tiles));
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
          kept.set(t.url, body.size);
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
    const record: KeptRecord = { tiles: Object.fromEntries(kept) };
    try {
      await cache.put(this.key(layerId), new Response(JSON.stringify(record), { headers: { 'Content-Type': 'application/json' } }));
    } catch (e) {
      stop ??= new StorageWriteError('listing the map tiles kept on this device', e).message;
    }
    this.setKept(layerId, summary(record));
    this.progress.set({ ...p, status: stop ? 'stopped' : abort.signal.aborted ? 'cancelled' : 'done', ...(stop ? { message: stop } : {}) });
  }

  /** What a layer kept; an unreadable record counts as nothing kept (its tiles are then only space). */
  private async record(layerId: string): Promise<KeptRecord> {
    const hit = await caches.match(this.key(layerId), { cacheName: TILES_CACHE });
    if (!hit) return { tiles: {} };
    const r: unknown = await hit.json().catch((e: unknown) => (console.error(`kept tiles of layer ${layerId}: unreadable list`, e), null));
    const tiles = r && typeof r === 'object' && 'tiles' in r && r.tiles && typeof r.tiles === 'object' ? r.tiles : {};
    return { tiles: Object.fromEntries(Object.entries(tiles).filter((e): e is [string, number] => typeof e[1] === 'number')) };
  }

  private setKept(layerId: string, k: KeptTiles | null): void {
    const next = new Map(this.kept.get());
    if (k && k.tiles > 0) next.set(layerId, k);
    else next.delete(layerId);
    this.kept.set(next);
  }

  async refresh(): Promise<void> {
    if (typeof caches === 'undefined' || !(await caches.has(TILES_CACHE))) return this.kept.set(new Map());
    const cache = await caches.open(TILES_CACHE);
    const prefix = this.key('').slice(0, -'.json'.length);
    const next = new Map<string, KeptTiles>();
    for (const req of await cache.keys()) {
      if (!req.url.startsWith(prefix) || !req.url.endsWith('.json')) continue;
      const id = decodeURIComponent(req.url.slice(prefix.length, -'.json'.length));
      const k = summary(await this.record(id));
      if (k.tiles > 0) next.set(id, k);
    }
    this.kept.set(next);
  }

  async forget(layerId: string): Promise<void> {
    if (!(await caches.has(TILES_CACHE))) return;
    const cache = await caches.open(TILES_CACHE);
    for (const url of Object.keys((await this.record(layerId)).tiles)) await cache.delete(url);
    await cache.delete(this.key(layerId));
    this.setKept(layerId, null);
  }
}
