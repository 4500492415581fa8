// Load on the province hub (issue 13), over loopback only: many simulated wards syncing and proposing
// at once on one province (Hải Phòng), then on a hub holding the whole country (3,321 units). Prints
// tables of latency (p50/p95/max), throughput, outcomes and the hub's memory; asserts nothing.
//
//   npx tsx tests/bench/hub-load.ts                 both scenarios (also run by npm run bench)
//   npx tsx tests/bench/hub-load.ts province        only the one province
//
// The hub runs as its own process (node --import tsx src/server/main.ts) on a throwaway PostgreSQL
// cluster in a temporary folder, so the resident memory sampled from /proc/<pid>/status is the hub's
// alone. Everything the wards do goes through HTTP with real cookies and CSRF tokens.
//
// Bounds (environment): HUB_LOAD_CONNECTIONS (200) connections at most, HUB_LOAD_WARDS (200) wards on
// the one province, HUB_LOAD_WARDS_PER_PROVINCE (10) in the country run, HUB_LOAD_ACCEPTS (3) accepts
// at most per province and run, HUB_LOAD_TIME_CAP_SECONDS (1200) for the whole bench: no session starts
// after it, and requests still open then are cut off (and counted as errors), HUB_LOAD_SEED (13).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { LineString } from 'geojson';
import { createAdmin } from '../../src/server/create-admin';
import { startLocalCluster, type LocalCluster } from '../../src/server/db/local-cluster';
import { migrate } from '../../src/server/db/migrate';
import { ensureDatabase } from '../../src/server/db/open';
import { createPool, type Db } from '../../src/server/db/pool';
import { loadProvince, PROVINCES_DIR } from '../../src/server/load-province';
import { seeded } from '../helpers/coverage';
import { ROOT } from '../helpers/data';

