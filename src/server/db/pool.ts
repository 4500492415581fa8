// The connection pool, and the one way to run several statements in a transaction.
import pg from 'pg';

export type Db = pg.Pool;
export type Tx = pg.ClientBase;

// bigint ids (int8) come back as numbers: our ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function createPool(connectionString: string): Db {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle client losing its connection (PostgreSQL restarted) must not crash the hub; the next
  // query gets a fresh connection, and the error is reported. Once the pool is ending, its clients'
  // connections closing is what was asked for (the hub stopping its own cluster right after).
  pool.on('error', (e) => {
    if (!pool.ending) console.error(`hub: idle database connection lost: ${e.message}`);
  });
  return pool;
}

/**
 * Runs `fn` in a transaction: committed when it resolves, rolled back (and rethrown) when it throws.
 * A connection lost meanwhile (PostgreSQL restarted, the backend terminated) rejects the statement
 * under way, never crashes the hub, and the broken client is dropped from the pool.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await db.connect();
  // Between two statements no query is there to receive a connection error; the pool stops listening
  // once the client is checked out, so listen here (the next statement then fails with it).
  let lost: Error | undefined;
  const onError = (e: Error) => {
    lost = e;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    if (databaseUnavailable(e)) lost ??= e as Error;
    try {
      await client.query('ROLLBACK');
    } catch {
      lost ??= e as Error;
    }
    throw e;
  } finally {
    client.removeListener('error', onError);
    client.release(lost);
  }
}

/** Error codes of a database that is down, restarting, or dropped the connection. */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/** True when `e` says the database cannot be reached now, rather than that a statement was wrong. */
export function databaseUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return /^Connection terminated|connection error and is not queryable|^timeout exceeded when trying to connect/.test(e.message);
}
