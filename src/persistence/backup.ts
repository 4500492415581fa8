// Workspace backup: one JSON file with a magic header, a format version and every table's rows. Import
// checks the whole file first (backup-check.ts: every draft rebuilt with its history and versions, in a
// worker in the app) and only then writes the drafts that passed and the user chose, in one transaction:
// a refused import changes nothing.
import type { BackupFault, BackupImportResult, ClashChoice, DraftStamp, ImportChoices } from '../editor/draft-store-port';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BackupRefused, type CheckedBackup } from './backup-check';
import type { DraftRows } from './draft-check';
import { DELETED_DRAFT, draftRange, SCHEMA_VERSION, type WorkspaceDb } from './db';
import type { ArcRow, BaseRow, DraftRow, ReviewRow, SettingRow, StepRow, UnitRow, VersionDataRow, VersionRow } from './rows';

export { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BackupRefused } from './backup-check';

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
    // Which drafts this browser deleted says nothing about another's.
    settings: (await db.settings.toArray()).filter((s) => !s.key.startsWith(DELETED_DRAFT)),
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

/** What the drafts screen compares: a stored row read defensively (it may predate these checks). */
export function stampOf(r: Partial<Record<keyof DraftRow, unknown>>): DraftStamp {
  return {
    name: typeof r.name === 'string' ? r.name : '',
    updated: typeof r.updated === 'number' && Number.isFinite(r.updated) ? r.updated : 0,
    steps: typeof r.headSeq === 'number' && Number.isFinite(r.headSeq) ? r.headSeq : 0,
  };
}

/** The faults in one line each, in English, for a refusal's detail and the console. */
export function describeFaults(faults: readonly BackupFault[]): string {
  return faults.map((f) => `${f.draftId === null ? 'backup' : `draft "${f.draftName ?? ''}" (${f.draftId})`}: ${f.code} at ${f.where}: ${f.detail}`).join('; ');
}

function choiceFor(choices: ImportChoices, id: string): ClashChoice | undefined {
  const c = choices.clash;
  return typeof c === 'string' ? c : c && Object.hasOwn(c, id) ? c[id] : undefined;
}

/**
 * Writes the checked drafts, as `choices` say for those whose id is stored, and the settings. One
 * transaction: a clash without a choice, or any failed write, leaves the database as it was.
 */
export async function importChecked(db: WorkspaceDb, checked: CheckedBackup, choices: ImportChoices, newId: () => string): Promise<BackupImportResult> {
  if (checked.faults.length > 0 && !choices.partial) {
    return { ok: false, code: 'corrupt', detail: describeFaults(checked.faults), faults: checked.faults };
  }
  let replaced = 0;
  let copied = 0;
  let skipped = 0;
  try {
    await db.transaction('rw', [...db.draftTables(), db.settings], async () => {
      for (const d of checked.drafts) {
        const stored = await db.drafts.get(d.row.id);
        const choice = stored ? choiceFor(choices, d.row.id) : undefined;
        if (stored && !choice) throw new BackupRefused('clash', `draft "${d.row.name}" (${d.row.id}) is already stored; replace, copy or skip it`);
        if (choice === 'skip') {
          skipped++;
          continue;
        }
        if (choice === 'copy') {
          const id = newId();
          await addDraft(db, retag(d, id, choices.copyName ? choices.copyName(d.row.name) : d.row.name));
          copied++;
          continue;
        }
        if (choice === 'replace') {
          await deleteDraftRows(db, d.row.id);
          replaced++;
        }
        await addDraft(db, d);
      }
      await db.settings.bulkPut([...checked.settings]);
    });
  } catch (e) {
    if (e instanceof BackupRefused) return { ok: false, code: e.code, detail: e.detail };
    throw e;
  }
  return { ok: true, drafts: checked.drafts.length - skipped, replaced, copied, skipped, refused: checked.faults.filter((f) => f.draftId !== null).length };
}

/** A draft's rows under another id (a copy beside the stored draft of the same id). */
function retag(d: DraftRows, draftId: string, name: string): DraftRows {
  const to = <T extends { draftId: string }>(rows: readonly T[]): T[] => rows.map((r) => ({ ...r, draftId }));
  return {
    row: { ...d.row, id: draftId, name },
    base: { ...d.base, draftId },
    arcs: to(d.arcs),
    units: to(d.units),
    steps: to(d.steps),
    reviews: to(d.reviews),
    versions: d.versions.map((v) => ({ row: { ...v.row, draftId }, data: v.data })),
  };
}

/** Adds one draft's rows; versions get fresh ids (the backup's ids may be taken here). */
async function addDraft(db: WorkspaceDb, d: DraftRows): Promise<void> {
  await db.drafts.add(d.row);
  await db.bases.add(d.base);
  await db.arcs.bulkAdd([...d.arcs]);
  await db.units.bulkAdd([...d.units]);
  await db.steps.bulkAdd([...d.steps]);
  await db.reviews.bulkAdd([...d.reviews]);
  for (const v of d.versions) {
    const { id: _old, ...rest } = v.row;
    const id = await db.versions.add(rest);
    await db.versionData.add({ ...v.data, versionId: id });
  }
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

