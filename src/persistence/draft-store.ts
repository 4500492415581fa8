// The DraftStore port implemented over Dexie: drafts screen operations, opening sessions (with the tab
// lock), versions, settings, storage and backup.
import type { Coverage } from '../core/model/types';
import { current } from '../core/history/history';
import type {
  BackupCheck, BackupImportResult, DraftId, DraftStore, DraftSummary, ImportChoices, NewDraft, OpenOptions, OpenedDraft, RecoveryReport, SettingValue,
  StorageInfo, VersionSummary,
} from '../editor/draft-store-port';
import type { DraftMarker } from './marker';
import type { DraftMirror, MirrorSnapshot } from './mirror';
import { realTimers, type Timers } from './autosave';
import { deleteDraftRows, exportWorkspace, importChecked, stampOf } from './backup';
import { BackupRefused, type CheckedBackup } from './backup-check';
import { checkInThread, type BackupChecker } from './backup-check-client';
import { packCoverage, unpackCoverage } from './codec';
import { DELETED_DRAFT, draftRange, WorkspaceDb, type DbDeps } from './db';
import { baseRows, DraftNotFoundError, readDraft, type WriteStats } from './draft-io';
import type { DraftRow, VersionRow } from './rows';
import { DexieDraftSession } from './session';
import { ConnectionWriter, type DraftWriter } from './draft-writer';
import { requestPersistence, storageInfo, type StorageManagerLike } from './storage';
import { TabLock, type ChannelLike, type LockManagerLike } from './tab-lock';

export const DEFAULT_DB_NAME = 'dia-gioi';
/** Undo steps kept per draft; older steps are folded into the base. */
export const DEFAULT_MAX_STEPS = 1000;

export interface DraftStoreOptions extends DbDeps {
  readonly dbName?: string;
  readonly maxSteps?: number;
  readonly throttleMs?: number;
  readonly retryDelayMs?: (attempt: number) => number;
  /** How long a save may go unanswered before it is shown as stalled (tests shorten it). */
  readonly stallMs?: number;
  /** How long saves must pause before the draft's second copy is written (see SessionOptions). */
  readonly copyQuietMs?: number;
  readonly timers?: Timers;
  readonly newId?: () => string;
  readonly locks?: LockManagerLike | null;
  readonly channel?: ((name: string) => ChannelLike) | null;
  readonly tabId?: string;
  readonly releaseTimeoutMs?: number;
  readonly probeMs?: number;
  readonly storage?: StorageManagerLike | null;
  /** Runs each save's transaction; default: on this store's own connection, in the calling thread. */
  readonly writer?: DraftWriter;
  /** Second copies of each draft's last saved state, outside IndexedDB (null: none). */
  readonly mirror?: DraftMirror | null;
  /** The ids of the drafts that should exist, kept outside IndexedDB (null: none). */
  readonly marker?: DraftMarker | null;
  /** Called after each autosave write with the number of rows written (tests, benchmark). */
  readonly onWrite?: (draftId: string, stats: WriteStats) => void;
  /** Where backups are checked (the browser store uses a worker); default: in this thread. */
  readonly checkBackup?: BackupChecker;
}

export class DexieDraftStore implements DraftStore {
  readonly db: WorkspaceDb;
  private readonly timers: Timers;
  private readonly newId: () => string;
  private readonly tabId: string;
  private readonly copyListeners = new Set<(error: unknown) => void>();
  private storageLow = false;
  private readonly writer: DraftWriter;
  /** The last checked backup, held until it is imported or another is checked. */
  private checked: { ref: number; backup: CheckedBackup } | null = null;
  private nextRef = 1;

  constructor(private readonly options: DraftStoreOptions = {}) {
    this.db = new WorkspaceDb(options.dbName ?? DEFAULT_DB_NAME, options);
    this.timers = options.timers ?? realTimers;
    this.newId = options.newId ?? (() => crypto.randomUUID());
    this.tabId = options.tabId ?? this.newId();
    this.writer = options.writer ?? new ConnectionWriter(this.db);
  }

