// The reviewer flow, the province dashboard and the border agreement record, on real Hải Phòng data:
// borders are agreed (a new course, or confirmed as they are), proposed, countered and rejected through
// the API, and the dashboard and the agreement record are checked against what was done.
import type { FastifyInstance } from 'fastify';
import type { LineString } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { lineLengthM } from '../../src/core/geom/geodesic';
import { loadProvince } from '../../src/server/load-province';
import { addAccount, addProvince, auditSince, lastAuditId, login, type LoggedIn, useHub } from './hub';
import { bendLine as withBend } from './sync-helpers';

const hub = useHub();

interface Border {
  id: number;
  unitA: string;
  unitB: string;
  geometry: LineString;
}

// Text fields get markup and SQL injection strings: stored and returned verbatim, never interpreted.
const MARKUP = '<script>alert("xã")</script><img src=x onerror=alert(1)>';
const INJECTION = "'); DROP TABLE submissions; -- ' OR '1'='1";
const NOTE = `Theo mốc giới số 7 ${MARKUP} ${INJECTION}`;

function post(app: FastifyInstance, url: string, who: LoggedIn | null, payload: unknown) {
  const headers = who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {};
  return app.inject({ method: 'POST', url, headers, payload: payload as object });
}
const get = (url: string, who: LoggedIn | null) => hub.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });

const latest = async () => (await hub.db.query<{ n: number }>("SELECT max(number) AS n FROM revisions WHERE province_code = '31'")).rows[0]!.n;

/**
 * Borders of revision 1 between two units, not closed, with a long enough segment for a bend, whose
 * units are all different: each is used for one status, so the statuses cannot touch each other.
 */
async function distinctBorders(n: number): Promise<Border[]> {
  const { rows } = await hub.db.query<{ id: number; unit_a: string; unit_b: string; geometry: string }>(
    `SELECT id, unit_a, unit_b, ST_AsGeoJSON(geom, 15) AS geometry FROM borders
      WHERE province_code = '31' AND revision = 1 AND unit_b IS NOT NULL AND NOT ST_IsClosed(geom) AND ST_NPoints(geom) >= 20
      ORDER BY ST_NPoints(geom) DESC, id`,
  );
  const used = new Set<string>();
  const picked: Border[] = [];
  for (const r of rows) {
    if (used.has(r.unit_a) || used.has(r.unit_b)) continue;
    used.add(r.unit_a).add(r.unit_b);
    picked.push({ id: r.id, unitA: r.unit_a, unitB: r.unit_b, geometry: JSON.parse(r.geometry) as LineString });
    if (picked.length === n) return picked;
  }
  throw new Error(`only ${picked.length} borders with distinct units`);
}

/** The row of the latest revision that continues `b`: the same units and the same course. */
async function current(b: Border, course: LineString = b.geometry): Promise<Border> {
  const { rows } = await hub.db.query<{ id: number; geometry: string }>(
    `SELECT id, ST_AsGeoJSON(geom, 15) AS geometry FROM borders
      WHERE province_code = '31' AND revision = (SELECT max(number) FROM revisions WHERE province_code = '31')
        AND unit_a = $1 AND unit_b = $2 AND ST_Equals(geom, ST_SetSRID(ST_GeomFromGeoJSON($3), 4326))`,
    [b.unitA, b.unitB, JSON.stringify(course)],
  );
  expect(rows, `border ${b.unitA}|${b.unitB} at the latest revision`).toHaveLength(1);
  return { ...b, id: rows[0]!.id, geometry: JSON.parse(rows[0]!.geometry) as LineString };
}


const as: Record<string, LoggedIn> = {};
/** Logs in a new ward account of `unit`, named `name`. */
async function ward(name: string, unit: string): Promise<LoggedIn> {
  await addAccount(hub.db, name, 'ward', '31', unit);
  return (as[name] = await login(hub.app, name));
}

