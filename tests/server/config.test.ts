// The hub's configuration from the environment: TLS, and a clear message for each bad variable.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/server/config';

const files: Record<string, string> = { '/certs/hub.pem': 'CERT', '/certs/hub.key': 'KEY' };
const readFile = (p: string) => {
  const text = files[p];
  if (text === undefined) throw new Error(`ENOENT: no such file, open '${p}'`);
  return text;
};

describe('hub configuration', () => {
  it('defaults to plain HTTP on loopback, its own cluster, and cookies without Secure', () => {
    const c = readConfig({}, readFile);
    expect(c).toMatchObject({ databaseUrl: undefined, dataDir: '.hub-data', host: '127.0.0.1', port: 4380, tls: undefined, secureCookies: false, maxFailuresPerLogin: 5, loginWindowMinutes: 15 });
  });

  it('serves TLS with HUB_TLS_CERT and HUB_TLS_KEY, and then marks cookies Secure', () => {
    const c = readConfig({ HUB_TLS_CERT: '/certs/hub.pem', HUB_TLS_KEY: '/certs/hub.key' }, readFile);
    expect(c.tls).toEqual({ cert: 'CERT', key: 'KEY' });
    expect(c.secureCookies).toBe(true);
  });

  it('refuses half a TLS setting, an unreadable file, and a bad number, naming the variable', () => {
    expect(() => readConfig({ HUB_TLS_CERT: '/certs/hub.pem' }, readFile)).toThrow(/set both HUB_TLS_CERT and HUB_TLS_KEY/);
    expect(() => readConfig({ HUB_TLS_CERT: '/certs/hub.pem', HUB_TLS_KEY: '/nope.key' }, readFile)).toThrow(/HUB_TLS_KEY=\/nope\.key cannot be read: ENOENT/);
    expect(() => readConfig({ HUB_PORT: 'eighty' }, readFile)).toThrow(/HUB_PORT must be a whole number from 0 to 65535, not "eighty"/);
    expect(() => readConfig({ HUB_SECURE_COOKIES: 'yes' }, readFile)).toThrow(/HUB_SECURE_COOKIES must be 0 or 1/);
  });
});
