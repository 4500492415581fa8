// One open draft: receives the editor's history after each change and lets the autosave write the
// difference. Writes go through a single queue (the autosave), so they never overlap or reorder.
import type { History } from '../core/history/history';
import type { Access, DraftSession, ReadOnlyReason, Review, SaveStatus, SaveStep } from '../editor/draft-store-port';
import { Autosave, type Timers } from './autosave';
import type { WorkspaceDb } from './db';
import { DraftConflictError, DraftNotFoundError, planRows, rewriteDraft, stampOf, type RowStamp, type WriteStats } from './draft-io';
import { isInDoubt, type DraftWriter } from './draft-writer';
import { current } from '../core/history/history';
import type { DraftMarker } from './marker';
import type { DraftMirror, MirrorDraft } from './mirror';
import type { TabLock } from './tab-lock';
import { planWrite, type SavedState, type WritePlan } from './write-plan';
import type { Coverage } from '../core/model/types';

export interface SessionOptions {
  readonly maxSteps: number;
  readonly throttleMs?: number;
  readonly retryDelayMs?: (attempt: number) => number;
  readonly stallMs?: number;
  readonly timers: Timers;
  /** null = no other tab can exist (or read-only without a lock). */
  readonly lock: TabLock | null;
  readonly access: Access;
  /** Why a session that starts read-only is read-only. */
  readonly readOnlyReason?: ReadOnlyReason;
  readonly onWrite?: (stats: WriteStats) => void;
  /** Runs each save's transaction (in a worker in the browser). */
  readonly writer: DraftWriter;
  /** The draft as opened: what a rewrite from memory needs besides the history. */
  readonly meta: MirrorDraft;
  /** Every review stored when the draft was opened. */
  readonly reviews: ReadonlyMap<string, Review>;
  /** Where the second copy of the last saved state goes after each save. */
  readonly mirror?: DraftMirror | null;
  /** Which drafts should exist: tells a draft the browser lost from one deleted on purpose. */
  readonly marker?: DraftMarker | null;
  /** A save reached the database but its second copy failed (null: the copy works again). */
  readonly onMirrorError?: (error: unknown) => void;
  /** Storage is low: "saved" waits for the second copy too. */
  readonly storageLow?: () => boolean;
  /**
   * How long saves must pause before the second copy of the saved state is written (COPY_QUIET_MS unless
   * given). A save never runs beside a copy, so a copy after every save made each quick next edit wait
   * for the last one's copy (150–260 ms); one copy after a burst of saves holds the same state.
   */
  readonly copyQuietMs?: number;
}

/** See SessionOptions.copyQuietMs. */
export const COPY_QUIET_MS = 1_000;

export class DexieDraftSession implements DraftSession {
  private saved: SavedState;
  private stamp: RowStamp;
  private latest: History;
  private pendingReviews = new Map<string, Review | null>();
  /** Every review as this tab knows it, for a rewrite from memory and for the second copy. */
  private readonly reviews: Map<string, Review>;
  /** The last write failed for a reason other than a conflict: open the database afresh before the next. */
  private needsReopen = false;
  /** The database no longer has this draft although nobody deleted it: write it whole from memory. */
  private vanished = false;
  /**
   * A write given up with no answer (SaveInDoubtError): what the database holds if it did commit. The
   * next write first reads the draft's stamp: this one's means it landed, and the write goes on from it;
   * otherwise from what was saved before. Without this the retry would meet the landed write's stamp and
   * take it for another tab's.
   */
  private inDoubt: { readonly saved: SavedState; readonly stamp: RowStamp } | null = null;
  /** The step of the save in flight (null: none), named in a stalled status. */
  private step: SaveStep | null = null;
  private copies: Promise<void> = Promise.resolve();
  /** The copy waiting for saves to pause (see copyQuietMs), or null. */
  private copyTimer: unknown = null;
  /** A write of this session failed once: its saves wait for their copies from then on. */
  private sawFailure = false;
  /** The error count last handed to a write (undefined: none yet in this session). */
  private lastErrorCount: number | null | undefined = undefined;
  /** Name and facts of the draft for its copy and a rewrite; the name follows renames at each save. */
  private meta: MirrorDraft;
  private pendingErrorCount: { value: number | null } | null = null;
  private readonly autosave: Autosave;
  private currentAccess: Access;
  private readOnlyReason: ReadOnlyReason;
  private handOverError: unknown = null;
  private readonly listeners = new Set<() => void>();
  private closed = false;
  /** Another tab asked for the draft: no new edits, pending ones are being written. */
  private handingOver = false;

