// Reading a backup file: the header decides whether it is ours at all (else the whole file is refused);
// then each draft is checked on its own (draft-check.ts), so one damaged draft is listed with its fault
// and the sound ones can still be imported. Pure and synchronous: it runs in a worker in the app (see
// backup-check.worker.ts) and directly in Node.
import type { BackupErrorCode, BackupFault } from '../editor/draft-store-port';
import { checkDraft, type DraftRows } from './draft-check';
import { key, LIMITS, plainData, RowFault, type Obj } from './row-fields';
import type { SettingRow } from './rows';

export const BACKUP_FORMAT = 'dia-gioi-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** The row shapes of rows.ts a backup holds; equals db.ts's SCHEMA_VERSION (tested; db.ts imports Dexie). */
export const BACKUP_SCHEMA_VERSION = 2;
const MAGIC = `{"format":"${BACKUP_FORMAT}"`;
const TABLES = ['drafts', 'bases', 'arcs', 'units', 'steps', 'reviews', 'versions', 'versionData', 'settings'] as const;

export class BackupRefused extends Error {
  override readonly name = 'BackupRefused';
  constructor(readonly code: BackupErrorCode, readonly detail: string) {
    super(`backup refused (${code}): ${detail}`);
  }
}

export interface CheckedBackup {
  /** The drafts that passed every check, rows rebuilt from checked fields only. */
  readonly drafts: readonly DraftRows[];
  /** What failed, one entry per refused draft or setting. */
  readonly faults: readonly BackupFault[];
  readonly settings: readonly SettingRow[];
}

const ownDraftId = (o: Obj): unknown => (Object.hasOwn(o, 'draftId') ? o.draftId : undefined);

function group(rows: readonly Obj[], keyOf: (o: Obj) => unknown): Map<unknown, Obj[]> {
  const out = new Map<unknown, Obj[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const g = out.get(k);
    if (g) g.push(r);
    else out.set(k, [r]);
  }
  return out;
}

function nameOf(row: Obj): string | null {
  const n = Object.hasOwn(row, 'name') ? row.name : undefined;
  return typeof n === 'string' ? (n.length > 80 ? `${n.slice(0, 80)}…` : n) : null;
}

