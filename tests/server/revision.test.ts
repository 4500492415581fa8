// An accepted border proposal becomes the province's next revision, on real Hải Phòng data; a course that
// would bring an overlap or a gap with a third unit is refused with the checker's issues. PostGIS, an
// engine independent of ours, checks the revision that is stored.
import type { FastifyInstance } from 'fastify';
import type { LineString } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProvince } from '../../src/server/load-province';
import { addAccount, login, type LoggedIn, useHub } from './hub';
import { withBend } from './sync-helpers';

const hub = useHub();

interface Border {
  id: number;
  unitA: string;
  unitB: string;
  geometry: LineString;
}

function post(app: FastifyInstance, url: string, who: LoggedIn, payload: unknown) {
  return app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, payload: payload as object });
}

/** The border of the revision with the most vertices between two units (not a closed ring). */
async function longBorder(skip: readonly number[]): Promise<Border> {
  const { rows } = await hub.db.query<{ id: number; unit_a: string; unit_b: string; geometry: string }>(
    `SELECT id, unit_a, unit_b, ST_AsGeoJSON(geom) AS geometry FROM borders
      WHERE province_code = '31' AND revision = 1 AND unit_b IS NOT NULL AND NOT ST_IsClosed(geom) AND NOT (id = ANY($1))
      ORDER BY ST_NPoints(geom) DESC, id LIMIT 1`,
    [skip],
  );
  const r = rows[0]!;
  return { id: r.id, unitA: r.unit_a, unitB: r.unit_b, geometry: JSON.parse(r.geometry) as LineString };
}


/** Logged-in ward accounts of the border's two units (their own, named after the border). */
async function wardsOf(b: Border): Promise<[LoggedIn, LoggedIn]> {
  for (const unit of [b.unitA, b.unitB]) await addAccount(hub.db, `w${unit}-${b.id}`, 'ward', '31', unit);
  return [await login(hub.app, `w${b.unitA}-${b.id}`), await login(hub.app, `w${b.unitB}-${b.id}`)];
}

const revisions = async () => (await hub.db.query<{ n: number }>("SELECT max(number) AS n FROM revisions WHERE province_code = '31'")).rows[0]!.n;

/** Pairs of units of a revision whose interiors overlap by more than 1 m² (PostGIS, on the ellipsoid). */
async function overlapsOf(revision: number): Promise<string[]> {
  const { rows } = await hub.db.query<{ pair: string }>(
    `SELECT a.code || '+' || b.code AS pair FROM units a JOIN units b
        ON a.province_code = b.province_code AND a.revision = b.revision AND a.code < b.code AND a.geom && b.geom
      WHERE a.province_code = '31' AND a.revision = $1 AND ST_Relate(a.geom, b.geom, '2********')
        AND ST_Area(ST_Intersection(a.geom, b.geom)::geography) > 1 ORDER BY 1`,
    [revision],
  );
  return rows.map((r) => r.pair);
}

let refused: Border;
let accepted: Border;

beforeAll(async () => {
  await loadProvince(hub.db, '31');
  refused = await longBorder([]);
  accepted = await longBorder([refused.id]);
});