  async list(): Promise<DraftSummary[]> {
    // Sorted here, not by the 'updated' index: a row whose 'updated' is not a valid key (damaged, or from
    // an old import) is missing from that index and would vanish from the drafts screen.
    const rows = await this.db.drafts.toArray();
    return rows.map(summary).sort((a, b) => b.updated - a.updated);
  }

  async create(input: NewDraft): Promise<DraftSummary> {
    const now = this.timers.now();
    const row: DraftRow = {
      id: this.newId(), name: input.name, province: input.province, created: now, updated: now, dataVersion: input.dataVersion,
      errorCount: null, baseSeq: 0, headSeq: 0, lastSeq: 0,
    };
    // Through the writer (the save worker in the browser): the adds and their transaction run there. The
    // rows are still serialised on this thread, by postMessage, and read back in the worker.
    await this.writer.create(row, baseRows(row.id, input.base));
    this.mark([row.id]);
    await this.copy({ draft: row, savedAt: now, coverage: input.base, reviews: new Map() });
    return summary(row);
  }

  /** Adds ids to the marker of drafts that should exist. */
  private mark(add: readonly string[], remove: readonly string[] = []): void {
    const m = this.options.marker;
    if (!m) return;
    const ids = new Set(m.read() ?? []);
    for (const id of add) ids.add(id);
    for (const id of remove) ids.delete(id);
    m.write([...ids]);
  }

  /** Writes a second copy; a failure is reported to the copy listeners, never thrown at the caller. */
  private async copy(s: MirrorSnapshot): Promise<void> {
    if (!this.options.mirror) return;
    try {
      await this.options.mirror.write({ ...s, draft: { id: s.draft.id, name: s.draft.name, province: s.draft.province, dataVersion: s.draft.dataVersion, created: s.draft.created } });
      this.copyFailed(null);
    } catch (e) {
      this.copyFailed(e);
    }
  }

  private copyFailed(error: unknown): void {
    for (const l of [...this.copyListeners]) l(error);
  }

  setStorageLow(low: boolean): void {
    this.storageLow = low;
  }

  onCopyError(listener: (error: unknown) => void): () => void {
    this.copyListeners.add(listener);
    return () => this.copyListeners.delete(listener);
  }

  surelyEmpty(): boolean {
    const m = this.options.marker;
    if (!m) return false;
    const ids = m.read();
    return ids === null || ids.length === 0;
  }

  async recover(): Promise<RecoveryReport> {
    const marker = this.options.marker;
    const mirror = this.options.mirror;
    const present = (await this.db.drafts.toCollection().primaryKeys()) as string[];
    // A draft deleted on purpose may still be named by a marker whose last write a crash lost.
    const deleted = new Set(((await this.db.settings.where('key').startsWith(DELETED_DRAFT).primaryKeys()) as string[]).map((k) => k.slice(DELETED_DRAFT.length)));
    // The settings row goes with a discarded database; the mark beside the copies does not.
    for (const id of (await mirror?.deleted()) ?? []) deleted.add(id);
    const expected = marker?.read() ?? null;
    let missing: string[];
    if (expected) missing = expected.filter((id) => !present.includes(id));
    else if (present.length === 0 && mirror) missing = await mirror.list(); // the marker is gone too
    else missing = [];
    missing = missing.filter((id) => !deleted.has(id));
    const restored: { id: string; name: string; savedAt: number }[] = [];
    const lost: { id: string; reason: string }[] = [];
    for (const id of missing) {
      let snap: MirrorSnapshot | null = null;
      try {
        snap = mirror ? await mirror.read(id) : null;
      } catch (e) {
        lost.push({ id, reason: e instanceof Error ? e.message : String(e) });
        continue;
      }
      if (!snap) {
        lost.push({ id, reason: 'no copy' });
        continue;
      }
      const rows = baseRows(id, snap.coverage);
      const d = snap.draft;
      await this.db.transaction('rw', [this.db.drafts, this.db.bases, this.db.arcs, this.db.units, this.db.reviews], async () => {
        await this.db.drafts.add({
          id, name: d.name, province: d.province, dataVersion: d.dataVersion, created: d.created, updated: snap.savedAt,
          errorCount: null, baseSeq: 0, headSeq: 0, lastSeq: 0,
        });
        await this.db.bases.add(rows.base);
        await this.db.arcs.bulkAdd(rows.arcs);
        await this.db.units.bulkAdd(rows.units);
        await this.db.reviews.bulkAdd([...snap.reviews].map(([issueId, r]) => ({ draftId: id, issueId, ...r })));
      });
      restored.push({ id, name: d.name, savedAt: snap.savedAt });
    }
    // Lost drafts are reported once; from now on the marker describes what the database holds.
    marker?.write([...present, ...restored.map((r) => r.id)]);
    return { restored, lost };
  }

