// Loads the units of the provinces around the draft (public/data/provinces, written by
// geodata/prepare-national.mjs) as read-only context for the record and the map. Only the provinces
// whose box meets the draft's are fetched, each checked against the sha256 the index gives; the
// service worker keeps what was fetched for offline use.
import type { Coverage } from '../core/model/types';
import type { ContextUnit, ContextUnits } from '../core/model/context-units';
import { decodeTopologyFile } from '../io/topology-file';
import { contextUnitsFromTopologyFile, type BBox } from '../io/context-units';
import { fetchOk, LoadError } from './load-data';
import { PROVINCES_CACHE } from '../workers/province-cache';

interface IndexEntry {
  readonly code: string;
  readonly name: string;
  readonly bbox: BBox;
  readonly file: string;
  readonly sha256: string;
}

/** Degrees added around the draft's box: a neighbour's unit that only touches its edge is still in. */
const PAD_DEG = 0.01;

function coverageBox(c: Coverage): BBox {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const arc of c.arcs) {
    for (const p of arc) {
      if (p[0] < b[0]) b[0] = p[0];
      if (p[1] < b[1]) b[1] = p[1];
      if (p[0] > b[2]) b[2] = p[0];
      if (p[1] > b[3]) b[3] = p[1];
    }
  }
  return b;
}

function readIndex(url: string, json: unknown): IndexEntry[] {
  const list = (json as { provinces?: unknown } | null)?.provinces;
  if (!Array.isArray(list)) throw new LoadError(url, 'not a province index: no "provinces" list');
  return list.map((p: unknown, i) => {
    const e = p as Partial<IndexEntry> | null;
    const ok =
      typeof e?.code === 'string' && typeof e.name === 'string' && typeof e.file === 'string' && /^[\w.-]+$/.test(e.file) &&
      typeof e.sha256 === 'string' && Array.isArray(e.bbox) && e.bbox.length === 4 && e.bbox.every((x) => Number.isFinite(x));
    if (!ok) throw new LoadError(url, `province ${i + 1}: needs code, name, file, sha256 and a bbox of 4 numbers`);
    return e as IndexEntry;
  });
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * Stores the file where the service worker finds it offline. The first visit fetches the files before
 * the worker controls the page, so the worker alone would never see them.
 */
async function keepOffline(url: string, bytes: Uint8Array): Promise<void> {
  if (typeof caches === 'undefined') return;
  const cache = await caches.open(PROVINCES_CACHE);
  await cache.put(new URL(url, location.href).href, new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'application/octet-stream' } }));
}

export interface NeighbourProvincesLoaded {
  readonly units: ContextUnits;
  readonly provinces: readonly { readonly code: string; readonly name: string }[];
}

/** The units of the other provinces near the coverage of province `provinceCode`. Throws LoadError. */
export async function loadNeighbourProvinces(base: string, provinceCode: string, c: Coverage): Promise<NeighbourProvincesLoaded> {
  const indexUrl = `${base}data/provinces/index.json`;
  const index = readIndex(indexUrl, await (await fetchOk(indexUrl)).json().catch((e: unknown) => {
    throw new LoadError(indexUrl, `not JSON: ${(e as Error).message}`);
  }));
  const b = coverageBox(c);
  const near: BBox = [b[0] - PAD_DEG, b[1] - PAD_DEG, b[2] + PAD_DEG, b[3] + PAD_DEG];
  const chosen = index.filter((p) => p.code !== provinceCode && p.bbox[0] <= near[2] && near[0] <= p.bbox[2] && p.bbox[1] <= near[3] && near[1] <= p.bbox[3]);
  const units: ContextUnit[] = [];
  const provinces: { code: string; name: string }[] = [];
  for (const p of chosen) {
    // The hash in the query names this version of the file: a cached copy of an older one is never used.
    const url = `${base}data/provinces/${p.file}?v=${p.sha256.slice(0, 16)}`;
    const bytes = new Uint8Array(await (await fetchOk(url)).arrayBuffer());
    if ((await sha256Hex(bytes)) !== p.sha256) throw new LoadError(url, `the file is not the one the index lists (sha256 differs)`);
    let got: ContextUnit[];
    try {
      got = contextUnitsFromTopologyFile(decodeTopologyFile(bytes, p.file), near);
    } catch (e) {
      throw new LoadError(url, (e as Error).message);
    }
    await keepOffline(url, bytes);
    if (got.length === 0) continue;
    units.push(...got);
    provinces.push({ code: p.code, name: p.name });
  }
  return { units: new Map(units.map((u) => [u.id, u])), provinces };
}
