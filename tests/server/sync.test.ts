// Offline-first sync on real Hải Phòng data: a ward's outbox pushed in one request answers op by op
// exactly what the single routes answer, applies nothing twice, and a pull from the returned cursor
// never skips a change, even when two writers commit out of order.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyProposalOp, type ProposalInput } from '../../src/server/apply-proposal-op';
import type { Account } from '../../src/server/db/accounts';
import { loadProvince } from '../../src/server/load-province';
import { addAccount, addProvince, auditSince, lastAuditId, login, type LoggedIn, useHub } from './hub';
import {
  bordersOf, busiestUnit, counts, latestRevision, longBorder, post, proposeOp, pull, push, waitUntil, withBend,
  type OpResultJson, type TestBorder,
} from './sync-helpers';

const hub = useHub();

const accounts = new Map<string, { account: Account; session: LoggedIn }>();
/** A logged-in ward account of `unit` (made the first time). */
async function ward(unit: string) {
  if (!accounts.has(unit)) {
    const account = await addAccount(hub.db, `w${unit}`, 'ward', '31', unit);
    accounts.set(unit, { account, session: await login(hub.app, `w${unit}`) });
  }
  return accounts.get(unit)!;
}
const other = (b: TestBorder, unit: string) => (b.unitA === unit ? b.unitB : b.unitA);
const results = (res: { json: () => unknown }) => (res.json() as { results: OpResultJson[] }).results;

let unit: string;
let mine: TestBorder[];

beforeAll(async () => {
  await loadProvince(hub.db, '31');
  unit = await busiestUnit(hub.db);
  mine = await bordersOf(hub.db, unit);
  // Borders run node to node (Hải Phòng's busiest unit has 9); each test takes its own.
  expect(mine.length, `unit ${unit} has enough borders for the tests`).toBeGreaterThanOrEqual(9);
});