  constructor(
    private readonly db: WorkspaceDb,
    readonly draftId: string,
    saved: SavedState,
    stamp: RowStamp,
    private readonly options: SessionOptions,
  ) {
    this.saved = saved;
    this.stamp = stampOf(stamp);
    this.latest = saved.history;
    this.currentAccess = options.access;
    this.reviews = new Map(options.reviews);
    this.meta = options.meta;
    this.readOnlyReason = options.readOnlyReason ?? 'open-elsewhere';
    this.autosave = new Autosave({
      write: () => this.write(),
      timers: options.timers,
      ...(options.throttleMs !== undefined ? { throttleMs: options.throttleMs } : {}),
      ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
      ...(options.stallMs !== undefined ? { stallMs: options.stallMs } : {}),
    });
    this.autosave.subscribe(() => this.emit());
    const lock = options.lock;
    if (lock) {
      lock.onReleasing(() => {
        // Another tab is taking over: accept no more edits (the editor follows access()), keep writing.
        this.handingOver = true;
        this.readOnlyReason = 'taken-over';
        this.emit();
      });
      lock.setBeforeRelease(async () => {
        await this.flushAll();
        // The taker writes its own copy at open: two writers on one file would fight.
        await this.copyNow();
        await this.finishWrites();
        // The last writes' copy too, while this tab still holds the draft.
        await this.copyNow();
      });
      lock.onLost((_reason, error) => this.becomeReadOnly('taken-over', error));
    }
    if (this.currentAccess === 'read-only') this.autosave.stop();
    // A draft opened for writing gets its second copy now, so that one never saved still has one.
    else void this.writeCopy(current(saved.history));
    // The session exists only once the draft is loaded: from here on, changes may be written.
    this.autosave.start();
  }

  access(): Access {
    return this.handingOver ? 'read-only' : this.currentAccess;
  }

  record(history: History): void {
    this.latest = history;
    this.autosave.schedule();
  }

  setReview(issueId: string, review: Review | null): void {
    this.pendingReviews.set(issueId, review);
    if (review) this.reviews.set(issueId, review);
    else this.reviews.delete(issueId);
    this.autosave.schedule();
  }

  setErrorCount(count: number | null): void {
    // The checks report after every edit; an unchanged count needs no write.
    if (count === this.lastErrorCount) return;
    this.lastErrorCount = count;
    this.pendingErrorCount = { value: count };
    // Derived from the data: written soon, but the user's edit shows "saved" without waiting for it.
    this.autosave.schedule(true);
  }

  pending(): boolean {
    return this.autosave.pending();
  }

  status(): SaveStatus {
    if (this.currentAccess === 'read-only' || this.handingOver) return { kind: 'read-only', reason: this.readOnlyReason, error: this.handOverError };
    const s = this.autosave.status();
    // Which step of the save has had no answer: for the officer's report and the tests' logs.
    return s.kind === 'stalled' ? { ...s, step: this.step } : s;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onExternalSave(listener: () => void): () => void {
    return this.options.lock ? this.options.lock.onExternalSave(listener) : () => undefined;
  }

  flush(): Promise<void> {
    return this.autosave.flush();
  }

  async settle(): Promise<void> {
    await this.flushAll();
    await this.copyNow();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flushAll();
      await this.copyNow();
    } finally {
      this.closed = true;
      this.autosave.stop();
      this.options.lock?.release();
    }
  }

