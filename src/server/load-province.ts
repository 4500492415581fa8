// `npm run hub -- load-province CODE`: the province's bundled data (public/data/provinces, the file the
// app opens) as the hub's revision 1, its borders from the core's topology.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unitsFromTopologyBytes } from '../io/topology-file';
import { joinBorderRuns } from '../core/topology/join-arcs';
import { audit } from './db/audit';
import { inTransaction, type Db } from './db/pool';
import { insertFirstRevision, type LoadedProvince } from './db/province';
import { hubBorders, hubUnits } from './province-borders';
import { linkProvince, type PairLinked } from './link-provinces';

export const PROVINCES_DIR = join(import.meta.dirname, '..', '..', 'public', 'data', 'provinces');

interface IndexEntry {
  code: string;
  name: string;
  file: string;
}

/**
 * Loads province `code` as revision 1 and finds its cross borders with the provinces already loaded
 * (link-provinces.ts), in one transaction.
 */
export async function loadProvince(db: Db, code: string, dir: string = PROVINCES_DIR): Promise<LoadedProvince & { name: string; linked: PairLinked[] }> {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { provinces: IndexEntry[] };
  const entry = index.provinces.find((p) => p.code === code);
  if (!entry) throw new Error(`no province ${code} in ${join(dir, 'index.json')}; the codes are ${index.provinces.map((p) => p.code).join(', ')}`);
  const coverage = joinBorderRuns(unitsFromTopologyBytes(readFileSync(join(dir, entry.file)), entry.file));
  const units = hubUnits(coverage);
  const borders = hubBorders(coverage);
  const loaded = await inTransaction(db, async (tx) => {
    const result = await insertFirstRevision(tx, code, entry.name, units, borders, null);
    await audit(tx, { action: 'province.load', outcome: 'ok', details: { province: code, file: entry.file, ...result } });
    return { ...result, linked: await linkProvince(tx, code) };
  });
  return { ...loaded, name: entry.name };
}
