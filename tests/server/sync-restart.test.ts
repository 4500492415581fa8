// PostgreSQL restarted in the middle of a push: the hub answers 503 while the database is down, keeps
// running, and once it is back the same push applies each op exactly once. This file stops and starts
// a cluster of its own, so the other test files' shared cluster is never disturbed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/server/config';
import { buildApp } from '../../src/server/http-app';
import { startLocalCluster, type LocalCluster } from '../../src/server/db/local-cluster';
import { migrate } from '../../src/server/db/migrate';
import { ensureDatabase } from '../../src/server/db/open';
import { createPool, type Db } from '../../src/server/db/pool';
import { loadProvince } from '../../src/server/load-province';
import { addAccount, login } from './hub';
import { bordersOf, busiestUnit, counts, proposeOp, pull, push, someoneWaitsOnLock, waitUntil, type OpResultJson } from './sync-helpers';

const root = mkdtempSync(join(tmpdir(), 'dia-gioi-hub-restart-'));
let cluster: LocalCluster | undefined;
let url: string;
let db: Db;
let app: FastifyInstance;

beforeAll(async () => {
  cluster = await startLocalCluster(root);
  await ensureDatabase(cluster.url('postgres'), 'hub');
  url = cluster.url('hub');
  db = createPool(url);
  const client = await db.connect();
  try {
    await migrate(client);
  } finally {
    client.release();
  }
  app = buildApp({ db, config: readConfig({}) });
  await app.ready();
  await loadProvince(db, '31');
});

afterAll(async () => {
  await app?.close();
  await db?.end();
  try {
    await cluster?.stop();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

describe('PostgreSQL restarted during a push', () => {
  it('answers 503 while it is down, and the same push afterwards applies each op exactly once', async () => {
    const unit = await busiestUnit(db);
    const borders = (await bordersOf(db, unit)).slice(0, 4);
    await addAccount(db, `w${unit}`, 'ward', '31', unit);
    const a = await login(app, `w${unit}`);
    const ops = borders.map((b) => proposeOp(b, 1));
    const before = await counts(db);

    // Another transaction holds the third op's border, so the push is under way (two ops committed,
    // the third waiting) when the database goes down.
    const locker = new pg.Client({ connectionString: url });
    locker.on('error', () => {}); // its connection ends with the server, as expected
    await locker.connect();
    const lockerPid = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM borders WHERE id = $1 FOR UPDATE', [borders[2]!.id]);
    const pushing = push(app, a, ops);
    await waitUntil(() => someoneWaitsOnLock(db, [lockerPid]));
    await cluster!.stop();
    const cut = await pushing;
    expect(cut.statusCode, cut.body).toBe(503);
    await locker.end().catch(() => {});

    // Down: every request is a 503, and the hub keeps running.
    expect((await push(app, a, ops)).statusCode).toBe(503);
    expect((await pull(app, a, '0')).statusCode).toBe(503);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: a.cookie } })).statusCode).toBe(503);

    cluster = await startLocalCluster(root);
    const mid = await counts(db);
    expect([mid.proposals - before.proposals, mid.syncOps - before.syncOps]).toEqual([2, 2]);

    const again = await push(app, a, ops);
    expect(again.statusCode, again.body).toBe(200);
    const results = again.json<{ results: OpResultJson[] }>().results;
    expect(results.map((r) => [r.opId, r.status, r.replayed])).toEqual(ops.map((o, i) => [o.opId, 201, i < 2]));
    const after = await counts(db);
    expect([after.proposals - before.proposals, after.syncOps - before.syncOps, after.auditOk - before.auditOk]).toEqual([4, 4, 4]);
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM proposals WHERE border_id = ANY($1) GROUP BY border_id ORDER BY border_id',
      [borders.map((b) => b.id)],
    );
    expect(rows.map((r) => r.n)).toEqual([1, 1, 1, 1]);
    // A pull sees all four.
    const pulled = (await pull(app, a, '0')).json<{ proposals: { borderId: number }[] }>();
    expect(pulled.proposals.map((p) => p.borderId).sort((x, y) => x - y)).toEqual(borders.map((b) => b.id).sort((x, y) => x - y));
  });
});
