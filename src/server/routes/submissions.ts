// The reviewer flow: a ward submits its unit's boundary at the latest revision
// (POST /api/units/:code/submissions), a reviewer of the province accepts or returns it
// (POST /api/submissions/:id/review), and the province's accounts list them
// (GET /api/provinces/:code/submissions). docs/hub.md, "Submissions".
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../db/audit';
import { latestRevision, unitExists } from '../db/borders';
import { inTransaction } from '../db/pool';
import { lockRevisions, resolveRevision } from '../db/province';
import { insertReview, insertSubmission, listSubmissions, lockSubmission, openProposalsOfUnit, supersedePending, unitProvince, unitUnchanged } from '../db/review';
import { allow, requireSession } from '../auth/guard';
import { provinceReadRefusal, reviewRefusal, submissionRefusal } from '../auth/rights';
import { RequestError } from '../errors';
import { parse } from '../validation';
import type { HubContext } from '../http-app';
import { IdParams } from './proposals';

const UnitParams = z.strictObject({ code: z.string().regex(/^[0-9]{5}$/, 'must be a 5-digit unit code') });
const ProvinceParams = z.strictObject({ code: z.string().regex(/^[0-9]{2}$/, 'must be a 2-digit province code') });
const ListQuery = z.strictObject({ status: z.enum(['pending', 'accepted', 'returned', 'superseded']).optional() });

const SubmissionBody = z.strictObject({
  revision: z.number().int().min(1),
  note: z.string().max(2000).nullable().optional(),
});

const ReviewBody = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('accept'), reason: z.string().max(2000).nullable().optional() }),
  z.strictObject({ decision: z.literal('return'), reason: z.string().trim().min(1, 'returning a submission needs its reason').max(2000) }),
]);

const proposalList = (open: { id: number; borderId: number }[]) => open.map((p) => `${p.id} (border ${p.borderId})`).join(', ');

export function submissionRoutes(app: FastifyInstance, { db }: HubContext): void {
  app.post('/api/units/:code/submissions', async (req, reply) => {
    const session = await requireSession(db, req);
    const { code } = parse(UnitParams, req.params, 'params');
    const body = parse(SubmissionBody, req.body, 'body');
    const provinceCode = await unitProvince(db, code);
    if (!provinceCode) throw new RequestError(404, `unit ${code} is not in the hub`);
    allow('submissions.create', submissionRefusal(session.account, { provinceCode, code }));
    const result = await inTransaction(db, async (tx) => {
      // Under the province's revision lock: no agreement writes the next revision meanwhile, and the
      // unit's borders are locked against new proposals until the submission is stored.
      await lockRevisions(tx, provinceCode);
      const latest = (await latestRevision(tx, provinceCode))!;
      if (body.revision !== latest) {
        throw new RequestError(409, `revision ${body.revision} is not the province's latest revision ${latest}: sync first`);
      }
      if (!(await unitExists(tx, provinceCode, latest, code))) throw new RequestError(404, `unit ${code} is not in province ${provinceCode} at revision ${latest}`);
      const open = await openProposalsOfUnit(tx, provinceCode, latest, code);
      if (open.length) {
        throw new RequestError(409, `unit ${code} has open border proposals: ${proposalList(open)}; settle them before submitting`, { proposals: open.map((p) => p.id) });
      }
      const superseded = await supersedePending(tx, provinceCode, code);
      const id = await insertSubmission(tx, { provinceCode, revision: latest, unitCode: code, submittedBy: session.account.id, note: body.note ?? null });
      await audit(tx, {
        accountId: session.account.id, ip: req.ip, method: req.method, path: req.url,
        action: 'submissions.create', outcome: 'ok', status: 201, details: { submission: id, unit: code, revision: latest, superseded },
      });
      return { submission: { id, unitCode: code, revision: latest, status: 'pending' as const }, superseded };
    });
    return reply.code(201).send(result);
  });

  app.post('/api/submissions/:id/review', async (req, reply) => {
    const session = await requireSession(db, req);
    const { id } = parse(IdParams, req.params, 'params');
    const body = parse(ReviewBody, req.body, 'body');
    const review = await inTransaction(db, async (tx) => {
      const submission = await lockSubmission(tx, id);
      if (!submission) throw new RequestError(404, `submission ${id} is not in the hub`);
      allow('submissions.review', reviewRefusal(session.account, submission.provinceCode));
      if (submission.status !== 'pending') throw new RequestError(409, `submission ${id} is ${submission.status}, no longer pending`);
      if (body.decision === 'accept') {
        // What is accepted must still be the unit's boundary, and not under negotiation.
        await lockRevisions(tx, submission.provinceCode);
        const latest = (await latestRevision(tx, submission.provinceCode))!;
        if (!(await unitUnchanged(tx, submission.provinceCode, submission.unitCode, submission.revision, latest))) {
          throw new RequestError(409, `unit ${submission.unitCode} changed after revision ${submission.revision} (the province is at revision ${latest}): return it, the ward submits again`);
        }
        const open = await openProposalsOfUnit(tx, submission.provinceCode, latest, submission.unitCode);
        if (open.length) {
          throw new RequestError(409, `unit ${submission.unitCode} has open border proposals since it submitted: ${proposalList(open)}; return it or wait`, { proposals: open.map((p) => p.id) });
        }
      }
      const reviewId = await insertReview(tx, { submissionId: id, reviewedBy: session.account.id, decision: body.decision, reason: body.reason ?? null });
      await audit(tx, {
        accountId: session.account.id, ip: req.ip, method: req.method, path: req.url,
        action: 'submissions.review', outcome: 'ok', status: 201, details: { review: reviewId, submission: id, decision: body.decision },
      });
      return { id: reviewId, submissionId: id, decision: body.decision, status: body.decision === 'accept' ? 'accepted' : 'returned' };
    });
    return reply.code(201).send({ review });
  });

  app.get('/api/provinces/:code/submissions', async (req) => {
    const session = await requireSession(db, req);
    const { code } = parse(ProvinceParams, req.params, 'params');
    const { status } = parse(ListQuery, req.query, 'query');
    allow('provinces.submissions', provinceReadRefusal(session.account, code));
    if ((await resolveRevision(db, code, undefined)) === null) throw new RequestError(404, `province ${code} is not loaded in the hub`);
    return { submissions: await listSubmissions(db, code, status) };
  });
}