describe('push', () => {
  let ops: object[];
  let first: OpResultJson[];

  it('applies the ops in order, each answered as its single route answers it; refusals do not stop the rest', async () => {
    const a = await ward(unit);
    const [b0, b1, b2, b3] = mine;
    // The neighbour across b1 has an open proposal there: the ward's own is a conflict to answer first.
    const conflict = await post(hub.app, `/api/borders/${b1!.id}/proposals`, (await ward(other(b1!, unit))).session, { baseRevision: 1, geometry: withBend(b1!, 3) });
    expect(conflict.statusCode).toBe(201);
    // The neighbour across another border has one the ward rejects in the push.
    const b10 = mine[4]!;
    const theirs = await post(hub.app, `/api/borders/${b10.id}/proposals`, (await ward(other(b10, unit))).session, { baseRevision: 1, geometry: withBend(b10, 3) });
    expect(theirs.statusCode).toBe(201);
    // A border the ward's unit is not on.
    const { rows } = await hub.db.query<{ id: number; geometry: string }>(
      "SELECT id, ST_AsGeoJSON(geom, 15) AS geometry FROM borders WHERE revision = 1 AND unit_b IS NOT NULL AND NOT ST_IsClosed(geom) AND $1 NOT IN (unit_a, unit_b) ORDER BY id LIMIT 1",
      [unit],
    );
    const foreign = { id: rows[0]!.id, unitA: '', unitB: '', geometry: JSON.parse(rows[0]!.geometry) };
    ops = [
      proposeOp(b0!, 1),
      proposeOp(b1!, 1), // 409: the neighbour's open proposal
      proposeOp(b2!, 2), // 409: stale base revision
      proposeOp(foreign, 1), // 403: not the ward's border
      { opId: randomUUID(), kind: 'decide', proposalId: theirs.json().proposal.id, decision: 'reject', reason: 'the river is the border' },
      { ...proposeOp(b3!, 1), geometry: { type: 'LineString', coordinates: [[106.1, 20.1], [106.2, 20.2]] } }, // 400: not the border's ends
      { opId: randomUUID(), kind: 'decide', proposalId: 99_999_999, decision: 'accept' }, // 404
      proposeOp(b3!, 1),
    ];
    const before = await lastAuditId(hub.db);
    const res = await push(hub.app, a.session, ops);
    expect(res.statusCode, res.body).toBe(200);
    first = results(res);
    expect(first.map((r) => [r.opId, r.status, r.replayed])).toEqual(ops.map((o, i) => [(o as { opId: string }).opId, [201, 409, 409, 403, 201, 400, 404, 201][i], false]));
    expect(first[0]!.body).toEqual({ proposal: { id: expect.any(Number), borderId: b0!.id, status: 'open' }, superseded: [] });
    expect(first[4]!.body).toEqual({ decision: { id: expect.any(Number), proposalId: theirs.json().proposal.id, decision: 'reject', counterProposalId: null, revision: null } });

    // Each refusal is what the single route answers for the same request (they changed nothing, so the
    // state is the same now).
    const single = (i: number) => {
      const { opId: _o, kind, borderId, proposalId, ...body } = ops[i] as Record<string, unknown>;
      return post(hub.app, kind === 'propose' ? `/api/borders/${String(borderId)}/proposals` : `/api/proposals/${String(proposalId)}/decisions`, a.session, body);
    };
    for (const i of [1, 2, 3, 5, 6]) {
      const answer = await single(i);
      expect([first[i]!.status, first[i]!.body], `op ${i}`).toEqual([answer.statusCode, answer.json()]);
    }
    expect(first[1]!.body.message).toMatch(/has open proposal \d+ by unit \d{5}: accept, reject or counter it/);
    expect(first[2]!.body.message).toBe('baseRevision 2 is not the province\'s latest revision 1: sync first');

    // Audited as the single routes audit: the accepted changes, and the denial (with its op id).
    const rowsAfter = (await auditSince(hub.db, before)).filter((r) => r.path === '/api/sync/push');
    expect(rowsAfter.map((r) => [r.action, r.outcome, r.status])).toEqual([
      ['proposals.create', 'ok', 201],
      ['proposals.create', 'denied', 403],
      ['decisions.create', 'ok', 201],
      ['proposals.create', 'ok', 201],
    ]);
    expect(rowsAfter.every((r) => r.account_id === a.account.id)).toBe(true);
  });

  it('replayed whole, answers the same with replayed: true and changes nothing', async () => {
    const a = await ward(unit);
    const before = await counts(hub.db);
    const res = await push(hub.app, a.session, ops);
    expect(res.statusCode).toBe(200);
    expect(results(res)).toEqual(first.map((r) => ({ ...r, replayed: true })));
    expect(await counts(hub.db)).toEqual(before);
  });

  it('takes the same op pushed twice at once one after the other: one applies, the other replays', async () => {
    const a = await ward(unit);
    const before = await counts(hub.db);
    const op = proposeOp(mine[5]!, 1);
    const [x, y] = await Promise.all([push(hub.app, a.session, [op]), push(hub.app, a.session, [op])]);
    const both = [...results(x), ...results(y)];
    expect(both.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect(both[0]!.status).toBe(201);
    expect(both[1]!.body).toEqual(both[0]!.body);
    const after = await counts(hub.db);
    expect([after.proposals - before.proposals, after.syncOps - before.syncOps, after.auditOk - before.auditOk]).toEqual([1, 1, 1]);
  });

  it('refuses a whole push by a reviewer (403, audited) and a malformed op naming its field (400)', async () => {
    await addAccount(hub.db, 'rev31', 'reviewer', '31');
    const reviewer = await login(hub.app, 'rev31');
    const before = await lastAuditId(hub.db);
    const denied = await push(hub.app, reviewer, [proposeOp(mine[6]!, 1)]);
    expect(denied.statusCode).toBe(403);
    expect((await auditSince(hub.db, before)).map((r) => [r.action, r.outcome, r.status, r.path])).toEqual([['sync.push', 'denied', 403, '/api/sync/push']]);

    const a = await ward(unit);
    const bad = [proposeOp(mine[6]!, 1), proposeOp(mine[7]!, 1), proposeOp(mine[8]!, 1), { ...proposeOp(mine[6]!, 1), opId: 'not-a-uuid' }];
    const res = await push(hub.app, a.session, bad);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^body\.ops\.3\.opId: /);
    const noReason = await push(hub.app, a.session, [{ opId: randomUUID(), kind: 'decide', proposalId: 1, decision: 'reject' }]);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toMatch(/body\.ops\.0\.reason/);
    expect((await push(hub.app, a.session, [])).statusCode).toBe(400);
    const noCsrf = await hub.app.inject({ method: 'POST', url: '/api/sync/push', headers: { cookie: a.session.cookie }, payload: { ops: [proposeOp(mine[6]!, 1)] } });
    expect(noCsrf.statusCode).toBe(403);
    // Nothing of the malformed push was applied.
    const { rowCount } = await hub.db.query('SELECT 1 FROM proposals WHERE border_id = ANY($1)', [[mine[6]!.id, mine[7]!.id, mine[8]!.id]]);
    expect(rowCount).toBe(0);
  });
});

