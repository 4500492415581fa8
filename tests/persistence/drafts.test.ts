import { describe, expect, it } from 'vitest';
import { perform } from '../../src/core/history/history';
import { DraftNotFoundError } from '../../src/persistence/draft-io';
import { requestPersistence, storageInfo } from '../../src/persistence/storage';
import { ManualTimers, moveEdit, plain, storeFor, tinyCoverage, uniqueDbName } from './helpers';

function counterIds() {
  let n = 0;
  return () => `d${++n}`;
}

describe('drafts screen operations', () => {
  it('lists drafts newest first with their facts', async () => {
    const timers = new ManualTimers();
    const store = storeFor(uniqueDbName('list'), { timers, newId: counterIds() });
    await store.create({ name: 'first', province: '31', dataVersion: 'v1', base: tinyCoverage() });
    timers.advance(1000);
    await store.create({ name: 'second', province: '31', dataVersion: 'v1', base: tinyCoverage() });
    const list = await store.list();
    expect(list.map((d) => [d.id, d.name, d.province, d.dataVersion, d.errorCount, d.updated - d.created])).toEqual([
      ['d2', 'second', '31', 'v1', null, 0],
      ['d1', 'first', '31', 'v1', null, 0],
    ]);
    store.close();
  });

  it('duplicates a draft with its history, reviews and versions; the copy is independent', async () => {
    const store = storeFor(uniqueDbName('dup'), { newId: counterIds() });
    const d = await store.create({ name: 'orig', province: '31', dataVersion: 'v1', base: tinyCoverage() });
    const o = await store.open(d.id);
    const h = perform(o.history, moveEdit(0, -1, -1), 'move-vertex');
    o.session.record(h);
    o.session.setReview('gap:1', { status: 'exception', reason: 'sea', author: 'an', time: 3 });
    await o.session.flush();
    await store.saveVersion(d.id, 'v', h.steps[1]!.coverage);
    const copy = await store.duplicate(d.id, 'copy');
    const c = await store.open(copy.id);
    expect(c.history.steps).toHaveLength(2);
    expect(plain(c.history.steps[1]!.coverage)).toEqual(plain(h.steps[1]!.coverage));
    expect(c.reviews.get('gap:1')?.reason).toBe('sea');
    expect(await store.listVersions(copy.id)).toHaveLength(1);
    await store.remove(d.id);
    expect((await store.open(copy.id, { mode: 'read-only' })).history.steps).toHaveLength(2);
    expect(await store.listVersions(copy.id)).toHaveLength(1);
    await o.session.close();
    await c.session.close();
    store.close();
  });

  it('renames, and deletes every row of a draft', async () => {
    const store = storeFor(uniqueDbName('rename'));
    const d = await store.create({ name: 'old', province: '31', dataVersion: 'v1', base: tinyCoverage() });
    await store.rename(d.id, 'new');
    expect((await store.list())[0]!.name).toBe('new');
    await store.saveVersion(d.id, 'v', tinyCoverage());
    await store.remove(d.id);
    for (const t of store.db.tables) if (t.name !== 'settings') expect(await t.count()).toBe(0);
    await expect(store.open(d.id)).rejects.toBeInstanceOf(DraftNotFoundError);
    await expect(store.rename(d.id, 'x')).rejects.toBeInstanceOf(DraftNotFoundError);
    store.close();
  });

  it('a rename while the draft is open survives the next autosave', async () => {
    const store = storeFor(uniqueDbName('rename-open'));
    const d = await store.create({ name: 'old', province: '31', dataVersion: 'v1', base: tinyCoverage() });
    const o = await store.open(d.id);
    await store.rename(d.id, 'new');
    o.session.record(perform(o.history, moveEdit(0, -1, -1), 'move-vertex'));
    await o.session.close();
    expect((await store.list())[0]!.name).toBe('new');
    store.close();
  });

  it('an open session on a deleted draft stops writing and says the draft was deleted', async () => {
    const store = storeFor(uniqueDbName('deleted-open'), { retryDelayMs: () => 60_000 });
    const d = await store.create({ name: 'x', province: '31', dataVersion: 'v1', base: tinyCoverage() });
    const o = await store.open(d.id);
    await store.remove(d.id);
    o.session.record(perform(o.history, moveEdit(0, -1, -1), 'move-vertex'));
    await expect(o.session.flush()).rejects.toBeInstanceOf(DraftNotFoundError);
    // Not an endless retry of "DraftNotFoundError": the tab keeps what it shows and stops writing.
    expect(o.session.status()).toMatchObject({ kind: 'read-only', reason: 'deleted-elsewhere', error: expect.any(DraftNotFoundError) });
    expect(o.session.access()).toBe('read-only');
    expect(await store.list()).toEqual([]);
    store.close();
  });
});

describe('versions', () => {
  it('saves, lists, loads and deletes named versions', async () => {
    const timers = new ManualTimers();
    const store = storeFor(uniqueDbName('versions'), { timers });
    const d = await store.create({ name: 'x', province: '31', dataVersion: 'v1', base: tinyCoverage() });
    const edited = moveEdit(0, -1, -1)(tinyCoverage());
    const v1 = await store.saveVersion(d.id, 'start', tinyCoverage());
    timers.advance(5);
    const v2 = await store.saveVersion(d.id, 'after move', edited);
    expect((await store.listVersions(d.id)).map((v) => [v.label, v.unitCount])).toEqual([['start', 3], ['after move', 3]]);
    expect(plain(await store.loadVersion(v2.id))).toEqual(plain(edited));
    await store.deleteVersion(v1.id);
    expect((await store.listVersions(d.id)).map((v) => v.label)).toEqual(['after move']);
    await expect(store.loadVersion(v1.id)).rejects.toThrow(/does not exist/);
    store.close();
  });
});

describe('settings and storage', () => {
  it('keeps settings by key', async () => {
    const store = storeFor(uniqueDbName('settings'));
    expect(await store.getSetting('author')).toBeUndefined();
    await store.setSetting('author', { name: 'An', unit: 'UBND' });
    expect(await store.getSetting('author')).toEqual({ name: 'An', unit: 'UBND' });
    store.close();
  });

  it('reports usage, quota and persistence through the injected StorageManager', async () => {
    let persisted = false;
    const sm = {
      estimate: async () => ({ usage: 1200, quota: 5000 }),
      persisted: async () => persisted,
      persist: async () => {
        persisted = true;
        return true;
      },
    };
    expect(await storageInfo(sm)).toEqual({ usage: 1200, quota: 5000, persisted: false });
    expect(await requestPersistence(sm)).toBe(true);
    expect(await storageInfo(sm)).toEqual({ usage: 1200, quota: 5000, persisted: true });
    expect(await storageInfo(null)).toEqual({ usage: null, quota: null, persisted: null });
    expect(await requestPersistence({})).toBe(false);
  });
});
