// The page's side of the tile hosts the user added: what this page's Content-Security-Policy allows
// (read from its meta tag), and the list the service worker widens the next load's policy by.
import type { TileHostPolicy } from '../editor/layer-library';
import { StorageWriteError } from '../editor/save-failure';
import { allowedOrigins, ORIGINS_CACHE, ORIGINS_KEY } from '../workers/tile-origins';

export class PageTileHosts implements TileHostPolicy {
  constructor(private readonly base: string) {}

  enforced(): readonly string[] {
    const meta = document.querySelector<HTMLMetaElement>('meta[http-equiv="Content-Security-Policy"]');
    // No policy at all (the dev server): every host is allowed.
    return meta ? allowedOrigins(meta.content) : ['*'];
  }

  async publish(origins: readonly string[]): Promise<void> {
    try {
      const cache = await caches.open(ORIGINS_CACHE);
      await cache.put(new URL(ORIGINS_KEY, new URL(this.base, location.href)).href, new Response(JSON.stringify(origins), { headers: { 'Content-Type': 'application/json' } }));
    } catch (e) {
      throw new StorageWriteError('keeping the list of map servers you added', e);
    }
  }
}
