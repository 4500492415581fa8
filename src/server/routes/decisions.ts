// POST /api/proposals/:id/decisions: the border's other unit accepts a proposal, rejects it with a
// reason, or counters it with a course of its own (a new proposal answering it). An accepted course
// becomes the border of the province's next revision at once (revise-border.ts), unless the checker finds
// that it brings an error: then nothing changes, the proposal stays open, and the answer (409) carries
// the checker's issues.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../db/audit';
import { findBorder, insertDecision, insertProposal, latestRevision, lockProposal, proposalCourse } from '../db/borders';
import { insertRevision, lockRevisions, revisionUnits } from '../db/province';
import { reviseBorder } from '../revise-border';
import type { ValidationIssue } from '../../core/validation';
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
      let revision: number | null = null;
      if (body.decision === 'accept') {
        // Read the latest revision and write the next under the province's lock: two borders agreed at
        // once go one after the other, the second checked against the first's revision.
        await lockRevisions(tx, border.provinceCode);
        const now = await latestRevision(tx, border.provinceCode);
        if (now !== border.revision) {
          throw new RequestError(409, `proposal ${id} is on border ${border.id} of revision ${border.revision}; province ${border.provinceCode} is at revision ${now}: sync first`);
        }
        const revised = reviseBorder(await revisionUnits(tx, border.provinceCode, now), border.geometry, await proposalCourse(tx, id));
        if (!revised.ok) {
          throw new RequestError(409, `proposal ${id} cannot become the border: ${revised.reason}`, { issues: revised.issues.map(issueSummary) });
        }
        revision = now + 1;
        await insertRevision(tx, border.provinceCode, revision, revised.units, revised.borders, session.account.id,
          `border ${border.id} (${border.unitA}, ${border.unitB}) along proposal ${id}`);
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
        action: 'decisions.create', outcome: 'ok', status: 201, details: { decision: decisionId, proposal: id, kind: body.decision, counter: counterId, revision },
      });
      return { id: decisionId, proposalId: id, decision: body.decision, counterProposalId: counterId, revision };
    });
    return reply.code(201).send({ decision: result });
  });
}

/** What a client needs of a checker issue to show it: kind, units, size and place. */
function issueSummary(i: ValidationIssue) {
  return { id: i.id, kind: i.kind, severity: i.severity, units: i.units, areaM2: i.areaM2 ?? null, widthM: i.widthM ?? null, at: i.at };
}
