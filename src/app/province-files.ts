// The national province files (public/data/provinces/, written by geodata/prepare-national.mjs and
// prepare-names.mjs): the index, the names of every unit, and each province's units and old communes.
// Every file is checked against the sha256 the index gives and kept in Cache Storage, where the service
// worker answers from when offline. Only the provinces a user opens (and their neighbours, for the
// borders across the province's edge) are ever downloaded.
import type { FeatureCollection, Geometry } from 'geojson';
import type { Coverage } from '../core/model/types';
import type { UnitNames } from '../core/text/unit-search';
import { ProvinceUnavailableError, type KeptProvince, type ProvinceOffer, type ProvinceSource } from '../editor/province-source';
import { StorageWriteError } from '../editor/save-failure';
import { decodeTopologyFile, topologyFileFeatures, unitsFromTopologyBytes, type DecodedTopologyFile } from '../io/topology-file';
import type { DecodeUnits } from '../workers/province-decode-client';
import type { BBox } from '../io/context-units';
import { readUnitNames } from '../io/unit-names-file';
import { PROVINCES_CACHE } from '../workers/province-cache';
import { fetchOk, LoadError } from './load-data';

interface FileEntry {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly sha256: string;
}

export interface IndexEntry extends FileEntry {
  readonly code: string;
  readonly name: string;
  readonly units: number;
  readonly bbox: BBox;
  readonly old2008: FileEntry | null;
}

function fileEntry<T extends Partial<FileEntry> | null | undefined>(e: T): e is T & FileEntry {
  return (
    typeof e?.file === 'string' && /^[\w.-]+$/.test(e.file) && typeof e.sha256 === 'string' && /^[0-9a-f]{64}$/.test(e.sha256) &&
    Number.isFinite(e.bytes) && Number.isFinite(e.gzipBytes)
  );
}

