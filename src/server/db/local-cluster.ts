// A PostgreSQL cluster of our own, for `npm run hub` without DATABASE_URL and for the server tests.
//
// It listens only on a unix socket inside its own folder (no TCP port to collide with), and the socket
// is readable by its owner alone. PostgreSQL refuses to run as root, so when we are root (this machine
// and CI are) the cluster belongs to the `postgres` OS user and every server binary runs under runuser.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The superuser the cluster is created with. */
export const CLUSTER_SUPERUSER = 'postgres';
/** Only names the socket file (.s.PGSQL.5432): the cluster listens on no TCP port. */
const SOCKET_PORT = 5432;

export interface LocalCluster {
  /** The folder holding data/, socket/ and postgres.log. */
  readonly root: string;
  readonly socketDir: string;
  /** False when the cluster was already running (another hub, or a previous run left it up). */
  readonly started: boolean;
  /** A connection string for one database of the cluster, as the superuser. */
  url(database: string): string;
  /** Stops the server (fast shutdown: open sessions are ended) and waits until it is down. */
  stop(): Promise<void>;
}

/** The folder of initdb, pg_ctl and postgres: $HUB_PG_BINDIR, else the newest Debian one, else pg_config's. */
export async function findPostgresBinDir(): Promise<string> {
  const fromEnv = process.env.HUB_PG_BINDIR;
  if (fromEnv) {
    if (!existsSync(join(fromEnv, 'initdb'))) throw new Error(`HUB_PG_BINDIR=${fromEnv} has no initdb`);
    return fromEnv;
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(debian, versions[0], 'bin');
  }
  try {
    const { stdout } = await run('pg_config', ['--bindir']);
    const dir = stdout.trim();
    if (existsSync(join(dir, 'initdb'))) return dir;
  } catch (e) {
    throw new Error(`PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb, pg_config failed: ${(e as Error).message}); install postgresql and postgis, e.g. apt-get install -y postgresql postgresql-15-postgis-3`);
  }
  throw new Error('PostgreSQL server binaries not found: install postgresql (apt-get install -y postgresql postgresql-15-postgis-3) or set HUB_PG_BINDIR');
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL binary as the cluster's owner; a failure throws with the tool's own output. */
async function pg(bin: string, args: string[]): Promise<string> {
  const [file, argv] = asRoot ? ['runuser', ['-u', CLUSTER_SUPERUSER, '--', bin, ...args]] : [bin, args];
  try {
    const { stdout } = await run(file, argv, { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as Error & { stderr?: string; stdout?: string };
    throw new Error(`${bin} ${args.join(' ')} failed: ${err.stderr?.trim() || err.stdout?.trim() || err.message}`);
  }
}

function ownedByCluster(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!asRoot) return;
  const { uid, gid } = postgresIds();
  chownSync(dir, uid, gid);
}

let ids: { uid: number; gid: number } | undefined;
function postgresIds(): { uid: number; gid: number } {
  if (!ids) {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${CLUSTER_SUPERUSER}:`));
    if (!line) throw new Error(`running as root, but there is no "${CLUSTER_SUPERUSER}" OS user to own the cluster (install the postgresql package)`);
    const [, , uid, gid] = line.split(':');
    ids = { uid: Number(uid), gid: Number(gid) };
  }
  return ids;
}

/**
 * Creates (first time) and starts the cluster in `root`, or reuses it when it is already running.
 * Resolves once the server accepts connections (pg_ctl -w waits on that, bounded by `timeoutSeconds`).
 */
export async function startLocalCluster(rootDir: string, opts: { timeoutSeconds?: number } = {}): Promise<LocalCluster> {
  const root = resolve(rootDir);
  const data = join(root, 'data');
  const socketDir = join(root, 'socket');
  const log = join(root, 'postgres.log');
  const bin = await findPostgresBinDir();
  ownedByCluster(root);
  ownedByCluster(socketDir);

  if (!existsSync(join(data, 'PG_VERSION'))) {
    await pg(join(bin, 'initdb'), ['-D', data, '-U', CLUSTER_SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-instructions']);
  }
  const running = await pgCtlStatus(bin, data);
  if (!running) {
    const options = [
      "-c listen_addresses=''",
      `-c unix_socket_directories='${socketDir}'`,
      '-c unix_socket_permissions=0700',
      `-c port=${SOCKET_PORT}`,
      '-c max_connections=200',
      '-c fsync=off', // a throwaway or local development cluster: speed over crash safety
    ].join(' ');
    const timeout = String(opts.timeoutSeconds ?? 120);
    await pg(join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-o', options, '-w', '-t', timeout, 'start']);
  }
  return {
    root,
    socketDir,
    started: !running,
    url: (database) => `postgresql://${CLUSTER_SUPERUSER}@${encodeURIComponent(socketDir)}:${SOCKET_PORT}/${encodeURIComponent(database)}`,
    stop: async () => {
      await pg(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '120', 'stop']);
    },
  };
}

/** True when pg_ctl says a server runs on `data` (exit 0); false for "no server running" (exit 3). */
async function pgCtlStatus(bin: string, data: string): Promise<boolean> {
  const [file, argv] = asRoot ? ['runuser', ['-u', CLUSTER_SUPERUSER, '--', join(bin, 'pg_ctl'), '-D', data, 'status']] : [join(bin, 'pg_ctl'), ['-D', data, 'status']];
  try {
    await run(file, argv);
    return true;
  } catch (e) {
    const err = e as Error & { code?: number; stderr?: string };
    if (err.code === 3) return false;
    throw new Error(`pg_ctl status on ${data} failed: ${err.stderr?.trim() || err.message}`);
  }
}
