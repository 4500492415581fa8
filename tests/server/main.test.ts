// `npm run hub` itself: the first admin from the command line, and the local cluster it runs without
// DATABASE_URL.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/data';
import { readConfig } from '../../src/server/config';
import { openDatabase } from '../../src/server/db/open';
import { readMigrations } from '../../src/server/db/migrate';
import type { LocalCluster } from '../../src/server/db/local-cluster';
import { verifyPassword } from '../../src/server/auth/passwords';
import { useTestDatabase } from './db';

const t = useTestDatabase();

function hub(args: string[], env: Record<string, string>, stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/server/main.ts'), ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}

describe('npm run hub -- create-admin', () => {
  it('makes the first admin with the password piped on stdin, hashed with argon2id', async () => {
    const res = await hub(['create-admin', 'boss'], { DATABASE_URL: t.url }, 'a-long-enough-password\n');
    expect(res.stderr).toBe('');
    expect(res.stdout).toMatch(/created admin boss \(id \d+, whole hub\)/);
    const { rows } = await t.db.query("SELECT role, province_code, password_hash FROM accounts WHERE login = 'boss'");
    expect(rows[0]).toMatchObject({ role: 'admin', province_code: null });
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(rows[0].password_hash, 'a-long-enough-password')).toBe(true);
  });

  it('refuses a short password, a taken login and an unknown command, saying why', async () => {
    const short = await hub(['create-admin', 'boss2'], { DATABASE_URL: t.url, HUB_ADMIN_PASSWORD: 'short' }, '');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/the password must be at least 10 characters/);
    const taken = await hub(['create-admin', 'boss'], { DATABASE_URL: t.url, HUB_ADMIN_PASSWORD: 'another-long-password' }, '');
    expect(taken.stderr).toMatch(/login boss is taken/);
    const unknown = await hub(['make-admin'], { DATABASE_URL: t.url }, '');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command "make-admin"; usage: npm run hub/);
  });
});

describe('the local cluster (no DATABASE_URL)', () => {
  it('is created and migrated on first use, reused while it runs, and stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dia-gioi-hub-data-'));
    let cluster: LocalCluster | undefined;
    try {
      const config = { ...readConfig({}), dataDir: dir };
      const first = await openDatabase(config);
      cluster = first.cluster;
      expect(first.cluster?.started).toBe(true);
      expect(first.applied).toEqual(readMigrations().map((m) => m.name));
      const again = await openDatabase(config);
      expect(again.cluster?.started).toBe(false);
      expect(again.applied).toEqual([]);
      expect(again.url).toBe(first.url);
    } finally {
      await cluster?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
