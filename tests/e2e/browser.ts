// Launches Debian's headless Chromium with playwright-core, with every request that would leave
// loopback blocked and recorded, so a test can prove the app works with no network.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The longest one step (an action, a navigation, a wait on the app's state) may take. Sized for a loaded
 * 2-core machine, where loading the app and running the full check can take tens of seconds; nothing
 * waits this long unless something is wrong, since every wait ends as soon as its condition holds.
 */
export const TIMEOUT = 90_000;
export const OUT_DIR = join(import.meta.dirname, 'out');
mkdirSync(OUT_DIR, { recursive: true });

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * WebGL in a GPU process, on SwiftShader (software Vulkan under ANGLE), as Chromium draws on a machine
 * with a GPU: the map's frames are drawn beside the page, not on its main thread. With --disable-gpu
 * (CHROMIUM_ARGS) the page's main thread was busy 110–530 ms at a time while an edit was drawn (long
 * tasks), and what the page did meanwhile waited; in a GPU process it is not, but every frame is
 * composited through SwiftShader, which is slower for the 2-D drawing of a drag. Neither is a real GPU.
 */
export const GPU_PROCESS_ARGS = CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu').concat(['--use-angle=swiftshader', '--enable-unsafe-swiftshader']);

/** The benchmarks' flags: CHROMIUM_ARGS, or GPU_PROCESS_ARGS with BENCH_GL=gpu-process (to compare). */
export function benchGl(): { args: readonly string[]; label: string } {
  return process.env.BENCH_GL === 'gpu-process'
    ? { args: GPU_PROCESS_ARGS, label: 'software WebGL in a GPU process, SwiftShader under ANGLE (BENCH_GL=gpu-process)' }
    : { args: CHROMIUM_ARGS, label: 'software WebGL, --disable-gpu' };
}

export interface Session {
  readonly context: BrowserContext;
  readonly page: Page;
  /** URLs the page tried to reach outside loopback (all were aborted). */
  readonly blocked: string[];
  /** Console errors and uncaught page errors. */
  readonly errors: string[];
  close(): Promise<void>;
}

export function isLoopback(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}

/** Aborts (and records) every request that would leave loopback: the tests prove the app needs no network. */
async function blockOutsideLoopback(context: BrowserContext, blocked: string[]): Promise<void> {
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLoopback(url)) await route.continue();
    else {
      blocked.push(url);
      await route.abort('blockedbyclient');
    }
  });
}

/** A fresh profile per session unless `profileDir` is given (persistence tests). */
export async function openSession(
  options: {
    profileDir?: string;
    viewport?: { width: number; height: number };
    serviceWorkers?: 'allow' | 'block';
    /**
     * An origin whose storage the browser keeps as persistent (see grantPersistentStorage). Unset:
     * best-effort storage, as for a site just visited.
     */
    persistentStorageFor?: string;
    /** Chromium's flags: CHROMIUM_ARGS unless given (the benchmarks pass GPU_PROCESS_ARGS). */
    args?: readonly string[];
  } = {},
): Promise<Session> {
  const dir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'diagioi-e2e-'));
  if (options.persistentStorageFor) grantPersistentStorage(dir, options.persistentStorageFor);
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...(options.args ?? CHROMIUM_ARGS)],
    viewport: options.viewport ?? { width: 1400, height: 900 },
    locale: 'vi-VN',
    // Requests a service worker makes bypass page.route: tests that fake responses block the worker.
    serviceWorkers: options.serviceWorkers ?? 'allow',
  });
  // Playwright's default of 30 s per action is too short on a loaded machine.
  context.setDefaultTimeout(TIMEOUT);
  const blocked: string[] = [];
  const errors: string[] = [];
  await blockOutsideLoopback(context, blocked);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, blocked, errors, close: () => context.close() };
}

