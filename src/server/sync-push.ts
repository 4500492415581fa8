// One pushed op of a ward's outbox (POST /api/sync/push), applied at most once.
//
// Each op runs in its own transaction, under a lock on (account, opId). An op already in sync_ops is
// answered from there (replayed) and changes nothing. Otherwise the op runs the single route's code
// (apply-proposal-op.ts, apply-decision-op.ts) after a savepoint: applied, its sync_ops row commits with
// its effect; refused (400/403/404/409), the effect is rolled back to the savepoint and the refusal is
// recorded (a 403 audited too) in the same transaction, so a replay answers the same. A crash, a lost
// connection or a killed hub leaves the op either applied and recorded, or neither.
import { z } from 'zod';
import { applyDecisionOp, decisionVariants } from './apply-decision-op';
import { applyProposalOp, proposalFields, type OpActor } from './apply-proposal-op';
import { audit } from './db/audit';
import { inTransaction, type Db } from './db/pool';
import { lockOp, storedOp, storeOp } from './db/sync';
import { Denied, RequestError, refusalAnswer } from './errors';

const opId = z.uuid();
const id = z.number().int().min(1);
const decide = { opId, kind: z.literal('decide'), proposalId: id };

export const PushOp = z.discriminatedUnion('kind', [
  z.strictObject({ opId, kind: z.literal('propose'), borderId: id, ...proposalFields }),
  z.discriminatedUnion('decision', [
    z.strictObject({ ...decide, ...decisionVariants[0] }),
    z.strictObject({ ...decide, ...decisionVariants[1] }),
    z.strictObject({ ...decide, ...decisionVariants[2] }),
  ]),
]);
export type PushOp = z.output<typeof PushOp>;

/** The most ops one push carries; the client sends a longer outbox in several pushes. */
export const MAX_PUSH_OPS = 200;
export const PushBody = z.strictObject({ ops: z.array(PushOp).min(1).max(MAX_PUSH_OPS) });

export interface OpResult {
  opId: string;
  status: number;
  replayed: boolean;
  body: Record<string, unknown>;
}

/**
 * Applies `op` for `actor` unless it was pushed before. A refusal is a result, not an error; anything
 * else (the database gone) throws, and the op is then neither applied nor recorded.
 */
export async function pushOp(db: Db, actor: OpActor, op: PushOp): Promise<OpResult> {
  const accountId = actor.account.id;
  const opActor = { ...actor, opId: op.opId };
  return inTransaction(db, async (tx) => {
    await lockOp(tx, accountId, op.opId);
    const stored = await storedOp(tx, accountId, op.opId);
    if (stored) return { opId: op.opId, status: stored.status, replayed: true, body: stored.body };
    await tx.query('SAVEPOINT op');
    let answer: { status: number; body: Record<string, unknown> };
    try {
      if (op.kind === 'propose') {
        const { borderId, baseRevision, geometry, note } = op;
        answer = await applyProposalOp(tx, opActor, borderId, { baseRevision, geometry, note });
      } else {
        const { opId: _opId, kind: _kind, proposalId, ...decision } = op;
        answer = await applyDecisionOp(tx, opActor, proposalId, decision);
      }
    } catch (e) {
      if (!(e instanceof Denied) && !(e instanceof RequestError)) throw e;
      await tx.query('ROLLBACK TO SAVEPOINT op');
      answer = refusalAnswer(e);
      if (e instanceof Denied) {
        await audit(tx, {
          accountId, ip: actor.ip, method: actor.method, path: actor.path, action: e.action, outcome: 'denied', status: e.status,
          reason: e.message, details: { opId: op.opId },
        });
      }
    }
    await storeOp(tx, accountId, op.opId, op.kind, answer);
    return { opId: op.opId, status: answer.status, replayed: false, body: answer.body };
  });
}
