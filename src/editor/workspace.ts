// The workspace: which draft is open, and keeping it saved. It wires the editor to a DraftStore (the
// port; Dexie sits behind it): the editor's history goes to the draft session after every change, review
// decisions and error counts with it; drafts, versions and backups are managed here for the UI.
import type { Coverage } from '../core/model/types';
import { current } from '../core/history/history';
import { compareCoverages, type CoverageComparison } from '../core/model/compare';
import { coverageToFeatureCollection } from '../core/model/to-geojson';
import { makeAction } from '../core/actions/refusal';
import { provinceByCode, type Province } from '../core/model/province';
import {
  DraftUnreadableError,
  type Access, type BackupCheck, type BackupImportResult, type DraftSession, type DraftStore, type DraftSummary, type ImportChoices,
  type RecoveryReport, type Review, type SaveStatus, type StorageInfo, type VersionSummary,
} from './draft-store-port';
import { DEFAULT_STALL_MS } from './draft-store-port';
import type { Editor } from './editor';
import type { KeptProvince, ProvinceSource } from './province-source';
import { Store } from './store';
import { saveFailureKind, type SaveFailureKind } from './save-failure';
import { provinceShortName, provinceSwitch } from './province-choice';

export interface WorkspaceOptions {
  /**
   * The province a first open (no draft yet) starts from without asking (a link with ?province=NN, the
   * end-to-end tests); otherwise the first open asks which unit the user is (`choosing`).
   */
  readonly firstProvince?: string | null;
  /** How long a draft switch waits for the open draft's pending save (the save status's stall limit). */
  readonly stallMs?: number;
}

/** A province kept on this device, and how many drafts are of it (0: kept as a neighbour's context). */
export interface KeptProvinceInfo extends KeptProvince {
  readonly drafts: number;
}

export { provinceShortName } from './province-choice';

/** Things about storage the officer must see, most serious first. */
export interface StorageAlerts {
  /** Start-up found drafts the browser had lost: which came back from their copy, which did not. */
  readonly recovery: RecoveryReport | null;
  /**
   * The second copy of the last save failed (the save itself reached the database): what kind of
   * failure, for a message in the officer's language, and the browser's own words for 'other'.
   */
  readonly copyError: { readonly kind: SaveFailureKind; readonly detail: string } | null;
  /** Space is running out: usage and quota in bytes. */
  readonly lowSpace: { readonly usage: number; readonly quota: number } | null;
}

/** Warn when less than this share of the quota, or less than LOW_SPACE_BYTES, is left. */
export const LOW_SPACE_SHARE = 0.1;
export const LOW_SPACE_BYTES = 200 * 1024 * 1024;

export function lowSpace(info: StorageInfo): { usage: number; quota: number } | null {
  if (info.usage === null || info.quota === null || info.quota <= 0) return null;
  const left = info.quota - info.usage;
  return left < LOW_SPACE_BYTES || left < info.quota * LOW_SPACE_SHARE ? { usage: info.usage, quota: info.quota } : null;
}

/** A stored draft that could not be opened, and why: shown until it opens, is deleted or dismissed. */
export interface OpenFailure {
  readonly draftId: string;
  readonly name: string;
  readonly fault: DraftUnreadableError['fault'] | null;
  readonly message: string;
}

/** The province most of a coverage's units say they are in (a draft whose own code is no province). */
function provinceOfUnits(c: Coverage): Province | undefined {
  const count = new Map<string, number>();
  for (const u of c.units.values()) if (u.attrs.provinceCode) count.set(u.attrs.provinceCode, (count.get(u.attrs.provinceCode) ?? 0) + 1);
  const best = [...count].sort((a, b) => b[1] - a[1])[0];
  return best ? provinceByCode(best[0]) : undefined;
}

const LAST_DRAFT = 'lastDraft';
const TOLERANCE = 'toleranceM';
const HIDDEN_KINDS = 'hiddenKinds';

