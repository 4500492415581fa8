// HUB_TLS_CERT / HUB_TLS_KEY: the hub serves HTTPS on a real socket, and its session cookie is Secure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { readConfig } from '../../src/server/config';
import { buildApp } from '../../src/server/http-app';
import { addAccount, PASSWORD } from './hub';
import { useTestDatabase } from './db';

const t = useTestDatabase();
const dir = mkdtempSync(join(tmpdir(), 'hub-tls-'));
let app: FastifyInstance;
let port = 0;
let cert = '';

beforeAll(async () => {
  // A self-signed certificate for 127.0.0.1 (openssl comes with PostgreSQL's Debian packages).
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  const config = readConfig({ HUB_TLS_CERT: join(dir, 'cert.pem'), HUB_TLS_KEY: join(dir, 'key.pem') });
  app = buildApp({ db: t.db, config });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
  await addAccount(t.db, 'boss', 'admin', null);
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

function post(path: string, body: unknown): Promise<{ status: number; setCookie: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', ca: cert, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [], body: text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('TLS', () => {
  it('logs in over HTTPS with a certificate the client checks, and marks the cookie Secure', async () => {
    const res = await post('/api/login', { login: 'boss', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.setCookie).toHaveLength(1);
    expect(res.setCookie[0]).toMatch(/^hub_session=[A-Za-z0-9_-]{43}; /);
    expect(res.setCookie[0]!.split('; ')).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Secure', 'Path=/']));
  });
});
