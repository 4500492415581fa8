// Throttled, coalescing autosave, framework-free. It does not hold the data: `write` saves whatever is
// newest when it runs, so every change marked within one window costs one write. It refuses to run before
// the first load has finished (a write then would overwrite the draft with an empty or half-loaded state),
// keeps retrying a failed write (the database keeps its last good state, the pending changes stay in
// memory), and reports every failure through its status: nothing is swallowed.
import { DEFAULT_STALL_MS } from '../editor/draft-store-port';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
  now: () => Date.now(),
};

export type AutosaveStatus =
  | { readonly kind: 'saved'; readonly at: number | null }
  | { readonly kind: 'saving' }
  /** A write has had no answer for a while (`since`: when it started); it is still awaited. */
  | { readonly kind: 'stalled'; readonly since: number }
  | { readonly kind: 'error'; readonly reason: string; readonly error: unknown; readonly retryInMs: number | null };

export interface AutosaveOptions {
  readonly write: () => Promise<void>;
  /** Shortest time between the starts of two writes; so also the longest a change waits for its write. */
  readonly throttleMs?: number;
  /** Delay before retry number `attempt` (1, 2, ...) of a failed write. */
  readonly retryDelayMs?: (attempt: number) => number;
  readonly timers?: Timers;
  /** How long a write may run before the status says it has had no answer. */
  readonly stallMs?: number;
}

// Long enough that a burst of changes coalesces into few writes, short enough that "saved" shows within a
// second of the last change on a loaded machine (the save itself runs in a worker, see draft-writer.ts).
export const DEFAULT_THROTTLE_MS = 150;
// Short and capped: after a full disk is freed the officer should see "saved" within seconds.
const defaultRetry = (attempt: number) => Math.min(5000, 500 * 2 ** (attempt - 1));
export { DEFAULT_STALL_MS };

export class Autosave {
  private readonly write: () => Promise<void>;
  private readonly throttleMs: number;
  private readonly retryDelayMs: (attempt: number) => number;
  private readonly timers: Timers;
  private readonly stallMs: number;
  private stallTimer: unknown = null;
  /** When the write in flight started, once it has gone unanswered for `stallMs`; else null. */
  private stalledSince: number | null = null;
  private loaded = false;
  private stopped = false;
  private dirty = false;
  /** Some of the pending changes are the user's (not only derived): the status says "saving". */
  private shown = false;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  /** A write is queued as a microtask. */
  private soon = false;
  /** When the last write started (timers.now()), for the throttle window. */
  private lastStart: number | null = null;
  private failures = 0;
  private current: AutosaveStatus = { kind: 'saved', at: null };
  private readonly listeners = new Set<() => void>();

  constructor(options: AutosaveOptions) {
    this.write = options.write;
    this.throttleMs = options.throttleMs ?? DEFAULT_THROTTLE_MS;
    this.retryDelayMs = options.retryDelayMs ?? defaultRetry;
    this.timers = options.timers ?? realTimers;
    this.stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  }

  /** The first load has finished: changes may be written from now on. */
  start(): void {
    this.loaded = true;
  }

