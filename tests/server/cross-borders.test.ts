// Borders between provinces, on real data: Hải Phòng (31) and Quảng Ninh (22) are loaded, their cross
// borders found; a Hải Phòng ward proposes a course for one, the Quảng Ninh ward across accepts, and
// both provinces get their next revision with the stretch along the agreed course. PostGIS, an engine
// independent of ours, and the core's checker check what is stored. A course into a third unit is
// refused with the checker's issues; rights are tried as anonymous, a ward of a third province, the
// proposing ward and a reviewer.
import type { FastifyInstance } from 'fastify';
import type { Feature, FeatureCollection, LineString, MultiPolygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { coverageFromFeatures } from '../../src/core/model';
import { validateCoverage } from '../../src/core/validation';
import { loadProvince } from '../../src/server/load-province';
import { linkProvince, type PairLinked } from '../../src/server/link-provinces';
import { inTransaction } from '../../src/server/db/pool';
import { revisionUnits } from '../../src/server/db/province';
import { addAccount, addProvince, auditSince, lastAuditId, login, type LoggedIn, useHub } from './hub';
import { bendLine as withBend } from './sync-helpers';

const hub = useHub();

interface Cross {
  id: number;
  provinceA: string;
  unitA: string;
  provinceB: string;
  unitB: string;
  revisionA: number;
  revisionB: number;
  geometry: LineString;
}

function post(app: FastifyInstance, url: string, who: LoggedIn | null, payload: unknown) {
  const headers = who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {};
  return app.inject({ method: 'POST', url, headers, payload: payload as object });
}

const latest = async (code: string) => (await hub.db.query<{ n: number }>('SELECT max(number) AS n FROM revisions WHERE province_code = $1', [code])).rows[0]!.n;

/** The cross borders the API gives a province's account. */
async function crossBorders(who: LoggedIn, code: string): Promise<Cross[]> {
  const res = await hub.app.inject({ method: 'GET', url: `/api/provinces/${code}/cross-borders`, headers: { cookie: who.cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<FeatureCollection<LineString, Omit<Cross, 'geometry'>>>().features.map((f) => ({ ...f.properties, geometry: f.geometry }));
}


/** Ids of the core checker's errors on a province's revision. */
async function checkerErrors(code: string, revision: number): Promise<Set<string>> {
  const features: Feature<MultiPolygon, Record<string, unknown>>[] = (await revisionUnits(hub.db, code, revision)).map((u) => ({
    type: 'Feature', properties: { ...u.properties, code: u.code, name: u.name }, geometry: u.geometry,
  }));
  return new Set(validateCoverage(coverageFromFeatures(features)).filter((i) => i.severity === 'error').map((i) => i.id));
}

/** Whether an outer border of `unit` at the revision covers `line` (PostGIS). */
async function edgeCovers(code: string, revision: number, unit: string, line: LineString): Promise<boolean> {
  const { rows } = await hub.db.query<{ covers: boolean }>(
    `SELECT coalesce(bool_or(ST_Covers(geom, ST_SetSRID(ST_GeomFromGeoJSON($4), 4326))), false) AS covers
       FROM borders WHERE province_code = $1 AND revision = $2 AND unit_a = $3 AND unit_b IS NULL`,
    [code, revision, unit, JSON.stringify(line)],
  );
  return rows[0]!.covers;
}

let linked: PairLinked[];
let hp: string;
let qn: string;

beforeAll(async () => {
  await loadProvince(hub.db, '31');
  linked = (await loadProvince(hub.db, '22')).linked;
  [qn, hp] = ['22', '31'];
  await addProvince(hub.db, '01', 'Thành phố Hà Nội');
});

describe('finding the borders between provinces', () => {
  it('links Quảng Ninh with Hải Phòng when it is loaded; each cross border lies on both outer edges; linking again adds none', async () => {
    expect(linked).toHaveLength(1);
    expect(linked[0]).toMatchObject({ provinceA: qn, provinceB: hp });
    expect(linked[0]!.added).toBeGreaterThan(0);
    expect(linked[0]!.total).toBe(linked[0]!.added);
    const { rows } = await hub.db.query<{ n: number; on_a: number; on_b: number; km: number }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM borders b WHERE b.province_code = c.province_a AND b.revision = c.revision_a
                AND b.unit_a = c.unit_a AND b.unit_b IS NULL AND ST_Covers(b.geom, c.geom)))::int AS on_a,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM borders b WHERE b.province_code = c.province_b AND b.revision = c.revision_b
                AND b.unit_a = c.unit_b AND b.unit_b IS NULL AND ST_Covers(b.geom, c.geom)))::int AS on_b,
              sum(ST_Length(c.geom::geography)) / 1000 AS km
         FROM cross_borders c`,
    );
    expect(rows[0]).toMatchObject({ n: linked[0]!.total, on_a: linked[0]!.total, on_b: linked[0]!.total });
    // The two provinces share tens of kilometres of edge (docs/hub.md has the measurement).
    expect(rows[0]!.km).toBeGreaterThan(10);
    const again = await inTransaction(hub.db, (tx) => linkProvince(tx, hp));
    expect(again).toEqual([{ provinceA: qn, provinceB: hp, added: 0, total: linked[0]!.total }]);
  });
});

describe('agreeing a border between provinces', () => {
  let cross: Cross;
  let course: LineString;
  let wardHp: LoggedIn;
  let wardQn: LoggedIn;

  beforeAll(async () => {
    // The longest cross border by vertices that is not a ring.
    const { rows } = await hub.db.query<{ id: number }>(
      'SELECT id FROM cross_borders WHERE NOT ST_IsClosed(geom) ORDER BY ST_NPoints(geom) DESC, id LIMIT 1',
    );
    await addAccount(hub.db, 'reader31', 'reviewer', hp);
    const all = await crossBorders(await login(hub.app, 'reader31'), hp);
    cross = all.find((c) => c.id === rows[0]!.id)!;
    expect(cross).toMatchObject({ provinceA: qn, provinceB: hp, revisionA: 1, revisionB: 1 });
    course = withBend(cross.geometry);
    await addAccount(hub.db, 'ward-hp', 'ward', hp, cross.unitB);
    await addAccount(hub.db, 'ward-qn', 'ward', qn, cross.unitA);
    [wardHp, wardQn] = [await login(hub.app, 'ward-hp'), await login(hub.app, 'ward-qn')];
  });

  it('refuses a proposal from anonymous, a ward of a third province with the same unit code, a reviewer, and a ward of another unit', async () => {
    const since = await lastAuditId(hub.db);
    const body = { baseRevisionA: 1, baseRevisionB: 1, geometry: course };
    const url = `/api/cross-borders/${cross.id}/proposals`;
    expect((await post(hub.app, url, null, body)).statusCode).toBe(401);
    await addAccount(hub.db, 'ward-01', 'ward', '01', cross.unitB);
    const third = await post(hub.app, url, await login(hub.app, 'ward-01'), body);
    expect(third.statusCode).toBe(403);
    expect(third.json().message).toMatch(`not of the account's unit ${cross.unitB} of province 01`);
    await addAccount(hub.db, 'reviewer22', 'reviewer', qn);
    expect((await post(hub.app, url, await login(hub.app, 'reviewer22'), body)).statusCode).toBe(403);
    const { rows } = await hub.db.query<{ code: string }>(
      'SELECT code FROM units WHERE province_code = $1 AND revision = 1 AND code <> $2 ORDER BY code LIMIT 1', [hp, cross.unitB],
    );
    await addAccount(hub.db, 'ward-hp-other', 'ward', hp, rows[0]!.code);
    expect((await post(hub.app, url, await login(hub.app, 'ward-hp-other'), body)).statusCode).toBe(403);
    const denied = (await auditSince(hub.db, since)).filter((r) => r.outcome === 'denied' && r.path === url);
    expect(denied.map((r) => [r.action, r.status])).toEqual([
      ['session', 401], ['cross-proposals.create', 403], ['cross-proposals.create', 403], ['cross-proposals.create', 403],
    ]);
  });

  it('a Hải Phòng ward proposes; only the Quảng Ninh ward across decides; on acceptance both provinces are at revision 2 with the stretch along the course', async () => {
    const bad = await post(hub.app, `/api/cross-borders/${cross.id}/proposals`, wardHp, { baseRevisionA: 1, baseRevisionB: 1, geometry: { type: 'LineString', coordinates: course.coordinates.slice(1) } });
    expect(bad.statusCode).toBe(400);
    const stale = await post(hub.app, `/api/cross-borders/${cross.id}/proposals`, wardHp, { baseRevisionA: 1, baseRevisionB: 2, geometry: course });
    expect(stale.statusCode).toBe(409);
    const made = await post(hub.app, `/api/cross-borders/${cross.id}/proposals`, wardHp, { baseRevisionA: 1, baseRevisionB: 1, geometry: course, note: 'theo mốc 12' });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().proposal.id as number;
    // While it is open, the unit across cannot propose its own: it answers this one.
    const clash = await post(hub.app, `/api/cross-borders/${cross.id}/proposals`, wardQn, { baseRevisionA: 1, baseRevisionB: 1, geometry: cross.geometry });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().message).toMatch(`open proposal ${id}`);

    const since = await lastAuditId(hub.db);
    const url = `/api/cross-proposals/${id}/decisions`;
    expect((await post(hub.app, url, null, { decision: 'accept' })).statusCode).toBe(401);
    expect((await post(hub.app, url, await login(hub.app, 'ward-01'), { decision: 'accept' })).statusCode).toBe(403);
    const own = await post(hub.app, url, wardHp, { decision: 'accept' });
    expect(own.statusCode).toBe(403);
    expect(own.json().message).toMatch('the unit across decides');
    expect((await post(hub.app, url, await login(hub.app, 'reviewer22'), { decision: 'accept' })).statusCode).toBe(403);
    const denied = (await auditSince(hub.db, since)).filter((r) => r.outcome === 'denied' && r.path === url);
    expect(denied.map((r) => [r.action, r.status])).toEqual([
      ['session', 401], ['cross-decisions.create', 403], ['cross-decisions.create', 403], ['cross-decisions.create', 403],
    ]);
    expect([await latest(qn), await latest(hp)]).toEqual([1, 1]);

    const res = await post(hub.app, url, wardQn, { decision: 'accept' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().decision).toMatchObject({ decision: 'accept', revisionA: 2, revisionB: 2 });
    expect([await latest(qn), await latest(hp)]).toEqual([2, 2]);
    const again = await post(hub.app, url, wardQn, { decision: 'accept' });
    expect(again.statusCode).toBe(409);

    // The cross border row follows: the course, at the new revisions.
    const { rows: row } = await hub.db.query<{ equals: boolean; hd: number; revision_a: number; revision_b: number }>(
      `SELECT ST_Equals(geom, c) AS equals, ST_HausdorffDistance(geom, c) AS hd, revision_a, revision_b
         FROM cross_borders, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326) AS c WHERE id = $1`,
      [cross.id, JSON.stringify(course)],
    );
    expect(row[0]).toEqual({ equals: true, hd: 0, revision_a: 2, revision_b: 2 });

    for (const [code, unit] of [[qn, cross.unitA], [hp, cross.unitB]] as const) {
      // The unit's edge runs along the course at revision 2, and did not at revision 1.
      expect(await edgeCovers(code, 2, unit, course), `${code} ${unit} along the course`).toBe(true);
      expect(await edgeCovers(code, 1, unit, course)).toBe(false);
      // Only that unit changed in its province.
      const { rows } = await hub.db.query<{ code: string }>(
        `SELECT u1.code FROM units u1 JOIN units u2 ON u2.province_code = u1.province_code AND u2.code = u1.code AND u2.revision = 2
          WHERE u1.province_code = $1 AND u1.revision = 1 AND NOT (ST_Equals(u1.geom, u2.geom) AND ST_NPoints(u1.geom) = ST_NPoints(u2.geom))`,
        [code],
      );
      expect(rows.map((r) => r.code)).toEqual([unit]);
      // The core's checker finds no error the province did not have.
      const before = await checkerErrors(code, 1);
      expect([...(await checkerErrors(code, 2))].filter((e) => !before.has(e))).toEqual([]);
    }

    // The two changed units: no overlap between them (PostGIS), and what one lost the other gained.
    const { rows: pair } = await hub.db.query<{ overlap: number; d_a: number; d_b: number; shared_hd: number }>(
      `SELECT ST_Area(ST_Intersection(a2.geom, b2.geom)::geography) AS overlap,
              ST_Area(a2.geom::geography) - ST_Area(a1.geom::geography) AS d_a,
              ST_Area(b2.geom::geography) - ST_Area(b1.geom::geography) AS d_b,
              ST_HausdorffDistance(ST_Intersection(ST_CollectionExtract(ST_Intersection(ST_Boundary(a2.geom), ST_Boundary(b2.geom)), 2), ST_Buffer(c, 1e-9)), c) AS shared_hd
         FROM units a1, units a2, units b1, units b2, ST_SetSRID(ST_GeomFromGeoJSON($5), 4326) AS c
        WHERE a1.province_code = $1 AND a1.code = $2 AND a1.revision = 1 AND a2.province_code = $1 AND a2.code = $2 AND a2.revision = 2
          AND b1.province_code = $3 AND b1.code = $4 AND b1.revision = 1 AND b2.province_code = $3 AND b2.code = $4 AND b2.revision = 2`,
      [qn, cross.unitA, hp, cross.unitB, JSON.stringify(course)],
    );
    const p = pair[0]!;
    expect(p.overlap).toBeLessThan(0.01);
    expect(Math.abs(p.d_a)).toBeGreaterThan(1);
    expect(Math.abs(p.d_a + p.d_b)).toBeLessThan(0.01);
    expect(p.shared_hd).toBeLessThan(1e-9);

    const { rows: st } = await hub.db.query('SELECT status FROM cross_proposals WHERE id = $1', [id]);
    expect(st[0].status).toBe('accepted');
    const listed = await crossBorders(wardQn, qn);
    expect(listed.find((c) => c.id === cross.id)).toMatchObject({ revisionA: 2, revisionB: 2, geometry: course });
  });

  it('refuses, with the checker\'s issues, a course that turns into a third unit; nothing changes', async () => {
    // A cross border (not the agreed one, of other units) at whose first node a third unit of either
    // province lies: the course turns into it (a point of it 30 m from the node) and comes back.
    const { rows } = await hub.db.query<{ id: number; province: string; code: string; p: string }>(
      `SELECT c.id, u.province_code AS province, u.code,
              ST_AsGeoJSON(ST_PointOnSurface(ST_Intersection(u.geom, ST_Buffer(ST_StartPoint(c.geom)::geography, 30)::geometry)), 15) AS p
         FROM cross_borders c JOIN units u ON u.province_code IN (c.province_a, c.province_b)
          AND u.revision = (SELECT max(number) FROM revisions r WHERE r.province_code = u.province_code)
          AND ST_Intersects(u.geom, ST_StartPoint(c.geom))
          AND NOT (u.province_code = c.province_a AND u.code = c.unit_a) AND NOT (u.province_code = c.province_b AND u.code = c.unit_b)
        WHERE c.id <> $1 AND c.unit_a <> $2 AND c.unit_b <> $3 AND NOT ST_IsClosed(c.geom) AND ST_NPoints(c.geom) >= 3
        ORDER BY ST_NPoints(c.geom) DESC, c.id, u.code LIMIT 1`,
      [cross.id, cross.unitA, cross.unitB],
    );
    expect(rows, 'a cross border with a third unit at its first node').toHaveLength(1);
    const target = (await crossBorders(wardQn, qn)).find((c) => c.id === rows[0]!.id)!;
    const third = rows[0]!.code;
    const into = (JSON.parse(rows[0]!.p) as { coordinates: [number, number] }).coordinates;
    const c = target.geometry.coordinates;
    const turn: LineString = { type: 'LineString', coordinates: [c[0]!, into, ...c.slice(1)] };
    await addAccount(hub.db, 'ward-hp-2', 'ward', hp, target.unitB);
    await addAccount(hub.db, 'ward-qn-2', 'ward', qn, target.unitA);
    const made = await post(hub.app, `/api/cross-borders/${target.id}/proposals`, await login(hub.app, 'ward-hp-2'),
      { baseRevisionA: target.revisionA, baseRevisionB: target.revisionB, geometry: turn });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().proposal.id as number;
    const before = [await latest(qn), await latest(hp)];
    const res = await post(hub.app, `/api/cross-proposals/${id}/decisions`, await login(hub.app, 'ward-qn-2'), { decision: 'accept' });
    expect(res.statusCode).toBe(409);
    const body = res.json<{ message: string; province: string; issues: { kind: string; severity: string; units: string[]; province: string }[] }>();
    expect(body.message).toMatch(new RegExp(`^cross proposal ${id} cannot become the border in province ${rows[0]!.province}: the course would bring \\d+ error`));
    expect(body.issues.length).toBeGreaterThan(0);
    expect(body.issues.every((i) => i.severity === 'error' && i.province === rows[0]!.province)).toBe(true);
    expect(body.issues.some((i) => i.kind === 'overlap' && i.units.includes(third)), JSON.stringify({ third, issues: body.issues })).toBe(true);
    expect([await latest(qn), await latest(hp)]).toEqual(before);
    const { rows: st } = await hub.db.query('SELECT status FROM cross_proposals WHERE id = $1', [id]);
    expect(st[0].status).toBe('open');
    const { rows: row } = await hub.db.query<{ same: boolean }>(
      'SELECT ST_Equals(geom, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)) AS same FROM cross_borders WHERE id = $1',
      [target.id, JSON.stringify(target.geometry)],
    );
    expect(row[0]!.same).toBe(true);
  });
});

