// Who may do what, through the API against a real PostgreSQL: accounts and border proposals. Every
// refusal is checked in the audit log too.
import { beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { addAccount, addProvince, auditSince, lastAuditId, login, type LoggedIn, useHub } from './hub';

const hub = useHub();

// Two borders of Hải Phòng's revision 1: 11488|11560 and 11560|11600.
const B1 = 'LINESTRING(106.60 20.90, 106.61 20.91, 106.62 20.90)';
const B2 = 'LINESTRING(106.62 20.90, 106.63 20.89)';
let b1 = 0;
let b2 = 0;
const as: Record<string, LoggedIn> = {};

beforeAll(async () => {
  await addProvince(hub.db, '31', 'Hải Phòng');
  await addProvince(hub.db, '01', 'Hà Nội');
  await addAccount(hub.db, 'boss', 'admin', null);
  await addAccount(hub.db, 'admin31', 'admin', '31');
  await addAccount(hub.db, 'w11488', 'ward', '31', '11488');
  await addAccount(hub.db, 'rev31', 'reviewer', '31');
  await addAccount(hub.db, 'w00004', 'ward', '01', '00004');
  await hub.db.query("INSERT INTO revisions (province_code, number) VALUES ('31', 1)");
  const { rows } = await hub.db.query<{ id: number }>(
    `INSERT INTO borders (province_code, revision, unit_a, unit_b, geom) VALUES
       ('31', 1, '11488', '11560', ST_GeomFromText($1, 4326)), ('31', 1, '11560', '11600', ST_GeomFromText($2, 4326))
     RETURNING id`,
    [B1, B2],
  );
  [b1, b2] = rows.map((r) => r.id) as [number, number];
  // The units on either side: 11488 south of B1, 11600 south of B2, 11560 north of both.
  const units: Record<string, string> = {
    11488: 'MULTIPOLYGON(((106.60 20.90, 106.60 20.85, 106.62 20.85, 106.62 20.90, 106.61 20.91, 106.60 20.90)))',
    11600: 'MULTIPOLYGON(((106.62 20.90, 106.62 20.85, 106.63 20.85, 106.63 20.89, 106.62 20.90)))',
    11560: 'MULTIPOLYGON(((106.60 20.90, 106.61 20.91, 106.62 20.90, 106.63 20.89, 106.63 20.95, 106.60 20.95, 106.60 20.90)))',
  };
  for (const [code, wkt] of Object.entries(units)) {
    await hub.db.query("INSERT INTO units (province_code, revision, code, name, type, geom) VALUES ('31', 1, $1, $1, 'phuong', ST_GeomFromText($2, 4326))", [code, wkt]);
  }
  for (const name of ['boss', 'admin31', 'w11488', 'rev31', 'w00004']) as[name] = await login(hub.app, name);
});

function post(app: FastifyInstance, url: string, who: LoggedIn | null, payload: unknown) {
  const headers = who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {};
  return app.inject({ method: 'POST', url, headers, payload: payload as object });
}

const newWard = (login: string, provinceCode = '31') => ({ login, password: 'another-long-password', role: 'ward', provinceCode, unitCode: '11560' });

describe('accounts', () => {
  it('an admin creates a ward account, which can then log in; the creation is audited', async () => {
    const before = await lastAuditId(hub.db);
    const res = await post(hub.app, '/api/accounts', as.boss!, newWard('w11560'));
    expect(res.statusCode).toBe(201);
    expect(res.json().account).toEqual({ id: expect.any(Number), login: 'w11560', role: 'ward', provinceCode: '31', unitCode: '11560' });
    expect(await auditSince(hub.db, before)).toEqual([expect.objectContaining({ action: 'accounts.create', outcome: 'ok', status: 201 })]);
    const w = await login(hub.app, 'w11560', 'another-long-password');
    expect(w.res.json().account.unitCode).toBe('11560');
  });

  it("a province's admin creates accounts in its province only (403, audited)", async () => {
    expect((await post(hub.app, '/api/accounts', as.admin31!, newWard('w31b'))).statusCode).toBe(201);
    const before = await lastAuditId(hub.db);
    const res = await post(hub.app, '/api/accounts', as.admin31!, newWard('w01b', '01'));
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toMatch(/manages province 31 only, not 01/);
    expect(await auditSince(hub.db, before)).toEqual([expect.objectContaining({ action: 'accounts.create', outcome: 'denied', status: 403, account_id: as.admin31!.res.json().account.id })]);
  });

  it('a ward or a reviewer creates no account and lists none (403, audited)', async () => {
    const before = await lastAuditId(hub.db);
    const byWard = await post(hub.app, '/api/accounts', as.w11488!, newWard('sneaky'));
    const list = await hub.app.inject({ method: 'GET', url: '/api/accounts', headers: { cookie: as.rev31!.cookie } });
    expect([byWard.statusCode, list.statusCode]).toEqual([403, 403]);
    expect(byWard.json().message).toMatch(/a ward account does not manage accounts/);
    expect((await auditSince(hub.db, before)).map((r) => [r.action, r.outcome, r.status])).toEqual([
      ['accounts.create', 'denied', 403],
      ['accounts.list', 'denied', 403],
    ]);
    const { rowCount } = await hub.db.query("SELECT 1 FROM accounts WHERE login = 'sneaky'");
    expect(rowCount).toBe(0);
  });

  it('names the bad field: a ward without its unit, a short password, a taken login', async () => {
    const noUnit = await post(hub.app, '/api/accounts', as.boss!, { ...newWard('ward2'), unitCode: null });
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json().message).toBe('body.unitCode: a ward account needs its unit code');
    const short = await post(hub.app, '/api/accounts', as.boss!, { ...newWard('ward3'), password: 'short' });
    expect(short.json().message).toMatch(/^body\.password: must be at least 10 characters/);
    const taken = await post(hub.app, '/api/accounts', as.boss!, newWard('w11488'));
    expect(taken.statusCode).toBe(409);
  });

  it('a ward account is for a unit of the loaded province, in a province of the hub (404 otherwise)', async () => {
    const noUnit = await post(hub.app, '/api/accounts', as.boss!, { ...newWard('w99999'), unitCode: '99999' });
    expect(noUnit.statusCode).toBe(404);
    expect(noUnit.json().message).toBe('unit 99999 is not in province 31 at revision 1');
    const noProvince = await post(hub.app, '/api/accounts', as.boss!, { ...newWard('w45'), provinceCode: '45' });
    expect(noProvince.statusCode).toBe(404);
    expect(noProvince.json().message).toBe('province 45 is not in the hub');
  });

  it('an admin lists the accounts of its reach', async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/api/accounts', headers: { cookie: as.admin31!.cookie } });
    expect(res.statusCode).toBe(200);
    const logins = res.json<{ accounts: { login: string; provinceCode: string }[] }>().accounts.map((a) => a.login);
    expect(logins).toContain('w11488');
    expect(logins).not.toContain('w00004');
    expect(logins).not.toContain('boss');
  });
});

