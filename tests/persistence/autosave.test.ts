import { describe, expect, it, vi } from 'vitest';
import { perform, type History } from '../../src/core/history/history';
import { Autosave } from '../../src/persistence/autosave';
import { countWrites, ManualTimers, moveEdit, plain, quotaError, settle, storeFor, tinyCoverage, uniqueDbName } from './helpers';

function harness(options: { fail?: () => boolean } = {}) {
  const timers = new ManualTimers();
  const writes: number[] = [];
  let failNext = options.fail ?? (() => false);
  const save = new Autosave({
    timers,
    throttleMs: 400,
    retryDelayMs: (n) => 1000 * n,
    write: async () => {
      if (failNext()) throw quotaError();
      writes.push(timers.now());
    },
  });
  const statuses: string[] = [];
  save.subscribe(() => statuses.push(save.status().kind));
  return { timers, writes, save, statuses, setFail: (f: () => boolean) => { failNext = f; } };
}

/** An autosave (window 400 ms) whose first write waits until `release()`; later writes end at once. */
function firstWriteHeld() {
  const timers = new ManualTimers();
  let n = 0;
  let release!: () => void;
  const save = new Autosave({
    timers,
    throttleMs: 400,
    write: () => {
      n++;
      return n === 1 ? new Promise<void>((r) => { release = r; }) : Promise.resolve();
    },
  });
  return { save, timers, calls: () => n, release: () => release() };
}

