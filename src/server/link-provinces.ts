// Which stretches of a province's outer edge face another province: run when a province is loaded
// (against every province already in the hub) and by `npm run hub -- link-provinces` (every pair of
// loaded provinces not linked yet). Idempotent: a pair that has cross borders is left as it is (its
// cross borders then change by agreement only).
import { crossBordersOfPair, edgeMatch, insertCrossBorders, loadedProvinces, type EdgeMatch } from './db/cross-borders';
import { inTransaction, type Db, type Tx } from './db/pool';
import { audit } from './db/audit';

export interface PairLinked {
  provinceA: string;
  provinceB: string;
  /** Cross borders recorded now; 0 when the pair was linked before, or shares no stretch. */
  added: number;
  /** Cross borders the pair has. */
  total: number;
}

/** Links province `code` with every other loaded province, inside the caller's transaction. */
export async function linkProvince(tx: Tx, code: string): Promise<PairLinked[]> {
  // One linker at a time: two loads at once must not both record a pair.
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('cross-borders:link'))");
  const own = await loadedProvinces(tx);
  const self = own.find((p) => p.code === code);
  if (!self) throw new Error(`province ${code} is not loaded in the hub`);
  const out: PairLinked[] = [];
  for (const other of own) {
    if (other.code === code) continue;
    const [a, b] = self.code < other.code ? [self, other] : [other, self];
    const before = await crossBordersOfPair(tx, a.code, b.code);
    const added = before > 0 ? 0 : await insertCrossBorders(tx, a, b);
    if (before + added > 0) out.push({ provinceA: a.code, provinceB: b.code, added, total: before + added });
  }
  if (out.some((p) => p.added > 0)) await audit(tx, { action: 'provinces.link', outcome: 'ok', details: { province: code, pairs: out } });
  return out;
}

/** Links every loaded province with every other (each pair once), and measures how each pair's edges match. */
export async function linkAllProvinces(db: Db, measure: { facingM: number; matchM: number } | null): Promise<(PairLinked & { match: EdgeMatch | null })[]> {
  const codes = (await loadedProvinces(db)).map((p) => p.code);
  const pairs = new Map<string, PairLinked>();
  for (const code of codes) {
    for (const p of await inTransaction(db, (tx) => linkProvince(tx, code))) {
      const key = `${p.provinceA}-${p.provinceB}`;
      const seen = pairs.get(key);
      pairs.set(key, seen ? { ...p, added: seen.added + p.added } : p);
    }
  }
  const out: (PairLinked & { match: EdgeMatch | null })[] = [];
  for (const p of [...pairs.values()].sort((x, y) => `${x.provinceA}${x.provinceB}`.localeCompare(`${y.provinceA}${y.provinceB}`))) {
    out.push({ ...p, match: measure ? await edgeMatch(db, p.provinceA, p.provinceB, measure.facingM, measure.matchM) : null });
  }
  return out;
}