export function readIndex(url: string, json: unknown): IndexEntry[] {
  const list = (json as { provinces?: unknown } | null)?.provinces;
  if (!Array.isArray(list)) throw new LoadError(url, 'not a province index: no "provinces" list');
  return list.map((p: unknown, i) => {
    const e = p as { code?: unknown; name?: unknown; units?: unknown; bbox?: unknown; old2008?: Partial<FileEntry> | null } & Partial<FileEntry>;
    const ok =
      fileEntry(e) && typeof e.code === 'string' && typeof e.name === 'string' && Number.isFinite(e.units) &&
      Array.isArray(e.bbox) && e.bbox.length === 4 && e.bbox.every((x: unknown) => Number.isFinite(x)) && (e.old2008 == null || fileEntry(e.old2008));
    if (!ok) throw new LoadError(url, `province ${i + 1}: needs code, name, units, file, bytes, gzipBytes, sha256 and a bbox of 4 numbers`);
    return { ...(e as unknown as IndexEntry), old2008: (e.old2008 as FileEntry | null | undefined) ?? null };
  });
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** "68.bin" → "68", "68.old-2008.bin" → "68"; null for any other name. */
function provinceOfFile(pathname: string): string | null {
  return /\/data\/provinces\/(\d{2})(?:\.old-2008)?\.bin$/.exec(pathname)?.[1] ?? null;
}

export class ProvinceFiles implements ProvinceSource {
  // The national files come from the same snapshot as the bundled Hải Phòng (see geodata/README.md).
  readonly dataVersion = '2025-07-01+tq-cd58063';
  private index: Promise<IndexEntry[]> | null = null;

  /**
   * `decodeUnits` turns a province file into the draft's coverage: in the app a worker (the largest
   * province took 1–1.5 s of the main thread), in Node and the tests this thread.
   */
  constructor(
    private readonly base: string,
    private readonly decodeUnits: DecodeUnits = (bytes, file) => Promise.resolve().then(() => unitsFromTopologyBytes(bytes, file)),
  ) {}

  private url(file: string): string {
    return `${this.base}data/provinces/${file}`;
  }

  /** The index (fetched once; a failure is retried on the next call). */
  entries(): Promise<IndexEntry[]> {
    if (!this.index) {
      const url = this.url('index.json');
      this.index = fetchOk(url)
        .then((res) => res.json().catch((e: unknown) => {
          throw new LoadError(url, `not JSON: ${(e as Error).message}`);
        }))
        .then((json: unknown) => readIndex(url, json));
      this.index.catch(() => (this.index = null));
    }
    return this.index;
  }

  private async entry(code: string): Promise<IndexEntry> {
    const e = (await this.entries()).find((p) => p.code === code);
    if (!e) throw new LoadError(this.url('index.json'), `no province with code ${JSON.stringify(code)}`);
    return e;
  }

  /**
   * A province file's bytes, checked against the index's sha256, and kept where the service worker finds
   * it offline (the first visit fetches before the worker controls the page, so it alone would not see it).
   */
  async fetchChecked(e: FileEntry): Promise<Uint8Array<ArrayBuffer>> {
    // The hash in the query names this version of the file: a cached copy of an older one is never used.
    const url = `${this.url(e.file)}?v=${e.sha256.slice(0, 16)}`;
    const bytes = new Uint8Array(await (await fetchOk(url)).arrayBuffer());
    if ((await sha256Hex(bytes)) !== e.sha256) throw new LoadError(url, 'the file is not the one the index lists (sha256 differs)');
    if (typeof caches !== 'undefined') {
      try {
        const cache = await caches.open(PROVINCES_CACHE);
        await cache.put(new URL(url, location.href).href, new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'application/octet-stream' } }));
      } catch (err) {
        throw new StorageWriteError(`keeping ${e.file} on this device for offline use`, err);
      }
    }
    return bytes;
  }

  async decoded(e: FileEntry): Promise<DecodedTopologyFile> {
    const bytes = await this.fetchChecked(e);
    try {
      return decodeTopologyFile(bytes, e.file);
    } catch (err) {
      throw new LoadError(this.url(e.file), (err as Error).message);
    }
  }

  async unitNames(): Promise<UnitNames> {
    const url = this.url('names.json');
    const json: unknown = await (await fetchOk(url)).json().catch((e: unknown) => {
      throw new LoadError(url, `not JSON: ${(e as Error).message}`);
    });
    try {
      return readUnitNames(json, url);
    } catch (e) {
      throw new LoadError(url, (e as Error).message);
    }
  }

  async offers(): Promise<readonly ProvinceOffer[]> {
    return (await this.entries()).map((e) => ({
      code: e.code,
      name: e.name,
      units: e.units,
      downloadBytes: e.gzipBytes + (e.old2008?.gzipBytes ?? 0),
    }));
  }

  /**
   * Throws ProvinceUnavailableError when the file is not kept and the network cannot be reached (the
   * service worker answers kept files itself, so a network failure means it had none), else LoadError.
   */
  async loadUnits(code: string): Promise<Coverage> {
    let e: IndexEntry;
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      e = await this.entry(code);
      bytes = await this.fetchChecked(e);
    } catch (err) {
      if (err instanceof LoadError && err.network) throw new ProvinceUnavailableError(code, err.file, err.message);
      throw err;
    }
    try {
      return await this.decodeUnits(bytes, e.file);
    } catch (err) {
      throw new LoadError(this.url(e.file), (err as Error).message);
    }
  }

  /** The province's old communes (about 2008), the context layer and the merger check's reference. */
  async loadOldUnits(code: string): Promise<FeatureCollection<Geometry, Record<string, unknown>>> {
    const e = await this.entry(code);
    if (!e.old2008) return { type: 'FeatureCollection', features: [] };
    return { type: 'FeatureCollection', features: topologyFileFeatures(await this.decoded(e.old2008)) };
  }

  async kept(): Promise<readonly KeptProvince[]> {
    if (typeof caches === 'undefined') return [];
    const cache = await caches.open(PROVINCES_CACHE);
    const codes = new Set<string>();
    for (const req of await cache.keys()) {
      const code = provinceOfFile(new URL(req.url).pathname);
      if (code) codes.add(code);
    }
    const index = await this.entries();
    const out: KeptProvince[] = [];
    for (const e of index) {
      if (!codes.has(e.code)) continue;
      let bytes = 0;
      for (const f of [e, e.old2008]) {
        if (f && (await cache.match(new URL(`${this.url(f.file)}?v=${f.sha256.slice(0, 16)}`, location.href).href))) bytes += f.bytes;
      }
      out.push({ code: e.code, name: e.name, bytes });
    }
    return out;
  }

  async removeKept(code: string): Promise<void> {
    if (typeof caches === 'undefined') return;
    const cache = await caches.open(PROVINCES_CACHE);
    for (const req of await cache.keys()) {
      if (provinceOfFile(new URL(req.url).pathname) === code) await cache.delete(req);
    }
  }
}