  async duplicate(id: DraftId, name: string): Promise<DraftSummary> {
    const db = this.db;
    const now = this.timers.now();
    const copy = this.newId();
    const row = await db.transaction('rw', db.draftTables(), async () => {
      const src = await db.drafts.get(id);
      if (!src) throw new DraftNotFoundError(id);
      const row: DraftRow = { ...src, id: copy, name, created: now, updated: now };
      const base = await db.bases.get(id);
      if (!base) throw new Error(`draft ${id} has no base row`);
      const retag = <T extends { draftId: string }>(rows: T[]): T[] => rows.map((r) => ({ ...r, draftId: copy }));
      await db.drafts.add(row);
      await db.bases.add({ ...base, draftId: copy });
      await db.arcs.bulkAdd(retag(await draftRange(db.arcs, id).toArray()));
      await db.units.bulkAdd(retag(await draftRange(db.units, id).toArray()));
      await db.steps.bulkAdd(retag(await draftRange(db.steps, id).toArray()));
      await db.reviews.bulkAdd(retag(await draftRange(db.reviews, id).toArray()));
      for (const v of await db.versions.where('draftId').equals(id).toArray()) {
        const data = await db.versionData.get(v.id!);
        if (!data) throw new Error(`version ${v.id} has no data`);
        const { id: _old, ...rest } = v;
        const newId = await db.versions.add({ ...rest, draftId: copy });
        await db.versionData.add({ ...data, versionId: newId });
      }
      return row;
    });
    this.mark([row.id]);
    return summary(row);
  }

  async rename(id: DraftId, name: string): Promise<void> {
    if ((await this.db.drafts.update(id, { name })) !== 1) throw new DraftNotFoundError(id);
    // The copy carries the name too (an open session's next copy may still use the old one until reopened).
    const copy = await this.options.mirror?.read(id).catch((e: unknown) => {
      this.copyFailed(e);
      return null;
    });
    if (copy) await this.copy({ ...copy, draft: { ...copy.draft, name } });
  }

  async remove(id: DraftId): Promise<void> {
    // The marker first: a tab still editing it must learn it was deleted on purpose, not lost.
    this.mark([], [id]);
    // The marker's write may not survive a crash (localStorage commits lazily): the deletion records
    // itself beside the copies before the rows go, and in the database with them.
    const mirror = this.options.mirror;
    await mirror?.markDeleted(id);
    try {
      await this.db.transaction('rw', [...this.db.draftTables(), this.db.settings], async () => {
        await deleteDraftRows(this.db, id);
        await this.db.settings.put({ key: DELETED_DRAFT + id, value: this.timers.now() });
      });
    } catch (e) {
      // Not deleted after all: it is a draft that should exist, and one a lost database should bring back.
      this.mark([id]);
      try {
        await mirror?.unmarkDeleted(id);
      } catch (u) {
        throw new AggregateError([e, u], `deleting draft ${id} failed, and so did taking back its deletion mark`);
      }
      throw e;
    }
    await mirror?.remove(id);
  }

