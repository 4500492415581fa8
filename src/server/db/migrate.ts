// Versioned migrations: src/server/migrations/NNN_name.sql, applied in order, each in its own
// transaction, recorded in schema_migrations with its SHA-256. Re-running applies nothing new; a file
// whose text changed after it was applied is refused (write a new migration instead).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';

export const MIGRATIONS_DIR = join(import.meta.dirname, '..', 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
  sha256: string;
}

const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** The migrations of a folder, in version order; a stray file or a repeated version is an error. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const m = FILE.exec(file);
      if (!m) throw new Error(`migration file ${file} in ${dir} is not named NNN_name.sql`);
      const sql = readFileSync(join(dir, file), 'utf8');
      return { version: Number(m[1]), name: file, sql, sha256: createHash('sha256').update(sql).digest('hex') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 001, 002 ... with no gap or repeat: ${m.name} is number ${i + 1}`);
  });
  return migrations;
}

/** Applies the migrations not yet applied; returns the names of those it applied. */
export async function migrate(client: pg.ClientBase, migrations: Migration[] = readMigrations()): Promise<string[]> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    sha256 text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  // One migrator at a time (two hub processes starting together).
  await client.query('SELECT pg_advisory_lock(hashtext($1))', ['dia-gioi:schema_migrations']);
  try {
    const applied = new Map(
      (await client.query<{ version: number; name: string; sha256: string }>('SELECT version, name, sha256 FROM schema_migrations')).rows.map((r) => [r.version, r]),
    );
    for (const [version, row] of applied) {
      const m = migrations.find((x) => x.version === version);
      if (!m) throw new Error(`the database has migration ${row.name} applied, which this hub does not know: is the hub older than the database?`);
      if (m.sha256 !== row.sha256) throw new Error(`migration ${m.name} was changed after it was applied (sha256 ${row.sha256} in the database, ${m.sha256} on disk): add a new migration instead`);
    }
    const done: string[] = [];
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name, sha256) VALUES ($1, $2, $3)', [m.version, m.name, m.sha256]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed and was rolled back: ${(e as Error).message}`, { cause: e });
      }
      done.push(m.name);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['dia-gioi:schema_migrations']);
  }
}
