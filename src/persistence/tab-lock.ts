// One writer per draft across tabs. With Web Locks the browser guarantees exclusivity (and frees the lock
// when a tab dies); BroadcastChannel carries the polite part: "please save and stop", "released", "saved".
// Without Web Locks the channel alone elects the writer (a probe that the holder answers), which is racy
// in theory but enough for tabs opened by hand. Browser APIs are injected so that tests can fake them.
import { realTimers, type Timers } from './autosave';

export interface LockOptionsLike {
  readonly ifAvailable?: boolean;
  readonly steal?: boolean;
}

/** The part of navigator.locks we use. */
export interface LockManagerLike {
  request(name: string, options: LockOptionsLike, callback: (lock: unknown) => unknown): Promise<unknown>;
}

/** The part of BroadcastChannel we use. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  close(): void;
}

export interface TabLockDeps {
  readonly locks: LockManagerLike | null;
  readonly channel: ((name: string) => ChannelLike) | null;
  /** Distinguishes this tab's messages from others'. */
  readonly tabId: string;
  readonly timers?: Timers;
  /** How long a take-over waits for the holder to answer before taking the lock anyway (a hung tab). */
  readonly releaseTimeoutMs?: number;
  /**
   * How long a take-over waits, once the holder has answered, for it to save and let go. Long: the holder
   * is alive and writing, and taking the lock from it mid-write would lose what it accepted.
   */
  readonly handOverTimeoutMs?: number;
  /** Channel-only mode: how long to wait for a holder to answer. */
  readonly probeMs?: number;
}

type Message =
  | { readonly kind: 'probe' | 'held' | 'release-request' | 'releasing' | 'released' | 'saved'; readonly from: string };

export type LostReason = 'taken-over';

export class TabLock {
  private readonly timers: Timers;
  private channel: ChannelLike | null = null;
  private holding = false;
  private releaseLock: (() => void) | null = null;
  private beforeRelease: (() => Promise<void>) | null = null;
  private readonly lostListeners = new Set<(reason: LostReason, error?: unknown) => void>();
  private readonly releasingListeners = new Set<() => void>();
  private readonly savedListeners = new Set<() => void>();
  private readonly waiters = new Set<(m: Message) => void>();

  constructor(readonly name: string, private readonly deps: TabLockDeps) {
    this.timers = deps.timers ?? realTimers;
    if (deps.channel) {
      this.channel = deps.channel(name);
      this.channel.addEventListener('message', this.onMessage);
    }
  }

  isHolding(): boolean {
    return this.holding;
  }

  /** Takes the lock if no other tab holds it; resolves to whether this tab now writes. */
  async acquire(): Promise<boolean> {
    if (this.deps.locks) return this.requestWebLock(false);
    if (this.channel && (await this.someoneHolds())) return false;
    this.holding = true;
    return true;
  }

  /** Asks the holder to save and stop, then takes the lock (by force after the timeout). */
  async takeOver(): Promise<void> {
    if (await this.acquire()) return;
    if (this.channel) {
      // Both waits start before the request, so a fast answer is never missed. A holder that answers is
      // given time to save everything it accepted; one that does not answer (hung) loses the lock. With
      // Web Locks a holder is alive (the browser frees a dead tab's lock, and acquire() above then
      // succeeded): one that is slow to answer is busy, often with the very edits it must save, and gets
      // the same time. Taking the lock from it after the short wait lost what it had accepted.
      const answered = this.waitFor('releasing', this.deps.releaseTimeoutMs ?? 3000);
      const released = this.waitFor('released', this.deps.handOverTimeoutMs ?? 120_000);
      this.post('release-request');
      if ((await answered) || this.deps.locks) await released;
    }
    if (this.deps.locks) {
      if (!(await this.requestWebLock(true))) throw new Error(`could not take the lock ${this.name}`);
    } else {
      this.holding = true;
    }
  }

  /** Runs before this tab lets go for another tab's take-over (save what is pending, stop writing). */
  setBeforeRelease(fn: () => Promise<void>): void {
    this.beforeRelease = fn;
  }

  /** Called when another tab asks for the draft: from now on this tab must accept no new edits. */
  onReleasing(listener: () => void): () => void {
    this.releasingListeners.add(listener);
    return () => this.releasingListeners.delete(listener);
  }

  onLost(listener: (reason: LostReason, error?: unknown) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  onExternalSave(listener: () => void): () => void {
    this.savedListeners.add(listener);
    return () => this.savedListeners.delete(listener);
  }

  /** Tells the other tabs that this one has written the draft. */
  notifySaved(): void {
    this.post('saved');
  }

  release(): void {
    this.holding = false;
    this.releaseLock?.();
    this.releaseLock = null;
    this.channel?.removeEventListener('message', this.onMessage);
    this.channel?.close();
    this.channel = null;
  }

  private requestWebLock(steal: boolean): Promise<boolean> {
    const locks = this.deps.locks!;
    return new Promise<boolean>((resolve, reject) => {
      let granted = false;
      const request = locks.request(this.name, steal ? { steal: true } : { ifAvailable: true }, (lock) => {
        if (!lock) {
          resolve(false);
          return undefined;
        }
        granted = true;
        this.holding = true;
        resolve(true);
        return new Promise<void>((r) => {
          this.releaseLock = r;
        });
      });
      request.then(
        () => undefined,
        (error: unknown) => {
          if (!granted) reject(error);
          else if (this.holding) this.lose(error); // another tab stole the lock (AbortError)
        },
      );
    });
  }

  private lose(error?: unknown): void {
    this.holding = false;
    this.releaseLock = null;
    for (const l of [...this.lostListeners]) l('taken-over', error);
  }

  private readonly onMessage = (event: { readonly data: unknown }): void => {
    const m = event.data as Message;
    if (!m || typeof m !== 'object' || m.from === this.deps.tabId) return;
    for (const w of [...this.waiters]) w(m);
    if (m.kind === 'probe' && this.holding) this.post('held');
    else if (m.kind === 'saved') for (const l of [...this.savedListeners]) l();
    else if (m.kind === 'release-request' && this.holding) void this.handOver();
  };

  private async handOver(): Promise<void> {
    this.post('releasing');
    // Stop accepting edits first, then save: an edit accepted after the last save would be lost.
    for (const l of [...this.releasingListeners]) l();
    let error: unknown;
    try {
      await this.beforeRelease?.();
    } catch (e) {
      error = e; // handed to the lost listeners, which show it: the pending changes stay in this tab's memory
    }
    const release = this.releaseLock;
    this.lose(error);
    release?.();
    this.post('released');
  }

  private someoneHolds(): Promise<boolean> {
    const answered = this.waitFor('held', this.deps.probeMs ?? 150);
    this.post('probe');
    return answered;
  }

  /** Resolves true when a message of that kind arrives, false after the timeout. */
  private waitFor(kind: Message['kind'], timeoutMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const waiter = (m: Message) => {
        if (m.kind !== kind) return;
        this.waiters.delete(waiter);
        this.timers.clearTimeout(timer);
        resolve(true);
      };
      const timer = this.timers.setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private post(kind: Message['kind']): void {
    this.channel?.postMessage({ kind, from: this.deps.tabId } satisfies Message);
  }
}