  async open(id: DraftId, options: OpenOptions = {}): Promise<OpenedDraft> {
    const mode = options.mode ?? 'write';
    let lock: TabLock | null = null;
    let writes = false;
    if (mode !== 'read-only') {
      lock = new TabLock(`dia-gioi:draft:${id}`, {
        locks: this.options.locks ?? null,
        channel: this.options.channel ?? null,
        tabId: this.tabId,
        timers: this.timers,
        ...(this.options.releaseTimeoutMs !== undefined ? { releaseTimeoutMs: this.options.releaseTimeoutMs } : {}),
        ...(this.options.probeMs !== undefined ? { probeMs: this.options.probeMs } : {}),
      });
      if (mode === 'take-over') {
        await lock.takeOver();
        writes = true;
      } else {
        writes = await lock.acquire();
      }
    }
    // Read only after holding the lock: a taken-over tab has saved its last changes by now.
    let loaded;
    try {
      loaded = await readDraft(this.db, id);
    } catch (e) {
      lock?.release();
      throw e;
    }
    const session = new DexieDraftSession(this.db, id, loaded.saved, loaded.row, {
      maxSteps: this.options.maxSteps ?? DEFAULT_MAX_STEPS,
      timers: this.timers,
      lock,
      access: writes ? 'write' : 'read-only',
      readOnlyReason: mode === 'read-only' ? 'requested' : 'open-elsewhere',
      writer: this.writer,
      meta: { id, name: loaded.row.name, province: loaded.row.province, dataVersion: loaded.row.dataVersion, created: loaded.row.created },
      reviews: loaded.reviews,
      mirror: this.options.mirror ?? null,
      marker: this.options.marker ?? null,
      onMirrorError: (e) => this.copyFailed(e),
      storageLow: () => this.storageLow,
      ...(this.options.throttleMs !== undefined ? { throttleMs: this.options.throttleMs } : {}),
      ...(this.options.retryDelayMs ? { retryDelayMs: this.options.retryDelayMs } : {}),
      ...(this.options.stallMs !== undefined ? { stallMs: this.options.stallMs } : {}),
      ...(this.options.copyQuietMs !== undefined ? { copyQuietMs: this.options.copyQuietMs } : {}),
      ...(this.options.onWrite ? { onWrite: (s: WriteStats) => this.options.onWrite!(id, s) } : {}),
    });
    return { draft: summary(loaded.row), history: loaded.saved.history, reviews: loaded.reviews, session };
  }

  async saveVersion(draftId: DraftId, label: string, coverage: Coverage): Promise<VersionSummary> {
    const packed = packCoverage(coverage);
    const row: VersionRow = { draftId, label, time: this.timers.now(), unitCount: coverage.units.size };
    const id = await this.db.transaction('rw', [this.db.drafts, this.db.versions, this.db.versionData], async () => {
      if (!(await this.db.drafts.get(draftId))) throw new DraftNotFoundError(draftId);
      const id = await this.db.versions.add(row);
      await this.db.versionData.add({ versionId: id, ...packed });
      return id;
    });
    return versionSummary({ ...row, id });
  }

  async listVersions(draftId: DraftId): Promise<VersionSummary[]> {
    const rows = await this.db.versions.where('draftId').equals(draftId).toArray();
    return rows.sort((a, b) => a.time - b.time).map(versionSummary);
  }

  async loadVersion(versionId: number): Promise<Coverage> {
    const data = await this.db.versionData.get(versionId);
    if (!data) throw new Error(`version ${versionId} does not exist`);
    return unpackCoverage(data);
  }

  async deleteVersion(versionId: number): Promise<void> {
    await this.db.transaction('rw', [this.db.versions, this.db.versionData], async () => {
      await this.db.versions.delete(versionId);
      await this.db.versionData.delete(versionId);
    });
  }

