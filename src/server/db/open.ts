// The hub's database: DATABASE_URL when set, else the local cluster in the data folder (created and
// started on first use), migrated to the current schema either way.
import pg from 'pg';
import type { HubConfig } from '../config';
import { startLocalCluster, type LocalCluster } from './local-cluster';
import { migrate } from './migrate';

export const LOCAL_DATABASE = 'hub';

export interface OpenedDatabase {
  url: string;
  /** The local cluster, when the hub runs one. */
  cluster: LocalCluster | undefined;
  /** The migrations this call applied. */
  applied: string[];
}

export async function openDatabase(config: HubConfig): Promise<OpenedDatabase> {
  let url = config.databaseUrl;
  let cluster: LocalCluster | undefined;
  if (!url) {
    cluster = await startLocalCluster(config.dataDir);
    await ensureDatabase(cluster.url('postgres'), LOCAL_DATABASE);
    url = cluster.url(LOCAL_DATABASE);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return { url, cluster, applied: await migrate(client) };
  } finally {
    await client.end();
  }
}

/** Creates `name` on the server of `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
