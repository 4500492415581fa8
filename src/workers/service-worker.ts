// Service worker: the offline app. On install it caches every file of the build (the list is injected at
// build time as PRECACHE, with a version that changes whenever any file does); afterwards it answers from
// that cache first, so the app and its bundled data open with no network. Drafts live in IndexedDB.
//
// Updates never break an open tab:
// - A new build installs and then WAITS. The page notices the waiting worker and offers to reload; only
//   when the user accepts (after the page has saved its draft) does it post `skip-waiting`.
// - Older builds' caches are kept, and hashed assets are answered from any of them, so a tab still running
//   an older build can load its lazy chunks (the Import/Export dialogs, the report) after the server has
//   dropped them. An older cache is deleted only once every open tab runs this build: each navigation this
//   worker answers records the tab it creates (`resultingClientId`); a tab it does not know may run an
//   older build. At most MAX_OLD_BUILDS older builds are kept even so, oldest deleted first.
import { isProvinceFile, PROVINCES_CACHE } from './province-cache';
import { ORIGINS_CACHE, ORIGINS_KEY, readOrigins, widenHtml, widenPolicy } from './tile-origins';

declare const PRECACHE: readonly string[];
declare const VERSION: string;

interface SwEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface SwFetchEvent extends SwEvent {
  readonly request: Request;
  readonly resultingClientId: string;
  respondWith(r: Promise<Response>): void;
}
interface SwMessageEvent extends SwEvent {
  readonly data: unknown;
}
interface SwClient {
  readonly id: string;
}

const sw = self as unknown as {
  addEventListener(type: 'install' | 'activate', fn: (e: SwEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: SwFetchEvent) => void): void;
  addEventListener(type: 'message', fn: (e: SwMessageEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void>; matchAll(o: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly SwClient[]> };
  registration: { scope: string };
};

const PREFIX = 'dia-gioi-';
const CACHE = `${PREFIX}${VERSION}`;
const MAX_OLD_BUILDS = 3;

/** Where this build's cache keeps the ids of the tabs it opened (a reserved path, never a file of the build). */
const CLIENTS_KEY = new URL('__service-worker/clients.json', sw.registration.scope).href;

/** One bookkeeping step at a time: recording a tab and pruning read and write the same entry. */
let chain: Promise<unknown> = Promise.resolve();
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const run = chain.then(fn, fn);
  chain = run.catch(() => undefined);
  return run;
}

async function knownClients(cache: Cache): Promise<string[]> {
  const hit = await cache.match(CLIENTS_KEY);
  if (!hit) return [];
  try {
    const ids: unknown = await hit.json();
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

async function liveClientIds(): Promise<string[]> {
  return (await sw.clients.matchAll({ type: 'window', includeUncontrolled: true })).map((c) => c.id);
}

/** Remembers that a tab runs this build (it was opened from this cache). */
function recordClient(id: string): Promise<void> {
  return serial(async () => {
    const cache = await caches.open(CACHE);
    const live = new Set(await liveClientIds());
    // Only ids of open tabs (and the new one, which may not be listed yet) are kept: the list stays small.
    const ids = [...new Set([...(await knownClients(cache)).filter((x) => live.has(x)), id])];
    await cache.put(CLIENTS_KEY, new Response(JSON.stringify(ids), { headers: { 'Content-Type': 'application/json' } }));
  });
}

/** Deletes older builds' caches once no open tab can need them; keeps at most MAX_OLD_BUILDS regardless. */
function pruneOldCaches(): Promise<void> {
  return serial(async () => {
    const old = (await caches.keys()).filter((k) => k.startsWith(PREFIX) && k !== CACHE); // oldest first
    if (old.length === 0) return;
    const known = new Set(await knownClients(await caches.open(CACHE)));
    const everyTabIsCurrent = (await liveClientIds()).every((id) => known.has(id));
    const doomed = everyTabIsCurrent ? old : old.slice(0, Math.max(0, old.length - MAX_OLD_BUILDS));
    await Promise.all(doomed.map((k) => caches.delete(k)));
  });
}

sw.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      // cache: 'reload' so a stale HTTP-cached index.html or data file never enters the new cache.
      .then((cache) => cache.addAll(PRECACHE.map((p) => new Request(new URL(p, sw.registration.scope).href, { cache: 'reload' })))),
    // No skipWaiting here: open tabs keep this build's predecessor until the user reloads.
  );
});

