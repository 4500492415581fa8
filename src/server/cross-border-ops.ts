// A border between two provinces is agreed as a border inside one: a ward of one of its two units
// proposes a course, the ward of the unit across (in the other province) accepts, rejects or counters.
// An accepted course becomes the next revision of BOTH provinces at once, under both provinces'
// revision locks (taken in code order, so two agreements never wait on each other crosswise), each
// province checked with the core's checker (revise-border.ts): refused with the checker's issues if
// either would get an error it did not have. The cross border row then takes the course.
import { z } from 'zod';
import type { LineString } from 'geojson';
import { audit } from './db/audit';
import {
  crossProposalCourse, findCrossBorder, insertCrossDecision, insertCrossProposal, lockCrossProposal, moveCrossBorder, openCrossProposals,
  type CrossBorder,
} from './db/cross-borders';
import { latestRevision } from './db/borders';
import { insertRevision, lockRevisions, revisionUnits } from './db/province';
import type { Tx } from './db/pool';
import { allow } from './auth/guard';
import { crossDecisionRefusal, crossProposalRefusal } from './auth/rights';
import { RequestError } from './errors';
import { reviseStretch } from './revise-border';
import { Course, type OpActor, type OpAnswer } from './apply-proposal-op';
import { decisionVariants, issueSummary } from './apply-decision-op';

/** The cross border's revisions a proposal starts from (the row's revisionA / revisionB). */
const bases = {
  baseRevisionA: z.number().int().min(1),
  baseRevisionB: z.number().int().min(1),
};

export const CrossProposalBody = z.strictObject({
  ...bases,
  geometry: Course,
  note: z.string().max(2000).nullable().optional(),
});
export type CrossProposalInput = z.output<typeof CrossProposalBody>;

export const CrossDecisionBody = z.discriminatedUnion('decision', [
  z.strictObject(decisionVariants[0]),
  z.strictObject(decisionVariants[1]),
  z.strictObject({ decision: decisionVariants[2].decision, reason: decisionVariants[2].reason, ...bases, geometry: Course }),
]);
export type CrossDecisionInput = z.output<typeof CrossDecisionBody>;

const samePoint = (a: number[], b: number[]) => a[0] === b[0] && a[1] === b[1];

/** A course starts from the cross border as it is now (else 409: sync first) and keeps its two ends (else 400). */
function checkCrossCourse(cross: CrossBorder, input: { baseRevisionA: number; baseRevisionB: number; geometry: LineString }): void {
  if (input.baseRevisionA !== cross.revisionA || input.baseRevisionB !== cross.revisionB) {
    throw new RequestError(409, `cross border ${cross.id} is at revisions ${cross.revisionA} of ${cross.provinceA} and ${cross.revisionB} of ${cross.provinceB}, `
      + `not ${input.baseRevisionA} and ${input.baseRevisionB}: sync first`);
  }
  const ends = cross.geometry.coordinates;
  const coords = input.geometry.coordinates;
  if (!samePoint(coords[0]!, ends[0]!) || !samePoint(coords[coords.length - 1]!, ends[ends.length - 1]!)) {
    throw new RequestError(400, `body.geometry: must start at [${ends[0]!.join(', ')}] and end at [${ends[ends.length - 1]!.join(', ')}], the ends of cross border ${cross.id}`);
  }
}

/** The province and unit of `account` on the cross border (the caller checked it is one of its sides). */
function sideOf(cross: CrossBorder, province: string | null): { province: string; unit: string } {
  return province === cross.provinceA ? { province: cross.provinceA, unit: cross.unitA } : { province: cross.provinceB, unit: cross.unitB };
}

const opDetails = (actor: OpActor) => (actor.opId ? { opId: actor.opId } : {});

/** Proposes `input` for cross border `id` inside `tx`; throws Denied / RequestError when refused. */
export async function applyCrossProposalOp(tx: Tx, actor: OpActor, id: number, input: CrossProposalInput): Promise<OpAnswer> {
  const { account } = actor;
  const found = await findCrossBorder(tx, id);
  if (!found) throw new RequestError(404, `cross border ${id} is not in the hub`);
  allow('cross-proposals.create', crossProposalRefusal(account, found));
  // The row is locked so two proposals on it are taken one after the other (read again under the lock).
  const cross = (await findCrossBorder(tx, id, true))!;
  checkCrossCourse(cross, input);
  const me = sideOf(cross, account.provinceCode);
  const open = await openCrossProposals(tx, id);
  const theirs = open.find((p) => p.proposingProvince !== me.province || p.proposingUnit !== me.unit);
  if (theirs) {
    throw new RequestError(409, `cross border ${id} has open proposal ${theirs.id} by unit ${theirs.proposingUnit} of province ${theirs.proposingProvince}: `
      + `accept, reject or counter it (POST /api/cross-proposals/${theirs.id}/decisions)`);
  }
  const superseded = open.map((p) => p.id);
  if (superseded.length) await tx.query("UPDATE cross_proposals SET status = 'superseded' WHERE id = ANY($1)", [superseded]);
  const proposalId = await insertCrossProposal(tx, {
    crossBorderId: id, proposingProvince: me.province, proposingUnit: me.unit, proposedBy: account.id,
    baseRevisionA: input.baseRevisionA, baseRevisionB: input.baseRevisionB, geometry: input.geometry, note: input.note ?? null,
  });
  await audit(tx, {
    accountId: account.id, ip: actor.ip, method: actor.method, path: actor.path, action: 'cross-proposals.create', outcome: 'ok', status: 201,
    details: { proposal: proposalId, crossBorder: id, superseded, ...opDetails(actor) },
  });
  return { status: 201, body: { proposal: { id: proposalId, crossBorderId: id, status: 'open' }, superseded } };
}

