// A decision and a new proposal on the same border take their locks in the same order (the border row,
// then the proposal), so they never deadlock. Found by tests/bench/hub-load.ts: a ward superseding its
// own proposal (border locked, then its proposal) met the neighbour deciding on that proposal (proposal
// locked, then the border: through the counter-proposal's foreign key, or the decision's second update
// of the proposal re-checking its own), and PostgreSQL aborted one with "deadlock detected" (a 500).
import { beforeAll, describe, expect, it } from 'vitest';
import { applyDecisionOp, type DecisionInput } from '../../src/server/apply-decision-op';
import { applyProposalOp, type ProposalInput } from '../../src/server/apply-proposal-op';
import type { Account } from '../../src/server/db/accounts';
import { RequestError } from '../../src/server/errors';
import { loadProvince } from '../../src/server/load-province';
import { addAccount, useHub } from './hub';
import { longBorder, waitUntil, withBend, type TestBorder } from './sync-helpers';

const hub = useHub();

beforeAll(async () => {
  await loadProvince(hub.db, '31');
});

const actor = (account: Account) => ({ account, ip: '127.0.0.1', method: 'POST', path: '/test' });
const course = (b: TestBorder, metres: number) => withBend(b, metres) as ProposalInput['geometry'];

async function waitsOnLock(pid: number): Promise<boolean> {
  const { rows } = await hub.db.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", [pid]);
  return rows.length > 0;
}

const used: number[] = [];
/** A border no other test of the file uses, and a ward account of each of its units. */
async function fresh(tag: string) {
  const border = await longBorder(hub.db, used);
  used.push(border.id);
  const proposer = await addAccount(hub.db, `${tag}-${border.unitA}`, 'ward', '31', border.unitA);
  const neighbour = await addAccount(hub.db, `${tag}-${border.unitB}`, 'ward', '31', border.unitB);
  return { border, proposer, neighbour };
}

describe('a decision while the proposer supersedes the proposal decided on', () => {
  const decisions: [string, (b: TestBorder) => DecisionInput][] = [
    ['counter', (b) => ({ decision: 'counter', reason: 'ours', baseRevision: 1, geometry: course(b, 4) })],
    ['reject', () => ({ decision: 'reject', reason: 'the river is the border' })],
    ['accept', () => ({ decision: 'accept' })],
  ];
  it.each(decisions)('%s waits for the border, holding nothing the proposer needs: the proposer goes first, the decision is refused (409)', async (tag, decision) => {
    const { border, proposer, neighbour } = await fresh(tag);
    const first = await hub.db.connect();
    let openId: number;
    try {
      await first.query('BEGIN');
      const made = await applyProposalOp(first, actor(proposer), border.id, { baseRevision: 1, geometry: course(border, 2) });
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
      // The neighbour decides on the open proposal meanwhile, and has to wait.
      const decided = applyDecisionOp(d, actor(neighbour), openId, decision(border)).then(() => 'applied', (e: unknown) => e);
      await waitUntil(() => waitsOnLock(dPid));
      // The proposer's new proposal supersedes its open one: it must not wait on the neighbour.
      const again = await applyProposalOp(p, actor(proposer), border.id, { baseRevision: 1, geometry: course(border, 3) });
      expect(again.body.superseded).toEqual([openId]);
      await p.query('COMMIT');
      const outcome = await decided;
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
