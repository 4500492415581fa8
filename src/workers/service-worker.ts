// Service worker: the offline app. On install it caches every file of the build (the list is injected at
// build time as PRECACHE, with a version that changes whenever any file does); afterwards it answers from
// that cache first, so the app and its bundled data open with no network. Drafts live in IndexedDB.
declare const PRECACHE: readonly string[];
declare const VERSION: string;

const sw = self as unknown as {
  addEventListener(type: string, fn: (e: Event & { waitUntil(p: Promise<unknown>): void; respondWith(r: Promise<Response>): void; request: Request }) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  registration: { scope: string };
};

const CACHE = `dia-gioi-${VERSION}`;

sw.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      // cache: 'reload' so a stale HTTP-cached index.html or data file never enters the new cache.
      .then((cache) => cache.addAll(PRECACHE.map((p) => new Request(new URL(p, sw.registration.scope).href, { cache: 'reload' }))))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('dia-gioi-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== new URL(sw.registration.scope).origin) return;
  e.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      // Navigations (any path, any query such as ?lang=en) get the app shell.
      const key = req.mode === 'navigate' ? new URL('index.html', sw.registration.scope).href : req.url;
      // ignoreVary: the server answers with `Vary: Origin`, and module scripts are requested with an
      // Origin header that the precache requests did not have.
      const hit = await cache.match(key, { ignoreSearch: req.mode === 'navigate', ignoreVary: true });
      if (hit) return hit;
      return fetch(req);
    })(),
  );
});
