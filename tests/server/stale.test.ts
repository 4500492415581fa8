// Proposals and decisions are made on the province's latest revision: once a new revision is accepted,
// anything based on the old one is refused with 409 (sync first), never applied to the wrong state.
import { beforeAll, describe, expect, it } from 'vitest';
import { addAccount, addProvince, login, type LoggedIn, useHub } from './hub';

const hub = useHub();
const course = { type: 'LineString', coordinates: [[106.6, 20.9], [106.61, 20.92], [106.62, 20.9]] };
let border = 0;
let proposal = 0;
let a: LoggedIn;
let b: LoggedIn;

beforeAll(async () => {
  await addProvince(hub.db, '31', 'Hải Phòng');
  await hub.db.query("INSERT INTO revisions (province_code, number) VALUES ('31', 1)");
  const { rows } = await hub.db.query<{ id: number }>(
    "INSERT INTO borders (province_code, revision, unit_a, unit_b, geom) VALUES ('31', 1, '11488', '11560', ST_GeomFromText('LINESTRING(106.6 20.9, 106.61 20.91, 106.62 20.9)', 4326)) RETURNING id",
  );
  border = rows[0]!.id;
  await addAccount(hub.db, 'w11488', 'ward', '31', '11488');
  await addAccount(hub.db, 'w11560', 'ward', '31', '11560');
  a = await login(hub.app, 'w11488');
  b = await login(hub.app, 'w11560');
  const made = await hub.app.inject({ method: 'POST', url: `/api/borders/${border}/proposals`, headers: { cookie: a.cookie, 'x-csrf-token': a.csrf }, payload: { baseRevision: 1, geometry: course } });
  expect(made.statusCode).toBe(201);
  proposal = made.json().proposal.id;
  // The province moves on to revision 2.
  await hub.db.query("INSERT INTO revisions (province_code, number) VALUES ('31', 2)");
});

describe('after a new revision', () => {
  it('refuses a decision on a proposal of the old revision', async () => {
    const res = await hub.app.inject({ method: 'POST', url: `/api/proposals/${proposal}/decisions`, headers: { cookie: b.cookie, 'x-csrf-token': b.csrf }, payload: { decision: 'accept' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe(`proposal ${proposal} is on border ${border} of revision 1; province 31 is at revision 2: sync first`);
    const { rows } = await hub.db.query('SELECT status FROM proposals WHERE id = $1', [proposal]);
    expect(rows[0].status).toBe('open');
  });

  it('refuses a proposal on a border of the old revision', async () => {
    const res = await hub.app.inject({ method: 'POST', url: `/api/borders/${border}/proposals`, headers: { cookie: a.cookie, 'x-csrf-token': a.csrf }, payload: { baseRevision: 2, geometry: course } });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/border \d+ is of revision 1; province 31 is at revision 2: sync first/);
  });
});