/**
 * Another draft cannot replace the open one yet: the open draft's last changes are not in the database
 * (its saves fail or have no answer). Switching would leave them only in a closed session's memory.
 */
export class UnsavedDraftError extends Error {
  override readonly name = 'UnsavedDraftError';
  constructor(
    readonly draftName: string,
    readonly reason: unknown,
  ) {
    super(`the open draft "${draftName}" has changes that are not saved yet: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

export class Workspace {
  readonly drafts = new Store<readonly DraftSummary[]>([]);
  readonly currentDraft = new Store<DraftSummary | null>(null);
  readonly saveStatus = new Store<SaveStatus | null>(null);
  readonly access = new Store<Access>('write');
  readonly versions = new Store<readonly VersionSummary[]>([]);
  readonly storage = new Store<StorageInfo | null>(null);
  /** The version being compared with the draft, and what differs. */
  readonly comparison = new Store<{ readonly version: VersionSummary; readonly result: CoverageComparison } | null>(null);
  /** Set when another tab saved the draft this read-only tab shows. */
  readonly changedElsewhere = new Store<boolean>(false);
  readonly alerts = new Store<StorageAlerts>({ recovery: null, copyError: null, lowSpace: null });
  readonly openFailure = new Store<OpenFailure | null>(null);
  /** True while there is no draft to open: the user is asked which commune or ward they are. */
  readonly choosing = new Store<boolean>(false);
  /** The provinces whose files are kept on this device for offline use. */
  readonly keptProvinces = new Store<readonly KeptProvinceInfo[]>([]);

  private session: DraftSession | null = null;
  private unwire: (() => void)[] = [];
  private savedReviews: ReadonlyMap<string, Review> = new Map();
  /** Every operation that opens or closes sessions runs after the previous one: two opens never race. */
  private queue: Promise<unknown> = Promise.resolve();

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  constructor(
    private readonly editor: Editor,
    private readonly store: DraftStore,
    private readonly provinces: ProvinceSource,
    readonly options: WorkspaceOptions = {},
  ) {}

  /** Opens the last draft; with none, starts one from `firstProvince`, or asks which unit the user is. */
  async start(): Promise<void> {
    // A first visit from a link that names a province: the province's file is fetched and decoded beside
    // the database's start-up (1.5–2.5 s on a fresh profile under load). Its failure is reported by the
    // create that awaits it; unused (a draft the marker did not know of opened), it was not needed.
    const firstCode = this.options.firstProvince ? provinceByCode(this.options.firstProvince)?.code : undefined;
    const early = firstCode && this.store.surelyEmpty() ? this.provinces.loadUnits(firstCode) : null;
    early?.catch(() => undefined);
    this.store.onCopyError((e) => this.setAlert({ copyError: e ? { kind: saveFailureKind(e), detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) } : null }));
    // Before anything reads the list: drafts the browser lost come back from their copies, loudly.
    const recovery = await this.store.recover();
    if (recovery.restored.length || recovery.lost.length) this.setAlert({ recovery });
    // The sliver tolerance is a project setting: it comes back with the workspace and is saved when changed.
    // So are the warning kinds the reviewer hid.
    const tol = await this.store.getSetting(TOLERANCE);
    if (typeof tol === 'number' && Number.isFinite(tol) && tol >= 0) this.editor.setSettings({ toleranceM: tol });
    const hidden = await this.store.getSetting(HIDDEN_KINDS);
    if (Array.isArray(hidden)) this.editor.setSettings({ hiddenKinds: hidden.filter((k): k is string => typeof k === 'string') });
    let saved = this.editor.settings.get();
    this.editor.settings.subscribe(() => {
      const now = this.editor.settings.get();
      const save = (key: string, v: number | readonly string[]) => void this.store.setSetting(key, v).catch((e: unknown) => console.error(e));
      if (now.toleranceM !== saved.toleranceM) save(TOLERANCE, now.toleranceM);
      if (now.hiddenKinds !== saved.hiddenKinds) save(HIDDEN_KINDS, now.hiddenKinds);
      saved = now;
    });
    const list = await this.refreshDrafts();
    const last = await this.store.getSetting(LAST_DRAFT);
    // A draft that fails its checks is reported (openFailure) and the next one opened: never a blank map.
    const first = list.find((d) => d.id === last);
    let opened = false;
    for (const d of first ? [first, ...list.filter((x) => x !== first)] : list) {
      if ((opened = await this.open(d.id).then(() => true, (e: unknown) => this.unreadable(e)))) break;
    }
    if (!opened) {
      if (firstCode) await this.createFromProvince(firstCode, early ? { base: early } : {});
      else this.choosing.set(true);
    }
    // Ask once at start that the browser never evicts the drafts; the header says whether it agreed.
    await this.requestPersistence().catch((e: unknown) => console.error(e));
  }

  private setAlert(patch: Partial<StorageAlerts>): void {
    this.alerts.set({ ...this.alerts.get(), ...patch });
  }

  dismissRecovery(): void {
    this.setAlert({ recovery: null });
  }

  /** "Gia Lai 2026-12-06": the province's short name and today (the open draft's province by default). */
  defaultName(code?: string): string {
    const p = code ? provinceByCode(code) : this.editor.province.get();
    return `${p ? provinceShortName(p.name) : ''} ${new Date().toISOString().slice(0, 10)}`.trim();
  }

  /** The provinces there are, with their download sizes (for the province switcher). */
  provinceOffers(): ReturnType<ProvinceSource['offers']> {
    return this.provinces.offers();
  }

  /** Every unit's name, for the picker. */
  unitNames(): ReturnType<ProvinceSource['unitNames']> {
    return this.provinces.unitNames();
  }

  async refreshKept(): Promise<readonly KeptProvinceInfo[]> {
    const kept = await this.provinces.kept();
    const drafts = this.drafts.get();
    // The provinces of drafts first (chosen), then those kept as a draft's neighbours.
    const list = kept
      .map((k) => ({ ...k, drafts: drafts.filter((d) => d.province === k.code).length }))
      .sort((a, b) => Number(b.drafts > 0) - Number(a.drafts > 0) || a.code.localeCompare(b.code));
    this.keptProvinces.set(list);
    return list;
  }

  /** Deletes a province's files from this device; its drafts stay (they are in the drafts database). */
  async removeKept(code: string): Promise<void> {
    await this.provinces.removeKept(code);
    await this.refreshKept();
  }

  async refreshDrafts(): Promise<readonly DraftSummary[]> {
    const list = await this.store.list();
    this.drafts.set(list);
    return list;
  }

  /**
   * A new draft of a province's current units (downloaded and kept for offline use, or read from the
   * device), opened with `select` selected and framed when given.
   */
  async createFromProvince(code: string, options: { name?: string; select?: string; base?: Promise<Coverage> } = {}): Promise<DraftSummary> {
    const province = provinceByCode(code);
    if (!province) throw new Error(`no province with code ${JSON.stringify(code)}`);
    await this.settleCurrent();
    // `base`: the province's units already on their way (start's early download).
    const base = await (options.base ?? this.provinces.loadUnits(code));
    const d = await this.store.create({ name: options.name?.trim() || this.defaultName(code), province: code, dataVersion: this.provinces.dataVersion, base });
    await this.refreshDrafts();
    try {
      await this.open(d.id);
    } catch (e) {
      // An edit saved in vain meanwhile refuses the switch: no new draft is left behind unopened.
      if (e instanceof UnsavedDraftError) {
        await this.store.remove(d.id).catch((r: unknown) => console.error(r));
        await this.refreshDrafts();
      }
      throw e;
    }
    this.choosing.set(false);
    if (options.select) this.editor.select(options.select);
    await this.refreshKept().catch((e: unknown) => console.error(e));
    return d;
  }


  /**
   * The province switcher's choice: the province's draft changed last opens; with none, a new draft of
   * its data (downloaded when not kept). The open draft's province changes nothing. A province that
   * cannot be had (offline and not kept: ProvinceUnavailableError) leaves everything as it was.
   */
  async switchProvince(code: string): Promise<void> {
    // First, before anything is read: on a full disk the reads fail too, and the reason to give is this one.
    await this.settleCurrent();
    const step = provinceSwitch(await this.refreshDrafts(), code, this.editor.province.get()?.code ?? null);
    if (step.kind === 'open') await this.open(step.draftId);
    else if (step.kind === 'create') await this.createFromProvince(code);
  }

  /**
   * A new draft from an imported coverage (a neighbour's file, a survey), of the province the file's units
   * belong to when the import could tell (a Hà Nội file makes a Hà Nội draft), else of the province most
   * of its units name, else of the open draft's.
   */
  async createFromCoverage(name: string, base: Coverage, dataVersion: string, provinceCode?: string, carried = false): Promise<DraftSummary> {
    await this.settleCurrent(carried);
    const d = await this.store.create({ name, province: provinceCode ?? this.currentProvinceCode(base), dataVersion, base });
    try {
      await this.open(d.id, 'write', carried);
    } catch (e) {
      // A draft that cannot open is not left behind half-made: the import failed as a whole.
      await this.store.remove(d.id).catch((r: unknown) => console.error(r));
      throw e;
    } finally {
      await this.refreshDrafts();
    }
    return d;
  }

  /** `carried`: the open draft's shown changes go along into this one (see settleCurrent). */
  open(id: string, mode: 'write' | 'take-over' | 'read-only' = 'write', carried = false): Promise<void> {
    return this.serial(() => this.openNow(id, mode, carried)).then(
      () => {
        if (this.openFailure.get()?.draftId === id) this.openFailure.set(null);
      },
      (e: unknown) => {
        // Nothing is wrong with the draft asked for: the open one must be saved first (the caller says so).
        if (e instanceof UnsavedDraftError) throw e;
        const d = this.drafts.get().find((x) => x.id === id);
        this.openFailure.set({
          draftId: id,
          name: d?.name ?? id,
          fault: e instanceof DraftUnreadableError ? e.fault : null,
          message: e instanceof Error ? e.message : String(e),
        });
        throw e;
      },
    );
  }

  /** For a loop over drafts: false (try the next) when the draft failed its checks; other errors go on. */
  private unreadable(e: unknown): false {
    if (e instanceof DraftUnreadableError) {
      console.error(e);
      return false;
    }
    throw e;
  }

  dismissOpenFailure(): void {
    this.openFailure.set(null);
  }

  private async openNow(id: string, mode: 'write' | 'take-over' | 'read-only', carried = false): Promise<void> {
    // Another draft: open it first, so a failure leaves the current one open and saving. The same draft
    // (take over): its session must be closed first to hand the lock over.
    let o: Awaited<ReturnType<DraftStore['open']>>;
    if (this.session?.draftId === id) {
      await this.closeSession();
      o = await this.store.open(id, { mode });
    } else {
      // No edit may land in the draft being left once its changes are settled: it would be written by a
      // closing session, or not at all. The new draft's session sets the access again (wire).
      const readOnly = this.editor.readOnly.get();
      this.editor.readOnly.set(true);
      try {
        await this.settleCurrent(carried);
        o = await this.store.open(id, { mode });
      } catch (e) {
        this.editor.readOnly.set(readOnly);
        throw e;
      }
      try {
        await this.closeSession();
      } catch (e) {
        // Nothing was pending after settleCurrent; a failure here is the lock's or the copy's: reported.
        console.error(e);
      }
    }
    this.clearComparison();
    // The draft says which province it is. A code that is no 2025 province falls back to the bundled
    // one rather than leave the export and the record without a grid.
    this.editor.province.set(provinceByCode(o.draft.province) ?? provinceOfUnits(current(o.history)) ?? null);
    // Loading is never an undo step: the stored history comes back as it was, undo included. A draft
    // the editor cannot take (a fault the row checks missed) is unreadable, its session ended unwired:
    // the start-up goes on to the next draft, an open by hand reports it.
    try {
      this.editor.load(current(o.history), o.history);
    } catch (e) {
      o.session.discard();
      throw new DraftUnreadableError(id, { code: 'unit', where: 'editor', detail: e instanceof Error ? e.message : String(e) });
    }
    this.editor.loadReviews(o.reviews);
    this.savedReviews = o.reviews;
    this.session = o.session;
    this.currentDraft.set(o.draft);
    this.changedElsewhere.set(false);
    this.wire(o.session);
    await this.store.setSetting(LAST_DRAFT, id);
    await this.refreshVersions();
  }

  /** Takes the draft over from another tab (which saves and stops writing). */
  async takeOver(): Promise<void> {
    const d = this.currentDraft.get();
    if (d) await this.open(d.id, 'take-over');
  }

  private wire(session: DraftSession): void {
    const sync = () => {
      const status = session.status();
      // A failing save is the moment to look at the space left (and a success after one, to clear it).
      if (status.kind === 'error' || this.saveStatus.get()?.kind === 'error') void this.refreshStorage().catch((e: unknown) => console.error(e));
      this.saveStatus.set(status);
      this.access.set(session.access());
      // Edits are refused in a tab that cannot save them.
      this.editor.readOnly.set(session.access() === 'read-only');
    };
    sync();
    this.unwire.push(session.subscribe(sync));
    this.unwire.push(session.onExternalSave(() => this.changedElsewhere.set(true)));
    this.unwire.push(
      this.editor.lastChange.subscribe(() => {
        const h = this.editor.history.get();
        if (h && this.editor.lastChange.get()?.kind !== 'load') session.record(h);
      }),
    );
    this.unwire.push(
      this.editor.reviews.subscribe(() => {
        const next = this.editor.reviews.get();
        for (const [id, r] of next) if (this.savedReviews.get(id) !== r) session.setReview(id, r);
        for (const id of this.savedReviews.keys()) if (!next.has(id)) session.setReview(id, null);
        this.savedReviews = next;
      }),
    );
    this.unwire.push(
      this.editor.issues.subscribe(() => {
        session.setErrorCount(this.editor.issues.get().filter((i) => i.severity === 'error').length);
      }),
    );
  }

  /**
   * Writes the open draft's pending changes before another draft replaces it; refuses (UnsavedDraftError)
   * while they cannot be written, so they stay in the open session, which goes on retrying. A save with
   * no answer is not waited for past the stall limit: it may never end, and the wait would hold every
   * later draft operation (they run one at a time). `carried`: the caller takes the shown changes along
   * (kept as a new draft), so a tab that can no longer save them may go.
   */
  private async settleCurrent(carried = false): Promise<void> {
    const s = this.session;
    if (!s) return;
    const name = this.currentDraft.get()?.name ?? s.draftId;
    const noAnswer = () => new UnsavedDraftError(name, new Error('the browser has not answered the last save'));
    if (this.saveStatus.get()?.kind === 'stalled') throw noAnswer();
    let unsubscribe = () => undefined as unknown;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<never>((_, reject) => {
      // The status turns "stalled" after the stall limit when the change was the user's; a write of
      // derived data alone never shows it, so the same limit is kept here too.
      unsubscribe = this.saveStatus.subscribe(() => {
        if (this.saveStatus.get()?.kind === 'stalled') reject(noAnswer());
      });
      timer = setTimeout(() => reject(noAnswer()), this.options.stallMs ?? DEFAULT_STALL_MS);
    });
    try {
      await Promise.race([s.flush(), stalled]);
    } catch (e) {
      throw e instanceof UnsavedDraftError ? e : new UnsavedDraftError(name, e);
    } finally {
      unsubscribe();
      clearTimeout(timer);
    }
    // A tab that can no longer write this draft (changed or deleted elsewhere) still shows its changes.
    if (!carried && this.hasUnsaved()) throw new UnsavedDraftError(name, new Error('this tab can no longer save them to this draft: keep them as a new draft or download them first'));
  }

  /** Ends the open session without writing what is pending (its draft was deleted). */
  private discardSession(): void {
    this.session?.discard();
    for (const u of this.unwire) u();
    this.unwire = [];
    this.session = null;
    this.saveStatus.set(null);
  }

  private async closeSession(): Promise<void> {
    const s = this.session;
    try {
      // Closing writes what is pending first: until it has, the status (and the warning when the tab
      // closes) still follow this session, so a save the browser does not answer is still shown.
      if (s) await s.close();
    } finally {
      for (const u of this.unwire) u();
      this.unwire = [];
      if (this.session === s) this.session = null;
      this.saveStatus.set(null);
    }
  }

  /** Writes what is pending (page hide, before a backup). */
  async flush(): Promise<void> {
    await this.session?.flush();
  }

  /** Everything of the open draft written, its second copy included (a benchmark's "at rest"). */
  async settle(): Promise<void> {
    await this.session?.settle();
  }

  async duplicate(id: string, name: string): Promise<void> {
    if (this.session?.draftId === id) await this.session.flush();
    await this.store.duplicate(id, name);
    await this.refreshDrafts();
  }

  async rename(id: string, name: string): Promise<void> {
    await this.store.rename(id, name);
    const list = await this.refreshDrafts();
    const cur = this.currentDraft.get();
    if (cur?.id === id) this.currentDraft.set(list.find((d) => d.id === id) ?? cur);
  }

  remove(id: string): Promise<void> {
    return this.serial(() => this.removeNow(id));
  }

  private async removeNow(id: string): Promise<void> {
    const open = this.currentDraft.get();
    const wasOpen = open?.id === id;
    // Deleted first, while its session still runs: a failed deletion leaves the draft open and saving.
    // Its pending changes are not written (the draft is going; a failing or unanswered save would hold
    // the deletion for ever).
    await this.store.remove(id);
    if (wasOpen) this.discardSession();
    if (this.openFailure.get()?.draftId === id) this.openFailure.set(null);
    const list = await this.refreshDrafts();
    if (wasOpen && open) {
      this.currentDraft.set(null);
      if (list[0]) await this.openNow(list[0].id, 'write');
      else {
        // The last draft went: a fresh one of the same province (its files are on the device), or the
        // question again when the province is unknown.
        const code = provinceByCode(open.province)?.code ?? this.editor.province.get()?.code;
        if (!code) {
          this.choosing.set(true);
          return;
        }
        const base = await this.provinces.loadUnits(code);
        const d = await this.store.create({ name: this.defaultName(code), province: code, dataVersion: this.provinces.dataVersion, base });
        await this.refreshDrafts();
        await this.openNow(d.id, 'write');
      }
    }
  }

  // ---------------------------------------------------------------- versions

  async refreshVersions(): Promise<void> {
    const d = this.currentDraft.get();
    this.versions.set(d ? await this.store.listVersions(d.id) : []);
  }

  async saveVersion(label: string): Promise<void> {
    const d = this.currentDraft.get();
    const c = this.editor.coverage.get();
    if (!d || !c) return;
    await this.store.saveVersion(d.id, label.trim() || new Date().toLocaleString(), c);
    await this.refreshVersions();
  }

  async compareVersion(v: VersionSummary): Promise<CoverageComparison | null> {
    const c = this.editor.coverage.get();
    if (!c) return null;
    const old = await this.store.loadVersion(v.id);
    const result = compareCoverages(old, c);
    this.comparison.set({ version: v, result });
    this.editor.showChangedBorders(result.changedBorders);
    return result;
  }

  clearComparison(): void {
    this.comparison.set(null);
    this.editor.showChangedBorders([]);
  }

  /** Restores a version as one undoable step. */
  async restoreVersion(v: VersionSummary): Promise<boolean> {
    const old = await this.store.loadVersion(v.id);
    this.clearComparison();
    return this.editor.perform(
      makeAction(
        () => old,
        () => false,
      ),
      'restore-version',
    );
  }

  async deleteVersion(v: VersionSummary): Promise<void> {
    await this.store.deleteVersion(v.id);
    await this.refreshVersions();
  }

  // ---------------------------------------------------------------- storage and backup

  async refreshStorage(): Promise<void> {
    const info = await this.store.storageInfo();
    this.storage.set(info);
    const low = lowSpace(info);
    this.setAlert({ lowSpace: low });
    this.store.setStorageLow(low !== null);
  }

  /** A draft deleted in another tab while open here: keep this tab's state as a new draft. */
  async saveAsNewDraft(): Promise<DraftSummary | null> {
    const c = this.editor.coverage.get();
    const d = this.currentDraft.get();
    if (!c || !d) return null;
    return this.createFromCoverage(d.name, c, d.dataVersion, undefined, true);
  }

  /** The province a coverage's units name, else the open draft's, else "" (unknown). */
  private currentProvinceCode(c: Coverage): string {
    return provinceOfUnits(c)?.code ?? this.editor.province.get()?.code ?? '';
  }

  /** True while something shown in this tab is not in the database (warn before the tab closes). */
  hasUnsaved(): boolean {
    const s = this.saveStatus.get();
    if (s && (s.kind === 'saving' || s.kind === 'stalled' || s.kind === 'error' || (s.kind === 'read-only' && s.error !== null))) return true;
    // Handing the draft over to another tab shows read-only while the last changes are still written.
    return s?.kind === 'read-only' && s.reason === 'taken-over' && (this.session?.pending() ?? false);
  }

  async requestPersistence(): Promise<boolean> {
    const ok = await this.store.requestPersistence();
    await this.refreshStorage();
    return ok;
  }

  /**
   * The whole workspace as one file. When saving is failing, what is pending cannot reach the database,
   * so the export goes on without it (the caller also offers the draft itself, from memory).
   */
  async exportBackup(): Promise<Blob> {
    try {
      await this.flush();
    } catch (e) {
      console.error(e);
    }
    return this.store.exportBackup();
  }

  /** The draft as shown (including what could not be saved), as GeoJSON: the way out when saving fails. */
  draftAsGeoJSON(): Blob | null {
    const c = this.editor.coverage.get();
    if (!c) return null;
    return new Blob([JSON.stringify(coverageToFeatureCollection(c))], { type: 'application/geo+json' });
  }

  /** Reads and checks a backup (in a worker in the app); writes nothing. */
  checkBackup(file: Blob, onProgress?: (done: number, total: number) => void): Promise<BackupCheck> {
    return this.store.checkBackup(file, onProgress);
  }

  /** Imports a checked backup as chosen; a refused import changes nothing. The open draft is reopened. */
  importChecked(ref: number, choices: ImportChoices): Promise<BackupImportResult> {
    return this.serial(() => this.importCheckedNow(ref, choices));
  }

  private async importCheckedNow(ref: number, choices: ImportChoices): Promise<BackupImportResult> {
    const open = this.currentDraft.get()?.id ?? null;
    await this.settleCurrent();
    let result: BackupImportResult;
    try {
      // Inside the try: if an edit made since fails to write here, a draft is still opened below.
      await this.closeSession();
      result = await this.store.importChecked(ref, choices);
    } finally {
      const list = await this.refreshDrafts();
      const first = list.find((d) => d.id === open);
      for (const d of first ? [first, ...list.filter((x) => x !== first)] : list) {
        if (await this.openNow(d.id, 'write').then(() => true, (e: unknown) => this.unreadable(e))) break;
      }
    }
    return result;
  }
}
