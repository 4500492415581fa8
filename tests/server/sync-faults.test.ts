// A push cut short (the database connection dropped, or a statement failing, at the Nth op) leaves each
// op applied and recorded, or neither; pushing all the ops again applies each exactly once.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProvince } from '../../src/server/load-province';
import { addAccount, login, type LoggedIn, useHub } from './hub';
import { bordersOf, busiestUnit, counts, proposeOp, push, type OpResultJson, type TestBorder } from './sync-helpers';

const hub = useHub();
let a: LoggedIn;
let accountId: number;
let mine: TestBorder[];

beforeAll(async () => {
  await loadProvince(hub.db, '31');
  const unit = await busiestUnit(hub.db);
  mine = await bordersOf(hub.db, unit);
  accountId = (await addAccount(hub.db, `w${unit}`, 'ward', '31', unit)).id;
  a = await login(hub.app, `w${unit}`);
});

/** How many proposals the ward has on each of `borders` (an op applied twice shows as 2). */
async function proposalsOn(borders: TestBorder[]): Promise<number[]> {
  const { rows } = await hub.db.query<{ n: number }>(
    'SELECT (SELECT count(*) FROM proposals WHERE border_id = b AND proposed_by = $2)::int AS n FROM unnest($1::bigint[]) WITH ORDINALITY AS t(b, i) ORDER BY i',
    [borders.map((b) => b.id), accountId],
  );
  return rows.map((r) => r.n);
}

/** Makes the op `opId`'s transaction fail with `failure` when it records the op (after its effect). */
async function failAt(opId: string, failure: string): Promise<() => Promise<void>> {
  await hub.db.query(`CREATE OR REPLACE FUNCTION test_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${failure}; RETURN NEW; END $$`);
  await hub.db.query(`CREATE TRIGGER test_fault BEFORE INSERT ON sync_ops FOR EACH ROW WHEN (NEW.op_id = '${opId}') EXECUTE FUNCTION test_fault()`);
  return async () => {
    await hub.db.query('DROP TRIGGER test_fault ON sync_ops');
  };
}

describe.each([
  // Four ops each, on borders of one unit (its borders run node to node: Hải Phòng's busiest unit has 9).
  ['its database connection dropped (the backend terminated)', 'PERFORM pg_terminate_backend(pg_backend_pid())', 503, [0, 4]],
  ['a statement failing', "RAISE EXCEPTION 'injected fault'", 500, [4, 8]],
] as const)('a push cut short at the third op by %s', (_what, failure, status, [from, to]) => {
  it(`answers ${status}, keeps the first two ops, and applies each op exactly once when pushed again`, async () => {
    const borders = mine.slice(from, to);
    const ops = borders.map((b) => proposeOp(b, 1));
    const before = await counts(hub.db);
    const heal = await failAt(ops[2]!.opId, failure);
    let cut;
    try {
      cut = await push(hub.app, a, ops);
    } finally {
      await heal();
    }
    expect(cut.statusCode, cut.body).toBe(status);
    const mid = await counts(hub.db);
    expect([mid.proposals - before.proposals, mid.syncOps - before.syncOps, mid.auditOk - before.auditOk]).toEqual([2, 2, 2]);
    expect(borders).toHaveLength(4);
    expect(await proposalsOn(borders)).toEqual([1, 1, 0, 0]);

    const again = await push(hub.app, a, ops);
    expect(again.statusCode, again.body).toBe(200);
    const results = again.json<{ results: OpResultJson[] }>().results;
    expect(results.map((r) => [r.opId, r.status, r.replayed])).toEqual(ops.map((o, i) => [o.opId, 201, i < 2]));
    const after = await counts(hub.db);
    expect([after.proposals - before.proposals, after.syncOps - before.syncOps, after.auditOk - before.auditOk, after.decisions - before.decisions, after.revisions - before.revisions])
      .toEqual([4, 4, 4, 0, 0]);
    expect(await proposalsOn(borders)).toEqual([1, 1, 1, 1]);
    // And the hub still answers.
    expect((await hub.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: a.cookie } })).statusCode).toBe(200);
  });
});
