// What the sync tests share: borders of real Hải Phòng data to propose on, courses, pushes and pulls,
// and the counts that show nothing was applied twice.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { LineString } from 'geojson';
import type { Db } from '../../src/server/db/pool';
import type { LoggedIn } from './hub';

export interface TestBorder {
  id: number;
  unitA: string;
  unitB: string;
  geometry: LineString;
}

const fromRow = (r: { id: number; unit_a: string; unit_b: string; geometry: string }): TestBorder => ({
  id: r.id, unitA: r.unit_a, unitB: r.unit_b, geometry: JSON.parse(r.geometry) as LineString,
});

export async function latestRevision(db: Db, province = '31'): Promise<number> {
  return (await db.query<{ n: number }>('SELECT max(number) AS n FROM revisions WHERE province_code = $1', [province])).rows[0]!.n;
}

/** The unit of the latest revision with the most borders between it and a neighbour (not closed rings). */
export async function busiestUnit(db: Db): Promise<string> {
  const { rows } = await db.query<{ unit: string }>(
    `SELECT unit FROM (SELECT unit_a AS unit FROM borders WHERE province_code = '31' AND revision = $1 AND unit_b IS NOT NULL AND NOT ST_IsClosed(geom)
                       UNION ALL SELECT unit_b FROM borders WHERE province_code = '31' AND revision = $1 AND unit_b IS NOT NULL AND NOT ST_IsClosed(geom)) u
      GROUP BY unit ORDER BY count(*) DESC, unit LIMIT 1`,
    [await latestRevision(db)],
  );
  return rows[0]!.unit;
}

/** The inner borders of `unit` at the latest revision (not closed rings), by id. */
export async function bordersOf(db: Db, unit: string): Promise<TestBorder[]> {
  const { rows } = await db.query<{ id: number; unit_a: string; unit_b: string; geometry: string }>(
    `SELECT id, unit_a, unit_b, ST_AsGeoJSON(geom, 15) AS geometry FROM borders
      WHERE province_code = '31' AND revision = $1 AND unit_b IS NOT NULL AND NOT ST_IsClosed(geom) AND $2 IN (unit_a, unit_b)
      ORDER BY id`,
    [await latestRevision(db), unit],
  );
  return rows.map(fromRow);
}

/** The border of the latest revision with the most vertices between two units, except `skip`. */
export async function longBorder(db: Db, skip: readonly number[] = []): Promise<TestBorder> {
  const { rows } = await db.query<{ id: number; unit_a: string; unit_b: string; geometry: string }>(
    `SELECT id, unit_a, unit_b, ST_AsGeoJSON(geom, 15) AS geometry FROM borders
      WHERE province_code = '31' AND revision = $1 AND unit_b IS NOT NULL AND NOT ST_IsClosed(geom) AND NOT (id = ANY($2))
      ORDER BY ST_NPoints(geom) DESC, id LIMIT 1`,
    [await latestRevision(db), skip],
  );
  return fromRow(rows[0]!);
}

/** The line with one vertex added `metres` to the left of the middle of its longest segment. */
export function bendLine(line: LineString, metres = 2): LineString {
  const c = line.coordinates;
  let k = 0;
  let longest = -1;
  for (let i = 0; i + 1 < c.length; i++) {
    const d = Math.hypot(c[i + 1]![0]! - c[i]![0]!, c[i + 1]![1]! - c[i]![1]!);
    if (d > longest) [longest, k] = [d, i];
  }
  const [x0, y0] = c[k]!, [x1, y1] = c[k + 1]!;
  // 1° of latitude is ~110.6 km; the longest segment is long enough for a few metres aside.
  const aside = metres / 110_600 / longest;
  const bend = [(x0! + x1!) / 2 - (y1! - y0!) * aside, (y0! + y1!) / 2 + (x1! - x0!) * aside];
  return { type: 'LineString', coordinates: [...c.slice(0, k + 1), bend, ...c.slice(k + 1)] };
}

/** The border's course with one vertex added `metres` aside the middle of its longest segment. */
export const withBend = (b: { geometry: LineString }, metres = 2): LineString => bendLine(b.geometry, metres);

export const proposeOp = (b: TestBorder, baseRevision: number, metres = 2) => ({
  opId: randomUUID(), kind: 'propose' as const, borderId: b.id, baseRevision, geometry: withBend(b, metres),
});

export function post(app: FastifyInstance, url: string, who: LoggedIn, payload: unknown) {
  return app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, payload: payload as object });
}

export interface OpResultJson {
  opId: string;
  status: number;
  replayed: boolean;
  body: Record<string, unknown> & { error?: string; message?: string };
}

export const push = (app: FastifyInstance, who: LoggedIn, ops: unknown[]) => post(app, '/api/sync/push', who, { ops });

export function pull(app: FastifyInstance, who: LoggedIn, since: string, revision?: number) {
  return app.inject({ method: 'GET', url: `/api/sync/pull?province=31&since=${since}${revision ? `&revision=${revision}` : ''}`, headers: { cookie: who.cookie } });
}

/** How many of each thing the hub holds: an op applied twice shows here. */
export interface Counts {
  proposals: number;
  decisions: number;
  revisions: number;
  syncOps: number;
  auditOk: number;
  audit: number;
}

export async function counts(db: Db): Promise<Counts> {
  const { rows } = await db.query<Counts>(
    `SELECT (SELECT count(*) FROM proposals)::int AS proposals, (SELECT count(*) FROM decisions)::int AS decisions,
            (SELECT count(*) FROM revisions)::int AS revisions, (SELECT count(*) FROM sync_ops)::int AS "syncOps",
            (SELECT count(*) FROM audit_log WHERE outcome = 'ok')::int AS "auditOk", (SELECT count(*) FROM audit_log)::int AS audit`,
  );
  return rows[0]!;
}

/** Waits until `condition` holds, checking again every few milliseconds (the test's timeout bounds it). */
export async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 20));
}

/** True when a backend of `database` other than `except` waits on a lock (a row lock or an advisory one). */
export async function someoneWaitsOnLock(db: Db, except: number[] = []): Promise<boolean> {
  const { rows } = await db.query(
    "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND NOT (pid = ANY($1))",
    [except],
  );
  return rows.length > 0;
}
