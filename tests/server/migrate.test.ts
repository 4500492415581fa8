// The hub's schema: versioned migrations, the tables and their SRIDs, the append-only audit log.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations, type Migration } from '../../src/server/db/migrate';
import type { Db } from '../../src/server/db/pool';
import { useTestDatabase } from './db';

const t = useTestDatabase({ migrated: false });

async function withClient<T>(db: Db, fn: (c: import('pg').PoolClient) => Promise<T>): Promise<T> {
  const c = await db.connect();
  try {
    return await fn(c);
  } finally {
    c.release();
  }
}

const extra = (version: number, sql: string): Migration => ({ version, name: `${String(version).padStart(3, '0')}_extra.sql`, sql, sha256: `sha-of-${sql}` });

describe('migrations', () => {
  it('apply in order once; running again applies nothing', async () => {
    const names = readMigrations().map((m) => m.name);
    expect(names[0]).toBe('001_init.sql');
    expect(await withClient(t.db, (c) => migrate(c))).toEqual(names);
    expect(await withClient(t.db, (c) => migrate(c))).toEqual([]);
    const { rows } = await t.db.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.name)).toEqual(names);
  });

  it('create every table of the hub', async () => {
    const { rows } = await t.db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['accounts', 'audit_log', 'borders', 'decisions', 'proposals', 'provinces', 'revisions', 'schema_migrations', 'sessions', 'units']),
    );
  });

  it('declare geometry columns in SRID 4326, each with a spatial index', async () => {
    const { rows } = await t.db.query<{ f_table_name: string; f_geometry_column: string; srid: number; type: string }>(
      'SELECT f_table_name, f_geometry_column, srid, type FROM geometry_columns ORDER BY f_table_name',
    );
    expect(rows).toEqual([
      { f_table_name: 'borders', f_geometry_column: 'geom', srid: 4326, type: 'LINESTRING' },
      { f_table_name: 'cross_borders', f_geometry_column: 'geom', srid: 4326, type: 'LINESTRING' },
      { f_table_name: 'cross_proposals', f_geometry_column: 'geom', srid: 4326, type: 'LINESTRING' },
      { f_table_name: 'proposals', f_geometry_column: 'geom', srid: 4326, type: 'LINESTRING' },
      { f_table_name: 'units', f_geometry_column: 'geom', srid: 4326, type: 'MULTIPOLYGON' },
    ]);
    const indexes = await t.db.query<{ tablename: string }>("SELECT tablename FROM pg_indexes WHERE indexdef LIKE '%USING gist (geom)%' ORDER BY tablename");
    expect(indexes.rows.map((r) => r.tablename)).toEqual(['borders', 'cross_borders', 'cross_proposals', 'proposals', 'units']);
  });

  it('refuse a migration changed after it was applied, and apply nothing then', async () => {
    const [first] = readMigrations();
    const changed = { ...first!, sql: `${first!.sql}\n-- edited`, sha256: 'edited' };
    await expect(withClient(t.db, (c) => migrate(c, [changed, extra(2, 'CREATE TABLE never_made (x int)')]))).rejects.toThrow(
      /001_init\.sql was changed after it was applied/,
    );
    const { rowCount } = await t.db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'never_made'");
    expect(rowCount).toBe(0);
  });

  it('roll back a failing migration whole and leave it unrecorded', async () => {
    // After the hub's own migrations, whatever their number.
    const known = readMigrations();
    const failing = extra(known.length + 1, 'CREATE TABLE half_made (x int); SELECT no_such_function();');
    await expect(withClient(t.db, (c) => migrate(c, [...known, failing]))).rejects.toThrow(new RegExp(`${failing.name.replace('.', '\\.')} failed and was rolled back: .*no_such_function`));
    const tables = await t.db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_made'");
    expect(tables.rowCount).toBe(0);
    const { rows } = await t.db.query('SELECT max(version) AS v FROM schema_migrations');
    expect(rows[0].v).toBe(known.length);
  });

  it('refuse a folder of migrations with a gap in the numbering or a stray name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-migrations-'));
    try {
      writeFileSync(join(dir, '001_a.sql'), 'SELECT 1');
      writeFileSync(join(dir, '003_c.sql'), 'SELECT 1');
      expect(() => readMigrations(dir)).toThrow(/no gap or repeat: 003_c\.sql is number 2/);
      writeFileSync(join(dir, 'notes.sql'), 'SELECT 1');
      expect(() => readMigrations(dir)).toThrow(/notes\.sql .* is not named NNN_name\.sql/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('schema rules', () => {
  it('audit_log is append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await t.db.query("INSERT INTO audit_log (action, outcome, reason) VALUES ('test', 'denied', 'kept')");
    await expect(t.db.query("UPDATE audit_log SET reason = 'rewritten'")).rejects.toThrow(/audit_log is append-only: UPDATE refused/);
    await expect(t.db.query('DELETE FROM audit_log')).rejects.toThrow(/audit_log is append-only: DELETE refused/);
    await expect(t.db.query('TRUNCATE audit_log')).rejects.toThrow(/audit_log is append-only: TRUNCATE refused/);
    const { rows } = await t.db.query("SELECT reason FROM audit_log WHERE action = 'test'");
    expect(rows).toEqual([{ reason: 'kept' }]);
  });

  it('revisions of a province are numbered 1, 2, 3 with no hole', async () => {
    await t.db.query("INSERT INTO provinces (code, name) VALUES ('31', 'Hải Phòng')");
    await expect(t.db.query("INSERT INTO revisions (province_code, number) VALUES ('31', 2)")).rejects.toThrow(/revision 2 of province 31 is out of order: the next one is 1/);
    await t.db.query("INSERT INTO revisions (province_code, number) VALUES ('31', 1)");
    await expect(t.db.query("INSERT INTO revisions (province_code, number) VALUES ('31', 3)")).rejects.toThrow(/the next one is 2/);
    await t.db.query("INSERT INTO revisions (province_code, number) VALUES ('31', 2)");
  });

  it('a unit geometry in another SRID or of another type is refused', async () => {
    await expect(
      t.db.query("INSERT INTO units (province_code, revision, code, name, type, geom) VALUES ('31', 1, '11488', 'x', 'phường', ST_GeomFromText('MULTIPOLYGON(((0 0,1 0,1 1,0 0)))', 3857))"),
    ).rejects.toThrow(/SRID/);
    await expect(
      t.db.query("INSERT INTO units (province_code, revision, code, name, type, geom) VALUES ('31', 1, '11488', 'x', 'phường', ST_GeomFromText('LINESTRING(0 0,1 1)', 4326))"),
    ).rejects.toThrow(/type/i);
  });
});