sw.addEventListener('activate', (e) => {
  // claim: on the first visit, the open tab comes under the worker at once (offline from then on).
  e.waitUntil(sw.clients.claim().then(pruneOldCaches));
});

sw.addEventListener('message', (e) => {
  const type = (e.data as { type?: unknown } | null)?.type;
  // The page asks only after it has saved its draft, when the user chose to reload.
  if (type === 'skip-waiting') e.waitUntil(sw.skipWaiting());
  // A page has started: the tab it replaced is gone, so older builds may no longer be needed.
  else if (type === 'started') e.waitUntil(pruneOldCaches());
});

/** This build's file first (data files keep their names across builds), then older builds' (hashed chunks). */
async function cached(key: string, navigate: boolean): Promise<Response | undefined> {
  // ignoreVary: the server answers with `Vary: Origin`, and module scripts are requested with an
  // Origin header that the precache requests did not have.
  const options = { ignoreSearch: navigate, ignoreVary: true };
  const hit = await (await caches.open(CACHE)).match(key, options);
  if (hit || navigate) return hit;
  for (const name of (await caches.keys()).reverse()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const old = await (await caches.open(name)).match(key, options);
    if (old) return old;
  }
  return undefined;
}

/** A province file: from its cache (the query holds the file's hash: a changed file is a new entry), else the network. */
async function provinceFile(req: Request): Promise<Response> {
  const cache = await caches.open(PROVINCES_CACHE);
  const hit = await cache.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) await cache.put(req, res.clone());
  return res;
}

/**
 * The app shell with its Content-Security-Policy widened by the tile hosts the user added (the page
 * keeps them in ORIGINS_CACHE): in the meta tag, and in the header when the server sent one, since both
 * are enforced. With none added, the shell as it was cached.
 */
async function shellWithOrigins(res: Response): Promise<Response> {
  // caches.match with a cacheName never creates the cache (caches.open would, on every navigation).
  const hit = await caches.match(new URL(ORIGINS_KEY, sw.registration.scope).href, { cacheName: ORIGINS_CACHE });
  const origins = hit ? readOrigins(await hit.json().catch(() => null)) : [];
  if (origins.length === 0) return res;
  const headers = new Headers(res.headers);
  const header = headers.get('Content-Security-Policy');
  if (header) headers.set('Content-Security-Policy', widenPolicy(header, origins));
  headers.delete('Content-Length');
  return new Response(widenHtml(await res.text(), origins), { status: res.status, statusText: res.statusText, headers });
}

sw.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== new URL(sw.registration.scope).origin) return;
  // The province hub's API (when a hub serves the app) is live data: never cached, never the shell.
  if (new URL(req.url).pathname.startsWith(new URL('api/', sw.registration.scope).pathname)) return;
  if (isProvinceFile(new URL(req.url).pathname)) {
    e.respondWith(provinceFile(req));
    return;
  }
  const navigate = req.mode === 'navigate';
  // Navigations (any path, any query such as ?lang=en) get the app shell of this build.
  if (navigate && e.resultingClientId) e.waitUntil(recordClient(e.resultingClientId));
  e.respondWith(
    (async () => {
      const key = navigate ? new URL('index.html', sw.registration.scope).href : req.url;
      const res = (await cached(key, navigate)) ?? (await fetch(req));
      if (!navigate || !res.ok) return res;
      // A failure to widen (the origins entry unreadable) must not cost the user the app: the shell as cached.
      return shellWithOrigins(res.clone()).catch((err: unknown) => {
        console.error('tile hosts not added to the policy', err);
        return res;
      });
    })(),
  );
});
