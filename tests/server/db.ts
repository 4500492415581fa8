// Each test file's own database on the tests' PostgreSQL (tests/server/global-setup.ts): created
// fresh in beforeAll, dropped in afterAll, so files share no state and may run in parallel.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { migrate } from '../../src/server/db/migrate';
import { createPool, type Db } from '../../src/server/db/pool';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('hubAdminUrl') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  /** Connection string of this file's database. */
  url: string;
  /** A pool on it (opened in beforeAll, closed in afterAll). */
  db: Db;
}

/**
 * Registers beforeAll/afterAll hooks that give this file a fresh database, migrated unless
 * `migrated: false`. Read the returned object's fields inside tests and hooks (they are filled in
 * beforeAll).
 */
export function useTestDatabase(opts: { migrated?: boolean } = {}): TestDatabase {
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  const state = {} as TestDatabase;
  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
    state.url = withDatabase(inject('hubAdminUrl'), name);
    state.db = createPool(state.url);
    if (opts.migrated !== false) {
      const client = await state.db.connect();
      try {
        await migrate(client);
      } finally {
        client.release();
      }
    }
  });
  afterAll(async () => {
    await state.db?.end();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
  });
  return state;
}
