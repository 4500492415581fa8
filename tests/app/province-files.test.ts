// ProvinceFiles over a stubbed network: a province whose file cannot be fetched because the network is
// unreachable (offline, not kept) is a ProvinceUnavailableError naming it; a server's refusal stays a
// LoadError naming the file.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProvinceFiles } from '../../src/app/province-files';
import { LoadError } from '../../src/app/load-data';
import { ProvinceUnavailableError } from '../../src/editor/province-source';

const entry = { code: '96', name: 'Tỉnh Cà Mau', units: 64, file: '96.bin', bytes: 10, gzipBytes: 5, sha256: 'a'.repeat(64), bbox: [104, 8, 106, 10], old2008: null };

/** fetch answering the index, and the province file as `file` says. */
function network(file: 'offline' | 404): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = String(input);
    if (url.endsWith('index.json')) return new Response(JSON.stringify({ provinces: [entry] }), { status: 200 });
    if (file === 'offline') throw new TypeError('Failed to fetch');
    return new Response('', { status: 404, statusText: 'Not Found' });
  }) as typeof fetch;
}

afterEach(() => vi.unstubAllGlobals());

describe('ProvinceFiles.loadUnits', () => {
  it('offline, a province not kept: ProvinceUnavailableError with its code and file', async () => {
    vi.stubGlobal('fetch', network('offline'));
    const e: unknown = await new ProvinceFiles('/').loadUnits('96').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProvinceUnavailableError);
    expect((e as ProvinceUnavailableError).code).toBe('96');
    expect((e as ProvinceUnavailableError).file).toMatch(/^\/data\/provinces\/96\.bin\?v=a{16}$/);
  });

  it('offline before the index was ever fetched: the same, for the province asked for', async () => {
    vi.stubGlobal('fetch', (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch);
    const e: unknown = await new ProvinceFiles('/').loadUnits('96').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProvinceUnavailableError);
    expect((e as ProvinceUnavailableError).code).toBe('96');
  });

  it('a server that refuses the file: a LoadError naming it, not "offline"', async () => {
    vi.stubGlobal('fetch', network(404));
    const e: unknown = await new ProvinceFiles('/').loadUnits('96').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LoadError);
    expect(e).not.toBeInstanceOf(ProvinceUnavailableError);
    expect((e as LoadError).message).toBe('HTTP 404 Not Found');
  });

  it('hands the checked bytes to the decoder it was given; a decoder failure is a LoadError naming the file', async () => {
    const bytes = new TextEncoder().encode('not a province');
    const sha = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((x) => x.toString(16).padStart(2, '0')).join('');
    const e = { ...entry, sha256: sha };
    vi.stubGlobal('fetch', (async (input: RequestInfo | URL) =>
      String(input).endsWith('index.json') ? new Response(JSON.stringify({ provinces: [e] })) : new Response(bytes)) as typeof fetch);
    const seen: string[] = [];
    const c = { arcs: [], units: new Map() };
    const ok = await new ProvinceFiles('/', (b, file) => {
      seen.push(`${file}:${new TextDecoder().decode(b)}`);
      return Promise.resolve(c);
    }).loadUnits('96');
    expect(ok).toBe(c);
    expect(seen).toEqual(['96.bin:not a province']);
    // The default decoder (this thread) reads the same bytes and refuses them.
    const err: unknown = await new ProvinceFiles('/').loadUnits('96').catch((x: unknown) => x);
    expect(err).toBeInstanceOf(LoadError);
    expect(err).not.toBeInstanceOf(ProvinceUnavailableError);
    expect((err as LoadError).file).toBe('/data/provinces/96.bin');
  });
});
