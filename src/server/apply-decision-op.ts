// The border's other unit accepts a proposal, rejects it with a reason, or counters it with a course of
// its own (a new proposal answering it): the one code behind POST /api/proposals/:id/decisions and a
// pushed 'decide' op (POST /api/sync/push). An accepted course becomes the border of the province's next
// revision at once (revise-border.ts), unless the checker finds that it brings an error: then nothing
// changes, the proposal stays open, and the answer (409) carries the checker's issues.
import { z } from 'zod';
import { audit } from './db/audit';
import { findBorder, insertDecision, insertProposal, latestRevision, lockProposal, proposalCourse } from './db/borders';
import { insertRevision, lockRevisions, revisionUnits } from './db/province';
import type { Tx } from './db/pool';
import { reviseBorder } from './revise-border';
import type { ValidationIssue } from '../core/validation';
import { allow } from './auth/guard';
import { decisionRefusal } from './auth/rights';
import { RequestError } from './errors';
import { Course, checkCourse, type OpActor, type OpAnswer } from './apply-proposal-op';

/** The three decisions, as the single route's body (a pushed op adds its opId, kind and proposalId). */
export const decisionVariants = [
  { decision: z.literal('accept'), reason: z.string().max(2000).nullable().optional() },
  { decision: z.literal('reject'), reason: z.string().trim().min(1, 'a rejection needs its reason').max(2000) },
  { decision: z.literal('counter'), reason: z.string().max(2000).nullable().optional(), baseRevision: z.number().int().min(1), geometry: Course },
] as const;

export const DecisionBody = z.discriminatedUnion('decision', [
  z.strictObject(decisionVariants[0]),
  z.strictObject(decisionVariants[1]),
  z.strictObject(decisionVariants[2]),
]);
export type DecisionInput = z.output<typeof DecisionBody>;

/**
 * Decides `input` on proposal `proposalId` inside the caller's transaction `tx`. Throws Denied (403) or
 * RequestError (404/409, 400 for a counter's course) when refused: the caller rolls back. The decision
 * is audited in `tx`.
 */
export async function applyDecisionOp(tx: Tx, actor: OpActor, proposalId: number, input: DecisionInput): Promise<OpAnswer> {
  const { account } = actor;
  const id = proposalId;
  const unit = account.unitCode;
  // Every write on a border takes its locks in one order: the province's revisions (an accept writes the
  // next one; a submission takes them before the unit's borders), the border row, the proposal. A new
  // proposal locks the border row, then supersedes the unit's open proposal (apply-proposal-op.ts); a
  // decision updates the proposal twice, and the second update re-checks its foreign key to the border
  // row (a share lock), so locking the proposal first would deadlock with it
  // (tests/server/decision-lock-order.test.ts). A proposal's border never changes: read it unlocked.
  const { rows: target } = await tx.query<{ border_id: number; province_code: string }>(
    'SELECT b.id AS border_id, b.province_code FROM proposals p JOIN borders b ON b.id = p.border_id WHERE p.id = $1',
    [id],
  );
  if (target[0]) {
    if (input.decision === 'accept') await lockRevisions(tx, target[0].province_code);
    await tx.query('SELECT 1 FROM borders WHERE id = $1 FOR UPDATE', [target[0].border_id]);
  }
  const proposal = await lockProposal(tx, id);
  if (!proposal) throw new RequestError(404, `proposal ${id} is not in the hub`);
  const border = (await findBorder(tx, proposal.borderId))!;
  allow('decisions.create', decisionRefusal(account, border, proposal.proposingUnit));
  if (border.unitB === null) throw new RequestError(409, `border ${border.id} is on the province's outer edge: no neighbour decides on it`);
  if (proposal.status !== 'open') throw new RequestError(409, `proposal ${id} is ${proposal.status}, no longer open`);
  const latest = await latestRevision(tx, border.provinceCode);
  if (border.revision !== latest) {
    throw new RequestError(409, `proposal ${id} is on border ${border.id} of revision ${border.revision}; province ${border.provinceCode} is at revision ${latest}: sync first`);
  }
  let revision: number | null = null;
  if (input.decision === 'accept') {
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
    await insertRevision(tx, border.provinceCode, revision, revised.units, revised.borders, account.id,
      `border ${border.id} (${border.unitA}, ${border.unitB}) along proposal ${id}`);
  }
  let counterId: number | null = null;
  if (input.decision === 'counter') {
    await checkCourse(tx, border, input.baseRevision, input.geometry);
    counterId = await insertProposal(tx, {
      borderId: border.id, proposingUnit: unit!, proposedBy: account.id, baseRevision: input.baseRevision,
      geometry: input.geometry, note: input.reason ?? null, counterOf: id,
    });
  }
  const decisionId = await insertDecision(tx, {
    proposalId: id, decidingUnit: unit!, decidedBy: account.id, decision: input.decision,
    reason: input.reason ?? null, counterProposalId: counterId,
  });
  await audit(tx, {
    accountId: account.id, ip: actor.ip, method: actor.method, path: actor.path, action: 'decisions.create', outcome: 'ok', status: 201,
    details: { decision: decisionId, proposal: id, kind: input.decision, counter: counterId, revision, ...(actor.opId ? { opId: actor.opId } : {}) },
  });
  return { status: 201, body: { decision: { id: decisionId, proposalId: id, decision: input.decision, counterProposalId: counterId, revision } } };
}

/** What a client needs of a checker issue to show it: kind, units, size and place. */
export function issueSummary(i: ValidationIssue) {
  return { id: i.id, kind: i.kind, severity: i.severity, units: i.units, areaM2: i.areaM2 ?? null, widthM: i.widthM ?? null, at: i.at };
}
