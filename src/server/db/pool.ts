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

/** Runs `fn` in a transaction: committed when it resolves, rolled back (and rethrown) when it throws. */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}
