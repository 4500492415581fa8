// Unsaved changes stay visible while they are written. Switching drafts while the open draft's save has
// not been answered: closing the session writes what is pending first, and until that ends the status
// (and so the warning when the tab closes) still shows it; before, the status was cleared at once and a
// tab switching drafts during a stuck save looked saved. A save that fails, or has had no answer, keeps
// the draft open: switching would leave its changes in a closed session only. Handing the draft over to
// another tab: read-only at once, and still unsaved until the last write ends.
import { describe, expect, it, vi } from 'vitest';
import { actionSetAttributes } from '../../src/core/actions/set-attributes';
import { Editor } from '../../src/editor/editor';
import { UnsavedDraftError, Workspace, type WorkspaceOptions } from '../../src/editor/workspace';
import { DexieDraftStore, type DraftStoreOptions } from '../../src/persistence';
import type { WorkspaceDb } from '../../src/persistence/db';
import { ChannelHub, FakeLocks, storeFor, tinyCoverage, uniqueDbName } from '../persistence/helpers';
import { testProvinces } from '../helpers/province-source';

/**
 * A store with drafts A and B (saves at once, no other tab), and a workspace with A open. `options`
 * go to the store, `wsOptions` to the workspace.
 */
async function twoDrafts(label: string, options: Partial<DraftStoreOptions> = {}, wsOptions: WorkspaceOptions = {}) {
  const store = new DexieDraftStore({ dbName: uniqueDbName(label), locks: null, channel: null, storage: null, throttleMs: 0, ...options });
  const a = await store.create({ name: 'A', province: '31', dataVersion: 't', base: tinyCoverage() });
  const b = await store.create({ name: 'B', province: '31', dataVersion: 't', base: tinyCoverage() });
  const editor = new Editor(null);
  const ws = new Workspace(editor, store, testProvinces(async () => tinyCoverage()), wsOptions);
  await ws.start();
  await ws.open(a.id);
  return { store, a, b, editor, ws };
}