/**
 * The next revisions of both provinces with the cross border along `course`, written under both
 * provinces' revision locks; refused (409, nothing written) when either province's checker finds an
 * error the province did not have, or the stretch is no longer one arc's.
 */
async function agree(tx: Tx, cross: CrossBorder, proposalId: number, by: number): Promise<{ revisionA: number; revisionB: number }> {
  const course = await crossProposalCourse(tx, proposalId);
  // Fixed order (province_a < province_b by the table's CHECK): no two agreements hold them crosswise.
  await lockRevisions(tx, cross.provinceA);
  await lockRevisions(tx, cross.provinceB);
  const sides = [
    { province: cross.provinceA, unit: cross.unitA },
    { province: cross.provinceB, unit: cross.unitB },
  ];
  const revised = [];
  for (const side of sides) {
    const now = (await latestRevision(tx, side.province))!;
    const r = reviseStretch(await revisionUnits(tx, side.province, now), cross.geometry, course);
    if (!r.ok) {
      throw new RequestError(409, `cross proposal ${proposalId} cannot become the border in province ${side.province}: ${r.reason}`, {
        province: side.province,
        issues: r.issues.map((i) => ({ ...issueSummary(i), province: side.province })),
      });
    }
    revised.push({ ...side, now, units: r.units, borders: r.borders });
  }
  const note = `cross border ${cross.id} (${cross.provinceA}/${cross.unitA}, ${cross.provinceB}/${cross.unitB}) along cross proposal ${proposalId}`;
  for (const r of revised) await insertRevision(tx, r.province, r.now + 1, r.units, r.borders, by, note);
  const [a, b] = [revised[0]!.now + 1, revised[1]!.now + 1];
  await moveCrossBorder(tx, cross.id, course, a, b);
  return { revisionA: a, revisionB: b };
}

/** Decides `input` on cross proposal `id` inside `tx`; throws Denied / RequestError when refused. */
export async function applyCrossDecisionOp(tx: Tx, actor: OpActor, id: number, input: CrossDecisionInput): Promise<OpAnswer> {
  const { account } = actor;
  const proposal = await lockCrossProposal(tx, id);
  if (!proposal) throw new RequestError(404, `cross proposal ${id} is not in the hub`);
  const cross = (await findCrossBorder(tx, proposal.crossBorderId, true))!;
  allow('cross-decisions.create', crossDecisionRefusal(account, cross, { province: proposal.proposingProvince, unit: proposal.proposingUnit }));
  if (proposal.status !== 'open') throw new RequestError(409, `cross proposal ${id} is ${proposal.status}, no longer open`);
  const me = sideOf(cross, account.provinceCode);
  let revisions: { revisionA: number; revisionB: number } | null = null;
  if (input.decision === 'accept') revisions = await agree(tx, cross, id, account.id);
  let counterId: number | null = null;
  if (input.decision === 'counter') {
    checkCrossCourse(cross, input);
    counterId = await insertCrossProposal(tx, {
      crossBorderId: cross.id, proposingProvince: me.province, proposingUnit: me.unit, proposedBy: account.id,
      baseRevisionA: input.baseRevisionA, baseRevisionB: input.baseRevisionB, geometry: input.geometry, note: input.reason ?? null, counterOf: id,
    });
  }
  const decisionId = await insertCrossDecision(tx, {
    proposalId: id, decidingProvince: me.province, decidingUnit: me.unit, decidedBy: account.id, decision: input.decision,
    reason: input.reason ?? null, counterProposalId: counterId, revisionA: revisions?.revisionA ?? null, revisionB: revisions?.revisionB ?? null,
  });
  await audit(tx, {
    accountId: account.id, ip: actor.ip, method: actor.method, path: actor.path, action: 'cross-decisions.create', outcome: 'ok', status: 201,
    details: { decision: decisionId, proposal: id, kind: input.decision, counter: counterId, ...revisions, ...opDetails(actor) },
  });
  return {
    status: 201,
    body: { decision: { id: decisionId, proposalId: id, decision: input.decision, counterProposalId: counterId, revisionA: revisions?.revisionA ?? null, revisionB: revisions?.revisionB ?? null } },
  };
}
