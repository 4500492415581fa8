// One open draft: receives the editor's history after each change and lets the autosave write the
// difference. Writes go through a single queue (the autosave), so they never overlap or reorder.
import type { History } from '../core/history/history';
import type { Access, DraftSession, ReadOnlyReason, Review, SaveStatus } from '../editor/draft-store-port';
import { Autosave, type Timers } from './autosave';
import type { WorkspaceDb } from './db';
import { DraftConflictError, stampOf, writePlan, type RowStamp, type WriteStats } from './draft-io';
import type { TabLock } from './tab-lock';
import { planWrite, type SavedState } from './write-plan';

export interface SessionOptions {
  readonly maxSteps: number;
  readonly throttleMs?: number;
  readonly retryDelayMs?: (attempt: number) => number;
  readonly timers: Timers;
  /** null = no other tab can exist (or read-only without a lock). */
  readonly lock: TabLock | null;
  readonly access: Access;
  /** Why a session that starts read-only is read-only. */
  readonly readOnlyReason?: ReadOnlyReason;
  readonly onWrite?: (stats: WriteStats) => void;
}

export class DexieDraftSession implements DraftSession {
  private saved: SavedState;
  private stamp: RowStamp;
  private latest: History;
  private pendingReviews = new Map<string, Review | null>();
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
    this.readOnlyReason = options.readOnlyReason ?? 'open-elsewhere';
    this.autosave = new Autosave({
      write: () => this.write(),
      timers: options.timers,
      ...(options.throttleMs !== undefined ? { throttleMs: options.throttleMs } : {}),
      ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
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
        // Changes recorded while a write was in flight (a gesture's last steps) need another round.
        for (let round = 0; round < 10 && this.autosave.pending(); round++) await this.autosave.flush();
      });
      lock.onLost((_reason, error) => this.becomeReadOnly('taken-over', error));
    }
    if (this.currentAccess === 'read-only') this.autosave.stop();
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
    this.autosave.schedule();
  }

  setErrorCount(count: number | null): void {
    this.pendingErrorCount = { value: count };
    this.autosave.schedule();
  }

  status(): SaveStatus {
    if (this.currentAccess === 'read-only' || this.handingOver) return { kind: 'read-only', reason: this.readOnlyReason, error: this.handOverError };
    return this.autosave.status();
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

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.autosave.flush();
    } finally {
      this.closed = true;
      this.autosave.stop();
      this.options.lock?.release();
    }
  }

  /** The history as last written (tests and diagnostics). */
  savedHistory(): History {
    return this.saved.history;
  }

  private async write(): Promise<void> {
    if (this.currentAccess === 'read-only') throw new Error('this tab does not write the draft (read-only)');
    const plan = planWrite(this.draftId, this.saved, this.latest, this.options.maxSteps);
    const reviews = this.pendingReviews;
    const errorCount = this.pendingErrorCount;
    this.pendingReviews = new Map();
    this.pendingErrorCount = null;
    const updated = this.options.timers.now();
    try {
      const stats = await writePlan(this.db, this.draftId, plan, {
        expected: this.stamp,
        reviews,
        errorCount: errorCount ? errorCount.value : undefined,
        updated,
      });
      this.saved = plan.next;
      this.stamp = { baseSeq: plan.next.baseSeq, headSeq: plan.next.headSeq, lastSeq: plan.next.lastSeq, updated };
      this.options.onWrite?.(stats);
    } catch (error) {
      // Nothing was written (one transaction): put back what newer calls have not superseded.
      for (const [k, v] of reviews) if (!this.pendingReviews.has(k)) this.pendingReviews.set(k, v);
      if (errorCount && !this.pendingErrorCount) this.pendingErrorCount = errorCount;
      // Retrying cannot help when another writer changed the draft: stop, keep the changes in memory.
      if (error instanceof DraftConflictError) this.becomeReadOnly('changed-elsewhere', error);
      throw error;
    }
    this.options.lock?.notifySaved();
  }

  private becomeReadOnly(reason: 'taken-over' | 'changed-elsewhere', error?: unknown): void {
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
