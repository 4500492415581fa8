// The hub's configuration, from the environment. Every value is checked here, once, with a message
// naming the variable; the rest of the server takes a HubConfig and reads no environment.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** The app's build (`npm run build`), next to package.json: served by default when it exists. */
export const DEFAULT_APP_DIR = join(import.meta.dirname, '..', '..', 'dist');

export interface HubConfig {
  /** PostgreSQL connection string; absent: the hub runs its own cluster in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  /** PEM certificate and key: with both, the hub speaks HTTPS only and its cookies are Secure. */
  tls: { cert: string; key: string } | undefined;
  /** Cookies marked Secure: always with TLS, and with HUB_SECURE_COOKIES=1 behind a TLS-ending proxy. */
  secureCookies: boolean;
  sessionHours: number;
  /** Failed logins allowed per login name, and per client address, in `loginWindowMinutes`. */
  maxFailuresPerLogin: number;
  maxFailuresPerIp: number;
  loginWindowMinutes: number;
  /**
   * The built app's folder, served for every GET outside /api/ (same origin as the API, so the
   * SameSite=Strict session cookie and the CSRF header need no CORS); undefined: no app served.
   */
  appDir: string | undefined;
}

const intFrom = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}, not "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const Env = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  HUB_DATA_DIR: z.string().min(1).default('.hub-data'),
  HUB_HOST: z.string().min(1).default('127.0.0.1'),
  HUB_PORT: intFrom('HUB_PORT', 4380, 0, 65535),
  HUB_TLS_CERT: z.string().min(1).optional(),
  HUB_TLS_KEY: z.string().min(1).optional(),
  HUB_SECURE_COOKIES: z.enum(['0', '1'], { message: 'HUB_SECURE_COOKIES must be 0 or 1' }).optional(),
  HUB_SESSION_HOURS: intFrom('HUB_SESSION_HOURS', 12, 1, 24 * 30),
  HUB_LOGIN_MAX_FAILURES: intFrom('HUB_LOGIN_MAX_FAILURES', 5, 1, 1000),
  HUB_LOGIN_MAX_FAILURES_PER_IP: intFrom('HUB_LOGIN_MAX_FAILURES_PER_IP', 20, 1, 100000),
  HUB_LOGIN_WINDOW_MINUTES: intFrom('HUB_LOGIN_WINDOW_MINUTES', 15, 1, 24 * 60),
  HUB_APP_DIR: z.string().min(1).optional(),
});

const isDirectory = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** Reads the configuration; throws one error listing every bad variable. */
export function readConfig(
  env: NodeJS.ProcessEnv = process.env,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
  isDir: (path: string) => boolean = isDirectory,
): HubConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new Error(`bad hub configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  if (Boolean(e.HUB_TLS_CERT) !== Boolean(e.HUB_TLS_KEY)) {
    throw new Error('bad hub configuration: set both HUB_TLS_CERT and HUB_TLS_KEY (PEM files) for HTTPS, or neither');
  }
  const read = (name: string, path: string) => {
    try {
      return readFile(path);
    } catch (err) {
      throw new Error(`bad hub configuration: ${name}=${path} cannot be read: ${(err as Error).message}`, { cause: err });
    }
  };
  if (e.HUB_APP_DIR !== undefined && !isDir(e.HUB_APP_DIR)) {
    throw new Error(`bad hub configuration: HUB_APP_DIR=${e.HUB_APP_DIR} is not a folder (build the app with npm run build, or unset it)`);
  }
  const appDir = e.HUB_APP_DIR !== undefined ? resolve(e.HUB_APP_DIR) : isDir(DEFAULT_APP_DIR) ? DEFAULT_APP_DIR : undefined;
  const tls = e.HUB_TLS_CERT && e.HUB_TLS_KEY ? { cert: read('HUB_TLS_CERT', e.HUB_TLS_CERT), key: read('HUB_TLS_KEY', e.HUB_TLS_KEY) } : undefined;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.HUB_DATA_DIR,
    host: e.HUB_HOST,
    port: e.HUB_PORT,
    tls,
    secureCookies: tls !== undefined || e.HUB_SECURE_COOKIES === '1',
    sessionHours: e.HUB_SESSION_HOURS,
    maxFailuresPerLogin: e.HUB_LOGIN_MAX_FAILURES,
    maxFailuresPerIp: e.HUB_LOGIN_MAX_FAILURES_PER_IP,
    loginWindowMinutes: e.HUB_LOGIN_WINDOW_MINUTES,
    appDir,
  };
}