  discard(): void {
    if (this.closed) return;
    this.cancelCopy();
    this.closed = true;
    this.autosave.stop();
    this.options.lock?.release();
  }

  /**
   * Writes until nothing is pending: changes recorded while a write ran (a gesture's last steps at a
   * hand-over; an edit while the session closes, the editor still live) need another round. 10 at most.
   */
  private async flushAll(): Promise<void> {
    for (let round = 0; round < 10 && this.autosave.pending(); round++) await this.autosave.flush();
  }

  /**
   * The last writes before the lock goes to another tab: whatever was scheduled while the copy ran (the
   * error count of a check that finished late), then no write at all. The taker reads the draft once it
   * holds the lock; a write of this tab landing after that read made the taker's first save a conflict,
   * and the taker read-only at once (seen under load in the take-over races). The check and the stop
   * run in one go, so no write can start between them.
   */
  private async finishWrites(): Promise<void> {
    for (let round = 0; round < 10 && this.autosave.pending(); round++) await this.autosave.flush();
    this.autosave.stop();
  }

  /** The history as last written (tests and diagnostics). */
  savedHistory(): History {
    return this.saved.history;
  }

  private async write(): Promise<void> {
    if (this.currentAccess === 'read-only') throw new Error('this tab does not write the draft (read-only)');
    try {
      if (this.needsReopen) {
        this.step = 'reopen';
        await this.db.reopen();
        this.needsReopen = false;
      }
      // A save never runs beside a copy: a copy attempted on a full disk at the same time as a save can
      // make Chromium reset the Origin Private File System with the database (seen in 2 of 3 runs of
      // full-disk.e2e.ts when both were written at once), and then neither is left.
      this.step = 'previous-copy';
      await this.copies;
      this.step = 'database';
      if (this.inDoubt) await this.settleInDoubt();
      if (this.vanished) await this.rewrite();
      else await this.writeDifference(planWrite(this.draftId, this.saved, this.latest, this.options.maxSteps));
      this.options.lock?.notifySaved();
      // The copy follows the save. Normally "saved" does not wait for it (it took 150–260 ms of a save's
      // 0.5–0.9 s on a loaded machine): the database holds the change. Once a write has failed or storage
      // is low, the browser may discard the database at the next start, and the copy is all that is left.
      this.step = 'copy';
      if (this.sawFailure || this.options.storageLow?.()) {
        this.cancelCopy();
        await this.writeCopy(current(this.saved.history));
      } else this.copyWhenQuiet();
    } finally {
      this.step = null;
    }
  }

  /** The usual save: only what changed since the last write, checked against the stored pointers. */
  private async writeDifference(plan: WritePlan): Promise<void> {
    const reviews = this.pendingReviews;
    const errorCount = this.pendingErrorCount;
    this.pendingReviews = new Map();
    this.pendingErrorCount = null;
    const updated = this.options.timers.now();
    try {
      const { name, ...stats } = await this.options.writer.write(this.draftId, planRows(plan), {
        expected: this.stamp,
        reviews,
        errorCount: errorCount ? errorCount.value : undefined,
        updated,
      });
      this.saved = plan.next;
      this.stamp = { baseSeq: plan.next.baseSeq, headSeq: plan.next.headSeq, lastSeq: plan.next.lastSeq, updated };
      this.meta = { ...this.meta, name };
      this.options.onWrite?.(stats);
    } catch (error) {
      // Nothing was written (one transaction), or, given up with no answer, maybe all of it: put back
      // what newer calls have not superseded (writing a review or a count twice is harmless).
      for (const [k, v] of reviews) if (!this.pendingReviews.has(k)) this.pendingReviews.set(k, v);
      if (errorCount && !this.pendingErrorCount) this.pendingErrorCount = errorCount;
      if (isInDoubt(error)) {
        const n = plan.next;
        this.inDoubt = { saved: n, stamp: { baseSeq: n.baseSeq, headSeq: n.headSeq, lastSeq: n.lastSeq, updated } };
      }
      this.onFailure(error);
      throw error;
    }
  }