describe('a counter through push', () => {
  it('answers the neighbour\'s proposal with a new open one; a pull shows both, linked', async () => {
    const a = await ward(unit);
    const b = mine[7]!;
    const n = await ward(other(b, unit));
    const since = (await pull(hub.app, a.session, '0')).json().cursor as string;
    const theirs = await post(hub.app, `/api/borders/${b.id}/proposals`, n.session, { baseRevision: 1, geometry: withBend(b, 3) });
    expect(theirs.statusCode).toBe(201);
    const id = theirs.json().proposal.id as number;
    const counter = { opId: randomUUID(), kind: 'decide', proposalId: id, decision: 'counter', reason: 'along the canal', baseRevision: 1, geometry: withBend(b, 1) };
    const [res] = results(await push(hub.app, a.session, [counter]));
    expect([res!.status, res!.replayed]).toEqual([201, false]);
    const counterId = (res!.body.decision as { counterProposalId: number }).counterProposalId;
    expect(counterId).toEqual(expect.any(Number));
    const pulled = (await pull(hub.app, n.session, since)).json();
    const byId = new Map(pulled.proposals.map((p: { id: number }) => [p.id, p]));
    expect(byId.get(id)).toMatchObject({ status: 'countered', decisions: [{ decision: 'counter', reason: 'along the canal', decidingUnit: unit }] });
    expect(byId.get(counterId)).toMatchObject({ status: 'open', counterOf: id, proposingUnit: unit, note: 'along the canal', geometry: withBend(b, 1) });
  });
});