const propose = async (b: Border, who: LoggedIn, course: LineString, note: string | null = null) => {
  const res = await post(hub.app, `/api/borders/${b.id}/proposals`, who, { baseRevision: await latest(), geometry: course, note });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().proposal.id as number;
};
const decide = async (proposal: number, who: LoggedIn, body: Record<string, unknown>) => {
  const res = await post(hub.app, `/api/proposals/${proposal}/decisions`, who, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().decision as { revision: number | null; counterProposalId: number | null };
};

// The borders of the story, at revision 1, and what was done to them.
let agreed: Border, confirmed: Border, rejected: Border, stale: Border, proposed: Border, countered: Border;
let agreedCourse: LineString;
let agreedProposal = 0;
let confirmProposal = 0;
let outdatedSubmission = 0;

beforeAll(async () => {
  await loadProvince(hub.db, '31');
  await addProvince(hub.db, '01', 'Hà Nội');
  await addAccount(hub.db, 'boss', 'admin', null);
  await addAccount(hub.db, 'admin31', 'admin', '31');
  await addAccount(hub.db, 'rev31', 'reviewer', '31');
  await addAccount(hub.db, 'rev01', 'reviewer', '01');
  await addAccount(hub.db, 'w00004', 'ward', '01', '00004');
  for (const name of ['boss', 'admin31', 'rev31', 'rev01', 'w00004']) as[name] = await login(hub.app, name);
  [agreed, confirmed, rejected, stale, proposed, countered] = (await distinctBorders(6)) as [Border, Border, Border, Border, Border, Border];
  for (const [key, b] of Object.entries({ agreed, confirmed, rejected, stale, proposed, countered })) {
    await ward(`${key}-a`, b.unitA);
    await ward(`${key}-b`, b.unitB);
  }

  // Revision 1: the agreed border's first unit submits its boundary (it changes later: outdated).
  const sub = await post(hub.app, `/api/units/${agreed.unitA}/submissions`, as['agreed-a']!, { revision: 1 });
  expect(sub.statusCode, sub.body).toBe(201);
  outdatedSubmission = sub.json().submission.id;
  // A rejection, and a proposal left open while the province moves on (stale).
  await decide(await propose(rejected, as['rejected-a']!, withBend(rejected.geometry), NOTE), as['rejected-b']!, { decision: 'reject', reason: NOTE });
  await propose(stale, as['stale-a']!, withBend(stale.geometry));
  // A new course, agreed: revision 2.
  agreedCourse = withBend(agreed.geometry);
  agreedProposal = await propose(agreed, as['agreed-a']!, agreedCourse, NOTE);
  expect((await decide(agreedProposal, as['agreed-b']!, { decision: 'accept', reason: NOTE })).revision).toBe(2);
  // Revision 2: a border confirmed as it is (its course unchanged): revision 3.
  const c2 = await current(confirmed);
  confirmProposal = await propose(c2, as['confirmed-b']!, c2.geometry, 'xác nhận giữ nguyên');
  expect((await decide(confirmProposal, as['confirmed-a']!, { decision: 'accept' })).revision).toBe(3);
  // Revision 3: an open proposal, and a countered one.
  const p3 = await current(proposed);
  await propose(p3, as['proposed-a']!, withBend(p3.geometry));
  const k3 = await current(countered);
  const first = await propose(k3, as['countered-a']!, withBend(k3.geometry));
  await decide(first, as['countered-b']!, { decision: 'counter', baseRevision: 3, geometry: withBend(k3.geometry, 3) });
});

interface Dashboard {
  provinceCode: string;
  revision: number;
  totals: Record<string, number>;
  borders: { id: number; unitA: string; unitB: string | null; lengthM: number; status: string; proposalId: number | null }[];
  units: { code: string; name: string; borders: Record<'total' | 'agreed' | 'proposed' | 'disputed' | 'untouched', number>; submission: { id: number; status: string; revision: number } | null }[];
}

describe('the dashboard', () => {
  it('gives every border of the latest revision its status, as the story made them; all others are untouched', async () => {
    const res = await get('/api/provinces/31/dashboard', as['proposed-b']!);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json<Dashboard>();
    expect(d.revision).toBe(3);
    const { rows } = await hub.db.query<{ n: number }>("SELECT count(*)::int AS n FROM borders WHERE province_code = '31' AND revision = 3");
    expect(d.borders).toHaveLength(rows[0]!.n);
    const expected = new Map<number, string>([
      [(await current(agreed, agreedCourse)).id, 'agreed'],
      [(await current(confirmed)).id, 'agreed'],
      [(await current(rejected)).id, 'disputed'],
      [(await current(stale)).id, 'untouched'],
      [(await current(proposed)).id, 'proposed'],
      [(await current(countered)).id, 'disputed'],
    ]);
    const wrong = d.borders.filter((b) => b.status !== (expected.get(b.id) ?? 'untouched')).map((b) => `${b.id}: ${b.status}`);
    expect(wrong).toEqual([]);
    expect(d.totals).toEqual({ borders: rows[0]!.n, agreed: 2, proposed: 1, disputed: 2, untouched: rows[0]!.n - 5 });
  });

  it('measures each border on the ellipsoid (PostGIS geography agrees with the core\'s geodesic length)', async () => {
    const d = (await get('/api/provinces/31/dashboard', as.rev31!)).json<Dashboard>();
    const { rows } = await hub.db.query<{ id: number; geometry: string }>("SELECT id, ST_AsGeoJSON(geom, 15) AS geometry FROM borders WHERE province_code = '31' AND revision = 3");
    const lengths = new Map(rows.map((r) => [r.id, lineLengthM((JSON.parse(r.geometry) as LineString).coordinates as [number, number][])]));
    const off = d.borders.filter((b) => Math.abs(b.lengthM - lengths.get(b.id)!) > 1e-6 * lengths.get(b.id)! + 1e-6);
    expect(off.map((b) => [b.id, b.lengthM, lengths.get(b.id)])).toEqual([]);
    // Only a border whose course is one point repeated (load-province's topology has such arcs where two
    // units touch at a point) has no length.
    const point = (id: number) => { const c = (JSON.parse(rows.find((r) => r.id === id)!.geometry) as LineString).coordinates; return c.every((p) => p[0] === c[0]![0] && p[1] === c[0]![1]); };
    expect(d.borders.filter((b) => !(b.lengthM > 0) && !point(b.id))).toEqual([]);
    expect(d.borders.filter((b) => b.lengthM > 0 && point(b.id))).toEqual([]);
  });

  it('counts each unit\'s borders by status, and gives its submission status', async () => {
    const d = (await get('/api/provinces/31/dashboard', as.admin31!)).json<Dashboard>();
    const unit = (code: string) => d.units.find((u) => u.code === code)!;
    const { rows } = await hub.db.query<{ code: string; name: string; n: number }>(
      `SELECT u.code, u.name, (SELECT count(*)::int FROM borders b WHERE b.province_code = u.province_code AND b.revision = u.revision AND u.code IN (b.unit_a, b.unit_b)) AS n
         FROM units u WHERE province_code = '31' AND revision = 3 ORDER BY code`,
    );
    expect(d.units.map((u) => [u.code, u.name, u.borders.total])).toEqual(rows.map((r) => [r.code, r.name, r.n]));
    for (const u of d.units) expect(u.borders.agreed + u.borders.proposed + u.borders.disputed + u.borders.untouched).toBe(u.borders.total);
    expect(unit(proposed.unitA).borders.proposed).toBe(1);
    expect(unit(countered.unitB).borders.disputed).toBe(1);
    expect(unit(rejected.unitA).borders.disputed).toBe(1);
    expect(unit(agreed.unitB).borders.agreed).toBe(1);
    expect(unit(confirmed.unitA).borders.agreed).toBe(1);
    expect(unit(stale.unitA).borders).toEqual({ total: unit(stale.unitA).borders.total, agreed: 0, proposed: 0, disputed: 0, untouched: unit(stale.unitA).borders.total });
    // Submitted at revision 1, changed by the agreement of revision 2.
    expect(unit(agreed.unitA).submission).toMatchObject({ id: outdatedSubmission, revision: 1, status: 'outdated' });
    expect(unit(stale.unitB).submission).toBeNull();
  });

  it('is for any account of the province (ward of any unit, reviewer, admins); 401 anonymous, 403 another province (audited)', async () => {
    for (const who of [as['stale-a']!, as.rev31!, as.admin31!, as.boss!]) expect((await get('/api/provinces/31/dashboard', who)).statusCode).toBe(200);
    const before = await lastAuditId(hub.db);
    const anon = await get('/api/provinces/31/dashboard', null);
    const foreignWard = await get('/api/provinces/31/dashboard', as.w00004!);
    const foreignReviewer = await get('/api/provinces/31/dashboard', as.rev01!);
    expect([anon.statusCode, foreignWard.statusCode, foreignReviewer.statusCode]).toEqual([401, 403, 403]);
    expect((await auditSince(hub.db, before)).map((r) => [r.action, r.outcome, r.status])).toEqual([
      ['session', 'denied', 401],
      ['provinces.dashboard', 'denied', 403],
      ['provinces.dashboard', 'denied', 403],
    ]);
    expect((await get('/api/provinces/45/dashboard', as.boss!)).statusCode).toBe(404);
  });

  it('returns a unit name with markup as data, in JSON', async () => {
    const code = stale.unitB;
    await hub.db.query("UPDATE units SET name = $1 WHERE province_code = '31' AND revision = 3 AND code = $2", [MARKUP + INJECTION, code]);
    try {
      const res = await get('/api/provinces/31/dashboard', as.rev31!);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json<Dashboard>().units.find((u) => u.code === code)!.name).toBe(MARKUP + INJECTION);
    } finally {
      await hub.db.query("UPDATE units SET name = (SELECT name FROM units WHERE province_code = '31' AND revision = 1 AND code = $1) WHERE province_code = '31' AND revision = 3 AND code = $1", [code]);
    }
  });
});