function intEnv(name: string, fallback: number, min: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of at least ${min}, not "${v}"`);
  return n;
}

const CONNECTIONS = intEnv('HUB_LOAD_CONNECTIONS', 200, 1);
const WARDS = intEnv('HUB_LOAD_WARDS', 200, 2);
const WARDS_PER_PROVINCE = intEnv('HUB_LOAD_WARDS_PER_PROVINCE', 10, 2);
const MAX_ACCEPTS = intEnv('HUB_LOAD_ACCEPTS', 3, 0);
const TIME_CAP_MS = intEnv('HUB_LOAD_TIME_CAP_SECONDS', 1200, 10) * 1000;
const SEED = intEnv('HUB_LOAD_SEED', 13, 0);
const ONE_PROVINCE = '31';
const LARGEST = '68';
/** How far a proposal moves one interior vertex of the border. */
const MOVE_METRES = 5;
/** Share of a ward's own proposals that confirm the border as it is (the rest move a vertex). */
const CONFIRM_SHARE = 0.3;
/** Share of decisions that are accepts while the province's accept budget lasts. */
const ACCEPT_SHARE = 0.1;
const HEAVY_READS = 5;

const started = performance.now();
const deadline = started + TIME_CAP_MS;
const overTime = () => performance.now() >= deadline;

// ---------------------------------------------------------------------------------------------------
// HTTP over loopback, at most CONNECTIONS sockets (keep-alive), every request bounded by the time cap.

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS, maxFreeSockets: CONNECTIONS });
let hubPort = 0;

interface Answer {
  status: number;
  text: string;
  ms: number;
  setCookie: string[];
}

interface Session {
  cookie: string;
  csrf: string;
}

/**
 * One request. A kept-alive socket the hub closed while it was idle (its keep-alive timeout ran out
 * between two phases) fails at once with ECONNRESET; the request never reached the hub, so it is sent
 * again on a new socket, as Node's documentation advises (`request.reusedSocket`).
 */
async function request(method: 'GET' | 'POST', path: string, who: Session | null, body?: unknown): Promise<Answer> {
  try {
    return await requestOnce(method, path, who, body);
  } catch (e) {
    if (!(e instanceof StaleSocket)) throw e;
    return requestOnce(method, path, who, body);
  }
}

class StaleSocket extends Error {}

function requestOnce(method: 'GET' | 'POST', path: string, who: Session | null, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string | number> = {};
  if (who) headers.cookie = who.cookie;
  if (who && method === 'POST') headers['x-csrf-token'] = who.csrf;
  if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: hubPort, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const setCookie = res.headers['set-cookie'] ?? [];
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0, setCookie });
      });
    });
    req.setTimeout(Math.max(1, deadline - performance.now()), () => req.destroy(new Error(`cut off by the time cap (HUB_LOAD_TIME_CAP_SECONDS) after ${Math.round(performance.now() - t0)} ms`)));
    req.on('error', (e: Error & { code?: string }) => reject(req.reusedSocket && e.code === 'ECONNRESET' ? new StaleSocket(e.message) : e));
    req.end(payload);
  });
}

async function logIn(login: string, password: string): Promise<Session> {
  const a = await request('POST', '/api/login', null, { login, password });
  if (a.status !== 200) throw new Error(`login ${login} answered ${a.status}: ${a.text}`);
  const cookie = a.setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('hub_session='));
  if (!cookie) throw new Error(`login ${login} set no hub_session cookie`);
  return { cookie, csrf: (JSON.parse(a.text) as { csrfToken: string }).csrfToken };
}

/** Runs `fn` on every item, at most `limit` at once; items not started before the time cap are skipped. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<number> {
  let next = 0;
  let skipped = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      if (overTime()) {
        skipped++;
        continue;
      }
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return skipped;
}

// ---------------------------------------------------------------------------------------------------
// The hub process and its memory.

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Hub {
  child: ChildProcess;
  log: string;
  stop(): Promise<void>;
}

async function startHub(databaseUrl: string, dir: string): Promise<Hub> {
  hubPort = await freePort();
  const log = join(dir, 'hub.log');
  const fd = openSync(log, 'a');
  const env = { ...process.env, DATABASE_URL: databaseUrl, HUB_HOST: '127.0.0.1', HUB_PORT: String(hubPort) };
  const child = spawn(process.execPath, ['--import', 'tsx', join('src', 'server', 'main.ts')], { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const t0 = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the hub exited with ${child.exitCode} at start; see ${log}:\n${readFileSync(log, 'utf8').slice(-2000)}`);
    try {
      const a = await request('GET', '/api/me', null);
      if (a.status === 401) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > 60_000) throw new Error(`the hub did not answer within 60 s; see ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    log,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** VmRSS and VmHWM (peak) of a process, in MiB. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** /proc/<pid>/stat: the parent's pid and the CPU seconds (user + system, all threads) used so far. */
function statOf(pid: number | string): { ppid: number; cpu: number } {
  // The fields after the command's closing parenthesis: ppid is the 2nd, utime and stime the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS };
}
const cpuOf = (pid: number) => statOf(pid).cpu;

/** CPU seconds used so far by the cluster's postmaster and each of its processes (the backends). */
function clusterCpu(postmaster: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { ppid, cpu } = statOf(entry);
      if (Number(entry) === postmaster || ppid === postmaster) out.set(Number(entry), cpu);
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** CPU seconds the cluster used since `before` (a backend that ended meanwhile is not counted: a lower bound). */
function clusterCpuSince(postmaster: number, before: Map<number, number>): number {
  let sum = 0;
  for (const [pid, cpu] of clusterCpu(postmaster)) sum += cpu - (before.get(pid) ?? 0);
  return sum;
}

/**
 * Samples the hub's RSS (and the machine's 1-minute load average) every 100 ms while a phase runs;
 * gives the phase's largest samples.
 */
function sampleMemory(pid: number): () => { rss: number; load: number } {
  let rss = memoryOf(pid).rss;
  let load = loadavg()[0]!;
  const timer = setInterval(() => {
    rss = Math.max(rss, memoryOf(pid).rss);
    load = Math.max(load, loadavg()[0]!);
  }, 100);
  return () => {
    clearInterval(timer);
    return { rss: Math.max(rss, memoryOf(pid).rss), load };
  };
}

// ---------------------------------------------------------------------------------------------------
// What a simulated ward knows and does.

interface BorderProps {
  id: number;
  unitA: string;
  unitB: string | null;
  otherUnits: string[];
  revision: number;
}
interface BorderFeature {
  properties: BorderProps;
  geometry: LineString;
}
interface ProposalJson {
  id: number;
  borderId: number;
  borderRevision: number;
  unitA: string;
  unitB: string | null;
  proposingUnit: string;
  status: string;
}
interface PullJson {
  revision: { number: number };
  cursor: string;
  proposals: ProposalJson[];
  borders?: { features: BorderFeature[] };
}
interface OpResult {
  opId: string;
  status: number;
}

/** A border two units can agree on: between two units only, with an interior vertex, not a closed ring. */
function proposable(b: BorderFeature): boolean {
  const c = b.geometry.coordinates;
  const [first, last] = [c[0]!, c[c.length - 1]!];
  return b.properties.unitB !== null && b.properties.otherUnits.length === 0 && c.length >= 3 && (first[0] !== last[0] || first[1] !== last[1]);
}

/** Each province's borders at each revision seen, as a ward's offline copy holds them (shared by its wards). */
const borderCopies = new Map<string, { revision: number; byUnit: Map<string, BorderFeature[]>; byId: Map<number, BorderFeature> }>();

function keepBorders(province: string, revision: number, features: BorderFeature[]): void {
  const known = borderCopies.get(province);
  if (known && known.revision >= revision) return;
  const byUnit = new Map<string, BorderFeature[]>();
  const byId = new Map<number, BorderFeature>();
  for (const f of features) {
    byId.set(f.properties.id, f);
    if (!proposable(f)) continue;
    for (const u of [f.properties.unitA, f.properties.unitB!]) byUnit.set(u, [...(byUnit.get(u) ?? []), f]);
  }
  borderCopies.set(province, { revision, byUnit, byId });
}

/** The course with interior vertex `index` moved `metres` in direction `angle`. */
function moved(course: LineString, index: number, metres: number, angle: number): LineString {
  const c = course.coordinates.map((p) => [p[0]!, p[1]!]);
  const [lon, lat] = c[index]!;
  c[index] = [lon! + (metres * Math.cos(angle)) / (111_320 * Math.cos((lat! * Math.PI) / 180)), lat! + (metres * Math.sin(angle)) / 110_574];
  return { type: 'LineString', coordinates: c };
}

interface Ward {
  login: string;
  province: string;
  unit: string;
  session: Session;
  /** The revision of the ward's offline copy. */
  revision: number;
}

type OpKind = 'seed' | 'move' | 'confirm' | 'reject' | 'counter' | 'accept';
const OP_KINDS: readonly OpKind[] = ['seed', 'move', 'confirm', 'reject', 'counter', 'accept'];

/** What one run measured. */
class Tally {
  readonly latency = new Map<string, number[]>();
  readonly ops = new Map<OpKind, Map<number, number>>();
  readonly errors: string[] = [];
  requests = 0;
  conflicts = 0;

  time(what: string, a: Answer): void {
    this.requests++;
    this.latency.set(what, [...(this.latency.get(what) ?? []), a.ms]);
  }
  op(kind: OpKind, status: number, detail: string): void {
    const m = this.ops.get(kind) ?? new Map<number, number>();
    m.set(status, (m.get(status) ?? 0) + 1);
    this.ops.set(kind, m);
    if (status === 409) this.conflicts++;
    else if (status !== 201) this.error(`${kind} op answered ${status}: ${detail}`);
  }
  error(message: string): void {
    this.errors.push(message);
  }
}

function opBody(kind: OpKind, border: BorderFeature, revision: number, rnd: () => number, proposalId?: number): Record<string, unknown> {
  const opId = randomUUID();
  const n = border.geometry.coordinates.length;
  const course = () => moved(border.geometry, 1 + Math.floor(rnd() * (n - 2)), MOVE_METRES, rnd() * 2 * Math.PI);
  switch (kind) {
    case 'seed':
    case 'move':
      return { opId, kind: 'propose', borderId: border.properties.id, baseRevision: revision, geometry: course(), note: 'load bench: one vertex moved' };
    case 'confirm':
      return { opId, kind: 'propose', borderId: border.properties.id, baseRevision: revision, geometry: border.geometry, note: 'load bench: confirmed as it is' };
    case 'reject':
      return { opId, kind: 'decide', proposalId, decision: 'reject', reason: 'load bench: the stream is the border' };
    case 'counter':
      return { opId, kind: 'decide', proposalId, decision: 'counter', reason: 'load bench: our course', baseRevision: revision, geometry: course() };
    case 'accept':
      return { opId, kind: 'decide', proposalId, decision: 'accept' };
  }
}

async function push(t: Tally, what: string, ward: Ward, ops: { kind: OpKind; body: Record<string, unknown> }[]): Promise<void> {
  const a = await request('POST', '/api/sync/push', ward.session, { ops: ops.map((o) => o.body) });
  t.time(what, a);
  if (a.status !== 200) {
    t.error(`push by ${ward.login} answered ${a.status}: ${a.text.slice(0, 300)}`);
    return;
  }
  const { results } = JSON.parse(a.text) as { results: (OpResult & { body: { message?: string } })[] };
  results.forEach((r, i) => t.op(ops[i]!.kind, r.status, `${ward.login}: ${r.body.message ?? ''}`));
}

async function pull(t: Tally, what: string, ward: Ward, since: string): Promise<PullJson | null> {
  const a = await request('GET', `/api/sync/pull?province=${ward.province}&since=${since}&revision=${ward.revision}`, ward.session);
  if (a.status !== 200) {
    t.time(what, a);
    t.error(`pull by ${ward.login} answered ${a.status}: ${a.text.slice(0, 300)}`);
    return null;
  }
  const p = JSON.parse(a.text) as PullJson;
  // Behind the latest revision (an accept came between), the pull brings its borders and changed units.
  t.time(p.borders ? `${what}, new revision` : what, a);
  if (p.borders) keepBorders(ward.province, p.revision.number, p.borders.features);
  ward.revision = p.revision.number;
  return p;
}

/**
 * Units to give wards to, so that neighbours both have one: walking the province's borders in a seeded
 * order, both units of each border, each unit once.
 */
function unitsByBorderWalk(province: string, rnd: () => number): string[] {
  const copy = borderCopies.get(province)!;
  const borders = [...copy.byId.values()].filter(proposable);
  for (let i = borders.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [borders[i], borders[j]] = [borders[j]!, borders[i]!];
  }
  const units: string[] = [];
  const seen = new Set<string>();
  for (const b of borders) {
    for (const u of [b.properties.unitA, b.properties.unitB!]) {
      if (!seen.has(u)) units.push(u);
      seen.add(u);
    }
  }
  return units;
}

/** Ward accounts over the API (the admin's session), logged in over HTTP, each unit's borders known. */
async function makeWards(admin: Session, plan: { province: string; wards: number }[], password: string, rnd: () => number, tag: string): Promise<Ward[]> {
  const wanted: { login: string; province: string; unit: string }[] = [];
  for (const { province, wards } of plan) {
    const units = unitsByBorderWalk(province, rnd).slice(0, wards);
    for (let i = 0; i < wards; i++) wanted.push({ login: `${tag}-${province}-${String(i).padStart(3, '0')}`, province, unit: units[i % units.length]! });
  }
  await pool(wanted, CONNECTIONS, async (w) => {
    const a = await request('POST', '/api/accounts', admin, { login: w.login, password, role: 'ward', provinceCode: w.province, unitCode: w.unit });
    if (a.status !== 201) throw new Error(`creating ${w.login} answered ${a.status}: ${a.text}`);
  });
  const wards: Ward[] = [];
  await pool(wanted, CONNECTIONS, async (w) => {
    wards.push({ ...w, session: await logIn(w.login, password), revision: borderCopies.get(w.province)!.revision });
  });
  if (wards.length < wanted.length) throw new Error(`the time cap came before every ward had logged in (${wards.length} of ${wanted.length})`);
  return wards.sort((a, b) => a.login.localeCompare(b.login));
}

/** Before the session: every other ward proposes on one border its neighbour has a ward for, so there are proposals to decide. */
async function seed(t: Tally, wards: Ward[], rnd: () => number): Promise<void> {
  const withWard = new Set(wards.map((w) => `${w.province}:${w.unit}`));
  const seeds = wards.filter((_, i) => i % 2 === 0).flatMap((w) => {
    const copy = borderCopies.get(w.province)!;
    const mine = (copy.byUnit.get(w.unit) ?? []).filter((b) => {
      const other = b.properties.unitA === w.unit ? b.properties.unitB! : b.properties.unitA;
      return withWard.has(`${w.province}:${other}`);
    });
    if (!mine.length) return [];
    const border = mine[Math.floor(rnd() * mine.length)]!;
    return [{ w, op: { kind: 'seed' as const, body: opBody('seed', border, copy.revision, rnd) } }];
  });
  await pool(seeds, CONNECTIONS, ({ w, op }) => push(t, 'seed push (1 proposal)', w, [op]));
}

/**
 * The session every ward runs at once: pull since 0, push 1–3 ops, pull again from the cursor. The
 * ops: decisions on the neighbour's open proposals the pull brought (reject with a reason, counter, an
 * accept now and then while the province's budget lasts) and proposals on the unit's own borders (one
 * interior vertex moved, or the border confirmed as it is).
 */
async function session(t: Tally, ward: Ward, rnd: () => number, acceptsLeft: Map<string, number>): Promise<void> {
  const first = await pull(t, 'pull since 0', ward, '0');
  if (!first) return;
  const copy = borderCopies.get(ward.province)!;
  const mine = [...(copy.byUnit.get(ward.unit) ?? [])];
  const theirs = first.proposals.filter(
    (p) => p.status === 'open' && p.borderRevision === first.revision.number && p.proposingUnit !== ward.unit && (p.unitA === ward.unit || p.unitB === ward.unit),
  );
  const ops: { kind: OpKind; body: Record<string, unknown> }[] = [];
  const count = 1 + Math.floor(rnd() * 3);
  for (let k = 0; k < count; k++) {
    const proposal = theirs.length && rnd() < 0.7 ? theirs.splice(Math.floor(rnd() * theirs.length), 1)[0]! : undefined;
    const border = proposal ? copy.byId.get(proposal.borderId) : undefined;
    if (proposal && border) {
      const budget = acceptsLeft.get(ward.province) ?? 0;
      let kind: OpKind = rnd() < 0.5 ? 'reject' : 'counter';
      if (budget > 0 && rnd() < ACCEPT_SHARE) {
        kind = 'accept';
        acceptsLeft.set(ward.province, budget - 1);
      }
      ops.push({ kind, body: opBody(kind, border, copy.revision, rnd, proposal.id) });
    } else if (mine.length) {
      const own = mine.splice(Math.floor(rnd() * mine.length), 1)[0]!;
      const kind: OpKind = rnd() < CONFIRM_SHARE ? 'confirm' : 'move';
      ops.push({ kind, body: opBody(kind, own, copy.revision, rnd) });
    }
  }
  if (ops.length) await push(t, ops.some((o) => o.kind === 'accept') ? 'push with an accept' : 'push (no accept)', ward, ops);
  await pull(t, 'pull since cursor', ward, first.cursor);
}

interface RunResult {
  tally: Tally;
  wallMs: number;
  skipped: number;
  peakRssMiB: number;
  /** CPU seconds the hub, and PostgreSQL, used during the session. */
  hubCpuS: number;
  pgCpuS: number;
  /** The 1-minute load average before the session, its largest sample during it, and after it. */
  load: [number, number, number];
}

async function concurrentSessions(hub: Hub, postmaster: number, wards: Ward[], rnd: () => number): Promise<RunResult> {
  const tally = new Tally();
  const acceptsLeft = new Map(wards.map((w) => [w.province, MAX_ACCEPTS]));
  const seedTally = new Tally();
  await seed(seedTally, wards, rnd);
  // Seeds are reported with the session's figures, apart (their rows say so); the wall clock is the session's.
  const before = loadavg()[0]!;
  const stopSampling = sampleMemory(hub.child.pid!);
  const cpu0 = cpuOf(hub.child.pid!);
  const pg0 = clusterCpu(postmaster);
  const t0 = performance.now();
  // Each ward its own seeded generator: what a ward does does not hang on how the sessions interleave.
  const skipped = await pool(wards, CONNECTIONS, (w, i) =>
    session(tally, w, seeded(SEED * 100_003 + i), acceptsLeft).catch((e: unknown) => tally.error(`${w.login}: ${e instanceof Error ? e.message : String(e)}`)),
  );
  const wallMs = performance.now() - t0;
  const sampled = stopSampling();
  const hubCpuS = cpuOf(hub.child.pid!) - cpu0;
  const pgCpuS = clusterCpuSince(postmaster, pg0);
  for (const [k, v] of seedTally.latency) tally.latency.set(k, v);
  for (const [k, v] of seedTally.ops) tally.ops.set(k, v);
  tally.errors.push(...seedTally.errors);
  return { tally, wallMs, skipped, peakRssMiB: sampled.rss, hubCpuS, pgCpuS, load: [before, sampled.load, loadavg()[0]!] };
}

// ---------------------------------------------------------------------------------------------------
// Reporting.

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(s.length * p) - 1))]!;
};
const ms = (t: number) => `${t.toFixed(t < 10 ? 1 : 0)} ms`;

function table(rows: string[][]): void {
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => (r[k] ?? '').length)));
  for (const r of rows) console.log(`  ${r.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ')}`);
}

function report(title: string, wards: number, r: RunResult): void {
  const { tally } = r;
  const sessionRequests = [...tally.latency].filter(([k]) => !k.startsWith('seed')).reduce((n, [, v]) => n + v.length, 0);
  const opsDone = [...tally.ops].filter(([k]) => k !== 'seed').reduce((n, [, m]) => n + [...m.values()].reduce((a, b) => a + b, 0), 0);
  console.log(`\n${title}: ${wards} wards at once (at most ${CONNECTIONS} connections), load average ${r.load[0].toFixed(2)} before, up to ${r.load[1].toFixed(2)} during, ${r.load[2].toFixed(2)} after`);
  const rows = [['request', 'count', 'p50', 'p95', 'max']];
  for (const [what, xs] of tally.latency) rows.push([what, String(xs.length), ms(pct(xs, 0.5)), ms(pct(xs, 0.95)), ms(Math.max(...xs))]);
  table(rows);
  const statuses = [...new Set([...tally.ops.values()].flatMap((m) => [...m.keys()]))].sort();
  const opRows = [['op', ...statuses.map(String)]];
  for (const k of OP_KINDS) if (tally.ops.has(k)) opRows.push([k === 'seed' ? 'seed (before the session)' : k, ...statuses.map((s) => String(tally.ops.get(k)!.get(s) ?? 0))]);
  console.log('  ops by answer (201 applied, 409 a conflict between wards or "sync first": expected outcomes)');
  table(opRows);
  console.log(`  session: ${(r.wallMs / 1000).toFixed(1)} s, ${sessionRequests} requests = ${(sessionRequests / (r.wallMs / 1000)).toFixed(1)} requests/s, ${(opsDone / (r.wallMs / 1000)).toFixed(1)} ops/s; ${r.skipped} sessions skipped by the time cap`);
  console.log(`  errors: ${tally.errors.length}; 409 conflicts: ${tally.conflicts}; hub peak RSS during the session ${r.peakRssMiB.toFixed(0)} MiB; hub CPU ${r.hubCpuS.toFixed(1)} s (${((100 * r.hubCpuS) / (r.wallMs / 1000)).toFixed(0)}% of one core), PostgreSQL CPU ${r.pgCpuS.toFixed(1)} s`);
  for (const e of tally.errors.slice(0, 10)) console.log(`    ${e}`);
}

/**
 * The failures the hub reported (its console.error lines), each with how often, and the first one's
 * whole message (the stack and PostgreSQL's detail).
 */
function hubComplaints(log: string): void {
  const lines = readFileSync(log, 'utf8').split('\n');
  const counts = new Map<string, { n: number; first: number }>();
  lines.forEach((l, i) => {
    if (!l.startsWith('hub: ') || /^hub: (listening|SIGTERM|applied migrations)/.test(l)) return;
    const c = counts.get(l) ?? { n: 0, first: i };
    c.n++;
    counts.set(l, c);
  });
  if (!counts.size) return;
  console.log(`\nThe hub reported (its full log was ${log}):`);
  for (const [l, { n, first }] of counts) {
    console.log(`  ${n} × ${l}`);
    for (const more of lines.slice(first + 1, first + 40)) {
      if (more.startsWith('{') || more.startsWith('hub: ')) break;
      console.log(`    ${more}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------

interface IndexEntry {
  code: string;
  name: string;
  units: number;
}

async function loadTimed(db: Db, code: string): Promise<{ code: string; name: string; units: number; borders: number; ms: number }> {
  const t0 = performance.now();
  const loaded = await loadProvince(db, code);
  return { code, name: loaded.name, units: loaded.units, borders: loaded.borders, ms: performance.now() - t0 };
}

/** What one revision of a province stores: its unit and border rows (geometry as stored, TOAST compressed or not). */
async function revisionSize(db: Db, code: string): Promise<string> {
  const { rows } = await db.query<{ units: string; borders: string }>(
    `SELECT (SELECT pg_size_pretty(sum(pg_column_size(u.*))) FROM units u WHERE province_code = $1 AND revision = 1) AS units,
            (SELECT pg_size_pretty(sum(pg_column_size(b.*))) FROM borders b WHERE province_code = $1 AND revision = 1) AS borders`,
    [code],
  );
  return `units ${rows[0]!.units}, borders ${rows[0]!.borders}`;
}

async function databaseSize(db: Db): Promise<string> {
  const { rows } = await db.query<{ size: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS size');
  return rows[0]!.size;
}

async function main(): Promise<void> {
  const only = new Set(process.argv.slice(2));
  const wantCountry = only.size === 0 || only.has('country');
  const dir = mkdtempSync(join(tmpdir(), 'dia-gioi-hub-load-'));
  let cluster: LocalCluster | undefined;
  let db: Db | undefined;
  let hub: Hub | undefined;
  const rnd = seeded(SEED);
  try {
    console.log(`Hub load (loopback, at most ${CONNECTIONS} connections, time cap ${TIME_CAP_MS / 1000} s, seed ${SEED}); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    cluster = await startLocalCluster(dir);
    await ensureDatabase(cluster.url('postgres'), 'hub');
    const url = cluster.url('hub');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await migrate(client).finally(() => client.end());
    db = createPool(url);
    const loads = [await loadTimed(db, ONE_PROVINCE)];
    const password = randomBytes(12).toString('hex');
    await createAdmin(db, 'bench-admin', password, null);
    hub = await startHub(url, dir);
    const pid = hub.child.pid!;
    console.log(`hub pid ${pid} on 127.0.0.1:${hubPort}, RSS at start ${memoryOf(pid).rss.toFixed(0)} MiB; log ${hub.log}`);
    const admin = await logIn('bench-admin', password);

    // One province, WARDS wards.
    const borders = await request('GET', `/api/provinces/${ONE_PROVINCE}/borders`, admin);
    keepBorders(ONE_PROVINCE, 1, (JSON.parse(borders.text) as { features: BorderFeature[] }).features);
    let t0 = performance.now();
    const wards = await makeWards(admin, [{ province: ONE_PROVINCE, wards: WARDS }], password, rnd, 'p');
    console.log(`${loads[0]!.name} (${ONE_PROVINCE}) loaded in ${ms(loads[0]!.ms)}; ${wards.length} ward accounts made and logged in over HTTP in ${((performance.now() - t0) / 1000).toFixed(1)} s, on ${new Set(wards.map((w) => w.unit)).size} units`);
    const postmaster = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const one = await concurrentSessions(hub, postmaster, wards, rnd);
    report(`One province, ${loads[0]!.name}`, wards.length, one);

    if (wantCountry && !overTime()) {
      // The whole country in the same hub.
      const index = (JSON.parse(readFileSync(join(PROVINCES_DIR, 'index.json'), 'utf8')) as { provinces: IndexEntry[] }).provinces;
      const stopSampling = sampleMemory(pid);
      t0 = performance.now();
      for (const p of index) if (p.code !== ONE_PROVINCE && !overTime()) loads.push(await loadTimed(db, p.code));
      const loadWall = performance.now() - t0;
      const units = loads.reduce((n, l) => n + l.units, 0);
      console.log(`\nWhole country: ${loads.length} provinces, ${units.toLocaleString('en-US')} units, ${loads.reduce((n, l) => n + l.borders, 0).toLocaleString('en-US')} borders; loaded (loadProvince, in the bench process) in ${(loadWall / 1000).toFixed(1)} s plus ${ms(loads[0]!.ms)} for ${ONE_PROVINCE} earlier; load average ${loadavg()[0]!.toFixed(2)}`);
      const rows = [['province', 'units', 'borders', 'load']];
      for (const l of [...loads].sort((a, b) => a.code.localeCompare(b.code))) rows.push([`${l.code} ${l.name}`, String(l.units), String(l.borders), ms(l.ms)]);
      table(rows);
      console.log(`  database size after the load (pg_database_size, with the ${ONE_PROVINCE} run's revisions): ${await databaseSize(db)}; hub RSS ${memoryOf(pid).rss.toFixed(0)} MiB (peak while loading ${stopSampling().rss.toFixed(0)} MiB)`);

      console.log(`  one revision of ${LARGEST} (the largest) holds ${await revisionSize(db, LARGEST)}; of ${ONE_PROVINCE}, ${await revisionSize(db, ONE_PROVINCE)}: every agreement writes a whole revision of its province`);

      const plan = loads.map((l) => ({ province: l.code, wards: WARDS_PER_PROVINCE }));
      for (const l of loads) {
        if (l.code === ONE_PROVINCE) continue;
        const b = await request('GET', `/api/provinces/${l.code}/borders`, admin);
        keepBorders(l.code, 1, (JSON.parse(b.text) as { features: BorderFeature[] }).features);
      }
      t0 = performance.now();
      const countryWards = await makeWards(admin, plan, password, rnd, 'c');
      console.log(`  ${countryWards.length} more ward accounts made and logged in over HTTP in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const all = await concurrentSessions(hub, postmaster, countryWards, rnd);
      report(`Whole country, ${WARDS_PER_PROVINCE} wards in each of ${plan.length} provinces`, countryWards.length, all);

      // The heaviest reads, on the largest province, one at a time on the quiet hub.
      const reader = countryWards.find((w) => w.province === LARGEST) ?? admin;
      console.log(`\nLargest province (${LARGEST}), ${HEAVY_READS} requests each, one at a time; load average ${loadavg()[0]!.toFixed(2)}`);
      const heavy = [['request', 'p50', 'p95', 'max', 'size', 'status']];
      for (const what of ['borders', 'units', 'dashboard']) {
        const answers: Answer[] = [];
        for (let i = 0; i < HEAVY_READS && !overTime(); i++) answers.push(await request('GET', `/api/provinces/${LARGEST}/${what}`, 'session' in reader ? reader.session : reader));
        if (!answers.length) continue;
        const xs = answers.map((a) => a.ms);
        heavy.push([`GET /api/provinces/${LARGEST}/${what}`, ms(pct(xs, 0.5)), ms(pct(xs, 0.95)), ms(Math.max(...xs)), `${(answers[0]!.text.length / 1e6).toFixed(1)} MB`, [...new Set(answers.map((a) => a.status))].join(',')]);
      }
      table(heavy);
      console.log(`  database size at the end: ${await databaseSize(db)}`);
    }
    const mem = memoryOf(pid);
    console.log(`\nHub memory: RSS now ${mem.rss.toFixed(0)} MiB, peak (VmHWM) ${mem.hwm.toFixed(0)} MiB; bench ${((performance.now() - started) / 1000).toFixed(0)} s in all; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    agent.destroy();
    await hub?.stop();
    if (hub) hubComplaints(hub.log);
    await db?.end();
    if (cluster?.started) await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
