// POST /api/borders/:id/proposals: a ward proposes a new course for a border of its own unit.
// Two proposals on one border meet as a conflict (409), never as a silent overwrite.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../db/audit';
import { findBorder, insertProposal, latestRevision, openProposals, type Border } from '../db/borders';
import { inTransaction, type Db } from '../db/pool';
import { allow, requireSession } from '../auth/guard';
import { proposalRefusal } from '../auth/rights';
import { RequestError } from '../errors';
import { parse } from '../validation';
import type { HubContext } from '../http-app';

const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** A border's proposed course, as the app sends it. */
export const Course = z.strictObject({
  type: z.literal('LineString'),
  coordinates: z.array(Position).min(2).max(200_000),
});

const ProposalBody = z.strictObject({
  baseRevision: z.number().int().min(1),
  geometry: Course,
  note: z.string().max(2000).nullable().optional(),
});

export const IdParams = z.strictObject({ id: z.coerce.number().int().min(1) });

const samePoint = (a: number[], b: number[]) => a[0] === b[0] && a[1] === b[1];

/**
 * A course for `border` is based on the province's latest revision (else 409: sync first) and keeps the
 * border's two ends: a border runs from node to node, and the nodes are shared with the other borders
 * that meet there (else 400).
 */
export async function checkCourse(db: Db, border: Border, baseRevision: number, course: z.output<typeof Course>): Promise<void> {
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

export function proposalRoutes(app: FastifyInstance, { db }: HubContext): void {
  app.post('/api/borders/:id/proposals', async (req, reply) => {
    const session = await requireSession(db, req);
    const { id } = parse(IdParams, req.params, 'params');
    const body = parse(ProposalBody, req.body, 'body');
    const border = await findBorder(db, id);
    if (!border) throw new RequestError(404, `border ${id} is not in the hub`);
    allow('proposals.create', proposalRefusal(session.account, border));
    await checkCourse(db, border, body.baseRevision, body.geometry);
    const { proposalId, superseded } = await inTransaction(db, async (tx) => {
      // One open proposal per border and unit: the border row is locked so two proposals on it are
      // taken one after the other. The neighbour's open proposal must be answered first (never
      // silently overwritten); the unit's own earlier one is superseded by the new one.
      await tx.query('SELECT 1 FROM borders WHERE id = $1 FOR UPDATE', [id]);
      const open = await openProposals(tx, id);
      const theirs = open.find((p) => p.proposingUnit !== session.account.unitCode);
      if (theirs) {
        throw new RequestError(409, `border ${id} has open proposal ${theirs.id} by unit ${theirs.proposingUnit}: accept, reject or counter it (POST /api/proposals/${theirs.id}/decisions)`);
      }
      const mine = open.map((p) => p.id);
      if (mine.length) await tx.query("UPDATE proposals SET status = 'superseded' WHERE id = ANY($1)", [mine]);
      const pid = await insertProposal(tx, {
        borderId: id,
        proposingUnit: session.account.unitCode!,
        proposedBy: session.account.id,
        baseRevision: body.baseRevision,
        geometry: body.geometry,
        note: body.note ?? null,
      });
      await audit(tx, {
        accountId: session.account.id, ip: req.ip, method: req.method, path: req.url,
        action: 'proposals.create', outcome: 'ok', status: 201, details: { proposal: pid, border: id, superseded: mine },
      });
      return { proposalId: pid, superseded: mine };
    });
    return reply.code(201).send({ proposal: { id: proposalId, borderId: id, status: 'open' }, superseded });
  });
}