/** Holds the database's read-write transactions (saves) while closed; reads (opening a draft) go on. */
function gateWrites(db: WorkspaceDb): { close(): void; open(): void } {
  let gate: Promise<void> | null = null;
  let release: () => void = () => undefined;
  const original = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
  (db as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = async (...args: unknown[]) => {
    if (gate && args[0] === 'rw') await gate;
    return original(...args);
  };
  return {
    close: () => void (gate = new Promise<void>((r) => (release = r))),
    open: () => {
      gate = null;
      release();
    },
  };
}

/** Fails the database's read-write transactions (saves) while on, as a full disk does. */
function failWrites(db: WorkspaceDb): { on(): void; off(): void } {
  let failing = false;
  const original = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
  (db as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = async (...args: unknown[]) => {
    if (failing && args[0] === 'rw') {
      const e = new Error('Encountered full disk while opening backing store for indexedDB.open.');
      e.name = 'QuotaExceededError';
      throw e;
    }
    return original(...args);
  };
  return { on: () => void (failing = true), off: () => void (failing = false) };
}

describe('switching away from a draft whose save fails', () => {
  it('refuses, keeps the draft open with its change, and switches once the change is saved', async () => {
    const { store, a, b, editor, ws } = await twoDrafts('switch-failing', { retryDelayMs: () => 3_600_000 });
    const disk = failWrites(store.db);
    disk.on();
    const unit = [...editor.coverage.get()!.units.keys()][0]!;
    editor.perform(actionSetAttributes(unit, { name: 'Chưa lưu' }), 'rename');
    await vi.waitFor(() => expect(ws.saveStatus.get()?.kind).toBe('error'), { timeout: 60_000 });

    // Another draft, a new draft of a province: both refused, naming the open draft; nothing changed.
    const drafts = (await store.list()).length;
    await expect(ws.open(b.id)).rejects.toBeInstanceOf(UnsavedDraftError);
    await expect(ws.open(b.id)).rejects.toThrow(/the open draft "A" has changes that are not saved yet/);
    await expect(ws.createFromProvince('31')).rejects.toBeInstanceOf(UnsavedDraftError);
    expect((await store.list()).length).toBe(drafts);
    expect(ws.openFailure.get()).toBeNull(); // nothing is wrong with B
    expect(ws.currentDraft.get()?.id).toBe(a.id);
    expect(editor.coverage.get()!.units.get(unit)!.attrs.name).toBe('Chưa lưu');
    expect(ws.hasUnsaved()).toBe(true);

    // The session is still live: an edit made now is kept with the first, and both are saved together.
    editor.perform(actionSetAttributes(unit, { name: 'Vẫn chưa lưu' }), 'rename');
    disk.off();
    await ws.open(b.id);
    expect(ws.currentDraft.get()?.id).toBe(b.id);
    const reopened = await store.open(a.id);
    expect(reopened.history.steps[reopened.history.index]!.coverage.units.get(unit)!.attrs.name).toBe('Vẫn chưa lưu');
    await reopened.session.close();
  });

  it('refuses at once while a save has had no answer', async () => {
    const { store, a, b, editor, ws } = await twoDrafts('switch-stalled', { stallMs: 50 });
    const gate = gateWrites(store.db);
    gate.close();
    const unit = [...editor.coverage.get()!.units.keys()][0]!;
    editor.perform(actionSetAttributes(unit, { name: 'Chưa lưu' }), 'rename');
    await vi.waitFor(() => expect(ws.saveStatus.get()?.kind).toBe('stalled'), { timeout: 60_000 });
    // Not waited for: a write the browser never answers would hold the switch for ever.
    await expect(ws.open(b.id)).rejects.toThrow(/has not answered the last save/);
    expect(ws.currentDraft.get()?.id).toBe(a.id);
    // The browser answers at last: once the change is saved, the switch goes through.
    gate.open();
    await vi.waitFor(() => expect(ws.saveStatus.get()?.kind).toBe('saved'), { timeout: 60_000 });
    await ws.open(b.id);
    expect(ws.currentDraft.get()?.id).toBe(b.id);
  });
});

describe('switching away from a draft whose save never answers or cannot be written', () => {
  it('gives up waiting at the stall limit, even for a write of derived data alone', async () => {
    const { store, a, b, editor, ws } = await twoDrafts('switch-never', { stallMs: 50 }, { stallMs: 50 });
    const gate = gateWrites(store.db);
    gate.close(); // never opened: the browser never answers
    const unit = [...editor.coverage.get()!.units.keys()][0]!;
    editor.perform(actionSetAttributes(unit, { name: 'Chưa lưu' }), 'rename');
    await expect(ws.open(b.id)).rejects.toBeInstanceOf(UnsavedDraftError);
    // Nothing is held: another draft operation still runs (it is refused the same way, not queued for ever).
    await expect(ws.open(b.id)).rejects.toBeInstanceOf(UnsavedDraftError);
    expect(ws.currentDraft.get()?.id).toBe(a.id);
    expect(ws.hasUnsaved()).toBe(true);
  });

  it('no edit lands in the draft being left while the switch runs', async () => {
    const { store, a, b, editor, ws } = await twoDrafts('switch-edit');
    const unit = [...editor.coverage.get()!.units.keys()][0]!;
    // An edit tried while B is being read (A's changes already settled): refused, said, and A unchanged.
    let performed: boolean | null = null;
    let notice: unknown = null;
    const open = store.open.bind(store);
    store.open = async (id, options) => {
      performed = editor.perform(actionSetAttributes(unit, { name: 'Lạc giữa hai bản nháp' }), 'rename');
      notice = editor.notice.get();
      return open(id, options);
    };
    await ws.open(b.id);
    expect(performed).toBe(false);
    expect(notice).toMatchObject({ kind: 'refused', reason: 'read-only' });
    expect(ws.currentDraft.get()?.id).toBe(b.id);
    expect(editor.readOnly.get()).toBe(false);
    const reopened = await open(a.id);
    expect(reopened.history.steps[reopened.history.index]!.coverage.units.get(unit)!.attrs.name).not.toBe('Lạc giữa hai bản nháp');
    await reopened.session.close();
  });

  it('a draft made for the switch is not left behind when the switch is refused', async () => {
    const store = new DexieDraftStore({ dbName: uniqueDbName('switch-orphan'), locks: null, channel: null, storage: null, throttleMs: 0, retryDelayMs: () => 3_600_000 });
    const a = await store.create({ name: 'A', province: '31', dataVersion: 't', base: tinyCoverage() });
    const editor = new Editor(null);
    const ws = new Workspace(editor, store, testProvinces(async () => tinyCoverage()));
    await ws.start();
    await ws.open(a.id);
    const disk = failWrites(store.db);
    const unit = [...editor.coverage.get()!.units.keys()][0]!;
    // The new draft is made; then, before it opens, an edit of A is made whose save fails.
    const create = store.create.bind(store);
    store.create = async (input) => {
      const made = await create(input);
      disk.on();
      editor.perform(actionSetAttributes(unit, { name: 'Trong lúc tạo' }), 'rename');
      return made;
    };
    const remove = vi.spyOn(store, 'remove');
    await expect(ws.createFromProvince('31')).rejects.toBeInstanceOf(UnsavedDraftError);
    // The draft made for it was deleted again (with the disk still full that fails too, and is logged).
    expect(remove).toHaveBeenCalledTimes(1);
    disk.off();
    await ws.remove(remove.mock.calls[0]![0]).catch(() => undefined);
    expect((await store.list()).map((d) => d.id)).toEqual([a.id]);
    expect(ws.currentDraft.get()?.id).toBe(a.id);
    expect(editor.coverage.get()!.units.get(unit)!.attrs.name).toBe('Trong lúc tạo');
  });

  it('a tab that can no longer save its changes keeps them: refused, except into a new draft', async () => {
    const { store, a, b, editor, ws } = await twoDrafts('switch-deleted');
    // Deleted by another tab (through the store, as the drafts screen of that tab does), then edited here.
    await store.remove(a.id);
    const unit = [...editor.coverage.get()!.units.keys()][0]!;
    editor.perform(actionSetAttributes(unit, { name: 'Sau khi xóa' }), 'rename');
    await vi.waitFor(() => expect(ws.saveStatus.get()).toMatchObject({ kind: 'read-only', reason: 'deleted-elsewhere' }), { timeout: 60_000 });
    await expect(ws.open(b.id)).rejects.toThrow(/can no longer save them to this draft/);
    expect(ws.currentDraft.get()?.id).toBe(a.id);
    const kept = await ws.saveAsNewDraft();
    expect(ws.currentDraft.get()?.id).toBe(kept!.id);
    expect(editor.coverage.get()!.units.get(unit)!.attrs.name).toBe('Sau khi xóa');
  });

  it('deleting the open draft while its saves fail deletes it, and the next draft opens and saves', async () => {
    const { store, a, b, editor, ws } = await twoDrafts('remove-failing', { retryDelayMs: () => 3_600_000 });
    const disk = failWrites(store.db);
    disk.on();
    const unit = [...editor.coverage.get()!.units.keys()][0]!;
    editor.perform(actionSetAttributes(unit, { name: 'Bỏ đi' }), 'rename');
    await vi.waitFor(() => expect(ws.saveStatus.get()?.kind).toBe('error'), { timeout: 60_000 });
    // The deletion itself fails on the full disk: the draft stays open, and saving.
    await expect(ws.remove(a.id)).rejects.toThrow();
    expect(ws.currentDraft.get()?.id).toBe(a.id);
    expect(ws.saveStatus.get()?.kind).toBe('error');
    disk.off();
    await ws.remove(a.id);
    expect(ws.currentDraft.get()?.id).toBe(b.id);
    expect((await store.list()).map((d) => d.id)).toEqual([b.id]);
    editor.perform(actionSetAttributes(unit, { name: 'Trong B' }), 'rename');
    await ws.flush();
    expect(ws.saveStatus.get()?.kind).toBe('saved');
  });
});

describe('closing a draft whose save is stuck', () => {
  it('keeps the save status and the unsaved flag until the pending write ends', async () => {
    const { store, a, b, editor, ws } = await twoDrafts('close-stalled');
    expect(ws.currentDraft.get()?.id).toBe(a.id);
    const gate = gateWrites(store.db);
    gate.close();
    const unit = [...editor.coverage.get()!.units.keys()][0]!;
    editor.perform(actionSetAttributes(unit, { name: 'Chưa lưu' }), 'rename');
    await vi.waitFor(() => expect(ws.saveStatus.get()?.kind).toBe('saving'), { timeout: 60_000 });
    // The session is watched through the workspace's private field (no other way in).
    const session = (ws as unknown as { session: { flush(): Promise<void> } }).session;
    const flushing = vi.spyOn(session, 'flush');
    const switching = ws.open(b.id);
    // A's pending write goes first, and waits for the stuck write: the officer still sees that the
    // change is not saved (before, the status was cleared as the close began and the tab looked saved).
    await vi.waitFor(() => expect(flushing).toHaveBeenCalled(), { timeout: 60_000 });
    // "stalled" once the write has had no answer for 10 s (a very busy machine).
    expect(['saving', 'stalled']).toContain(ws.saveStatus.get()?.kind);
    expect(ws.hasUnsaved()).toBe(true);
    gate.open();
    await switching;
    expect(ws.currentDraft.get()?.id).toBe(b.id);
    expect(ws.saveStatus.get()?.kind).toBe('saved');
    expect(ws.hasUnsaved()).toBe(false);
    const reopened = await store.open(a.id);
    expect(reopened.history.steps[reopened.history.index]!.coverage.units.get(unit)!.attrs.name).toBe('Chưa lưu');
    await reopened.session.close();
  });

  it('a tab handing its draft over warns at close until its last changes are written', async () => {
    const name = uniqueDbName('handover-unsaved');
    const locks = new FakeLocks();
    const hub = new ChannelHub();
    const tab = (tabId: string) => storeFor(name, { tabId, locks, channel: hub.factory, storage: null, probeMs: 20, releaseTimeoutMs: 200 });
    const storeA = tab('tab-a');
    const storeB = tab('tab-b');
    const draft = await storeA.create({ name: 'A', province: '31', dataVersion: 't', base: tinyCoverage() });
    const editor = new Editor(null);
    const ws = new Workspace(editor, storeA, testProvinces(async () => tinyCoverage()));
    await ws.start();
    await ws.open(draft.id);
    const gate = gateWrites(storeA.db);
    gate.close();
    const unit = [...editor.coverage.get()!.units.keys()][0]!;
    editor.perform(actionSetAttributes(unit, { name: 'Trao tay' }), 'rename');
    const taking = storeB.open(draft.id, { mode: 'take-over' });
    // The first tab shows read-only at once, while its edit is still being written.
    await vi.waitFor(() => expect(ws.saveStatus.get()).toMatchObject({ kind: 'read-only', reason: 'taken-over' }), { timeout: 60_000 });
    expect(ws.hasUnsaved()).toBe(true);
    gate.open();
    const taken = await taking;
    expect(taken.history.steps[taken.history.index]!.coverage.units.get(unit)!.attrs.name).toBe('Trao tay');
    await vi.waitFor(() => expect(ws.hasUnsaved()).toBe(false), { timeout: 60_000 });
    await taken.session.close();
  });
});
