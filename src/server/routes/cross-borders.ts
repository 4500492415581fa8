// Borders between provinces (cross-border-ops.ts): GET /api/provinces/:code/cross-borders (any account of
// either province), POST /api/cross-borders/:id/proposals (a ward of one of its units),
// POST /api/cross-proposals/:id/decisions (the ward of the unit across).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { inTransaction } from '../db/pool';
import { crossBordersGeoJSON } from '../db/cross-borders';
import { allow, requireSession } from '../auth/guard';
import { crossReadRefusal } from '../auth/rights';
import { applyCrossDecisionOp, applyCrossProposalOp, CrossDecisionBody, CrossProposalBody } from '../cross-border-ops';
import { parse } from '../validation';
import { IdParams } from './proposals';
import type { HubContext } from '../http-app';

const Params = z.strictObject({ code: z.string().regex(/^[0-9]{2}$/, 'must be a 2-digit province code') });

export function crossBorderRoutes(app: FastifyInstance, { db }: HubContext): void {
  app.get('/api/provinces/:code/cross-borders', async (req, reply) => {
    const session = await requireSession(db, req);
    const { code } = parse(Params, req.params, 'params');
    allow('provinces.cross-borders', crossReadRefusal(session.account, code));
    return reply.type('application/geo+json; charset=utf-8').send(await crossBordersGeoJSON(db, code));
  });

  app.post('/api/cross-borders/:id/proposals', async (req, reply) => {
    const session = await requireSession(db, req);
    const { id } = parse(IdParams, req.params, 'params');
    const body = parse(CrossProposalBody, req.body, 'body');
    const actor = { account: session.account, ip: req.ip, method: req.method, path: req.url };
    const answer = await inTransaction(db, (tx) => applyCrossProposalOp(tx, actor, id, body));
    return reply.code(answer.status).send(answer.body);
  });

  app.post('/api/cross-proposals/:id/decisions', async (req, reply) => {
    const session = await requireSession(db, req);
    const { id } = parse(IdParams, req.params, 'params');
    const body = parse(CrossDecisionBody, req.body, 'body');
    const actor = { account: session.account, ip: req.ip, method: req.method, path: req.url };
    const answer = await inTransaction(db, (tx) => applyCrossDecisionOp(tx, actor, id, body));
    return reply.code(answer.status).send(answer.body);
  });
}
