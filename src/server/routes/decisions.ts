// POST /api/proposals/:id/decisions: the border's other unit accepts, rejects or counters a proposal
// (apply-decision-op.ts, the same code a pushed 'decide' op runs).
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../db/pool';
import { requireSession } from '../auth/guard';
import { applyDecisionOp, DecisionBody } from '../apply-decision-op';
import { parse } from '../validation';
import { IdParams } from './proposals';
import type { HubContext } from '../http-app';

export function decisionRoutes(app: FastifyInstance, { db }: HubContext): void {
  app.post('/api/proposals/:id/decisions', async (req, reply) => {
    const session = await requireSession(db, req);
    const { id } = parse(IdParams, req.params, 'params');
    const body = parse(DecisionBody, req.body, 'body');
    const actor = { account: session.account, ip: req.ip, method: req.method, path: req.url };
    const answer = await inTransaction(db, (tx) => applyDecisionOp(tx, actor, id, body));
    return reply.code(answer.status).send(answer.body);
  });
}
