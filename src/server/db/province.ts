// Loading a province's first revision, and reading a revision back as GeoJSON.
import type { HubBorder, HubUnit } from '../province-borders';
import type { Db, Tx } from './pool';

export interface LoadedProvince {
  revision: number;
  units: number;
  borders: number;
}

/** Stores the province and its revision 1; refuses a province that already has revisions. */
export async function insertFirstRevision(tx: Tx, code: string, name: string, units: HubUnit[], borders: HubBorder[], by: number | null): Promise<LoadedProvince> {
  await tx.query('INSERT INTO provinces (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING', [code, name]);
  const { rows } = await tx.query<{ n: number | null }>('SELECT max(number) AS n FROM revisions WHERE province_code = $1', [code]);
  if (rows[0]?.n) throw new Error(`province ${code} is already in the hub at revision ${rows[0].n}: its borders change by agreement now, not by loading`);
  return insertRevision(tx, code, 1, units, borders, by, 'loaded from the bundled province data');
}

/** The revision asked for, or the latest; null when the province has none (or not that one). */
export async function resolveRevision(db: Db, code: string, wanted: number | undefined): Promise<number | null> {
  const { rows } = await db.query<{ n: number | null }>(
    'SELECT max(number) AS n FROM revisions WHERE province_code = $1 AND ($2::int IS NULL OR number = $2)',
    [code, wanted ?? null],
  );
  return rows[0]?.n ?? null;
}

/** A unit row `u` as a GeoJSON Feature, aggregated into a FeatureCollection (the GET /units answer). */
const UNIT_COLLECTION = `json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
              'type', 'Feature', 'id', u.code,
              'properties', json_build_object('code', u.code, 'name', u.name, 'type', u.type, 'revision', u.revision),
              'geometry', ST_AsGeoJSON(u.geom, 15)::json) ORDER BY u.code), '[]'::json))::text`;

/** The units of a revision as a GeoJSON FeatureCollection text (built by PostGIS, not re-parsed). */
export async function unitsGeoJSON(db: Db | Tx, code: string, revision: number): Promise<string> {
  const { rows } = await db.query<{ fc: string }>(
    `SELECT ${UNIT_COLLECTION} AS fc FROM units u WHERE u.province_code = $1 AND u.revision = $2`,
    [code, revision],
  );
  return rows[0]!.fc;
}

/**
 * The units of `revision` that are not exactly as they were at revision `since` (another vertex, name,
 * type or properties; or new), as the same FeatureCollection text as unitsGeoJSON.
 */
export async function changedUnitsGeoJSON(db: Db | Tx, code: string, revision: number, since: number): Promise<string> {
  const { rows } = await db.query<{ fc: string }>(
    `SELECT ${UNIT_COLLECTION} AS fc FROM units u
       LEFT JOIN units o ON o.province_code = u.province_code AND o.revision = $3 AND o.code = u.code
      WHERE u.province_code = $1 AND u.revision = $2
        AND (o.code IS NULL OR ST_AsBinary(o.geom) <> ST_AsBinary(u.geom) OR o.name <> u.name OR o.type <> u.type OR o.properties <> u.properties)`,
    [code, revision, since],
  );
  return rows[0]!.fc;
}

export async function bordersGeoJSON(db: Db | Tx, code: string, revision: number): Promise<string> {
  const { rows } = await db.query<{ fc: string }>(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
              'type', 'Feature', 'id', id,
              'properties', json_build_object('id', id, 'unitA', unit_a, 'unitB', unit_b, 'otherUnits', other_units, 'revision', revision),
              'geometry', ST_AsGeoJSON(geom, 15)::json) ORDER BY id), '[]'::json))::text AS fc
       FROM borders WHERE province_code = $1 AND revision = $2`,
    [code, revision],
  );
  return rows[0]!.fc;
}

/**
 * The proposals on a revision's borders as a GeoJSON FeatureCollection text, newest first; `status`
 * narrows them (e.g. the open ones a ward must answer).
 */
export async function proposalsGeoJSON(db: Db, code: string, revision: number, status: string | undefined): Promise<string> {
  const { rows } = await db.query<{ fc: string }>(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
              'type', 'Feature', 'id', p.id,
              'properties', json_build_object('id', p.id, 'borderId', p.border_id, 'unitA', b.unit_a, 'unitB', b.unit_b,
                'proposingUnit', p.proposing_unit, 'baseRevision', p.base_revision, 'status', p.status,
                'counterOf', p.counter_of, 'note', p.note, 'createdAt', p.created_at),
              'geometry', ST_AsGeoJSON(p.geom, 15)::json) ORDER BY p.id DESC), '[]'::json))::text AS fc
       FROM proposals p JOIN borders b ON b.id = p.border_id
      WHERE b.province_code = $1 AND b.revision = $2 AND ($3::text IS NULL OR p.status = $3)`,
    [code, revision, status ?? null],
  );
  return rows[0]!.fc;
}

/** The units of a revision as the hub keeps them, ordered by code (the topology is rebuilt from them). */
export async function revisionUnits(db: Db | Tx, code: string, revision: number): Promise<HubUnit[]> {
  const { rows } = await db.query<{ code: string; name: string; type: string; properties: Record<string, unknown>; geometry: string }>(
    `SELECT code, name, type, properties, ST_AsGeoJSON(geom, 15) AS geometry FROM units
      WHERE province_code = $1 AND revision = $2 ORDER BY code`,
    [code, revision],
  );
  return rows.map((r) => ({ code: r.code, name: r.name, type: r.type, properties: r.properties, geometry: JSON.parse(r.geometry) as HubUnit['geometry'] }));
}

/**
 * Stores revision `number` of a province with all its units and borders. The caller holds the
 * province's revision lock (lockRevisions) and has checked that `number` follows the latest.
 */
export async function insertRevision(tx: Tx, code: string, number: number, units: HubUnit[], borders: HubBorder[], by: number | null, note: string): Promise<LoadedProvince> {
  await tx.query('INSERT INTO revisions (province_code, number, accepted_by, note) VALUES ($1, $2, $3, $4)', [code, number, by, note]);
  const u = await tx.query(
    `INSERT INTO units (province_code, revision, code, name, type, properties, geom)
     SELECT $1, $2, x->>'code', x->>'name', x->>'type', x->'properties', ST_SetSRID(ST_GeomFromGeoJSON(x->'geometry'), 4326)
       FROM jsonb_array_elements($3::jsonb) AS x`,
    [code, number, JSON.stringify(units)],
  );
  const b = await tx.query(
    `INSERT INTO borders (province_code, revision, unit_a, unit_b, other_units, geom)
     SELECT $1, $2, x->>'unitA', x->>'unitB', ARRAY(SELECT jsonb_array_elements_text(x->'otherUnits')), ST_SetSRID(ST_GeomFromGeoJSON(x->'geometry'), 4326)
       FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(x, i) ORDER BY i`,
    [code, number, JSON.stringify(borders)],
  );
  return { revision: number, units: u.rowCount ?? 0, borders: b.rowCount ?? 0 };
}

/** Serialises, until the transaction ends, everything that reads the latest revision to write the next. */
export async function lockRevisions(tx: Tx, code: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('revisions:' || $1))", [code]);
}
