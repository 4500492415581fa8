import { describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { current, historyToJSON, perform, undo, createHistory } from '../../src/core/history/history';
import { SCHEMA_VERSION, STORES_V2, WorkspaceDbV1 } from '../../src/persistence/db';
import type { DraftRowV1 } from '../../src/persistence/rows';
import { addUnitEdit, moveEdit, plain, storeFor, tinyCoverage, uniqueDbName } from './helpers';

/** A version 1 row as the first release wrote it: the whole coverage and the history JSON in one row. */
function v1Row(id: string) {
  const base = tinyCoverage();
  let h = createHistory(base);
  h = perform(h, moveEdit(0, -0.5, -0.5), 'move-vertex');
  h = perform(h, addUnitEdit('N1', 10), 'add-unit');
  h = undo(h);
  const row: DraftRowV1 = {
    id, name: `Draft ${id}`, province: '31', created: 100, updated: 200, dataVersion: 'hp-2025-07',
    coverage: { arcs: base.arcs, units: [...base.units.values()] },
    history: historyToJSON(h),
  };
  return { row, history: h };
}

describe('schema', () => {
  it('is at version 2 with the per-arc, per-unit and per-step tables', async () => {
    const store = storeFor(uniqueDbName('schema'));
    await store.db.open();
    expect(store.db.verno).toBe(SCHEMA_VERSION);
    expect(store.db.tables.map((t) => t.name).sort()).toEqual(Object.keys(STORES_V2).sort());
    expect(store.db.arcs.schema.primKey.keyPath).toEqual(['draftId', 'id']);
    expect(store.db.steps.schema.primKey.keyPath).toEqual(['draftId', 'seq']);
    store.close();
  });
});

describe('migration from version 1', () => {
  it('turns each whole-coverage row into base rows and step rows, keeping undo history and settings', async () => {
    const name = uniqueDbName('migrate');
    const v1 = new WorkspaceDbV1(name);
    const a = v1Row('a');
    const b = { ...v1Row('b').row, history: null };
    await v1.drafts.bulkAdd([a.row, b]);
    await v1.settings.put({ key: 'language', value: 'vi' });
    v1.close();

    const store = storeFor(name);
    const list = await store.list();
    expect(list.sort((x, y) => x.id.localeCompare(y.id)).map((d) => [d.id, d.name, d.province, d.created, d.updated, d.dataVersion, d.errorCount])).toEqual([
      ['a', 'Draft a', '31', 100, 200, 'hp-2025-07', null],
      ['b', 'Draft b', '31', 100, 200, 'hp-2025-07', null],
    ]);
    const opened = await store.open('a');
    expect(opened.history.index).toBe(1);
    expect(opened.history.steps.map((s) => s.annotation)).toEqual([null, 'move-vertex', 'add-unit']);
    opened.history.steps.forEach((s, i) => expect(plain(s.coverage)).toEqual(plain(a.history.steps[i]!.coverage)));
    expect(plain(current(undo(opened.history)))).toEqual(plain(a.history.steps[0]!.coverage));
    expect((await store.open('b')).history.steps).toHaveLength(1);
    expect(await store.getSetting('language')).toBe('vi');
    // The migrated row no longer carries the whole coverage.
    expect(Object.keys((await store.db.drafts.get('a'))!)).not.toContain('coverage');
    store.close();
  });

  it('a version 1 row with an unreadable history fails the upgrade and leaves the data at version 1', async () => {
    const name = uniqueDbName('migrate-bad');
    const v1 = new WorkspaceDbV1(name);
    await v1.drafts.add({ ...v1Row('a').row, history: { version: 99, steps: [], index: 0 } });
    v1.close();

    const store = storeFor(name);
    await expect(store.list()).rejects.toThrow(/history is not readable/);
    store.close();
    const check = new Dexie(name);
    await check.open();
    expect(check.verno).toBe(1);
    expect(await check.table('drafts').count()).toBe(1);
    check.close();
  });
});
