// The built app (HUB_APP_DIR, default dist/), served by the hub itself for every GET outside /api/: the
// app and the API then share one origin, so the SameSite=Strict session cookie and the CSRF header work
// without CORS. Files are sent as they are (index.html keeps its Content-Security-Policy meta).
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { RequestError } from '../errors';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.pmtiles': 'application/octet-stream',
  '.bin': 'application/octet-stream',
};

/** The content type a file is sent with, from its extension. */
export function contentTypeOf(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file of `root` a URL path names, or null: undecodable, a hidden (dot) segment, outside the folder
 * (by `..` or by a symbolic link), missing, or not a file. A path ending in `/` names its index.html.
 */
export async function appFile(root: string, urlPath: string): Promise<{ path: string; size: number } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s.startsWith('.'))) return null; // also refuses `..`
  if (decoded.endsWith('/')) segments[segments.length - 1] = 'index.html';
  let base: string;
  let path: string;
  try {
    base = await realpath(root);
    path = await realpath(join(base, ...segments));
  } catch {
    return null;
  }
  if (!path.startsWith(base + sep)) return null;
  const info = await stat(path);
  return info.isFile() ? { path, size: info.size } : null;
}

/**
 * The app starts its hub session only on a page marked as served by a hub (src/app/main.tsx): a page
 * from any other server then makes no request to an /api that is not there.
 */
export const HUB_MARK = '<meta name="dia-gioi-hub" content="1">';

/** index.html with the hub's mark in its head. */
export function markedIndex(html: string): string {
  return html.includes(HUB_MARK) ? html : html.replace(/<head>/i, (head) => `${head}\n    ${HUB_MARK}`);
}

/** GET (and HEAD) of any path outside /api/: the file of `root`, else 404. */
export function appFileRoutes(app: FastifyInstance, root: string): void {
  app.get('/*', async (req, reply) => {
    const urlPath = req.url.split('?')[0]!;
    if (urlPath === '/api' || urlPath.startsWith('/api/')) throw new RequestError(404, `no route GET ${urlPath}`);
    const file = await appFile(root, urlPath);
    if (!file) throw new RequestError(404, `no file ${urlPath} in the app`);
    // Vite names the files of assets/ after their content: they never change. The rest (index.html,
    // the service worker, the data index) is revalidated on every load.
    const immutable = urlPath.startsWith('/assets/');
    if (file.path.endsWith(`${sep}index.html`)) {
      const html = Buffer.from(markedIndex(await readFile(file.path, 'utf8')), 'utf8');
      return reply
        .type(contentTypeOf(file.path))
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('x-frame-options', 'DENY')
        .send(html);
    }
    return reply
      .type(contentTypeOf(file.path))
      .header('content-length', String(file.size))
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .send(createReadStream(file.path));
  });
}