describe('autosave', () => {
  it('refuses to schedule a write before the first load has finished', () => {
    const { save, writes } = harness();
    expect(() => save.schedule()).toThrow(/before the first load finished/);
    expect(writes).toEqual([]);
  });

  it('writes the first change of a quiet window at once, then one write per window for what follows', async () => {
    const { save, timers, writes, statuses } = harness();
    save.start();
    const t0 = timers.now();
    save.schedule();
    save.schedule(); // the same task's other changes ride along
    expect(save.status().kind).toBe('saving');
    await settle(0);
    expect(writes).toEqual([t0]);
    for (let i = 0; i < 10; i++) {
      save.schedule();
      timers.advance(30);
      await settle(0);
    }
    // Within the window after the first write started: waiting for its end.
    expect(writes).toEqual([t0]);
    expect(save.status().kind).toBe('saving');
    timers.advance(100);
    await settle(0);
    expect(writes).toEqual([t0, t0 + 400]);
    expect(save.status()).toEqual({ kind: 'saved', at: t0 + 400 });
    expect(statuses).toEqual(['saving', 'saved', 'saving', 'saved']);
    // A change after a quiet window is written at once again.
    timers.advance(1000);
    save.schedule();
    await settle(0);
    expect(writes).toEqual([t0, t0 + 400, t0 + 1400]);
  });

  it('a change during a write is written by the next window, not lost', async () => {
    const { save, timers, calls, release } = firstWriteHeld();
    save.start();
    save.schedule();
    await settle(0);
    expect(calls()).toBe(1);
    timers.advance(100);
    save.schedule(); // while the first write is in flight
    await settle(0);
    expect(timers.pending()).toBe(1); // the stall watchdog alone: no second write is armed yet
    expect(calls()).toBe(1);
    release();
    await settle(0);
    expect(save.status().kind).toBe('saving');
    timers.advance(299);
    await settle(0);
    expect(calls()).toBe(1);
    timers.advance(1);
    await settle(0);
    expect(calls()).toBe(2);
    expect(save.status().kind).toBe('saved');
  });

  it('a derived change is written without turning "saved" into "saving", even while a user change is written', async () => {
    const { save, timers, calls, release } = firstWriteHeld();
    const statuses: string[] = [];
    save.subscribe(() => statuses.push(save.status().kind));
    save.start();
    save.schedule(); // the user's edit
    await settle(0);
    expect(calls()).toBe(1);
    timers.advance(50);
    save.schedule(true); // the checks of it report a new error count meanwhile
    release();
    await settle(0);
    // The edit is saved; the count waits for its window without saying "saving".
    expect(save.status()).toEqual({ kind: 'saved', at: timers.now() });
    expect(save.pending()).toBe(true);
    timers.advance(350);
    await settle(0);
    expect(calls()).toBe(2);
    expect(save.pending()).toBe(false);
    expect(statuses).toEqual(['saving', 'saved']);
    // A derived change alone never shows "saving" either.
    timers.advance(1000);
    save.schedule(true);
    expect(save.status().kind).toBe('saved');
    await settle(0);
    expect(calls()).toBe(3);
    expect(statuses).toEqual(['saving', 'saved']);
  });

  it('reports a failed write with its reason, retries it, and reports the recovery', async () => {
    let failing = true;
    const { save, timers, writes } = harness({ fail: () => failing });
    save.start();
    save.schedule();
    timers.advance(400);
    await settle(0);
    const s = save.status();
    expect(s.kind).toBe('error');
    expect(s.kind === 'error' && s.reason).toBe('QuotaExceededError: The quota has been exceeded.');
    expect(s.kind === 'error' && s.retryInMs).toBe(1000);
    timers.advance(1000);
    await settle(0);
    expect(save.status().kind === 'error' && (save.status() as { retryInMs: number }).retryInMs).toBe(2000);
    failing = false;
    save.schedule(); // a new change while in error: the status stays "error" until a write succeeds
    expect(save.status().kind).toBe('error');
    timers.advance(2000);
    await settle(0);
    expect(writes).toHaveLength(1);
    expect(save.status().kind).toBe('saved');
  });

  it('says a write has had no answer after the stall time, keeps waiting, and says saved when it ends', async () => {
    const { save, timers, calls, release } = firstWriteHeld();
    const statuses: string[] = [];
    save.subscribe(() => statuses.push(save.status().kind));
    save.start();
    const t0 = timers.now();
    save.schedule();
    await settle(0);
    expect(calls()).toBe(1);
    timers.advance(9_999);
    expect(save.status().kind).toBe('saving');
    timers.advance(1);
    expect(save.status()).toEqual({ kind: 'stalled', since: t0 });
    expect(save.pending()).toBe(true);
    // A change meanwhile keeps the stall shown: it waits behind the same write.
    save.schedule();
    expect(save.status().kind).toBe('stalled');
    timers.advance(60_000);
    expect(calls()).toBe(1);
    release();
    await settle(0);
    // The held write ended; the change made meanwhile is written at once (its window is long over).
    timers.advance(0);
    await settle(0);
    expect(calls()).toBe(2);
    expect(save.status().kind).toBe('saved');
    expect(save.pending()).toBe(false);
    expect(statuses).toEqual(['saving', 'stalled', 'saving', 'saved']);
    expect(timers.pending()).toBe(0);
  });

  it('a stuck write of derived data shows nothing, but a user change behind it says it is stalled', async () => {
    const { save, timers, calls, release } = firstWriteHeld();
    save.start();
    const t0 = timers.now();
    save.schedule(true); // the error count, say
    await settle(0);
    expect(calls()).toBe(1);
    timers.advance(10_000);
    expect(save.status()).toEqual({ kind: 'saved', at: null });
    timers.advance(10_000);
    save.schedule(); // the user's edit waits behind the stuck write
    expect(save.status()).toEqual({ kind: 'stalled', since: t0 });
    release();
    await settle(0);
    timers.advance(0);
    await settle(0);
    expect(calls()).toBe(2);
    expect(save.status().kind).toBe('saved');
  });

  it('a retry that gets no answer turns "not saved, retrying" into stalled; a stall that ends in failure says so', async () => {
    const timers = new ManualTimers();
    const held: { resolve: () => void; reject: (e: unknown) => void }[] = [];
    const save = new Autosave({
      timers,
      throttleMs: 400,
      retryDelayMs: () => 1000,
      write: () => new Promise<void>((resolve, reject) => held.push({ resolve, reject })),
    });
    save.start();
    save.schedule();
    await settle(0);
    held[0]!.reject(quotaError());
    await settle(0);
    expect(save.status()).toMatchObject({ kind: 'error', retryInMs: 1000 });
    timers.advance(1000); // the retry starts, and hangs
    await settle(0);
    expect(held).toHaveLength(2);
    const retryStart = timers.now();
    timers.advance(10_000);
    expect(save.status()).toEqual({ kind: 'stalled', since: retryStart });
    held[1]!.reject(quotaError());
    await settle(0);
    expect(save.status()).toMatchObject({ kind: 'error', retryInMs: 1000 });
    expect(save.pending()).toBe(true);
    // stop() during a stall: no timer is left, the status no longer changes.
    timers.advance(1000);
    await settle(0);
    timers.advance(10_000);
    expect(save.status().kind).toBe('stalled');
    save.stop();
    expect(timers.pending()).toBe(0);
  });

  it('a write that answers before the stall time never shows a stall, and leaves no timer behind', async () => {
    const { save, timers, calls, release } = firstWriteHeld();
    save.start();
    save.schedule();
    await settle(0);
    timers.advance(9_000);
    release();
    await settle(0);
    expect(calls()).toBe(1);
    expect(save.status().kind).toBe('saved');
    expect(timers.pending()).toBe(0);
    timers.advance(60_000);
    expect(save.status().kind).toBe('saved');
  });

  it('two flushes waiting on one write both wait for the write that follows it', async () => {
    const timers = new ManualTimers();
    const held: (() => void)[] = [];
    const save = new Autosave({ timers, throttleMs: 400, write: () => new Promise<void>((r) => held.push(r)) });
    save.start();
    save.schedule();
    await settle(0);
    expect(held).toHaveLength(1);
    save.schedule(); // a change while the first write runs
    let a = false;
    let b = false;
    void save.flush().then(() => (a = true));
    void save.flush().then(() => (b = true));
    held[0]!();
    await settle(0);
    expect(held).toHaveLength(2); // the change's write started; neither flush has ended
    expect([a, b]).toEqual([false, false]);
    held[1]!();
    await settle(0);
    expect([a, b]).toEqual([true, true]);
    expect(save.pending()).toBe(false);
  });

  it('flush writes now and rejects with the write error', async () => {
    const { save } = harness({ fail: () => true });
    save.start();
    save.schedule();
    await expect(save.flush()).rejects.toThrow('The quota has been exceeded.');
    expect(save.status().kind).toBe('error');
  });
});

