// Workspace backup: one JSON file with a magic header, a format version and every table's rows. Import
// checks the whole file first (it must parse, and every draft must rebuild into a coverage with its
// history) and only then writes, in one transaction: a refused file changes nothing.
import { HISTORY_FORMAT_VERSION, historyFromJSON } from '../core/history/history';
import type { BackupErrorCode, BackupImportResult } from '../editor/draft-store-port';
import { coverageFromRows, decodeDiff } from './codec';
import { draftRange, SCHEMA_VERSION, type WorkspaceDb } from './db';
import type { ArcRow, BaseRow, DraftRow, ReviewRow, SettingRow, StepRow, StoredDiff, UnitRow, VersionDataRow, VersionRow } from './rows';

export const BACKUP_FORMAT = 'dia-gioi-backup';
export const BACKUP_FORMAT_VERSION = 1;
const MAGIC = `{"format":"${BACKUP_FORMAT}"`;

export interface WorkspaceRows {
  readonly drafts: DraftRow[];
  readonly bases: BaseRow[];
  readonly arcs: ArcRow[];
  readonly units: UnitRow[];
  readonly steps: StepRow[];
  readonly reviews: ReviewRow[];
  readonly versions: VersionRow[];
  readonly versionData: VersionDataRow[];
  readonly settings: SettingRow[];
}

export async function exportWorkspace(db: WorkspaceDb, now: number): Promise<Blob> {
  const rows = await db.transaction('r', [...db.draftTables(), db.settings], async () => ({
    drafts: await db.drafts.toArray(),
    bases: await db.bases.toArray(),
    arcs: await db.arcs.toArray(),
    units: await db.units.toArray(),
    steps: await db.steps.toArray(),
    reviews: await db.reviews.toArray(),
    versions: await db.versions.toArray(),
    versionData: await db.versionData.toArray(),
    settings: await db.settings.toArray(),
  }));
  // Key order matters: the file starts with MAGIC, which tells a truncated backup from a foreign file.
  const file = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    schemaVersion: SCHEMA_VERSION,
    exportedAt: now,
    tables: {
      ...rows,
      arcs: rows.arcs.map((a) => ({ ...a, coords: Array.from(a.coords) })),
      steps: rows.steps.map((s) => ({ ...s, diff: { ...s.diff, arcs: s.diff.arcs.map((a) => ({ id: a.id, coords: Array.from(a.coords) })) } })),
      versionData: rows.versionData.map((v) => ({ ...v, coords: Array.from(v.coords), offsets: Array.from(v.offsets) })),
    },
  };
  return new Blob([JSON.stringify(file)], { type: 'application/json' });
}

export class BackupRefused extends Error {
  override readonly name = 'BackupRefused';
  constructor(readonly code: BackupErrorCode, readonly detail: string) {
    super(`backup refused (${code}): ${detail}`);
  }
}

/** Parses and checks a backup file's text; throws BackupRefused. */
export function parseBackup(text: string): WorkspaceRows {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const ours = text.startsWith(MAGIC);
    throw new BackupRefused(ours ? 'truncated' : 'not-a-backup', `${ours ? 'the backup ends early or is damaged' : 'not a JSON file'}: ${(e as Error).message}`);
  }
  const file = json as Record<string, unknown> | null;
  if (!file || typeof file !== 'object' || file.format !== BACKUP_FORMAT) throw new BackupRefused('not-a-backup', 'the file is JSON but not a Địa giới backup');
  if (file.formatVersion !== BACKUP_FORMAT_VERSION || file.schemaVersion !== SCHEMA_VERSION) {
    throw new BackupRefused('unsupported-version', `format ${String(file.formatVersion)}, schema ${String(file.schemaVersion)}; this app reads format ${BACKUP_FORMAT_VERSION}, schema ${SCHEMA_VERSION}`);
  }
  const t = file.tables as Record<string, unknown> | undefined;
  need(!!t && typeof t === 'object', 'no tables');
  const table = (name: string): Record<string, unknown>[] => {
    const rows = t![name];
    need(Array.isArray(rows) && rows.every((r) => r && typeof r === 'object'), `table ${name} is missing or not a list of rows`);
    return rows as Record<string, unknown>[];
  };
  const rows: WorkspaceRows = {
    drafts: table('drafts') as unknown as DraftRow[],
    bases: table('bases') as unknown as BaseRow[],
    arcs: table('arcs').map((a) => ({ ...(a as unknown as ArcRow), coords: floats(a.coords, 'arc') })),
    units: table('units') as unknown as UnitRow[],
    steps: table('steps').map((s) => ({ ...(s as unknown as StepRow), diff: decodeStoredDiff(s.diff) })),
    reviews: table('reviews') as unknown as ReviewRow[],
    versions: table('versions') as unknown as VersionRow[],
    versionData: table('versionData').map((v) => ({
      ...(v as unknown as VersionDataRow), coords: floats(v.coords, 'version'), offsets: Uint32Array.from(numbers(v.offsets, 'version offsets')),
    })),
    settings: table('settings') as unknown as SettingRow[],
  };
  checkRows(rows);
  return rows;
}

