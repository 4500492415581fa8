// POST /api/login, POST /api/logout, GET /api/me.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { accountForLogin } from '../db/accounts';
import { audit, recentLoginFailures } from '../db/audit';
import { verifyAgainstNothing, verifyPassword } from '../auth/passwords';
import { requireSession } from '../auth/guard';
import { SESSION_COOKIE, createSession, deleteSession } from '../auth/sessions';
import { Denied } from '../errors';
import { parse } from '../validation';
import type { HubContext } from '../http-app';

const LoginBody = z.strictObject({
  login: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(1024),
});

export function sessionRoutes(app: FastifyInstance, { db, config }: HubContext): void {
  app.post('/api/login', async (req, reply) => {
    const { login, password } = parse(LoginBody, req.body, 'body');
    const failures = await recentLoginFailures(db, login, req.ip, config.loginWindowMinutes);
    if (failures.byLogin >= config.maxFailuresPerLogin) {
      throw new Denied(429, 'login', `too many failed logins for ${login}: wait ${config.loginWindowMinutes} minutes`, login);
    }
    if (failures.byIp >= config.maxFailuresPerIp) {
      throw new Denied(429, 'login', `too many failed logins from this address: wait ${config.loginWindowMinutes} minutes`, login);
    }
    const account = await accountForLogin(db, login);
    const ok = account ? await verifyPassword(account.passwordHash, password) : await verifyAgainstNothing(password);
    if (!account || !ok) {
      // Counted by the rate limit (action 'login.failure').
      throw new Denied(401, 'login.failure', 'wrong login or password', login);
    }
    const session = await createSession(db, account.id, config.sessionHours, req.ip);
    await audit(db, { accountId: account.id, ip: req.ip, method: req.method, path: req.url, action: 'login', outcome: 'ok', status: 200 });
    reply.setCookie(SESSION_COOKIE, session.sessionId, {
      httpOnly: true,
      sameSite: 'strict',
      secure: config.secureCookies,
      path: '/',
      expires: session.expiresAt,
    });
    const { passwordHash: _hash, ...visible } = account;
    return { account: visible, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
  });

  app.post('/api/logout', async (req, reply) => {
    const session = await requireSession(db, req);
    await deleteSession(db, session.idHash);
    await audit(db, { accountId: session.account.id, ip: req.ip, method: req.method, path: req.url, action: 'logout', outcome: 'ok', status: 204 });
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: config.secureCookies });
    return reply.code(204).send();
  });

  app.get('/api/me', async (req) => {
    const session = await requireSession(db, req);
    return { account: session.account };
  });
}