/** Parses and checks a backup. Throws BackupRefused when the file as a whole is not a usable backup. */
export function checkBackupText(text: string, onProgress?: (done: number, total: number) => void): CheckedBackup {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const ours = text.startsWith(MAGIC);
    throw new BackupRefused(ours ? 'truncated' : 'not-a-backup', `${ours ? 'the backup ends early or is damaged' : 'not a JSON file'}: ${(e as Error).message}`);
  }
  const file = json as Obj | null;
  if (!file || typeof file !== 'object' || file.format !== BACKUP_FORMAT) throw new BackupRefused('not-a-backup', 'the file is JSON but not a Địa giới backup');
  if (file.formatVersion !== BACKUP_FORMAT_VERSION || file.schemaVersion !== BACKUP_SCHEMA_VERSION) {
    throw new BackupRefused(
      'unsupported-version',
      `format ${String(file.formatVersion)}, schema ${String(file.schemaVersion)}; this app reads format ${BACKUP_FORMAT_VERSION}, schema ${BACKUP_SCHEMA_VERSION}`,
    );
  }
  const t = Object.hasOwn(file, 'tables') ? (file.tables as Obj | null) : null;
  if (!t || typeof t !== 'object' || Array.isArray(t)) throw new BackupRefused('corrupt', 'no tables');
  const tables = {} as Record<(typeof TABLES)[number], Obj[]>;
  for (const name of TABLES) {
    const rows = Object.hasOwn(t, name) ? t[name] : undefined;
    if (!Array.isArray(rows) || !rows.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
      throw new BackupRefused('corrupt', `table ${name} is missing or not a list of rows`);
    }
    tables[name] = rows as Obj[];
  }

  const faults: BackupFault[] = [];
  const fault = (draftId: string | null, draftName: string | null, e: unknown, where = 'draft') => {
    if (e instanceof RowFault) faults.push({ draftId, draftName, code: e.code, where: e.where, detail: e.detail });
    else faults.push({ draftId, draftName, code: 'base', where, detail: e instanceof Error ? e.message : String(e) });
  };

  // Drafts by id; a row without a usable id, or an id used twice, cannot be told apart from the others.
  const byId = group(tables.drafts, (d) => (Object.hasOwn(d, 'id') ? d.id : undefined));
  const drafts: Obj[] = [];
  for (const [id, rows] of byId) {
    try {
      key(id, 'draft.id', 'draft-field');
    } catch (e) {
      for (const r of rows) fault(null, nameOf(r), e);
      continue;
    }
    if (rows.length > 1) faults.push({ draftId: id as string, draftName: nameOf(rows[0]!), code: 'duplicate-row', where: 'drafts', detail: `${rows.length} drafts have this id` });
    else drafts.push(rows[0]!);
  }
  const known = new Set(byId.keys());
  const perDraft = {
    bases: group(tables.bases, ownDraftId),
    arcs: group(tables.arcs, ownDraftId),
    units: group(tables.units, ownDraftId),
    steps: group(tables.steps, ownDraftId),
    reviews: group(tables.reviews, ownDraftId),
    versions: group(tables.versions, ownDraftId),
  };
  // Rows that belong to no draft of the file are never imported; say so rather than drop them silently.
  const orphans = new Map<unknown, number>();
  for (const g of Object.values(perDraft)) for (const [id, rows] of g) if (!known.has(id)) orphans.set(id, (orphans.get(id) ?? 0) + rows.length);
  for (const [id, n] of orphans) {
    const named = typeof id === 'string' && id.length <= LIMITS.id ? id : null;
    faults.push({ draftId: named, draftName: null, code: 'orphan-rows', where: 'draftId', detail: `${n} rows belong to no draft in the backup` });
  }
  const versionOwner = new Map(tables.versions.map((v) => [Object.hasOwn(v, 'id') ? v.id : undefined, ownDraftId(v)]));
  const dataByDraft = group(tables.versionData, (d) => versionOwner.get(Object.hasOwn(d, 'versionId') ? d.versionId : undefined));
  const strayData = tables.versionData.filter((d) => !versionOwner.has(Object.hasOwn(d, 'versionId') ? d.versionId : undefined)).length;
  if (strayData) faults.push({ draftId: null, draftName: null, code: 'orphan-rows', where: 'versionData', detail: `${strayData} version data rows belong to no version` });

  const checked: DraftRows[] = [];
  onProgress?.(0, drafts.length);
  drafts.forEach((d, i) => {
    const id = d.id as string;
    const bases = perDraft.bases.get(id) ?? [];
    try {
      if (bases.length !== 1) throw new RowFault(bases.length ? 'duplicate-row' : 'base', 'base', `the draft has ${bases.length} base rows, not 1`);
      const { row, base, arcs, units, steps, reviews, versions } = checkDraft({
        row: d,
        base: bases[0],
        arcs: perDraft.arcs.get(id) ?? [],
        units: perDraft.units.get(id) ?? [],
        steps: perDraft.steps.get(id) ?? [],
        reviews: perDraft.reviews.get(id) ?? [],
        versions: perDraft.versions.get(id) ?? [],
        versionData: dataByDraft.get(id) ?? [],
      });
      checked.push({ row, base, arcs, units, steps, reviews, versions });
    } catch (e) {
      fault(id, nameOf(d), e);
    }
    onProgress?.(i + 1, drafts.length);
  });

  const settings: SettingRow[] = [];
  const settingKeys = new Set<string>();
  tables.settings.forEach((s, i) => {
    try {
      const k = key(Object.hasOwn(s, 'key') ? s.key : undefined, `settings[${i}].key`, 'setting');
      if (settingKeys.has(k)) throw new RowFault('duplicate-row', `settings[${i}].key`, `${JSON.stringify(k)} appears twice`);
      settingKeys.add(k);
      settings.push({ key: k, value: plainData(Object.hasOwn(s, 'value') ? s.value : null, `settings[${i}].value`, 'setting') });
    } catch (e) {
      fault(null, null, e, `settings[${i}]`);
    }
  });
  return { drafts: checked, faults, settings };
}
