// Logging in and out against a real PostgreSQL: cookie flags, CSRF, rate limit, every denial audited.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../../src/server/http-app';
import { addAccount, auditSince, freshIp, lastAuditId, login, PASSWORD, useHub } from './hub';

const hub = useHub({ maxFailuresPerLogin: 5, maxFailuresPerIp: 8, secureCookies: false });

beforeAll(async () => {
  await addAccount(hub.db, 'boss', 'admin', null);
});

const tryLogin = (name: string, password: string, ip: string) =>
  hub.app.inject({ method: 'POST', url: '/api/login', payload: { login: name, password }, remoteAddress: ip });

describe('login', () => {
  it('issues an HTTP-only, SameSite=Strict session cookie and a CSRF token', async () => {
    const { res, csrf } = await login(hub.app, 'boss');
    const cookie = res.cookies.find((c) => c.name === 'hub_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(cookie.secure).toBeUndefined();
    expect(cookie.path).toBe('/');
    expect(Buffer.from(cookie.value, 'base64url')).toHaveLength(32);
    expect(Buffer.from(csrf, 'base64url')).toHaveLength(32);
    expect(res.json().account).toEqual({ id: expect.any(Number), login: 'boss', role: 'admin', provinceCode: null, unitCode: null });
    expect(res.body).not.toContain('argon2');
  });

  it('stores only the hash of the session id', async () => {
    const { res } = await login(hub.app, 'boss');
    const id = res.cookies.find((c) => c.name === 'hub_session')!.value;
    const { rows } = await hub.db.query(
      'SELECT count(*) FILTER (WHERE id_hash = $1)::int AS raw, count(*) FILTER (WHERE id_hash = $2)::int AS hashed FROM sessions',
      [Buffer.from(id, 'base64url'), createHash('sha256').update(id).digest()],
    );
    expect(rows[0]).toEqual({ raw: 0, hashed: 1 });
    const me = await hub.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `hub_session=${id}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().account.login).toBe('boss');
  });

  it('refuses a wrong password or an unknown login alike with 401, audited with the login tried', async () => {
    const before = await lastAuditId(hub.db);
    const wrong = await tryLogin('boss', 'not-the-password', freshIp());
    const unknown = await tryLogin('nobody', PASSWORD, freshIp());
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json()).toEqual({ error: 'unauthorized', message: 'wrong login or password' });
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.cookies).toEqual([]);
    const rows = await auditSince(hub.db, before);
    expect(rows.map((r) => [r.action, r.outcome, r.status, r.login])).toEqual([
      ['login.failure', 'denied', 401, 'boss'],
      ['login.failure', 'denied', 401, 'nobody'],
    ]);
  });

  it('names the bad field of a malformed body (400), and refuses unknown fields', async () => {
    const missing = await hub.app.inject({ method: 'POST', url: '/api/login', payload: { login: 'boss' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toMatch(/^body\.password: /);
    const extra = await hub.app.inject({ method: 'POST', url: '/api/login', payload: { login: 'boss', password: PASSWORD, admin: true } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().message).toMatch(/admin/);
    const notJson = await hub.app.inject({ method: 'POST', url: '/api/login', headers: { 'content-type': 'application/json' }, payload: '{"login":' });
    expect(notJson.statusCode).toBe(400);
  });
});

describe('hostile input', () => {
  it('treats SQL in the login as text: no account, 401', async () => {
    const res = await tryLogin("boss' OR '1'='1' --", PASSWORD, freshIp());
    expect(res.statusCode).toBe(401);
    const { rows } = await hub.db.query("SELECT login FROM audit_log WHERE action = 'login.failure' ORDER BY id DESC LIMIT 1");
    expect(rows[0].login).toBe("boss' or '1'='1' --");
  });

  it('refuses a body over the limit with 413 before reading it', async () => {
    const res = await hub.app.inject({ method: 'POST', url: '/api/login', payload: { login: 'boss', password: 'x'.repeat(BODY_LIMIT) } });
    expect(res.statusCode).toBe(413);
  });

  it('drops expired sessions: an expired cookie is refused and gone after the next login', async () => {
    const { cookie } = await login(hub.app, 'boss');
    const id = cookie.slice('hub_session='.length);
    const hash = createHash('sha256').update(id).digest();
    await hub.db.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = $1", [hash]);
    expect((await hub.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    await login(hub.app, 'boss');
    const { rowCount } = await hub.db.query('SELECT 1 FROM sessions WHERE id_hash = $1', [hash]);
    expect(rowCount).toBe(0);
  });
});

describe('login rate limit', () => {
  it('after 5 failures for one login, refuses even the right password with 429, audited', async () => {
    await addAccount(hub.db, 'target', 'admin', null);
    for (let i = 0; i < 5; i++) expect((await tryLogin('target', `wrong-${i}`, freshIp())).statusCode).toBe(401);
    const before = await lastAuditId(hub.db);
    const res = await tryLogin('target', PASSWORD, freshIp());
    expect(res.statusCode).toBe(429);
    expect(res.json().message).toMatch(/too many failed logins for target/);
    expect(res.cookies).toEqual([]);
    expect(await auditSince(hub.db, before)).toEqual([expect.objectContaining({ action: 'login', outcome: 'denied', status: 429, login: 'target' })]);
    // Another login is not held back by it.
    expect((await tryLogin('boss', PASSWORD, freshIp())).statusCode).toBe(200);
  });

  it('after 8 failures from one address, refuses that address whatever the login, audited', async () => {
    const ip = freshIp();
    for (let i = 0; i < 8; i++) expect((await tryLogin(`guess${i}`, 'wrong-password', ip)).statusCode).toBe(401);
    const before = await lastAuditId(hub.db);
    const res = await tryLogin('boss', PASSWORD, ip);
    expect(res.statusCode).toBe(429);
    expect(res.json().message).toMatch(/from this address/);
    expect(await auditSince(hub.db, before)).toEqual([expect.objectContaining({ action: 'login', outcome: 'denied', status: 429 })]);
    expect((await tryLogin('boss', PASSWORD, freshIp())).statusCode).toBe(200);
  });
});

describe('sessions and CSRF', () => {
  it('refuses a request with no session, or a tampered one, with 401, audited', async () => {
    const before = await lastAuditId(hub.db);
    const none = await hub.app.inject({ method: 'GET', url: '/api/me' });
    const { cookie } = await login(hub.app, 'boss');
    const tampered = await hub.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `${cookie.slice(0, -2)}xx` } });
    expect([none.statusCode, tampered.statusCode]).toEqual([401, 401]);
    expect(tampered.json().message).toMatch(/unknown or expired/);
    const denied = (await auditSince(hub.db, before)).filter((r) => r.outcome === 'denied');
    expect(denied.map((r) => [r.action, r.status, r.path])).toEqual([
      ['session', 401, '/api/me'],
      ['session', 401, '/api/me'],
    ]);
  });

  it('refuses a mutating request without the CSRF token, or with another session\'s, with 403, audited', async () => {
    const a = await login(hub.app, 'boss');
    const b = await login(hub.app, 'boss');
    const before = await lastAuditId(hub.db);
    const without = await hub.app.inject({ method: 'POST', url: '/api/logout', headers: { cookie: a.cookie } });
    const foreign = await hub.app.inject({ method: 'POST', url: '/api/logout', headers: { cookie: a.cookie, 'x-csrf-token': b.csrf } });
    expect([without.statusCode, foreign.statusCode]).toEqual([403, 403]);
    expect(without.json().message).toMatch(/x-csrf-token/);
    const rows = await auditSince(hub.db, before);
    expect(rows.map((r) => [r.action, r.outcome, r.status])).toEqual([
      ['csrf', 'denied', 403],
      ['csrf', 'denied', 403],
    ]);
    expect(rows[0]!.account_id).toBe(a.res.json().account.id);
    // The session still works, and logs out with its own token.
    const out = await hub.app.inject({ method: 'POST', url: '/api/logout', headers: { cookie: a.cookie, 'x-csrf-token': a.csrf } });
    expect(out.statusCode).toBe(204);
    expect(out.cookies).toEqual([expect.objectContaining({ name: 'hub_session', value: '', httpOnly: true, sameSite: 'Strict' })]);
    const after = await hub.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: a.cookie } });
    expect(after.statusCode).toBe(401);
  });
});

describe('secure cookies', () => {
  const secure = useHub({ secureCookies: true });
  it('marks the session cookie Secure when the hub speaks TLS (or sits behind a TLS proxy)', async () => {
    await addAccount(secure.db, 'boss', 'admin', null);
    const { res } = await login(secure.app, 'boss');
    expect(res.cookies.find((c) => c.name === 'hub_session')!.secure).toBe(true);
  });
});
