// A hub app over this file's test database, and the requests the tests make of it.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { readConfig, type HubConfig } from '../../src/server/config';
import { buildApp } from '../../src/server/http-app';
import { createAdmin } from '../../src/server/create-admin';
import { hashPassword } from '../../src/server/auth/passwords';
import { insertAccount, type Account, type Role } from '../../src/server/db/accounts';
import type { Db } from '../../src/server/db/pool';
import { useTestDatabase } from './db';

export interface TestHub {
  app: FastifyInstance;
  db: Db;
  config: HubConfig;
}

export function useHub(config: Partial<HubConfig> = {}): TestHub {
  const t = useTestDatabase();
  const hub = {} as TestHub;
  beforeAll(async () => {
    hub.db = t.db;
    hub.config = { ...readConfig({}), ...config };
    hub.app = buildApp({ db: t.db, config: hub.config });
    await hub.app.ready();
  });
  afterAll(async () => {
    await hub.app?.close();
  });
  return hub;
}

export const PASSWORD = 'a-long-enough-password';

export async function addProvince(db: Db, code: string, name: string): Promise<void> {
  await db.query('INSERT INTO provinces (code, name) VALUES ($1, $2)', [code, name]);
}

export async function addAccount(db: Db, login: string, role: Role, provinceCode: string | null, unitCode: string | null = null): Promise<Account> {
  if (role === 'admin' && provinceCode === null) return createAdmin(db, login, PASSWORD, null);
  const account = await insertAccount(db, { login, passwordHash: await hashPassword(PASSWORD), role, provinceCode, unitCode, createdBy: null });
  if (!account) throw new Error(`login ${login} taken`);
  return account;
}

export interface LoggedIn {
  cookie: string;
  csrf: string;
  res: LightMyRequestResponse;
}

let nextIp = 1;
/** A client address no other test of the file uses, so the per-address rate limit stays apart. */
export const freshIp = () => `10.1.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;

export async function login(app: FastifyInstance, name: string, password = PASSWORD, ip = freshIp()): Promise<LoggedIn> {
  const res = await app.inject({ method: 'POST', url: '/api/login', payload: { login: name, password }, remoteAddress: ip });
  if (res.statusCode !== 200) throw new Error(`login ${name} answered ${res.statusCode}: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'hub_session');
  return { cookie: `hub_session=${cookie!.value}`, csrf: res.json<{ csrfToken: string }>().csrfToken, res };
}

/** The audit rows written after `sinceId`, the fields a test looks at. */
export async function auditSince(db: Db, sinceId: number) {
  const { rows } = await db.query<{ id: number; account_id: number | null; login: string | null; action: string; outcome: string; status: number | null; reason: string | null; path: string | null }>(
    'SELECT id, account_id, login, action, outcome, status, reason, path FROM audit_log WHERE id > $1 ORDER BY id',
    [sinceId],
  );
  return rows;
}

export async function lastAuditId(db: Db): Promise<number> {
  const { rows } = await db.query<{ id: number | null }>('SELECT max(id) AS id FROM audit_log');
  return rows[0]!.id ?? 0;
}
