// The page side of updates: a waiting build is announced, and accepting it saves first, then asks the
// waiting worker to take over, then reloads once it has (never before, never if saving failed).
import { describe, expect, it } from 'vitest';
import { ServiceWorkerUpdate, type RegistrationLike, type WorkerContainer, type WorkerLike } from '../../src/app/app-update';

class FakeWorker implements WorkerLike {
  state = 'installing';
  readonly messages: unknown[] = [];
  private readonly listeners: (() => void)[] = [];
  postMessage(message: unknown): void {
    this.messages.push(message);
  }
  addEventListener(_type: 'statechange', fn: () => void): void {
    this.listeners.push(fn);
  }
  setState(state: string): void {
    this.state = state;
    for (const l of this.listeners) l();
  }
}

class FakeRegistration implements RegistrationLike {
  installing: FakeWorker | null = null;
  waiting: FakeWorker | null = null;
  updates = 0;
  private readonly listeners: (() => void)[] = [];
  async update(): Promise<void> {
    this.updates++;
  }
  addEventListener(_type: 'updatefound', fn: () => void): void {
    this.listeners.push(fn);
  }
  /** A new build is found and installs; it then waits. */
  install(worker: FakeWorker): void {
    this.installing = worker;
    for (const l of this.listeners) l();
    this.installing = null;
    this.waiting = worker;
    worker.setState('installed');
  }
}

class FakeContainer implements WorkerContainer {
  private readonly listeners: (() => void)[] = [];
  blocked = false;
  constructor(
    public controller: FakeWorker | null,
    readonly registration = new FakeRegistration(),
  ) {}
  async register(): Promise<RegistrationLike | undefined> {
    return this.blocked ? undefined : this.registration;
  }
  addEventListener(_type: 'controllerchange', fn: () => void): void {
    this.listeners.push(fn);
  }
  /** The waiting worker becomes active and controls the page. */
  activate(worker: FakeWorker): void {
    this.registration.waiting = null;
    worker.setState('activated');
    this.controller = worker;
    for (const l of this.listeners) l();
  }
}

function setUp(controller: FakeWorker | null, beforeReload: () => Promise<void> = async () => undefined) {
  const container = new FakeContainer(controller);
  const log: string[] = [];
  const update = new ServiceWorkerUpdate(container, {
    beforeReload: async () => {
      log.push('save');
      await beforeReload();
    },
    reload: () => log.push('reload'),
  });
  return { container, update, log };
}

function activated(): FakeWorker {
  const w = new FakeWorker();
  w.state = 'activated';
  return w;
}

describe('ServiceWorkerUpdate', () => {
  it('announces a new build once it has installed and waits', async () => {
    const { container, update } = setUp(activated());
    await update.start('./sw.js');
    expect(update.state.get()).toEqual({ kind: 'none' });
    container.registration.install(new FakeWorker());
    expect(update.state.get()).toEqual({ kind: 'ready' });
  });

  it('announces a build that was already waiting when the page opened', async () => {
    const { container, update } = setUp(activated());
    const waiting = new FakeWorker();
    waiting.state = 'installed';
    container.registration.waiting = waiting;
    await update.start('./sw.js');
    expect(update.state.get()).toEqual({ kind: 'ready' });
  });

  it('says nothing about the first visit (no controller yet): that worker is the app going offline', async () => {
    const { container, update } = setUp(null);
    await update.start('./sw.js');
    const first = new FakeWorker();
    container.registration.install(first);
    container.activate(first); // clients.claim()
    expect(update.state.get()).toEqual({ kind: 'none' });
  });

  it('tells the worker the page started, so it can drop caches no tab needs', async () => {
    const controller = activated();
    const { update } = setUp(controller);
    await update.start('./sw.js');
    expect(controller.messages).toEqual([{ type: 'started' }]);
  });

  it('saves first, then asks the waiting worker to take over, and reloads only when it has', async () => {
    let finishSave!: () => void;
    const { container, update, log } = setUp(activated(), () => new Promise<void>((r) => (finishSave = r)));
    await update.start('./sw.js');
    const next = new FakeWorker();
    container.registration.install(next);
    const applying = update.apply();
    expect(update.state.get()).toEqual({ kind: 'applying' });
    expect(log).toEqual(['save']);
    expect(next.messages).toEqual([]); // nothing moves before the draft is saved
    finishSave();
    await applying;
    expect(next.messages).toEqual([{ type: 'skip-waiting' }]);
    expect(log).toEqual(['save']); // not yet: the old worker still controls the page
    container.activate(next);
    expect(log).toEqual(['save', 'reload']);
  });

  it('does not reload when saving fails, and says why', async () => {
    const { container, update, log } = setUp(activated(), async () => {
      throw new Error('QuotaExceededError');
    });
    await update.start('./sw.js');
    const next = new FakeWorker();
    container.registration.install(next);
    await update.apply();
    expect(update.state.get()).toEqual({ kind: 'failed', reason: 'QuotaExceededError' });
    expect(next.messages).toEqual([]);
    expect(log).toEqual(['save']);
  });

  it('a tab left behind when another tab activated the new build offers to reload, and just reloads', async () => {
    const { container, update, log } = setUp(activated());
    await update.start('./sw.js');
    const next = new FakeWorker();
    container.registration.install(next);
    container.activate(next); // another tab accepted the update
    expect(update.state.get()).toEqual({ kind: 'ready' });
    expect(log).toEqual([]); // this tab is not reloaded under the user's hands
    await update.apply();
    expect(log).toEqual(['save', 'reload']);
  });

  it('reloads if the waiting worker is replaced instead of activated', async () => {
    const { container, update, log } = setUp(activated());
    await update.start('./sw.js');
    const next = new FakeWorker();
    container.registration.install(next);
    await update.apply();
    next.setState('redundant');
    expect(log).toEqual(['save', 'reload']);
  });

  it('does nothing where registration is stubbed out (resolves with no registration)', async () => {
    const { container, update } = setUp(null);
    container.blocked = true;
    expect(await update.start('./sw.js')).toBeNull();
    await update.check();
    expect(update.state.get()).toEqual({ kind: 'none' });
  });

  it('checks for a new build on demand', async () => {
    const { container, update } = setUp(activated());
    await update.start('./sw.js');
    await update.check();
    expect(container.registration.updates).toBe(1);
  });
});
