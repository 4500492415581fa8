// The tile hosts the user added, and the app's Content-Security-Policy widened by exactly those. The page
// keeps the list in Cache Storage; the service worker answers every navigation with the app shell whose
// policy (the meta tag, and the header when the server sent one) allows them and nothing else. A policy
// cannot be widened from inside a page, so a newly added host takes a reload.

/** Not under the build caches' prefix: no build prunes it. */
export const ORIGINS_CACHE = 'tile-origins-1';
export const ORIGINS_KEY = '__service-worker/tile-origins.json';

/** Directives a tile source needs: maplibre fetches raster tiles (connect-src) and may draw them as images. */
const WIDENED = ['connect-src', 'img-src'];

/** An http(s) origin and nothing else: a stray ';' or keyword must never reach the policy. */
export function isTileOrigin(s: string): boolean {
  return /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?$/i.test(s);
}

export function readOrigins(json: unknown): string[] {
  return Array.isArray(json) ? [...new Set(json.filter((x): x is string => typeof x === 'string' && isTileOrigin(x)))].sort() : [];
}

/** The policy with `origins` added to the directives tile sources need. */
export function widenPolicy(policy: string, origins: readonly string[]): string {
  const extra = origins.filter(isTileOrigin);
  if (extra.length === 0) return policy;
  return policy
    .split(';')
    .map((d) => {
      const parts = d.trim().split(/\s+/);
      if (!WIDENED.includes(parts[0]!.toLowerCase())) return d.trim();
      return [...new Set([...parts, ...extra])].join(' ');
    })
    .filter((d) => d !== '')
    .join('; ');
}

/** The origins a policy allows tile sources to be fetched from (beyond the app's own). */
export function allowedOrigins(policy: string): string[] {
  const connect = policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find((p) => p[0]!.toLowerCase() === 'connect-src');
  return (connect ?? []).slice(1).filter(isTileOrigin).sort();
}

const META = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i;

/** index.html with its policy meta tag widened (the tag's content is HTML-escaped: only &quot; occurs). */
export function widenHtml(html: string, origins: readonly string[]): string {
  return html.replace(META, (_m, a: string, content: string, b: string) => {
    const policy = content.replaceAll('&quot;', '"');
    return a + widenPolicy(policy, origins).replaceAll('"', '&quot;') + b;
  });
}
