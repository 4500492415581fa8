// POST /api/sync/push: a ward's outbox of ops made offline, each applied at most once (sync-push.ts).
// GET /api/sync/pull: what changed in a province since the client's cursor (docs/hub.md, "Sync").
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { allow, requireSession } from '../auth/guard';
import { provinceReadRefusal, syncPushRefusal } from '../auth/rights';
import { inTransaction } from '../db/pool';
import { bordersGeoJSON, changedUnitsGeoJSON } from '../db/province';
import { latestRevisionInfo, proposalsSince } from '../db/sync';
import { RequestError } from '../errors';
import { pushOp, PushBody, type OpResult } from '../sync-push';
import { parse } from '../validation';
import type { HubContext } from '../http-app';

const PullQuery = z.strictObject({
  province: z.string().regex(/^[0-9]{2}$/, 'must be a 2-digit province code'),
  since: z.string().regex(/^(0|[1-9][0-9]{0,17})$/, "must be the cursor the last pull returned ('0' at first)"),
  revision: z.coerce.number().int().min(1).optional(),
});

export function syncRoutes(app: FastifyInstance, { db }: HubContext): void {
  app.post('/api/sync/push', async (req, reply) => {
    const session = await requireSession(db, req);
    allow('sync.push', syncPushRefusal(session.account));
    const { ops } = parse(PushBody, req.body, 'body');
    const actor = { account: session.account, ip: req.ip, method: req.method, path: req.url };
    // In order, one transaction each: a refused op does not undo the others, and later ops still run.
    const results: OpResult[] = [];
    for (const op of ops) results.push(await pushOp(db, actor, op));
    return reply.code(200).send({ results });
  });

  app.get('/api/sync/pull', async (req, reply) => {
    const session = await requireSession(db, req);
    const { province, since, revision } = parse(PullQuery, req.query, 'query');
    allow('sync.pull', provinceReadRefusal(session.account, province));
    const text = await inTransaction(db, async (tx) => {
      // One snapshot for the revision, the proposals and the cursor.
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const latest = await latestRevisionInfo(tx, province);
      if (!latest) throw new RequestError(404, `province ${province} is not loaded in the hub`);
      if (revision !== undefined && revision > latest.number) {
        throw new RequestError(404, `province ${province} has no revision ${revision}; its latest is ${latest.number}`);
      }
      const { cursor, proposals } = await proposalsSince(tx, province, since);
      const head = JSON.stringify({ province, revision: latest, cursor, proposals });
      if (revision === undefined || revision === latest.number) return head;
      // The collections come from PostGIS as JSON text: spliced in, not parsed and written again.
      const borders = await bordersGeoJSON(tx, province, latest.number);
      const units = await changedUnitsGeoJSON(tx, province, latest.number, revision);
      return `${head.slice(0, -1)},"borders":${borders},"units":${units}}`;
    });
    return reply.type('application/json; charset=utf-8').send(text);
  });
}
