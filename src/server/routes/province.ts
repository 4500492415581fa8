// GET /api/provinces/:code/units, /borders and /proposals: a revision (the latest unless ?revision=N)
// as GeoJSON, for accounts of the province; /proposals?status=open narrows to those still to decide.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { allow, requireSession } from '../auth/guard';
import { provinceReadRefusal } from '../auth/rights';
import { bordersGeoJSON, proposalsGeoJSON, resolveRevision, unitsGeoJSON } from '../db/province';
import { RequestError } from '../errors';
import { parse } from '../validation';
import type { HubContext } from '../http-app';
import type { Db } from '../db/pool';

const Params = z.strictObject({ code: z.string().regex(/^[0-9]{2}$/, 'must be a 2-digit province code') });
const Query = z.strictObject({ revision: z.coerce.number().int().min(1).optional() });
const ProposalQuery = Query.extend({ status: z.enum(['open', 'accepted', 'rejected', 'countered', 'withdrawn', 'superseded']).optional() });

export function provinceRoutes(app: FastifyInstance, { db }: HubContext): void {
  const readers = [
    ['units', unitsGeoJSON],
    ['borders', bordersGeoJSON],
    ['proposals', (d: Db, code: string, n: number, status?: string) => proposalsGeoJSON(d, code, n, status)],
  ] as const;
  for (const [what, read] of readers) {
    app.get(`/api/provinces/:code/${what}`, async (req, reply) => {
      const session = await requireSession(db, req);
      const { code } = parse(Params, req.params, 'params');
      const { revision, status } = what === 'proposals' ? parse(ProposalQuery, req.query, 'query') : { ...parse(Query, req.query, 'query'), status: undefined };
      allow(`provinces.${what}`, provinceReadRefusal(session.account, code));
      const n = await resolveRevision(db, code, revision);
      if (n === null) throw new RequestError(404, revision ? `province ${code} has no revision ${revision}` : `province ${code} is not loaded in the hub`);
      return reply.type('application/geo+json; charset=utf-8').header('x-hub-revision', String(n)).send(await read(db, code, n, status));
    });
  }
}
