// A ward proposes a new course for a border of its own unit: the one code behind
// POST /api/borders/:id/proposals and a pushed 'propose' op (POST /api/sync/push). Two proposals on one
// border meet as a conflict (409), never as a silent overwrite.
import { z } from 'zod';
import type { Account } from './db/accounts';
import { audit } from './db/audit';
import { findBorder, insertProposal, latestRevision, openProposals, type Border } from './db/borders';
import type { Db, Tx } from './db/pool';
import { allow } from './auth/guard';
import { proposalRefusal } from './auth/rights';
import { RequestError } from './errors';

const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** A border's proposed course, as the app sends it. */
export const Course = z.strictObject({
  type: z.literal('LineString'),
  coordinates: z.array(Position).min(2).max(200_000),
});

/** What a proposal carries, in the single route's body and in a pushed op. */
export const proposalFields = {
  baseRevision: z.number().int().min(1),
  geometry: Course,
  note: z.string().max(2000).nullable().optional(),
};
export const ProposalBody = z.strictObject(proposalFields);
export type ProposalInput = z.output<typeof ProposalBody>;

/** Who does an op, and the request it came in, for the rights check and the audit log. */
export interface OpActor {
  account: Account;
  ip: string;
  method: string;
  path: string;
  /** The client's id of a pushed op, written into the audit row's details. */
  opId?: string;
}

/** An applied op's answer: what the single route sends with 201. */
export interface OpAnswer {
  status: 201;
  body: Record<string, unknown>;
}

const samePoint = (a: number[], b: number[]) => a[0] === b[0] && a[1] === b[1];

/**
 * A course for `border` is based on the province's latest revision (else 409: sync first) and keeps the
 * border's two ends: a border runs from node to node, and the nodes are shared with the other borders
 * that meet there (else 400).
 */
export async function checkCourse(db: Db | Tx, border: Border, baseRevision: number, course: z.output<typeof Course>): Promise<void> {
  if (border.otherUnits.length > 0) {
    const units = [border.unitA, border.unitB, ...border.otherUnits].join(', ');
    throw new RequestError(409, `border ${border.id} is used by ${border.otherUnits.length + 2} units (${units}): the data overlaps there, and a border is agreed between two units; the province resolves the overlap first`);
  }
  const latest = await latestRevision(db, border.provinceCode);
  if (border.revision !== latest) {
    throw new RequestError(409, `border ${border.id} is of revision ${border.revision}; province ${border.provinceCode} is at revision ${latest}: sync first`);
  }
  if (baseRevision !== latest) {
    throw new RequestError(409, `baseRevision ${baseRevision} is not the province's latest revision ${latest}: sync first`);
  }
  const ends = border.geometry.coordinates;
  const coords = course.coordinates;
  if (!samePoint(coords[0]!, ends[0]!) || !samePoint(coords[coords.length - 1]!, ends[ends.length - 1]!)) {
    throw new RequestError(400, `body.geometry: must start at [${ends[0]!.join(', ')}] and end at [${ends[ends.length - 1]!.join(', ')}], the nodes of border ${border.id}`);
  }
}

/**
 * Proposes `input` for border `borderId` inside the caller's transaction `tx`. Throws Denied (403) or
 * RequestError (400/404/409) when refused: the caller rolls back, and the denial is audited as any
 * other. The accepted proposal is audited in `tx`.
 */
export async function applyProposalOp(tx: Tx, actor: OpActor, borderId: number, input: ProposalInput): Promise<OpAnswer> {
  const { account } = actor;
  const border = await findBorder(tx, borderId);
  if (!border) throw new RequestError(404, `border ${borderId} is not in the hub`);
  allow('proposals.create', proposalRefusal(account, border));
  await checkCourse(tx, border, input.baseRevision, input.geometry);
  // One open proposal per border and unit: the border row is locked so two proposals on it are taken
  // one after the other. The neighbour's open proposal must be answered first (never silently
  // overwritten); the unit's own earlier one is superseded by the new one.
  await tx.query('SELECT 1 FROM borders WHERE id = $1 FOR UPDATE', [borderId]);
  const open = await openProposals(tx, borderId);
  const theirs = open.find((p) => p.proposingUnit !== account.unitCode);
  if (theirs) {
    throw new RequestError(409, `border ${borderId} has open proposal ${theirs.id} by unit ${theirs.proposingUnit}: accept, reject or counter it (POST /api/proposals/${theirs.id}/decisions)`);
  }
  const superseded = open.map((p) => p.id);
  if (superseded.length) await tx.query("UPDATE proposals SET status = 'superseded' WHERE id = ANY($1)", [superseded]);
  const proposalId = await insertProposal(tx, {
    borderId,
    proposingUnit: account.unitCode!,
    proposedBy: account.id,
    baseRevision: input.baseRevision,
    geometry: input.geometry,
    note: input.note ?? null,
  });
  await audit(tx, {
    accountId: account.id, ip: actor.ip, method: actor.method, path: actor.path, action: 'proposals.create', outcome: 'ok', status: 201,
    details: { proposal: proposalId, border: borderId, superseded, ...(actor.opId ? { opId: actor.opId } : {}) },
  });
  return { status: 201, body: { proposal: { id: proposalId, borderId, status: 'open' }, superseded } };
}
