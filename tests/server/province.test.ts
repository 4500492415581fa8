// Hải Phòng, as the app opens it, loaded into the hub as revision 1 and read back as GeoJSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection, LineString, MultiPolygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProvince, PROVINCES_DIR } from '../../src/server/load-province';
import { addAccount, addProvince, auditSince, lastAuditId, login, type LoggedIn, useHub } from './hub';

const hub = useHub();
const entry = (JSON.parse(readFileSync(join(PROVINCES_DIR, 'index.json'), 'utf8')) as { provinces: { code: string; units: number }[] }).provinces.find((p) => p.code === '31')!;
let loaded: Awaited<ReturnType<typeof loadProvince>>;
let ward: LoggedIn;
let outsider: LoggedIn;

beforeAll(async () => {
  loaded = await loadProvince(hub.db, '31');
  const { rows } = await hub.db.query<{ code: string }>("SELECT code FROM units WHERE province_code = '31' ORDER BY code LIMIT 1");
  await addAccount(hub.db, 'ward31', 'ward', '31', rows[0]!.code);
  await addProvince(hub.db, '01', 'Hà Nội');
  await addAccount(hub.db, 'rev01', 'reviewer', '01');
  ward = await login(hub.app, 'ward31');
  outsider = await login(hub.app, 'rev01');
});

const get = (url: string, who: LoggedIn | null) => hub.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });

describe('load-province', () => {
  it('stores every unit of the province and one border per arc of its topology, as revision 1', async () => {
    expect(loaded).toMatchObject({ name: 'Thành phố Hải Phòng', revision: 1, units: entry.units });
    expect(loaded.borders).toBeGreaterThan(entry.units);
    const { rows } = await hub.db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE unit_b IS NULL)::int AS edge,
              count(*) FILTER (WHERE unit_b IS NOT NULL AND NOT EXISTS (SELECT 1 FROM units u WHERE u.code = b.unit_b AND u.revision = 1))::int AS orphan
         FROM borders b WHERE province_code = '31' AND revision = 1`,
    );
    expect(rows[0]).toEqual({ n: loaded.borders, edge: expect.any(Number), orphan: 0 });
    expect(rows[0].edge).toBeGreaterThan(0);
    const invalid = await hub.db.query("SELECT code FROM units WHERE province_code = '31' AND NOT ST_IsValid(geom)");
    expect(invalid.rows).toEqual([]);
  });

  it('refuses to load a province twice, and an unknown code', async () => {
    await expect(loadProvince(hub.db, '31')).rejects.toThrow(/province 31 is already in the hub at revision 1/);
    await expect(loadProvince(hub.db, '99')).rejects.toThrow(/no province 99 in .*index\.json/);
    const { rows } = await hub.db.query("SELECT count(*)::int AS n FROM revisions WHERE province_code = '31'");
    expect(rows[0].n).toBe(1);
  });
});

describe('GET units and borders', () => {
  it('gives a ward of the province its units and borders; each border runs on the rings of both its units', async () => {
    const units = await get('/api/provinces/31/units', ward);
    const borders = await get('/api/provinces/31/borders', ward);
    expect([units.statusCode, borders.statusCode]).toEqual([200, 200]);
    expect(units.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(units.headers['x-hub-revision']).toBe('1');
    const ufc = units.json<FeatureCollection<MultiPolygon, { code: string }>>();
    const bfc = borders.json<FeatureCollection<LineString, { id: number; unitA: string; unitB: string | null }>>();
    expect(ufc.features).toHaveLength(entry.units);
    expect(bfc.features).toHaveLength(loaded.borders);
    const vertices = new Map(ufc.features.map((f) => [f.properties.code, new Set(f.geometry.coordinates.flat(2).map((p) => `${p[0]},${p[1]}`))]));
    const strays: string[] = [];
    for (const b of bfc.features) {
      for (const unit of [b.properties.unitA, b.properties.unitB]) {
        if (unit === null) continue;
        const ring = vertices.get(unit)!;
        const off = b.geometry.coordinates.filter((p) => !ring.has(`${p[0]},${p[1]}`));
        if (off.length) strays.push(`border ${b.properties.id}: ${off.length} vertices off unit ${unit}`);
      }
    }
    expect(strays).toEqual([]);
  });

  it('refuses an account of another province (403) and anonymous (401), audited', async () => {
    const before = await lastAuditId(hub.db);
    const other = await get('/api/provinces/31/borders', outsider);
    const anon = await get('/api/provinces/31/units', null);
    expect([other.statusCode, anon.statusCode]).toEqual([403, 401]);
    expect(other.json().message).toBe('account rev01 belongs to province 01, not 31');
    expect((await auditSince(hub.db, before)).map((r) => [r.action, r.outcome, r.status])).toEqual([
      ['provinces.borders', 'denied', 403],
      ['session', 'denied', 401],
    ]);
  });

  it('answers 404 for a revision the province does not have, and 400 naming a bad query', async () => {
    expect((await get('/api/provinces/31/units?revision=2', ward)).statusCode).toBe(404);
    const bad = await get('/api/provinces/31/units?revision=latest', ward);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^query\.revision: /);
  });
});
