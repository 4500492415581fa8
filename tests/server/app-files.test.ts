// The hub serves the built app from HUB_APP_DIR on its own origin: files as they are, with their content
// types, index.html for `/`, nothing outside the folder, and JSON 404s under /api/.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_APP_DIR, readConfig } from '../../src/server/config';
import { addAccount, login, useHub } from './hub';
import { HUB_MARK, markedIndex } from '../../src/server/routes/app-files';

const parent = mkdtempSync(join(tmpdir(), 'hub-app-'));
const root = join(parent, 'dist');
mkdirSync(join(root, 'assets'), { recursive: true });
mkdirSync(join(root, 'data', 'provinces'), { recursive: true });
const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'">`;
const INDEX = `<!doctype html><html lang="vi"><head>${CSP}<title>Địa giới</title></head><body><div id="root"></div></body></html>`;
writeFileSync(join(root, 'index.html'), INDEX);
writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log("địa giới");');
writeFileSync(join(root, 'assets', 'index-abc123.css'), 'body{margin:0}');
writeFileSync(join(root, 'sw.js'), 'self.addEventListener("install",()=>{});');
writeFileSync(join(root, 'data', 'provinces', 'index.json'), '{"provinces":[]}');
writeFileSync(join(root, 'data', 'provinces', '31.bin'), Buffer.from([0, 1, 2, 255]));
writeFileSync(join(root, '.env'), 'SECRET=1');
writeFileSync(join(parent, 'secret.txt'), 'outside the app folder');
symlinkSync(join(parent, 'secret.txt'), join(root, 'link.txt'));

const hub = useHub({ appDir: root });

afterAll(() => rmSync(parent, { recursive: true, force: true }));

const get = (url: string, headers: Record<string, string> = {}) => hub.app.inject({ method: 'GET', url, headers });

describe('the app served by the hub', () => {
  it('serves index.html for / marked as served by the hub, the rest byte for byte with its Content-Security-Policy meta', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toBe(INDEX.replace('<head>', `<head>\n    ${HUB_MARK}`));
    expect(res.body).toContain(CSP);
    expect(res.headers['cache-control']).toBe('no-cache');
    const named = await get('/index.html?v=2');
    expect(named.body).toBe(res.body);
    // Marked once, whatever the file holds already.
    expect(markedIndex(res.body)).toBe(res.body);
  });

  it('serves each file with its content type; hashed assets are immutable', async () => {
    const cases: [string, string][] = [
      ['/assets/index-abc123.js', 'text/javascript; charset=utf-8'],
      ['/assets/index-abc123.css', 'text/css; charset=utf-8'],
      ['/sw.js', 'text/javascript; charset=utf-8'],
      ['/data/provinces/index.json', 'application/json; charset=utf-8'],
      ['/data/provinces/31.bin', 'application/octet-stream'],
    ];
    for (const [url, type] of cases) {
      const res = await get(url);
      expect([url, res.statusCode, res.headers['content-type']]).toEqual([url, 200, type]);
    }
    expect((await get('/assets/index-abc123.js')).body).toBe('console.log("địa giới");');
    expect((await get('/assets/index-abc123.js')).headers['cache-control']).toMatch(/immutable/);
    expect((await get('/data/provinces/31.bin')).rawPayload).toEqual(Buffer.from([0, 1, 2, 255]));
    expect((await get('/sw.js')).headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await hub.app.inject({ method: 'HEAD', url: '/assets/index-abc123.css' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.body).toBe('');
  });

  it('refuses every path that leaves the folder, hidden files and missing ones (404)', async () => {
    const tries = ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt', '/link.txt',
      '/.env', '/assets/', '/assets', '/nope.html', '/assets/..%5c..%5csecret.txt', '/index.html%00.js'];
    for (const url of tries) {
      const res = await get(url);
      expect([url, res.statusCode]).toEqual([url, 404]);
      expect(res.body).not.toContain('outside the app folder');
      expect(res.body).not.toContain('SECRET');
    }
    // A path that does not decode is refused by Fastify before any route (400).
    expect((await get('/%E0%A4%A')).statusCode).toBe(400);
  });

  it('answers an unknown /api/ route with a JSON 404, GET or not, while the API still works', async () => {
    for (const [method, url] of [['GET', '/api/nope'], ['GET', '/api'], ['POST', '/api/nope'], ['DELETE', '/index.html']] as const) {
      const res = await hub.app.inject({ method, url });
      expect([method, url, res.statusCode]).toEqual([method, url, 404]);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json().error).toBe('not_found');
    }
    await addAccount(hub.db, 'admin-app', 'admin', null);
    const me = await get('/api/me', { cookie: (await login(hub.app, 'admin-app')).cookie });
    expect(me.statusCode).toBe(200);
    expect(me.json().account.login).toBe('admin-app');
  });
});

describe('HUB_APP_DIR', () => {
  it('is the folder given, else dist/ next to package.json when it exists, else nothing is served', () => {
    expect(readConfig({ HUB_APP_DIR: root }, () => '', (p) => p === root).appDir).toBe(root);
    expect(readConfig({}, () => '', (p) => p === DEFAULT_APP_DIR).appDir).toBe(DEFAULT_APP_DIR);
    expect(DEFAULT_APP_DIR).toBe(join(import.meta.dirname, '..', '..', 'dist'));
    expect(readConfig({}, () => '', () => false).appDir).toBeUndefined();
    expect(() => readConfig({ HUB_APP_DIR: '/no/such/folder' }, () => '', () => false)).toThrow(/HUB_APP_DIR=\/no\/such\/folder is not a folder/);
  });
});

describe('a hub without an app folder', () => {
  it('answers every path outside the API with a JSON 404', async () => {
    const { buildApp } = await import('../../src/server/http-app');
    const bare = buildApp({ db: hub.db, config: { ...hub.config, appDir: undefined } });
    try {
      const res = await bare.inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: 'not_found', message: 'no route GET /' });
    } finally {
      await bare.close();
    }
  });
});