  /** No more writes (the tab lost the draft to another tab, or the session closed). */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.clearStallTimer();
    this.stalledSince = null;
  }

  status(): AutosaveStatus {
    return this.current;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Something changed. The first change after a quiet window is written at once (after the current task's
   * other changes, which ride along); changes while a write runs, or within the window after one started,
   * wait for the window's end and go in one write. A `derived` change (a count the app computes again
   * from the data, such as the draft's error count) is written the same way but does not turn the status
   * to "saving": the user's edit is saved once its own write has committed, not when the checks of it end.
   */
  schedule(derived = false): void {
    if (!this.loaded) throw new Error('autosave: a change was recorded before the first load finished');
    if (this.stopped) return;
    this.dirty = true;
    if (!derived) this.shown = true;
    // Behind a write that has had no answer (one of derived data alone, which showed nothing), say so.
    if (this.shown && this.current.kind === 'saved') this.setStatus(this.stalledSince === null ? { kind: 'saving' } : { kind: 'stalled', since: this.stalledSince });
    if (this.timer !== null || this.inFlight !== null || this.soon) return;
    const wait = this.windowLeft();
    if (wait > 0) return this.arm(wait);
    // A microtask, not a timer: on a busy tab a timer waits behind the map's drawing and the checks.
    this.soon = true;
    queueMicrotask(() => {
      this.soon = false;
      if (this.timer === null && this.inFlight === null) void this.run().catch(() => undefined); // reported through the status
    });
  }

  /** True while a change is not yet written (waiting, being written, or failed). */
  pending(): boolean {
    return this.dirty || this.inFlight !== null;
  }

  /** Writes pending changes now and waits; rejects with the write's error. */
  async flush(): Promise<void> {
    // A loop: with two callers waiting on one write, the first starts the next write when it ends, and
    // the second must wait for that one too. A failure is already reported; the retry below reports again.
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    if (!this.dirty || this.stopped) return;
    this.clearTimer();
    await this.run();
  }

  /** Time until the window after the last write's start ends (0: it has ended). */
  private windowLeft(): number {
    return this.lastStart === null ? 0 : Math.max(0, this.lastStart + this.throttleMs - this.timers.now());
  }

  private arm(ms: number): void {
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.run().catch(() => undefined); // reported through the status and retried by run()
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private clearStallTimer(): void {
    if (this.stallTimer !== null) this.timers.clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }

  private run(): Promise<void> {
    if (!this.dirty || this.stopped) return Promise.resolve();
    this.dirty = false;
    const shown = this.shown;
    this.shown = false;
    this.lastStart = this.timers.now();
    if (shown && this.current.kind === 'saved') this.setStatus({ kind: 'saving' });
    const since = this.lastStart;
    // A status that says "saving", or that a failed write is retried (this is the retry), turns to
    // "stalled"; with nothing of the user's pending ("saved") it stays, until a user change comes.
    this.stallTimer = this.timers.setTimeout(() => {
      this.stallTimer = null;
      this.stalledSince = since;
      if (this.current.kind !== 'saved') this.setStatus({ kind: 'stalled', since });
    }, this.stallMs);
    const attempt = (async () => {
      try {
        await this.write();
      } catch (error) {
        this.dirty = true;
        this.shown ||= shown;
        this.failures++;
        const delay = this.retryDelayMs(this.failures);
        this.setStatus({ kind: 'error', reason: describe(error), error, retryInMs: this.stopped ? null : delay });
        if (!this.stopped && this.timer === null) this.arm(delay);
        throw error;
      } finally {
        this.inFlight = null;
        this.clearStallTimer();
        this.stalledSince = null;
      }
      this.failures = 0;
      // What this write held is saved; changes made meanwhile keep "saving" only if they are the user's.
      if (this.dirty && this.shown) this.setStatus({ kind: 'saving' });
      else if (shown || this.current.kind !== 'saved') this.setStatus({ kind: 'saved', at: this.timers.now() });
      if (this.dirty && !this.stopped && this.timer === null) this.arm(this.windowLeft());
    })();
    this.inFlight = attempt;
    return attempt;
  }

  private setStatus(s: AutosaveStatus): void {
    this.current = s;
    for (const l of [...this.listeners]) l();
  }
}

/** "QuotaExceededError: ..." — the error's name and message, following Dexie's inner errors. */
export function describe(error: unknown): string {
  if (error instanceof Error) {
    const inner = (error as { inner?: unknown }).inner;
    const text = `${error.name}: ${error.message}`;
    return inner instanceof Error && !error.message.includes(inner.message) ? `${text} (${inner.name}: ${inner.message})` : text;
  }
  return String(error);
}