/**
 * Gives `origin` persistent storage in the profile at `dir` before the browser starts, as a user's
 * "allow" in the site settings does (Chromium grants it by itself to an installed app or a bookmarked
 * site; a fresh test profile is neither). Written into the profile's Preferences, so it holds across
 * pages, reloads and restarts; a DevTools permission override would end with the session that set it.
 * Why the full-disk tests need it: Chromium evicts a best-effort origin's IndexedDB, Origin Private File
 * System and Cache Storage together whenever free disk space falls below its reserve
 * (storage/browser/quota/quota_temporary_storage_evictor.cc), at any moment, open tab or not; no page can
 * keep its data then, which is why the app asks for persistence and says when it was refused. With
 * persistent storage nothing is evicted, and what those tests check is what the app itself promises.
 */
export function grantPersistentStorage(dir: string, origin: string): void {
  const file = join(dir, 'Default', 'Preferences');
  let prefs: any = {};
  try {
    prefs = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    // A new profile has none yet; anything else (a file cut short on a full disk) is the test's fault to see.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the profile's preferences ${file}: ${(e as Error).message}`);
  }
  if (typeof prefs !== 'object' || prefs === null || Array.isArray(prefs)) throw new Error(`the profile's preferences ${file} are not an object`);
  const key = `${new URL(origin).origin},*`;
  const exceptions = (((prefs.profile ??= {}).content_settings ??= {}).exceptions ??= {});
  if (exceptions.durable_storage?.[key]?.setting === 1) return;
  (exceptions.durable_storage ??= {})[key] = { setting: 1 };
  mkdirSync(join(dir, 'Default'), { recursive: true });
  // Whole or not at all: the profile may sit on a disk a test fills.
  writeFileSync(`${file}.tmp`, JSON.stringify(prefs));
  renameSync(`${file}.tmp`, file);
}

/**
 * Chromium started by hand (not by Playwright) on a given profile, reached over CDP, so a test can
 * kill the browser process outright (SIGKILL: no clean shutdown) and start it again on the same profile.
 */
export interface KillableBrowser {
  readonly page: Page;
  readonly blocked: string[];
  readonly errors: string[];
  kill(): Promise<void>;
}

export async function launchKillable(profileDir: string): Promise<KillableBrowser> {
  const { spawn } = await import('node:child_process');
  // Port 0: Chromium picks a free port and writes it to DevToolsActivePort in the profile, so no fixed
  // port can be taken by another process. A file left by an earlier (killed) run on this profile goes first.
  const portFile = join(profileDir, 'DevToolsActivePort');
  rmSync(portFile, { force: true });
  const proc = spawn(
    CHROMIUM,
    [
      ...CHROMIUM_ARGS,
      '--enable-unsafe-swiftshader',
      `--user-data-dir=${profileDir}`,
      '--remote-debugging-port=0',
      '--remote-debugging-address=127.0.0.1',
      '--window-size=1400,900',
      'about:blank',
    ],
    { stdio: 'ignore', detached: false },
  );
  let browser: Awaited<ReturnType<typeof chromium.connectOverCDP>> | null = null;
  // Retried until the port answers (bounded by time, not by a count of tries: a loaded machine is slow).
  const deadline = Date.now() + TIMEOUT;
  while (!browser && Date.now() < deadline && proc.exitCode === null) {
    try {
      const port = Number(readFileSync(portFile, 'utf8').split('\n')[0]);
      if (port > 0) browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: TIMEOUT });
    } catch {
      // Not written or not listening yet: Chromium takes a moment to open its debugging port.
    }
    if (!browser) await new Promise((r) => setTimeout(r, 100));
  }
  if (!browser) {
    proc.kill('SIGKILL');
    throw new Error(`Chromium did not open a debugging port on profile ${profileDir}`);
  }
  const context = browser.contexts()[0]!;
  context.setDefaultTimeout(TIMEOUT);
  const blocked: string[] = [];
  const errors: string[] = [];
  await blockOutsideLoopback(context, blocked);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width: 1400, height: 900 });
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    page,
    blocked,
    errors,
    kill: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGKILL');
      await exited;
    },
  };
}