describe('a course that brings an error', () => {
  it('is refused on acceptance with the checker\'s issues, naming the third unit; nothing changes', async () => {
    const [a, b] = await wardsOf(refused);
    // A third unit meets the border at its first node: the course turns into that unit right after the
    // node (a point of it 30 m from the node) and comes back to the border's second vertex. To get there
    // it crosses the third unit's border with one of the two, whose ring then crosses itself (moving one
    // border can take land from a third unit only so), and the two overlap the third.
    const { rows } = await hub.db.query<{ code: string; p: string }>(
      `SELECT code, ST_AsGeoJSON(ST_PointOnSurface(ST_Intersection(geom, ST_Buffer(n::geography, 30)::geometry)), 15) AS p
         FROM units, ST_SetSRID(ST_MakePoint($2, $3), 4326) AS n
        WHERE province_code = '31' AND revision = 1 AND code <> ALL($1) AND ST_Intersects(geom, n) ORDER BY code LIMIT 1`,
      [[refused.unitA, refused.unitB], refused.geometry.coordinates[0]![0], refused.geometry.coordinates[0]![1]],
    );
    expect(rows, 'a third unit at the border\'s first node').toHaveLength(1);
    const third = rows[0]!.code;
    const into = (JSON.parse(rows[0]!.p) as { coordinates: [number, number] }).coordinates;
    const c = refused.geometry.coordinates;
    const course = { type: 'LineString', coordinates: [c[0], into, ...c.slice(1)] };
    const made = await post(hub.app, `/api/borders/${refused.id}/proposals`, a, { baseRevision: 1, geometry: course });
    expect(made.statusCode).toBe(201);
    const id = made.json().proposal.id as number;
    const res = await post(hub.app, `/api/proposals/${id}/decisions`, b, { decision: 'accept' });
    expect(res.statusCode).toBe(409);
    const body = res.json<{ message: string; issues: { kind: string; severity: string; units: string[] }[] }>();
    expect(body.message).toMatch(new RegExp(`^proposal ${id} cannot become the border: the course would bring \\d+ error`));
    expect(body.issues.length).toBeGreaterThan(0);
    expect(body.issues.every((i) => i.severity === 'error')).toBe(true);
    const where = JSON.stringify({ third, border: [refused.unitA, refused.unitB], issues: body.issues });
    expect(body.issues.some((i) => i.kind === 'self-intersection' && i.units.some((u) => u === refused.unitA || u === refused.unitB)), where).toBe(true);
    // The land taken from the third unit: an overlap with it (GEOS finds it too; tangled-ring.test.ts).
    expect(body.issues.some((i) => i.kind === 'overlap' && i.units.includes(third)), where).toBe(true);
    expect(await revisions()).toBe(1);
    const { rows: st } = await hub.db.query('SELECT status FROM proposals WHERE id = $1', [id]);
    expect(st[0].status).toBe('open');
    const { rowCount } = await hub.db.query('SELECT 1 FROM decisions WHERE proposal_id = $1', [id]);
    expect(rowCount).toBe(0);
  });
});

describe('an agreed course', () => {
  it('becomes revision 2: only the two units change, the area one loses the other gains, PostGIS finds no new overlap', async () => {
    const [a, b] = await wardsOf(accepted);
    const course = withBend(accepted);
    const made = await post(hub.app, `/api/borders/${accepted.id}/proposals`, a, { baseRevision: 1, geometry: course });
    expect(made.statusCode).toBe(201);
    const id = made.json().proposal.id as number;
    const res = await post(hub.app, `/api/proposals/${id}/decisions`, b, { decision: 'accept' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().decision.revision).toBe(2);
    expect(await revisions()).toBe(2);

    const { rows } = await hub.db.query<{ code: string; same: boolean; a1: number; a2: number }>(
      `SELECT u1.code, ST_Equals(u1.geom, u2.geom) AND ST_NPoints(u1.geom) = ST_NPoints(u2.geom) AS same,
              ST_Area(u1.geom::geography) AS a1, ST_Area(u2.geom::geography) AS a2
         FROM units u1 JOIN units u2 ON u2.province_code = u1.province_code AND u2.code = u1.code AND u2.revision = 2
        WHERE u1.province_code = '31' AND u1.revision = 1 ORDER BY u1.code`,
    );
    const { rows: count } = await hub.db.query("SELECT count(*)::int AS n FROM units WHERE province_code = '31' AND revision = 1");
    expect(rows).toHaveLength(count[0].n);
    expect(rows.filter((r) => !r.same).map((r) => r.code)).toEqual([accepted.unitA, accepted.unitB].sort());
    const changed = rows.filter((r) => !r.same);
    const moved = changed.map((r) => r.a2 - r.a1);
    expect(Math.abs(moved[0]!)).toBeGreaterThan(1);
    expect(Math.abs(moved[0]! + moved[1]!)).toBeLessThan(0.01);

    // The border of revision 2 between the two units runs along the agreed course.
    const { rows: border } = await hub.db.query<{ hits: number }>(
      `SELECT count(*)::int AS hits FROM borders WHERE province_code = '31' AND revision = 2 AND unit_a = $1 AND unit_b = $2
          AND (ST_Equals(geom, ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)))`,
      [accepted.unitA, accepted.unitB, JSON.stringify(course)],
    );
    expect(border[0]!.hits).toBe(1);
    expect(await overlapsOf(2)).toEqual(await overlapsOf(1));

    const units = await hub.app.inject({ method: 'GET', url: '/api/provinces/31/units', headers: { cookie: a.cookie } });
    expect(units.headers['x-hub-revision']).toBe('2');
    const { rows: st } = await hub.db.query('SELECT status FROM proposals WHERE id = $1', [id]);
    expect(st[0].status).toBe('accepted');
  });
});
