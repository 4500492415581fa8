// POST /api/borders/:id/proposals: a ward proposes a new course for a border of its own unit
// (apply-proposal-op.ts, the same code a pushed 'propose' op runs).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { inTransaction } from '../db/pool';
import { requireSession } from '../auth/guard';
import { applyProposalOp, ProposalBody } from '../apply-proposal-op';
import { parse } from '../validation';
import type { HubContext } from '../http-app';

export const IdParams = z.strictObject({ id: z.coerce.number().int().min(1) });

export function proposalRoutes(app: FastifyInstance, { db }: HubContext): void {
  app.post('/api/borders/:id/proposals', async (req, reply) => {
    const session = await requireSession(db, req);
    const { id } = parse(IdParams, req.params, 'params');
    const body = parse(ProposalBody, req.body, 'body');
    const actor = { account: session.account, ip: req.ip, method: req.method, path: req.url };
    const answer = await inTransaction(db, (tx) => applyProposalOp(tx, actor, id, body));
    return reply.code(answer.status).send(answer.body);
  });
}
