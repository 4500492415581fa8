// GET /api/provinces/:code/units and /borders: a revision (the latest unless ?revision=N) as GeoJSON,
// for accounts of the province.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { allow, requireSession } from '../auth/guard';
import { provinceReadRefusal } from '../auth/rights';
import { bordersGeoJSON, resolveRevision, unitsGeoJSON } from '../db/province';
import { RequestError } from '../errors';
import { parse } from '../validation';
import type { HubContext } from '../http-app';

const Params = z.strictObject({ code: z.string().regex(/^[0-9]{2}$/, 'must be a 2-digit province code') });
const Query = z.strictObject({ revision: z.coerce.number().int().min(1).optional() });

export function provinceRoutes(app: FastifyInstance, { db }: HubContext): void {
  for (const [what, read] of [['units', unitsGeoJSON], ['borders', bordersGeoJSON]] as const) {
    app.get(`/api/provinces/:code/${what}`, async (req, reply) => {
      const session = await requireSession(db, req);
      const { code } = parse(Params, req.params, 'params');
      const { revision } = parse(Query, req.query, 'query');
      allow(`provinces.${what}`, provinceReadRefusal(session.account, code));
      const n = await resolveRevision(db, code, revision);
      if (n === null) throw new RequestError(404, revision ? `province ${code} has no revision ${revision}` : `province ${code} is not loaded in the hub`);
      return reply.type('application/geo+json; charset=utf-8').header('x-hub-revision', String(n)).send(await read(db, code, n));
    });
  }
}
