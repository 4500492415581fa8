// A province whose data overlaps loads into the hub; the stretch three units use is not agreed between
// two of them (Lào Cai: 02647 / 02683 / 02746 in the 2025 data).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProvince } from '../../src/server/load-province';
import { addAccount, login, useHub } from './hub';

const hub = useHub();

describe('a province with a stretch three units use', () => {
  let border: { id: number; unit_a: string; unit_b: string; other_units: string[] };
  beforeAll(async () => {
    await loadProvince(hub.db, '15');
    const { rows } = await hub.db.query<typeof border>("SELECT id, unit_a, unit_b, other_units FROM borders WHERE province_code = '15' AND cardinality(other_units) > 0");
    expect(rows).toHaveLength(1);
    border = rows[0]!;
  });

  it('loads, with no zero-length border, and says which units share the stretch', async () => {
    expect([border.unit_a, border.unit_b, ...border.other_units]).toEqual(['02647', '02683', '02746']);
    const { rows } = await hub.db.query<{ n: string | number }>("SELECT count(*) AS n FROM borders WHERE province_code = '15' AND ST_Length(geom) = 0");
    expect(Number(rows[0]!.n)).toBe(0);
    const who = await addAccount(hub.db, 'ward-02647', 'ward', '15', '02647');
    const me = await login(hub.app, who.login);
    const res = await hub.app.inject({ method: 'GET', url: '/api/provinces/15/borders', headers: { cookie: me.cookie } });
    const feature = res.json<{ features: { properties: { id: number; otherUnits: string[] } }[] }>().features.find((f) => f.properties.id === border.id);
    expect(feature?.properties.otherUnits).toEqual(['02746']);
  });

  it('refuses a proposal on it, naming the three units', async () => {
    const who = await addAccount(hub.db, 'ward-02683', 'ward', '15', '02683');
    const me = await login(hub.app, who.login);
    const { rows } = await hub.db.query<{ g: string }>('SELECT ST_AsGeoJSON(geom, 15) AS g FROM borders WHERE id = $1', [border.id]);
    const res = await hub.app.inject({
      method: 'POST',
      url: `/api/borders/${border.id}/proposals`,
      headers: { cookie: me.cookie, 'x-csrf-token': me.csrf },
      payload: { baseRevision: 1, geometry: JSON.parse(rows[0]!.g) },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ message: string }>().message).toMatch(/used by 3 units \(02647, 02683, 02746\)/);
    const count = await hub.db.query<{ n: string | number }>('SELECT count(*) AS n FROM proposals');
    expect(Number(count.rows[0]!.n)).toBe(0);
  });
});