  /** After a write given up with no answer: from the draft's stamp now, whether it landed (see inDoubt). */
  private async settleInDoubt(): Promise<void> {
    const d = this.inDoubt!;
    let row;
    try {
      row = await this.db.drafts.get(this.draftId);
    } catch (error) {
      this.onFailure(error); // still in doubt: the next attempt reads again
      throw error;
    }
    const s = d.stamp;
    if (row && row.baseSeq === s.baseSeq && row.headSeq === s.headSeq && row.lastSeq === s.lastSeq && row.updated === s.updated) {
      this.saved = d.saved;
      this.stamp = s;
    }
    this.inDoubt = null;
  }

  /** The draft's rows are gone from the database: write all of it again from this tab's memory. */
  private async rewrite(): Promise<void> {
    const updated = this.options.timers.now();
    const m = this.meta;
    const errorCount = this.pendingErrorCount?.value ?? null;
    try {
      this.saved = await rewriteDraft(this.db, { ...m, updated, errorCount }, this.latest, this.reviews);
    } catch (error) {
      this.onFailure(error);
      throw error;
    }
    this.pendingReviews = new Map();
    this.pendingErrorCount = null;
    this.vanished = false;
    this.stamp = { baseSeq: this.saved.baseSeq, headSeq: this.saved.headSeq, lastSeq: this.saved.lastSeq, updated };
  }

  private onFailure(error: unknown): void {
    this.sawFailure = true;
    // Retrying cannot help when another writer changed the draft: stop, keep the changes in memory.
    if (error instanceof DraftConflictError) this.becomeReadOnly('changed-elsewhere', error);
    else if (error instanceof DraftNotFoundError) {
      // Deleted on purpose (the drafts screen of any tab takes it off the marker first): stop writing.
      // Otherwise the browser lost it (a store discarded after a full disk): the retry writes it whole.
      if (this.options.marker?.read()?.includes(this.draftId)) this.vanished = true;
      else this.becomeReadOnly('deleted-elsewhere', error);
    } else this.needsReopen = true;
  }

  /** The second copy once saves have paused for copyQuietMs; a save before then puts it off again. */
  private copyWhenQuiet(): void {
    this.cancelCopy();
    this.copyTimer = this.options.timers.setTimeout(() => {
      this.copyTimer = null;
      void this.writeCopy(current(this.saved.history));
    }, this.options.copyQuietMs ?? COPY_QUIET_MS);
  }

  private cancelCopy(): void {
    if (this.copyTimer !== null) this.options.timers.clearTimeout(this.copyTimer);
    this.copyTimer = null;
  }

  /** The waiting copy started now, and every copy written. */
  private copyNow(): Promise<void> {
    if (this.copyTimer !== null) {
      this.cancelCopy();
      void this.writeCopy(current(this.saved.history));
    }
    return this.copies;
  }

  /** The second copy of what was just saved. Its failure does not undo the save; it is reported. */
  private writeCopy(coverage: Coverage): Promise<void> {
    const mirror = this.options.mirror;
    if (!mirror) return Promise.resolve();
    const snapshot = { draft: this.meta, savedAt: this.options.timers.now(), coverage, reviews: new Map(this.reviews) };
    // One copy at a time: two writable streams on one file would fight.
    this.copies = this.copies.then(async () => {
      try {
        await mirror.write(snapshot);
        this.options.onMirrorError?.(null);
      } catch (error) {
        this.options.onMirrorError?.(error);
      }
    });
    return this.copies;
  }

  private becomeReadOnly(reason: 'taken-over' | 'changed-elsewhere' | 'deleted-elsewhere', error?: unknown): void {
    // Another tab writes the draft now (or it is gone): a copy of this tab's state would overwrite its copies.
    this.cancelCopy();
    this.autosave.stop();
    this.handingOver = false;
    this.currentAccess = 'read-only';
    this.readOnlyReason = reason;
    this.handOverError = error ?? null;
    this.emit();
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }
}