interface Agreement {
  border: { id: number; revision: number; lengthM: number; course: LineString };
  units: { code: string; name: string }[];
  confirmation: boolean;
  proposal: { id: number; proposingUnit: string; proposedBy: string; proposedAt: string; note: string | null };
  decision: { decidingUnit: string; decidedBy: string; decidedAt: string; reason: string | null };
  revision: { number: number; acceptedAt: string };
}

describe('the agreement record', () => {
  it('gives a border agreed on a new course: its units, the accepted proposal and decision, its revision and course', async () => {
    const b = await current(agreed, agreedCourse);
    const res = await get(`/api/borders/${b.id}/agreement`, as['stale-a']!);
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json<{ agreement: Agreement }>().agreement;
    const { rows: names } = await hub.db.query<{ code: string; name: string }>(
      "SELECT code, name FROM units WHERE province_code = '31' AND revision = 3 AND code = ANY($1) ORDER BY code", [[agreed.unitA, agreed.unitB]]);
    expect(a.units).toEqual(names);
    expect(a.border).toMatchObject({ id: b.id, revision: 3 });
    expect(a.confirmation).toBe(false);
    expect(a.proposal).toMatchObject({ id: agreedProposal, proposingUnit: agreed.unitA, proposedBy: 'agreed-a', note: NOTE });
    expect(a.decision).toMatchObject({ decidingUnit: agreed.unitB, decidedBy: 'agreed-b', reason: NOTE });
    expect(a.revision.number).toBe(2);
    expect(Date.parse(a.decision.decidedAt)).toBeGreaterThanOrEqual(Date.parse(a.proposal.proposedAt));
    // The course is the agreed one, vertex for vertex (in either direction).
    const course = a.border.course.coordinates;
    const wanted = agreedCourse.coordinates;
    expect([JSON.stringify(course), JSON.stringify([...course].reverse())]).toContain(JSON.stringify(wanted));
    expect(a.border.lengthM).toBeCloseTo(lineLengthM(wanted as [number, number][]), 3);
    // The same record for the row of revision 2; the row of revision 1 had the old course: not agreed.
    const { rows } = await hub.db.query<{ id: number }>(
      "SELECT id FROM borders WHERE province_code = '31' AND revision = 2 AND unit_a = $1 AND unit_b = $2 AND ST_Equals(geom, ST_SetSRID(ST_GeomFromGeoJSON($3), 4326))",
      [agreed.unitA, agreed.unitB, JSON.stringify(agreedCourse)]);
    const at2 = (await get(`/api/borders/${rows[0]!.id}/agreement`, as.rev31!)).json<{ agreement: Agreement }>().agreement;
    expect(at2.proposal.id).toBe(agreedProposal);
    const at1 = await get(`/api/borders/${agreed.id}/agreement`, as.rev31!);
    expect(at1.statusCode).toBe(404);
    expect(at1.json().message).toBe(`border ${agreed.id} is not agreed yet`);
  });

  it('gives a border confirmed as it is, marked as a confirmation', async () => {
    const b = await current(confirmed);
    const a = (await get(`/api/borders/${b.id}/agreement`, as.boss!)).json<{ agreement: Agreement }>().agreement;
    expect(a.confirmation).toBe(true);
    expect(a.proposal).toMatchObject({ id: confirmProposal, proposingUnit: confirmed.unitB, note: 'xác nhận giữ nguyên' });
    expect(a.revision.number).toBe(3);
    const c = a.border.course.coordinates;
    expect([JSON.stringify(c), JSON.stringify([...c].reverse())]).toContain(JSON.stringify(confirmed.geometry.coordinates));
  });

  it('is 404 "not agreed yet" for borders never agreed: proposed, disputed, untouched', async () => {
    for (const b of [proposed, countered, rejected, stale]) {
      const row = await current(b);
      const res = await get(`/api/borders/${row.id}/agreement`, as.rev31!);
      expect([row.id, res.statusCode, res.json().message]).toEqual([row.id, 404, `border ${row.id} is not agreed yet`]);
    }
    expect((await get('/api/borders/999999999/agreement', as.rev31!)).json().message).toBe('border 999999999 is not in the hub');
  });

  it('is for any account of the province; 401 anonymous, 403 another province (audited)', async () => {
    const b = await current(agreed, agreedCourse);
    for (const who of [as['proposed-a']!, as.rev31!, as.admin31!, as.boss!]) expect((await get(`/api/borders/${b.id}/agreement`, who)).statusCode).toBe(200);
    const before = await lastAuditId(hub.db);
    const codes = [await get(`/api/borders/${b.id}/agreement`, null), await get(`/api/borders/${b.id}/agreement`, as.w00004!), await get(`/api/borders/${b.id}/agreement`, as.rev01!)].map((r) => r.statusCode);
    expect(codes).toEqual([401, 403, 403]);
    expect((await auditSince(hub.db, before)).map((r) => [r.action, r.status])).toEqual([['session', 401], ['borders.agreement', 403], ['borders.agreement', 403]]);
  });
});