describe('border proposals', () => {
  const course = (coords: number[][]) => ({ baseRevision: 1, geometry: { type: 'LineString', coordinates: coords }, note: 'theo mốc giới' });
  const b1Moved = [[106.6, 20.9], [106.611, 20.912], [106.62, 20.9]];

  it('a ward proposes a new course for a border of its own unit', async () => {
    const before = await lastAuditId(hub.db);
    const res = await post(hub.app, `/api/borders/${b1}/proposals`, as.w11488!, course(b1Moved));
    expect(res.statusCode).toBe(201);
    const { rows } = await hub.db.query('SELECT proposing_unit, status, ST_AsText(geom) AS wkt, ST_SRID(geom) AS srid FROM proposals WHERE id = $1', [res.json().proposal.id]);
    expect(rows).toEqual([{ proposing_unit: '11488', status: 'open', wkt: 'LINESTRING(106.6 20.9,106.611 20.912,106.62 20.9)', srid: 4326 }]);
    expect(await auditSince(hub.db, before)).toEqual([expect.objectContaining({ action: 'proposals.create', outcome: 'ok', status: 201 })]);
  });

  it("refuses a ward another unit's border, a ward of another province, and a reviewer (403, audited, nothing stored)", async () => {
    const before = await lastAuditId(hub.db);
    const { rows: countBefore } = await hub.db.query('SELECT count(*)::int AS n FROM proposals');
    const other = await post(hub.app, `/api/borders/${b2}/proposals`, as.w11488!, course([[106.62, 20.9], [106.63, 20.89]]));
    const foreign = await post(hub.app, `/api/borders/${b1}/proposals`, as.w00004!, course(b1Moved));
    const reviewer = await post(hub.app, `/api/borders/${b1}/proposals`, as.rev31!, course(b1Moved));
    expect([other.statusCode, foreign.statusCode, reviewer.statusCode]).toEqual([403, 403, 403]);
    expect(other.json().message).toBe("the border is between units 11560 and 11600, not of the account's unit 11488");
    expect(foreign.json().message).toMatch(/in province 31, not the account's province 01/);
    expect(reviewer.json().message).toMatch(/only ward accounts do/);
    const audited = await auditSince(hub.db, before);
    expect(audited.map((r) => [r.action, r.outcome, r.status, r.account_id])).toEqual([
      ['proposals.create', 'denied', 403, as.w11488!.res.json().account.id],
      ['proposals.create', 'denied', 403, as.w00004!.res.json().account.id],
      ['proposals.create', 'denied', 403, as.rev31!.res.json().account.id],
    ]);
    expect(audited[0]!.reason).toBe(other.json().message);
    const { rows: countAfter } = await hub.db.query('SELECT count(*)::int AS n FROM proposals');
    expect(countAfter).toEqual(countBefore);
  });

  it('refuses anonymous (401) and a missing CSRF token (403), both audited', async () => {
    const before = await lastAuditId(hub.db);
    const anon = await post(hub.app, `/api/borders/${b1}/proposals`, null, course(b1Moved));
    const noCsrf = await hub.app.inject({ method: 'POST', url: `/api/borders/${b1}/proposals`, headers: { cookie: as.w11488!.cookie }, payload: course(b1Moved) });
    expect([anon.statusCode, noCsrf.statusCode]).toEqual([401, 403]);
    expect((await auditSince(hub.db, before)).map((r) => [r.action, r.status])).toEqual([
      ['session', 401],
      ['csrf', 403],
    ]);
  });

  it('keeps the border ends, the base revision and the coordinates in bounds', async () => {
    const moved = await post(hub.app, `/api/borders/${b1}/proposals`, as.w11488!, course([[106.6, 20.9], [106.625, 20.9]]));
    expect(moved.statusCode).toBe(400);
    expect(moved.json().message).toMatch(/^body\.geometry: must start at \[106\.6, 20\.9\] and end at \[106\.62, 20\.9\]/);
    const stale = await post(hub.app, `/api/borders/${b1}/proposals`, as.w11488!, { ...course(b1Moved), baseRevision: 2 });
    expect(stale.statusCode).toBe(409);
    const wild = await post(hub.app, `/api/borders/${b1}/proposals`, as.w11488!, course([[106.6, 20.9], [200, 20.9]]));
    expect(wild.statusCode).toBe(400);
    expect(wild.json().message).toMatch(/^body\.geometry\.coordinates\.1\.0: /);
    const polygon = await post(hub.app, `/api/borders/${b1}/proposals`, as.w11488!, { ...course(b1Moved), geometry: { type: 'Polygon', coordinates: [] } });
    expect(polygon.json().message).toMatch(/^body\.geometry\.type: /);
    const missing = await post(hub.app, '/api/borders/999999/proposals', as.w11488!, course(b1Moved));
    expect(missing.statusCode).toBe(404);
    const injected = await post(hub.app, "/api/borders/1'%20OR%20'1'='1/proposals", as.w11488!, course(b1Moved));
    expect(injected.statusCode).toBe(400);
    expect(injected.json().message).toMatch(/^params\.id: /);
  });
});

describe('decisions on proposals', () => {
  const moved = { type: 'LineString', coordinates: [[106.6, 20.9], [106.612, 20.913], [106.62, 20.9]] };
  const counter = { type: 'LineString', coordinates: [[106.6, 20.9], [106.609, 20.909], [106.62, 20.9]] };
  const n: Record<string, LoggedIn> = {};

  beforeAll(async () => {
    await addAccount(hub.db, 'n11560', 'ward', '31', '11560');
    await addAccount(hub.db, 'n11600', 'ward', '31', '11600');
    n.w11560 = await login(hub.app, 'n11560');
    n.w11600 = await login(hub.app, 'n11600');
  });

  async function propose(): Promise<number> {
    const res = await post(hub.app, `/api/borders/${b1}/proposals`, as.w11488!, { baseRevision: 1, geometry: moved });
    expect(res.statusCode).toBe(201);
    return res.json().proposal.id as number;
  }
  const decide = (id: number, who: LoggedIn, body: unknown) => post(hub.app, `/api/proposals/${id}/decisions`, who, body);
  const statusOf = async (id: number) => (await hub.db.query('SELECT status FROM proposals WHERE id = $1', [id])).rows[0].status as string;

  it('the neighbour rejects only with a reason; a decided proposal is decided', async () => {
    const id = await propose();
    const bare = await decide(id, n.w11560!, { decision: 'reject' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().message).toMatch(/^body\.reason: /);
    const blank = await decide(id, n.w11560!, { decision: 'reject', reason: '   ' });
    expect(blank.json().message).toBe('body.reason: a rejection needs its reason');
    const res = await decide(id, n.w11560!, { decision: 'reject', reason: 'Mốc giới số 12 nằm bên kia suối' });
    expect(res.statusCode).toBe(201);
    expect(await statusOf(id)).toBe('rejected');
    const again = await decide(id, n.w11560!, { decision: 'accept' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe(`proposal ${id} is rejected, no longer open`);
  });

  it('refuses the proposing unit, a unit off the border and a reviewer (403, audited, nothing changed)', async () => {
    const id = await propose();
    const before = await lastAuditId(hub.db);
    const own = await decide(id, as.w11488!, { decision: 'accept' });
    const off = await decide(id, n.w11600!, { decision: 'accept' });
    const reviewer = await decide(id, as.rev31!, { decision: 'accept' });
    expect([own.statusCode, off.statusCode, reviewer.statusCode]).toEqual([403, 403, 403]);
    expect(own.json().message).toBe('unit 11488 made this proposal; the neighbour decides on it');
    expect((await auditSince(hub.db, before)).map((r) => [r.action, r.outcome, r.status])).toEqual([
      ['decisions.create', 'denied', 403],
      ['decisions.create', 'denied', 403],
      ['decisions.create', 'denied', 403],
    ]);
    expect(await statusOf(id)).toBe('open');
    const { rowCount } = await hub.db.query('SELECT 1 FROM decisions WHERE proposal_id = $1', [id]);
    expect(rowCount).toBe(0);
  });

  // Accepting, and the revision it makes, are revision.test.ts's: here the province stays at revision 1.
  it('the neighbour counters with its own course, on which the proposer then decides', async () => {
    const id = await propose();
    const res = await decide(id, n.w11560!, { decision: 'counter', baseRevision: 1, geometry: counter, reason: 'theo bờ kênh' });
    expect(res.statusCode).toBe(201);
    const counterId = res.json().decision.counterProposalId as number;
    expect(await statusOf(id)).toBe('countered');
    const { rows } = await hub.db.query('SELECT proposing_unit, counter_of, status FROM proposals WHERE id = $1', [counterId]);
    expect(rows[0]).toEqual({ proposing_unit: '11560', counter_of: id, status: 'open' });
    expect((await decide(counterId, n.w11560!, { decision: 'accept' })).statusCode).toBe(403);
    expect((await decide(counterId, as.w11488!, { decision: 'reject', reason: 'bờ kênh đã bị lấp' })).statusCode).toBe(201);
    expect(await statusOf(counterId)).toBe('rejected');
  });

  it('a counter keeps the border ends', async () => {
    const id = await propose();
    const res = await decide(id, n.w11560!, { decision: 'counter', baseRevision: 1, geometry: { type: 'LineString', coordinates: [[106.6, 20.9], [106.61, 20.9]] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^body\.geometry: must start at/);
    expect(await statusOf(id)).toBe('open');
  });
});

describe('listing proposals', () => {
  it('shows the neighbour the open proposals on its borders, as GeoJSON in SRID 4326 lon/lat', async () => {
    const made = await post(hub.app, `/api/borders/${b1}/proposals`, as.w11488!, { baseRevision: 1, geometry: { type: 'LineString', coordinates: [[106.6, 20.9], [106.6105, 20.9105], [106.62, 20.9]] } });
    const id = made.json().proposal.id as number;
    const neighbour = await login(hub.app, 'n11560');
    const res = await hub.app.inject({ method: 'GET', url: '/api/provinces/31/proposals?status=open', headers: { cookie: neighbour.cookie } });
    expect(res.statusCode).toBe(200);
    const fc = res.json<{ features: { id: number; properties: { status: string; borderId: number; proposingUnit: string; unitB: string }; geometry: { coordinates: number[][] } }[] }>();
    expect(fc.features.every((f) => f.properties.status === 'open')).toBe(true);
    const mine = fc.features.find((f) => f.id === id)!;
    expect(mine.properties).toMatchObject({ borderId: b1, proposingUnit: '11488', unitB: '11560' });
    expect(mine.geometry.coordinates[1]).toEqual([106.6105, 20.9105]);
    const all = await hub.app.inject({ method: 'GET', url: '/api/provinces/31/proposals', headers: { cookie: neighbour.cookie } });
    expect(all.json().features.length).toBeGreaterThan(fc.features.length);
  });

  it('refuses another province (403) and names a bad status (400)', async () => {
    const other = await hub.app.inject({ method: 'GET', url: '/api/provinces/31/proposals', headers: { cookie: as.w00004!.cookie } });
    expect(other.statusCode).toBe(403);
    const bad = await hub.app.inject({ method: 'GET', url: '/api/provinces/31/proposals?status=pending', headers: { cookie: as.rev31!.cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^query\.status: /);
  });
});

describe('two proposals on one border', () => {
  const course = (lat: number) => ({ baseRevision: 1, geometry: { type: 'LineString', coordinates: [[106.62, 20.9], [106.625, lat], [106.63, 20.89]] } });
  const c: Record<string, LoggedIn> = {};

  beforeAll(async () => {
    await addAccount(hub.db, 'c11560', 'ward', '31', '11560');
    await addAccount(hub.db, 'c11600', 'ward', '31', '11600');
    c.a = await login(hub.app, 'c11560');
    c.b = await login(hub.app, 'c11600');
  });

  it("meet as a conflict: the neighbour's open proposal must be answered first; a unit's own is superseded", async () => {
    const first = await post(hub.app, `/api/borders/${b2}/proposals`, c.a!, course(20.896));
    expect(first.statusCode).toBe(201);
    const firstId = first.json().proposal.id as number;
    const clash = await post(hub.app, `/api/borders/${b2}/proposals`, c.b!, course(20.894));
    expect(clash.statusCode).toBe(409);
    expect(clash.json().message).toBe(`border ${b2} has open proposal ${firstId} by unit 11560: accept, reject or counter it (POST /api/proposals/${firstId}/decisions)`);
    const again = await post(hub.app, `/api/borders/${b2}/proposals`, c.a!, course(20.897));
    expect(again.statusCode).toBe(201);
    expect(again.json().superseded).toEqual([firstId]);
    const { rows } = await hub.db.query("SELECT id, status FROM proposals WHERE border_id = $1 AND status IN ('open', 'superseded') ORDER BY id", [b2]);
    expect(rows).toEqual([
      { id: firstId, status: 'superseded' },
      { id: again.json().proposal.id, status: 'open' },
    ]);
  });
});
