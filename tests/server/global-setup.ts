// Once per test run: the PostgreSQL the hub's tests use. With DATABASE_URL, that server (its role
// needs CREATEDB: every test file makes and drops its own database there); else a throwaway cluster
// in a temporary folder, stopped and removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalCluster } from '../../src/server/db/local-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection string to a database the tests may CREATE DATABASE from. */
    hubAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.DATABASE_URL;
  if (external) {
    project.provide('hubAdminUrl', external);
    return async () => {};
  }
  const root = mkdtempSync(join(tmpdir(), 'dia-gioi-hub-test-'));
  const cluster = await startLocalCluster(root);
  project.provide('hubAdminUrl', cluster.url('postgres'));
  return async () => {
    try {
      await cluster.stop();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
}