describe('submissions', () => {
  const submit = (unit: string, who: LoggedIn | null, body: unknown) => post(hub.app, `/api/units/${unit}/submissions`, who, body);

  it('only the ward of the unit submits; everyone else is refused and audited, nothing stored', async () => {
    const unit = stale.unitB;
    const { rows: before } = await hub.db.query('SELECT count(*)::int AS n FROM submissions');
    const from = await lastAuditId(hub.db);
    const tries = [
      [null, 401], [as['stale-a']!, 403], [as.w00004!, 403], [as.rev31!, 403], [as.admin31!, 403], [as.boss!, 403],
    ] as const;
    for (const [who, status] of tries) expect((await submit(unit, who, { revision: 3 })).statusCode).toBe(status);
    const audited = await auditSince(hub.db, from);
    expect(audited.map((r) => [r.action, r.outcome, r.status])).toEqual([['session', 'denied', 401], ...tries.slice(1).map(() => ['submissions.create', 'denied', 403])]);
    expect(audited[1]!.reason).toBe(`unit ${unit} is not the account's unit ${stale.unitA}`);
    expect(audited[2]!.reason).toBe(`unit ${unit} is in province 31, not the account's province 01`);
    expect(audited[3]!.reason).toMatch(/a reviewer account does not submit boundaries/);
    const { rows: after } = await hub.db.query('SELECT count(*)::int AS n FROM submissions');
    expect(after).toEqual(before);
  });

  it('is refused (409) at a revision that is not the latest, and while a border of the unit has an open proposal', async () => {
    const old = await submit(stale.unitB, as['stale-b']!, { revision: 2 });
    expect(old.statusCode).toBe(409);
    expect(old.json().message).toBe("revision 2 is not the province's latest revision 3: sync first");
    for (const [unit, who] of [[proposed.unitB, as['proposed-b']!], [countered.unitA, as['countered-a']!]] as const) {
      const res = await submit(unit, who, { revision: 3 });
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toMatch(new RegExp(`^unit ${unit} has open border proposals: \\d+ \\(border \\d+\\)`));
    }
    expect((await submit('99999', as['stale-b']!, { revision: 3 })).statusCode).toBe(404);
    expect((await submit(stale.unitB, as['stale-b']!, { revision: 'ba' })).json().message).toMatch(/^body\.revision:/);
  });

  it('a ward submits (note stored verbatim); a reviewer of the province returns it with a reason, or accepts it', async () => {
    const unit = stale.unitB;
    const made = await submit(unit, as['stale-b']!, { revision: 3, note: NOTE });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().submission.id as number;
    const { rows } = await hub.db.query('SELECT note, status, revision FROM submissions WHERE id = $1', [id]);
    expect(rows).toEqual([{ note: NOTE, status: 'pending', revision: 3 }]);

    const noReason = await post(hub.app, `/api/submissions/${id}/review`, as.rev31!, { decision: 'return' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toMatch(/^body\.reason:/);
    const returned = await post(hub.app, `/api/submissions/${id}/review`, as.rev31!, { decision: 'return', reason: NOTE });
    expect(returned.statusCode, returned.body).toBe(201);
    expect(returned.json().review).toMatchObject({ submissionId: id, decision: 'return', status: 'returned' });
    const again = await post(hub.app, `/api/submissions/${id}/review`, as.rev31!, { decision: 'accept' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe(`submission ${id} is returned, no longer pending`);

    const list = await get('/api/provinces/31/submissions', as['stale-a']!);
    expect(list.statusCode).toBe(200);
    const listed = list.json().submissions.find((s: { id: number }) => s.id === id);
    expect(listed).toMatchObject({ unitCode: unit, note: NOTE, status: 'returned', submittedBy: 'stale-b', review: { decision: 'return', reason: NOTE, reviewedBy: 'rev31' } });

    const second = await submit(unit, as['stale-b']!, { revision: 3 });
    const third = await submit(unit, as['stale-b']!, { revision: 3, note: 'sửa lại' });
    expect(third.json().superseded).toEqual([second.json().submission.id]);
    const accepted = await post(hub.app, `/api/submissions/${third.json().submission.id}/review`, as.rev31!, { decision: 'accept' });
    expect(accepted.statusCode, accepted.body).toBe(201);
    const d = (await get('/api/provinces/31/dashboard', as.rev31!)).json<Dashboard>();
    expect(d.units.find((u) => u.code === unit)!.submission).toMatchObject({ id: third.json().submission.id, status: 'accepted', revision: 3 });
    const pending = (await get('/api/provinces/31/submissions?status=superseded', as.rev31!)).json().submissions.map((s: { id: number }) => s.id);
    expect(pending).toEqual([second.json().submission.id]);
  });

  it('only a reviewer of the province reviews; everyone else is refused and audited, the submission stays pending', async () => {
    const made = await submit(rejected.unitB, as['rejected-b']!, { revision: 3 });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().submission.id as number;
    await addAccount(hub.db, 'rev01b', 'reviewer', '01');
    const tries = [[null, 401], [as['rejected-b']!, 403], [as['stale-a']!, 403], [as.w00004!, 403], [as.rev01!, 403], [as.admin31!, 403], [as.boss!, 403]] as const;
    const from = await lastAuditId(hub.db);
    for (const [who, status] of tries) {
      expect((await post(hub.app, `/api/submissions/${id}/review`, who, { decision: 'accept' })).statusCode).toBe(status);
    }
    const audited = await auditSince(hub.db, from);
    expect(audited.map((r) => [r.action, r.status])).toEqual([['session', 401], ...tries.slice(1).map(() => ['submissions.review', 403])]);
    expect(audited[4]!.reason).toBe("the submission is in province 31, not the reviewer's province 01");
    const { rows } = await hub.db.query('SELECT status FROM submissions WHERE id = $1', [id]);
    expect(rows[0].status).toBe('pending');
    const { rowCount } = await hub.db.query('SELECT 1 FROM submission_reviews WHERE submission_id = $1', [id]);
    expect(rowCount).toBe(0);
    // A missing CSRF token is refused too.
    const noCsrf = await hub.app.inject({ method: 'POST', url: `/api/submissions/${id}/review`, headers: { cookie: as.rev31!.cookie }, payload: { decision: 'accept' } });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('refuses to accept a boundary that changed since it was submitted (409); it can be returned', async () => {
    const res = await post(hub.app, `/api/submissions/${outdatedSubmission}/review`, as.rev31!, { decision: 'accept' });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe(`unit ${agreed.unitA} changed after revision 1 (the province is at revision 3): return it, the ward submits again`);
    const back = await post(hub.app, `/api/submissions/${outdatedSubmission}/review`, as.rev31!, { decision: 'return', reason: 'ranh giới đã đổi' });
    expect(back.statusCode).toBe(201);
  });

  it('lists a province\'s submissions for its accounts only (401 anonymous, 403 another province, audited)', async () => {
    for (const who of [as['proposed-a']!, as.rev31!, as.admin31!, as.boss!]) expect((await get('/api/provinces/31/submissions', who)).statusCode).toBe(200);
    const before = await lastAuditId(hub.db);
    const codes = [await get('/api/provinces/31/submissions', null), await get('/api/provinces/31/submissions', as.w00004!), await get('/api/provinces/31/submissions', as.rev01!)].map((r) => r.statusCode);
    expect(codes).toEqual([401, 403, 403]);
    expect((await auditSince(hub.db, before)).map((r) => [r.action, r.status])).toEqual([['session', 401], ['provinces.submissions', 403], ['provinces.submissions', 403]]);
  });

  it('audits every accepted change of the flow', async () => {
    const { rows } = await hub.db.query<{ action: string; n: number }>(
      "SELECT action, count(*)::int AS n FROM audit_log WHERE outcome = 'ok' AND action LIKE 'submissions.%' GROUP BY action ORDER BY action");
    const { rows: subs } = await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM submissions');
    const { rows: reviews } = await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM submission_reviews');
    expect(rows).toEqual([{ action: 'submissions.create', n: subs[0]!.n }, { action: 'submissions.review', n: reviews[0]!.n }]);
  });
});