describe('autosave of a draft', () => {
  it('a failed write keeps the last good state in the database and retries until everything is saved', async () => {
    const name = uniqueDbName('autosave-fail');
    const timers = new ManualTimers();
    const store = storeFor(name, { timers, throttleMs: 400, retryDelayMs: () => 1000 });
    const counter = countWrites(store.db);
    const draft = await store.create({ name: 'A', province: '31', dataVersion: 't', base: tinyCoverage() });
    const o = await store.open(draft.id);
    let h: History = perform(o.history, moveEdit(0, -1, -1), 'move-vertex');
    o.session.record(h);
    timers.advance(400);
    // Wait on what the session says, not a fixed sleep: IndexedDB takes its time on a loaded machine.
    await vi.waitFor(() => expect(o.session.status()).toEqual({ kind: 'saved', at: timers.now() }), { timeout: 60_000 });

    counter.failOn = { table: 'steps', error: quotaError };
    const good = h;
    h = perform(h, moveEdit(1, 5, 5), 'move-vertex');
    o.session.record(h);
    o.session.setReview('gap:x', { status: 'open', reason: '', author: 'an', time: 1 });
    timers.advance(400);
    await vi.waitFor(() => expect(o.session.status().kind).toBe('error'), { timeout: 60_000 });
    const status = o.session.status();
    expect(status.kind === 'error' && status.reason).toMatch(/QuotaExceededError/);

    // Another reader sees the last good state, whole (the failed transaction wrote nothing).
    const reader = storeFor(name);
    const seen = await reader.open(draft.id, { mode: 'read-only' });
    expect(seen.history.steps).toHaveLength(2);
    expect(plain(seen.history.steps[1]!.coverage)).toEqual(plain(good.steps[1]!.coverage));
    expect(seen.reviews.size).toBe(0);
    expect(await reader.db.drafts.get(draft.id)).toMatchObject({ headSeq: 1, lastSeq: 1 });
    reader.close();

    counter.failOn = null;
    timers.advance(1000);
    await vi.waitFor(() => expect(o.session.status().kind).toBe('saved'), { timeout: 60_000 });
    await o.session.close();
    const after = await store.open(draft.id);
    expect(after.history.steps).toHaveLength(3);
    expect(after.reviews.get('gap:x')?.status).toBe('open');
    store.close();
  });

  it('a read-only session never writes', async () => {
    const name = uniqueDbName('readonly');
    const store = storeFor(name);
    const counter = countWrites(store.db);
    const draft = await store.create({ name: 'A', province: '31', dataVersion: 't', base: tinyCoverage() });
    const o = await store.open(draft.id, { mode: 'read-only' });
    counter.reset();
    o.session.record(perform(o.history, moveEdit(0, -1, -1), 'move-vertex'));
    await o.session.flush();
    expect(counter.total()).toBe(0);
    expect(o.session.status()).toEqual({ kind: 'read-only', reason: 'requested', error: null });
    store.close();
  });
});