describe('two agreements at once', () => {
  it('go one after the other under both provinces\' locks: both written, each province two revisions on, both courses in the last', async () => {
    // Two cross borders of units no other test touched, not rings, with a segment long enough for a bend.
    const used = new Set((await hub.db.query<{ u: string }>(
      `SELECT province_a || unit_a AS u FROM cross_borders WHERE id IN (SELECT cross_border_id FROM cross_proposals)
       UNION SELECT province_b || unit_b FROM cross_borders WHERE id IN (SELECT cross_border_id FROM cross_proposals)`,
    )).rows.map((r) => r.u));
    const all = await crossBorders(await login(hub.app, 'reader31'), hp);
    const picked: Cross[] = [];
    for (const c of [...all].sort((x, y) => y.geometry.coordinates.length - x.geometry.coordinates.length || x.id - y.id)) {
      const [ka, kb] = [c.provinceA + c.unitA, c.provinceB + c.unitB];
      const ring = c.geometry.coordinates.length > 3 && c.geometry.coordinates[0]!.join() === c.geometry.coordinates.at(-1)!.join();
      if (ring || used.has(ka) || used.has(kb)) continue;
      used.add(ka).add(kb);
      picked.push(c);
      if (picked.length === 2) break;
    }
    expect(picked).toHaveLength(2);
    const before = [await latest(qn), await latest(hp)];
    const courses = picked.map((c) => withBend(c.geometry));
    const deciders: LoggedIn[] = [];
    const ids: number[] = [];
    for (const [i, c] of picked.entries()) {
      await addAccount(hub.db, `ward-hp-at-once-${i}`, 'ward', hp, c.unitB);
      await addAccount(hub.db, `ward-qn-at-once-${i}`, 'ward', qn, c.unitA);
      const made = await post(hub.app, `/api/cross-borders/${c.id}/proposals`, await login(hub.app, `ward-hp-at-once-${i}`),
        { baseRevisionA: c.revisionA, baseRevisionB: c.revisionB, geometry: courses[i] });
      expect(made.statusCode, made.body).toBe(201);
      ids.push(made.json().proposal.id as number);
      deciders.push(await login(hub.app, `ward-qn-at-once-${i}`));
    }
    const answers = await Promise.all(ids.map((id, i) => post(hub.app, `/api/cross-proposals/${id}/decisions`, deciders[i]!, { decision: 'accept' })));
    for (const a of answers) expect(a.statusCode, a.body).toBe(201);
    const written = answers.map((a) => a.json<{ decision: { revisionA: number; revisionB: number } }>().decision);
    expect(written.map((d) => d.revisionA).sort()).toEqual([before[0]! + 1, before[0]! + 2]);
    expect(written.map((d) => d.revisionB).sort()).toEqual([before[1]! + 1, before[1]! + 2]);
    // Never interleaved: each agreement wrote the same step of both provinces.
    for (const d of written) expect(d.revisionA - before[0]!).toBe(d.revisionB - before[1]!);
    expect([await latest(qn), await latest(hp)]).toEqual([before[0]! + 2, before[1]! + 2]);
    for (const [i, c] of picked.entries()) {
      expect(await edgeCovers(qn, before[0]! + 2, c.unitA, courses[i]!)).toBe(true);
      expect(await edgeCovers(hp, before[1]! + 2, c.unitB, courses[i]!)).toBe(true);
    }
  });
});
