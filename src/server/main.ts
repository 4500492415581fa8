// `npm run hub` entry point:
//   npm run hub                                  serve (HTTPS with HUB_TLS_CERT/HUB_TLS_KEY)
//   npm run hub -- create-admin LOGIN [--province NN]
//                                                the password from HUB_ADMIN_PASSWORD or piped on stdin
//   npm run hub -- migrate                       apply the migrations and exit
//   npm run hub -- load-province CODE            the bundled province as revision 1, linked to those loaded
//   npm run hub -- link-provinces                find the cross borders of every pair of loaded provinces
//                                                not linked yet, and measure how their edges match
import { buildApp } from './http-app';
import { readConfig } from './config';
import { createAdmin } from './create-admin';
import { openDatabase } from './db/open';
import { createPool } from './db/pool';
import { loadProvince } from './load-province';
import { linkAllProvinces } from './link-provinces';

const USAGE = 'usage: npm run hub [-- create-admin LOGIN [--province NN] | migrate | load-province CODE | link-provinces]';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new Error('create-admin reads the password from HUB_ADMIN_PASSWORD or from stdin (e.g. `read -s P; printf %s "$P" | npm run hub -- create-admin LOGIN`), not a terminal');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function main(argv: string[]): Promise<void> {
  const config = readConfig();
  const [command, ...rest] = argv;
  if (command !== undefined && !['create-admin', 'migrate', 'load-province', 'link-provinces'].includes(command)) throw new Error(`unknown command "${command}"; ${USAGE}`);
  const opened = await openDatabase(config);
  const where = opened.cluster ? `local cluster in ${opened.cluster.root}` : 'DATABASE_URL';
  if (opened.applied.length) console.log(`hub: applied migrations ${opened.applied.join(', ')}`);
  const stopCluster = async () => {
    if (opened.cluster?.started) await opened.cluster.stop();
  };

  if (command === 'migrate') {
    console.log(`hub: schema up to date (${where})`);
    return stopCluster();
  }
  if (command === 'load-province') {
    const code = rest[0];
    if (!code) throw new Error(USAGE);
    const db = createPool(opened.url);
    try {
      const loaded = await loadProvince(db, code);
      console.log(`hub: loaded ${loaded.name} (${code}) as revision ${loaded.revision}: ${loaded.units} units, ${loaded.borders} borders`);
      for (const p of loaded.linked) console.log(`hub: ${p.provinceA}-${p.provinceB}: ${p.added} cross borders found`);
    } finally {
      await db.end();
      await stopCluster();
    }
    return;
  }
  if (command === 'link-provinces') {
    const db = createPool(opened.url);
    try {
      // A segment of one edge faces the other within 100 m; it matches within 0.1 m (docs/hub.md).
      for (const p of await linkAllProvinces(db, { facingM: 100, matchM: 0.1 })) {
        const m = p.match!;
        const share = m.facingM > 0 ? ((100 * m.matchedM) / m.facingM).toFixed(2) : '-';
        console.log(`hub: ${p.provinceA}-${p.provinceB}: ${p.total} cross borders (${p.added} new), ${(m.crossM / 1000).toFixed(3)} km; `
          + `edge of ${p.provinceA} facing ${p.provinceB} ${(m.facingM / 1000).toFixed(3)} km, matched within 0.1 m ${share}%, `
          + `0.1-10 m apart ${m.apartM.toFixed(0)} m, largest gap ${m.largestGapM.toFixed(2)} m`);
      }
    } finally {
      await db.end();
      await stopCluster();
    }
    return;
  }
  if (command === 'create-admin') {
    const login = rest[0];
    const p = rest.indexOf('--province');
    const province = p >= 0 ? rest[p + 1] : null;
    if (!login || login.startsWith('--') || (p >= 0 && !province)) throw new Error(USAGE);
    const password = process.env.HUB_ADMIN_PASSWORD ?? (await readStdin());
    const db = createPool(opened.url);
    try {
      const account = await createAdmin(db, login, password, province ?? null);
      console.log(`hub: created admin ${account.login} (id ${account.id}${account.provinceCode ? `, province ${account.provinceCode}` : ', whole hub'})`);
    } finally {
      await db.end();
      await stopCluster();
    }
    return;
  }

  const db = createPool(opened.url);
  const app = buildApp({ db, config }, { logger: true });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`hub: ${signal}, stopping`);
    await app.close();
    await db.end();
    await stopCluster();
  };
  process.once('SIGINT', () => void shutdown('SIGINT').catch(fail));
  process.once('SIGTERM', () => void shutdown('SIGTERM').catch(fail));
  const address = await app.listen({ host: config.host, port: config.port });
  console.log(`hub: listening on ${address} (${config.tls ? 'TLS' : 'plain HTTP: set HUB_TLS_CERT and HUB_TLS_KEY for HTTPS'}), database: ${where}, app: ${config.appDir ?? 'none (npm run build, or set HUB_APP_DIR)'}`);
}

function fail(e: unknown): void {
  console.error(`hub: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}

main(process.argv.slice(2)).catch(fail);