function need(cond: boolean, detail: string): asserts cond {
  if (!cond) throw new BackupRefused('corrupt', detail);
}

function numbers(x: unknown, what: string): number[] {
  need(Array.isArray(x) && x.every((n) => typeof n === 'number' && Number.isFinite(n)), `${what}: coordinates are not a list of numbers`);
  return x as number[];
}

function floats(x: unknown, what: string): Float64Array {
  return Float64Array.from(numbers(x, what));
}

function decodeStoredDiff(x: unknown): StoredDiff {
  const d = x as Record<string, unknown> | null;
  need(!!d && typeof d === 'object' && Array.isArray(d.arcs) && Array.isArray(d.units) && typeof d.arcCount === 'number', 'a history step has no diff');
  return { ...(d as unknown as StoredDiff), arcs: (d.arcs as Record<string, unknown>[]).map((a) => ({ id: a.id as number, coords: floats(a.coords, 'step arc') })) };
}

/** Every draft must rebuild: base rows complete, steps contiguous, head inside them; rows belong to drafts. */
function checkRows(r: WorkspaceRows): void {
  const ids = new Set<string>();
  for (const d of r.drafts) {
    need(typeof d.id === 'string' && typeof d.name === 'string' && !ids.has(d.id), 'a draft has no id or name, or a duplicate id');
    need([d.baseSeq, d.headSeq, d.lastSeq, d.created, d.updated].every(Number.isInteger) && d.baseSeq <= d.headSeq && d.headSeq <= d.lastSeq, `draft ${d.id}: bad history pointers`);
    ids.add(d.id);
  }
  const owned = (name: string, rows: readonly { draftId: string }[]) => {
    for (const row of rows) need(ids.has(row.draftId), `${name} row belongs to no draft in the backup (${String(row.draftId)})`);
  };
  owned('base', r.bases);
  owned('arc', r.arcs);
  owned('unit', r.units);
  owned('step', r.steps);
  owned('review', r.reviews);
  owned('version', r.versions);
  const versionIds = new Set(r.versions.map((v) => v.id));
  for (const v of r.versionData) need(versionIds.has(v.versionId), `version data ${v.versionId} has no version`);
  for (const v of r.versions) need(r.versionData.some((x) => x.versionId === v.id), `version ${String(v.id)} has no data`);
  for (const d of r.drafts) {
    const base = r.bases.find((b) => b.draftId === d.id);
    need(!!base && Array.isArray(base.order), `draft ${d.id} has no base`);
    const steps = r.steps.filter((s) => s.draftId === d.id).sort((a, b) => a.seq - b.seq);
    try {
      const coverage = coverageFromRows(base.arcCount, r.arcs.filter((a) => a.draftId === d.id), base.order, r.units.filter((u) => u.draftId === d.id));
      need(steps.length === d.lastSeq - d.baseSeq && steps.every((s, i) => s.seq === d.baseSeq + 1 + i), `draft ${d.id}: history steps are missing`);
      historyFromJSON(coverage, { version: HISTORY_FORMAT_VERSION, steps: steps.map((s) => ({ annotation: s.annotation, diff: decodeDiff(s.diff) })), index: d.headSeq - d.baseSeq });
    } catch (e) {
      if (e instanceof BackupRefused) throw e;
      throw new BackupRefused('corrupt', `draft ${d.id} does not rebuild: ${(e as Error).message}`);
    }
  }
}

/** Writes checked rows: drafts with the same id are replaced, versions get fresh ids. One transaction. */
export async function importWorkspace(db: WorkspaceDb, rows: WorkspaceRows): Promise<void> {
  await db.transaction('rw', [...db.draftTables(), db.settings], async () => {
    for (const d of rows.drafts) await deleteDraftRows(db, d.id);
    await db.drafts.bulkAdd(rows.drafts);
    await db.bases.bulkAdd(rows.bases);
    await db.arcs.bulkAdd(rows.arcs);
    await db.units.bulkAdd(rows.units);
    await db.steps.bulkAdd(rows.steps);
    await db.reviews.bulkAdd(rows.reviews);
    for (const v of rows.versions) {
      const { id: oldId, ...rest } = v;
      const id = await db.versions.add(rest);
      const data = rows.versionData.find((x) => x.versionId === oldId)!;
      await db.versionData.add({ ...data, versionId: id });
    }
    await db.settings.bulkPut(rows.settings);
  });
}

/** Deletes one draft's rows in every table; call inside a transaction over db.draftTables(). */
export async function deleteDraftRows(db: WorkspaceDb, draftId: string): Promise<void> {
  const versionIds = (await db.versions.where('draftId').equals(draftId).primaryKeys()) as number[];
  await Promise.all([
    db.drafts.delete(draftId),
    db.bases.delete(draftId),
    draftRange(db.arcs, draftId).delete(),
    draftRange(db.units, draftId).delete(),
    draftRange(db.steps, draftId).delete(),
    draftRange(db.reviews, draftId).delete(),
    db.versions.bulkDelete(versionIds),
    db.versionData.bulkDelete(versionIds),
  ]);
}

export function refusal(e: unknown): BackupImportResult | null {
  return e instanceof BackupRefused ? { ok: false, code: e.code, detail: e.detail } : null;
}
