// POST /api/accounts (an admin creates a ward, reviewer or admin account), GET /api/accounts.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { insertAccount, listAccounts, provinceExists } from '../db/accounts';
import { latestRevision, unitExists } from '../db/borders';
import { audit } from '../db/audit';
import { inTransaction } from '../db/pool';
import { allow, requireSession } from '../auth/guard';
import { MIN_PASSWORD_LENGTH, hashPassword } from '../auth/passwords';
import { accountCreationRefusal, accountListRefusal } from '../auth/rights';
import { RequestError } from '../errors';
import { parse } from '../validation';
import type { HubContext } from '../http-app';

export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

const NewAccountBody = z
  .strictObject({
    login: z.string().regex(LOGIN_PATTERN, 'must be 3-64 characters: a-z, 0-9, ".", "_" or "-", starting with a letter or digit'),
    password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
    role: z.enum(['admin', 'ward', 'reviewer']),
    provinceCode: z.string().regex(/^[0-9]{2}$/, 'must be a 2-digit province code').nullable(),
    unitCode: z.string().regex(/^[0-9]{5}$/, 'must be a 5-digit unit code').nullable().optional(),
  })
  .superRefine((a, ctx) => {
    if (a.role === 'ward' && !a.unitCode) ctx.addIssue({ code: 'custom', path: ['unitCode'], message: 'a ward account needs its unit code' });
    if (a.role !== 'ward' && a.unitCode) ctx.addIssue({ code: 'custom', path: ['unitCode'], message: `a ${a.role} account has no unit` });
    if (a.role !== 'admin' && a.provinceCode === null) ctx.addIssue({ code: 'custom', path: ['provinceCode'], message: `a ${a.role} account needs its province` });
  });

export function accountRoutes(app: FastifyInstance, { db }: HubContext): void {
  app.post('/api/accounts', async (req, reply) => {
    const session = await requireSession(db, req);
    const body = parse(NewAccountBody, req.body, 'body');
    allow('accounts.create', accountCreationRefusal(session.account, body));
    if (body.provinceCode !== null && !(await provinceExists(db, body.provinceCode))) {
      throw new RequestError(404, `province ${body.provinceCode} is not in the hub`);
    }
    if (body.unitCode && body.provinceCode) {
      // Once the province is loaded, a ward account is for one of its units.
      const revision = await latestRevision(db, body.provinceCode);
      if (revision !== null && !(await unitExists(db, body.provinceCode, revision, body.unitCode))) {
        throw new RequestError(404, `unit ${body.unitCode} is not in province ${body.provinceCode} at revision ${revision}`);
      }
    }
    const passwordHash = await hashPassword(body.password);
    const created = await inTransaction(db, async (tx) => {
      const account = await insertAccount(tx, {
        login: body.login,
        passwordHash,
        role: body.role,
        provinceCode: body.provinceCode,
        unitCode: body.unitCode ?? null,
        createdBy: session.account.id,
      });
      if (!account) throw new RequestError(409, `login ${body.login} is taken`);
      await audit(tx, {
        accountId: session.account.id, ip: req.ip, method: req.method, path: req.url,
        action: 'accounts.create', outcome: 'ok', status: 201, details: { created: account.id, login: account.login, role: account.role },
      });
      return account;
    });
    return reply.code(201).send({ account: created });
  });

  app.get('/api/accounts', async (req) => {
    const session = await requireSession(db, req);
    allow('accounts.list', accountListRefusal(session.account));
    return { accounts: await listAccounts(db, session.account.provinceCode) };
  });
}
