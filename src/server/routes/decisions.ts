// POST /api/proposals/:id/decisions: the border's other unit accepts a proposal, rejects it with a
// reason, or counters it with a course of its own (a new proposal answering it). Making the agreed
// course the border of the next revision comes later (issue 13).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../db/audit';
import { findBorder, insertDecision, insertProposal, latestRevision, lockProposal } from '../db/borders';
import { inTransaction } from '../db/pool';
import { allow, requireSession } from '../auth/guard';
import { decisionRefusal } from '../auth/rights';
import { RequestError } from '../errors';
import { parse } from '../validation';
import { Course, IdParams, checkCourse } from './proposals';
import type { HubContext } from '../http-app';

const DecisionBody = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('accept'), reason: z.string().max(2000).nullable().optional() }),
  z.strictObject({ decision: z.literal('reject'), reason: z.string().trim().min(1, 'a rejection needs its reason').max(2000) }),
  z.strictObject({ decision: z.literal('counter'), reason: z.string().max(2000).nullable().optional(), baseRevision: z.number().int().min(1), geometry: Course }),
]);

export function decisionRoutes(app: FastifyInstance, { db }: HubContext): void {
  app.post('/api/proposals/:id/decisions', async (req, reply) => {
    const session = await requireSession(db, req);
    const { id } = parse(IdParams, req.params, 'params');
    const body = parse(DecisionBody, req.body, 'body');
    const unit = session.account.unitCode;
    const result = await inTransaction(db, async (tx) => {
      const proposal = await lockProposal(tx, id);
      if (!proposal) throw new RequestError(404, `proposal ${id} is not in the hub`);
      const border = (await findBorder(db, proposal.borderId))!;
      allow('decisions.create', decisionRefusal(session.account, border, proposal.proposingUnit));
      if (border.unitB === null) throw new RequestError(409, `border ${border.id} is on the province's outer edge: no neighbour decides on it`);
      if (proposal.status !== 'open') throw new RequestError(409, `proposal ${id} is ${proposal.status}, no longer open`);
      const latest = await latestRevision(tx, border.provinceCode);
      if (border.revision !== latest) {
        throw new RequestError(409, `proposal ${id} is on border ${border.id} of revision ${border.revision}; province ${border.provinceCode} is at revision ${latest}: sync first`);
      }
      let counterId: number | null = null;
      if (body.decision === 'counter') {
        await checkCourse(db, border, body.baseRevision, body.geometry);
        counterId = await insertProposal(tx, {
          borderId: border.id, proposingUnit: unit!, proposedBy: session.account.id, baseRevision: body.baseRevision,
          geometry: body.geometry, note: body.reason ?? null, counterOf: id,
        });
      }
      const decisionId = await insertDecision(tx, {
        proposalId: id, decidingUnit: unit!, decidedBy: session.account.id, decision: body.decision,
        reason: body.reason ?? null, counterProposalId: counterId,
      });
      await audit(tx, {
        accountId: session.account.id, ip: req.ip, method: req.method, path: req.url,
        action: 'decisions.create', outcome: 'ok', status: 201, details: { decision: decisionId, proposal: id, kind: body.decision, counter: counterId },
      });
      return { id: decisionId, proposalId: id, decision: body.decision, counterProposalId: counterId };
    });
    return reply.code(201).send({ decision: result });
  });
}