  async getSetting(key: string): Promise<SettingValue | undefined> {
    return (await this.db.settings.get(key))?.value as SettingValue | undefined;
  }

  async setSetting(key: string, value: SettingValue): Promise<void> {
    await this.db.settings.put({ key, value });
  }

  storageInfo(): Promise<StorageInfo> {
    return storageInfo(this.options.storage ?? null);
  }

  requestPersistence(): Promise<boolean> {
    return requestPersistence(this.options.storage ?? null);
  }

  exportBackup(): Promise<Blob> {
    return exportWorkspace(this.db, this.timers.now());
  }

  async checkBackup(file: Blob, onProgress?: (done: number, total: number) => void): Promise<BackupCheck> {
    let backup: CheckedBackup;
    try {
      backup = await (this.options.checkBackup ?? checkInThread)(file, onProgress);
    } catch (e) {
      if (e instanceof BackupRefused) return { ok: false, code: e.code, detail: e.detail };
      throw e;
    }
    const stored = await this.db.drafts.bulkGet(backup.drafts.map((d) => d.row.id));
    const ref = this.nextRef++;
    this.checked = { ref, backup };
    return {
      ok: true,
      ref,
      drafts: backup.drafts.map((d, i) => {
        const s = stored[i];
        return { id: d.row.id, ...stampOf(d.row), versions: d.versions.length, existing: s ? stampOf(s) : null };
      }),
      faults: backup.faults,
      settings: backup.settings.length,
    };
  }

  async importChecked(ref: number, choices: ImportChoices = {}): Promise<BackupImportResult> {
    const held = this.checked;
    if (!held || held.ref !== ref) return { ok: false, code: 'stale', detail: `checked backup ${ref} is no longer held; check the file again` };
    const before = new Set((await this.db.drafts.toCollection().primaryKeys()) as string[]);
    const result = await importChecked(this.db, held.backup, choices, this.newId);
    if (result.ok) {
      this.checked = null;
      // Imported drafts (replaced or copied) are drafts that should exist from now on.
      const after = (await this.db.drafts.toCollection().primaryKeys()) as string[];
      this.mark(after);
      // And they get their second copy now, not only when first opened: a store the browser discards
      // before then would otherwise lose them.
      const inBackup = new Set(held.backup.drafts.map((d) => d.row.id));
      for (const id of after.filter((x) => !before.has(x) || inBackup.has(x))) {
        const loaded = await readDraft(this.db, id);
        await this.copy({ draft: loaded.row, savedAt: loaded.row.updated, coverage: current(loaded.saved.history), reviews: loaded.reviews });
      }
    }
    return result;
  }

  async importBackup(file: Blob, choices: ImportChoices = {}): Promise<BackupImportResult> {
    const check = await this.checkBackup(file);
    return check.ok ? this.importChecked(check.ref, choices) : check;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The drafts screen's view of a row. Rows are checked before they are written, but a database may hold
 * rows from before those checks: whatever a field holds, the summary is short text and numbers.
 */
function summary(r: DraftRow): DraftSummary {
  const f = r as unknown as Record<keyof DraftRow, unknown>;
  const txt = (x: unknown, max: number) => (typeof x === 'string' ? (x.length > max ? `${x.slice(0, max)}…` : x) : '?');
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
  return {
    id: r.id,
    name: txt(f.name, 200),
    province: txt(f.province, 100),
    created: num(f.created),
    updated: num(f.updated),
    dataVersion: txt(f.dataVersion, 100),
    errorCount: typeof f.errorCount === 'number' && Number.isFinite(f.errorCount) ? f.errorCount : null,
  };
}

function versionSummary(r: VersionRow): VersionSummary {
  return { id: r.id!, draftId: r.draftId, label: r.label, time: r.time, unitCount: r.unitCount };
}
