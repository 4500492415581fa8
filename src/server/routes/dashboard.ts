// GET /api/provinces/:code/dashboard: where every border and unit of the latest revision stands.
// GET /api/borders/:id/agreement: the record of a border's agreement, for the printed confirmation sheet.
// Both for any account of the province. docs/hub.md, "Border statuses".
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { agreementOf, borderStates, unitSubmissions, type BorderStatus, type UnitSummary } from '../db/agreement';
import { findBorder } from '../db/borders';
import { resolveRevision } from '../db/province';
import { allow, requireSession } from '../auth/guard';
import { provinceReadRefusal } from '../auth/rights';
import { RequestError } from '../errors';
import { parse } from '../validation';
import type { HubContext } from '../http-app';
import { IdParams } from './proposals';

const Params = z.strictObject({ code: z.string().regex(/^[0-9]{2}$/, 'must be a 2-digit province code') });
const STATUSES: readonly BorderStatus[] = ['agreed', 'proposed', 'disputed', 'untouched'];

export function dashboardRoutes(app: FastifyInstance, { db }: HubContext): void {
  app.get('/api/provinces/:code/dashboard', async (req) => {
    const session = await requireSession(db, req);
    const { code } = parse(Params, req.params, 'params');
    allow('provinces.dashboard', provinceReadRefusal(session.account, code));
    const revision = await resolveRevision(db, code, undefined);
    if (revision === null) throw new RequestError(404, `province ${code} is not loaded in the hub`);
    const borders = await borderStates(db, code, revision);
    const units: UnitSummary[] = (await unitSubmissions(db, code, revision)).map((u) => ({
      ...u,
      borders: { total: 0, agreed: 0, proposed: 0, disputed: 0, untouched: 0 },
    }));
    const byCode = new Map(units.map((u) => [u.code, u]));
    for (const b of borders) {
      for (const unit of [b.unitA, b.unitB]) {
        const u = unit === null ? undefined : byCode.get(unit);
        if (!u) continue;
        u.borders.total++;
        u.borders[b.status]++;
      }
    }
    const totals = Object.fromEntries(STATUSES.map((s) => [s, borders.filter((b) => b.status === s).length])) as Record<BorderStatus, number>;
    return { provinceCode: code, revision, totals: { borders: borders.length, ...totals }, borders, units };
  });

  app.get('/api/borders/:id/agreement', async (req) => {
    const session = await requireSession(db, req);
    const { id } = parse(IdParams, req.params, 'params');
    const border = await findBorder(db, id);
    if (!border) throw new RequestError(404, `border ${id} is not in the hub`);
    allow('borders.agreement', provinceReadRefusal(session.account, border.provinceCode));
    const record = await agreementOf(db, id);
    if (!record) throw new RequestError(404, `border ${id} is not agreed yet`);
    return { agreement: record };
  });
}