describe('pull', () => {
  it('gives every proposal of the province at since=0 with its decisions; the returned cursor gives nothing more', async () => {
    const a = await ward(unit);
    const all = await pull(hub.app, a.session, '0');
    expect(all.statusCode, all.body).toBe(200);
    const body = all.json();
    expect(body.province).toBe('31');
    expect(body.revision).toEqual({ number: 1, acceptedAt: expect.any(String), note: 'loaded from the bundled province data' });
    expect(body.borders).toBeUndefined();
    expect(body.units).toBeUndefined();
    const { rows } = await hub.db.query<{ id: number }>('SELECT id FROM proposals ORDER BY id');
    expect(body.proposals.map((p: { id: number }) => p.id).sort((x: number, y: number) => x - y)).toEqual(rows.map((r) => r.id));
    const rejected = body.proposals.find((p: { status: string }) => p.status === 'rejected');
    expect(rejected).toMatchObject({ proposedBy: expect.stringMatching(/^w\d{5}$/), counterOf: null, geometry: { type: 'LineString' } });
    expect(rejected.decisions).toEqual([{ decision: 'reject', reason: 'the river is the border', decidingUnit: unit, decidedBy: `w${unit}`, at: expect.any(String) }]);
    const again = await pull(hub.app, a.session, body.cursor);
    expect(again.json().proposals).toEqual([]);
    expect(again.json().cursor).toBe(body.cursor);
  });

  it('is refused to another province\'s account (403) and asks for a cursor (400)', async () => {
    await addProvince(hub.db, '01', 'Hà Nội');
    await addAccount(hub.db, 'w00004', 'ward', '01', '00004');
    const foreign = await login(hub.app, 'w00004');
    expect((await pull(hub.app, foreign, '0')).statusCode).toBe(403);
    const a = await ward(unit);
    const res = await hub.app.inject({ method: 'GET', url: '/api/sync/pull?province=31&since=x', headers: { cookie: a.session.cookie } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^query\.since: /);
  });

  it('never skips a change when two writers in the province commit out of order', async () => {
    const a = await ward(unit);
    const [b1, b2] = [mine[6]!, mine[8]!];
    let cursor = (await pull(hub.app, a.session, '0')).json().cursor as string;
    const seen = new Set<number>();
    const pullOnce = async () => {
      const body = (await pull(hub.app, a.session, cursor)).json();
      for (const p of body.proposals) seen.add(p.id);
      cursor = body.cursor;
    };
    const actor = { account: a.account, ip: '127.0.0.1', method: 'POST', path: '/test' };
    const [c1, c2] = [await hub.db.connect(), await hub.db.connect()];
    try {
      const pid2 = (await c2.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await c1.query('BEGIN');
      await c2.query('BEGIN');
      const one = await applyProposalOp(c1, actor, b1.id, { baseRevision: 1, geometry: withBend(b1) as ProposalInput['geometry'] });
      let secondDone = false;
      const second = applyProposalOp(c2, actor, b2.id, { baseRevision: 1, geometry: withBend(b2) as ProposalInput['geometry'] }).then((r) => {
        secondDone = true;
        return r;
      });
      // The second writer either finishes (no lock: it stamped while the first is open) or waits.
      await waitUntil(async () => secondDone || (await someoneWaitsOnLockPid(pid2)));
      const waited = !secondDone;
      if (!waited) {
        // Out of order: the later stamp commits first, a pull sees it, then the earlier one commits.
        await c2.query('COMMIT');
        await pullOnce();
        await c1.query('COMMIT');
      } else {
        await pullOnce();
        await c1.query('COMMIT');
        await second;
        await pullOnce();
        await c2.query('COMMIT');
      }
      await pullOnce();
      const two = await second;
      const ids = [one, two].map((x) => (x.body.proposal as { id: number }).id);
      expect([...seen].filter((id) => ids.includes(id)).sort()).toEqual(ids.sort());
      expect(waited, 'the second writer waits for the first to commit').toBe(true);
    } finally {
      c1.release();
      c2.release();
    }
  });
});

async function someoneWaitsOnLockPid(pid: number): Promise<boolean> {
  const { rows } = await hub.db.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", [pid]);
  return rows.length > 0;
}

describe('decisions through push', () => {
  it('accept makes revision n+1; a pull from revision n gets its borders and the two changed units', async () => {
    const b = await longBorder(hub.db, mine.map((x) => x.id));
    const [wa, wb] = [await ward(b.unitA), await ward(b.unitB)];
    const n = await latestRevision(hub.db);
    const proposed = results(await push(hub.app, wa.session, [proposeOp(b, n)]));
    expect(proposed[0]!.status).toBe(201);
    const id = (proposed[0]!.body.proposal as { id: number }).id;
    const since = (await pull(hub.app, wb.session, '0')).json().cursor as string;
    // The proposer cannot decide on its own proposal (403); the neighbour accepts.
    const own = results(await push(hub.app, wa.session, [{ opId: randomUUID(), kind: 'decide', proposalId: id, decision: 'accept' }]));
    expect(own[0]!.status).toBe(403);
    const accept = { opId: randomUUID(), kind: 'decide', proposalId: id, decision: 'accept' };
    const res = results(await push(hub.app, wb.session, [accept]));
    expect(res[0]!.status, JSON.stringify(res[0]!.body)).toBe(201);
    expect(res[0]!.body.decision).toMatchObject({ proposalId: id, decision: 'accept', revision: n + 1 });
    expect(await latestRevision(hub.db)).toBe(n + 1);

    const before = await counts(hub.db);
    expect(results(await push(hub.app, wb.session, [accept]))).toEqual(res.map((r) => ({ ...r, replayed: true })));
    expect(await counts(hub.db)).toEqual(before);

    const behind = await pull(hub.app, wb.session, since, n);
    expect(behind.statusCode).toBe(200);
    const body = behind.json();
    expect(body.revision.number).toBe(n + 1);
    expect(body.proposals.map((p: { id: number; status: string }) => [p.id, p.status])).toEqual([[id, 'accepted']]);
    expect(body.proposals[0].decisions.map((d: { decision: string; decidedBy: string }) => [d.decision, d.decidedBy])).toEqual([['accept', `w${b.unitB}`]]);
    const borders = await hub.app.inject({ method: 'GET', url: '/api/provinces/31/borders', headers: { cookie: wb.session.cookie } });
    expect(body.borders).toEqual(borders.json());
    const units = (await hub.app.inject({ method: 'GET', url: '/api/provinces/31/units', headers: { cookie: wb.session.cookie } })).json();
    expect(body.units.features.map((f: { id: string }) => f.id)).toEqual([b.unitA, b.unitB].sort());
    expect(body.units.features).toEqual(units.features.filter((f: { id: string }) => f.id === b.unitA || f.id === b.unitB));
    // Up to date: no collections.
    const current = (await pull(hub.app, wb.session, body.cursor, n + 1)).json();
    expect([current.proposals, current.borders, current.units]).toEqual([[], undefined, undefined]);
    // An op on the old revision is stale now.
    const stale = results(await push(hub.app, wa.session, [proposeOp(b, n)]));
    expect(stale[0]!.status).toBe(409);
    expect(stale[0]!.body.message).toMatch(/sync first$/);
  });
});
