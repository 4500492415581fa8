// A counter-proposal and a new proposal on the same border take their locks in the same order (the
// border row, then the proposal), so they never deadlock. Found by tests/bench/hub-load.ts: a ward
// superseding its own proposal (border locked, then its proposal) met the neighbour countering that
// proposal (proposal locked, then the border through the new proposal's foreign key), and PostgreSQL
// aborted one with "deadlock detected" (a 500).
import { beforeAll, describe, expect, it } from 'vitest';
import { applyDecisionOp } from '../../src/server/apply-decision-op';
import { applyProposalOp, type ProposalInput } from '../../src/server/apply-proposal-op';
import type { Account } from '../../src/server/db/accounts';
import { RequestError } from '../../src/server/errors';
import { loadProvince } from '../../src/server/load-province';
import { addAccount, useHub } from './hub';
import { longBorder, waitUntil, withBend, type TestBorder } from './sync-helpers';

const hub = useHub();

let border: TestBorder;
let proposer: Account;
let neighbour: Account;
const actor = (account: Account) => ({ account, ip: '127.0.0.1', method: 'POST', path: '/test' });
const course = (metres: number) => withBend(border, metres) as ProposalInput['geometry'];

beforeAll(async () => {
  await loadProvince(hub.db, '31');
  border = await longBorder(hub.db);
  proposer = await addAccount(hub.db, `w${border.unitA}`, 'ward', '31', border.unitA);
  neighbour = await addAccount(hub.db, `w${border.unitB}`, 'ward', '31', border.unitB);
});

async function waitsOnLock(pid: number): Promise<boolean> {
  const { rows } = await hub.db.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", [pid]);
  return rows.length > 0;
}

describe('a counter while the proposer supersedes the countered proposal', () => {
  it('waits for the border, holding nothing the proposer needs: the proposer goes first, the counter is refused (409)', async () => {
    const first = await hub.db.connect();
    let openId: number;
    try {
      await first.query('BEGIN');
      const made = await applyProposalOp(first, actor(proposer), border.id, { baseRevision: 1, geometry: course(2) });
      await first.query('COMMIT');
      openId = (made.body.proposal as { id: number }).id;
    } finally {
      first.release();
    }

    const [p, d] = [await hub.db.connect(), await hub.db.connect()];
    try {
      const dPid = (await d.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await p.query('BEGIN');
      await d.query('BEGIN');
      // The proposer's transaction has taken the border row, as applyProposalOp does first.
      await p.query('SELECT 1 FROM borders WHERE id = $1 FOR UPDATE', [border.id]);
      // The neighbour counters the open proposal meanwhile, and has to wait.
      const counter = applyDecisionOp(d, actor(neighbour), openId, { decision: 'counter', reason: 'ours', baseRevision: 1, geometry: course(4) })
        .then(() => 'applied', (e: unknown) => e);
      await waitUntil(() => waitsOnLock(dPid));
      // The proposer's new proposal supersedes its open one: it must not wait on the neighbour.
      const again = await applyProposalOp(p, actor(proposer), border.id, { baseRevision: 1, geometry: course(3) });
      expect(again.body.superseded).toEqual([openId]);
      await p.query('COMMIT');
      const outcome = await counter;
      await d.query('ROLLBACK');
      expect(outcome).toBeInstanceOf(RequestError);
      expect((outcome as RequestError).status).toBe(409);
      expect((outcome as RequestError).message).toBe(`proposal ${openId} is superseded, no longer open`);
    } finally {
      p.release();
      d.release();
    }
  });
});
