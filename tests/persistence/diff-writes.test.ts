import { describe, expect, it } from 'vitest';
import { createHistory, perform, pop, redo, replace, undo, type History } from '../../src/core/history/history';
import { countWrites, moveEdit, storeFor, tinyCoverage, uniqueDbName } from './helpers';

async function opened(label: string) {
  const store = storeFor(uniqueDbName(label));
  const counter = countWrites(store.db);
  const draft = await store.create({ name: 'A', province: '31', dataVersion: 'test-1', base: tinyCoverage() });
  const o = await store.open(draft.id);
  counter.reset();
  return { store, counter, session: o.session, history: o.history };
}

describe('an edit writes only what changed', () => {
  it('a new step writes one step row and the draft bookkeeping row, not the document', async () => {
    const { store, counter, session, history } = await opened('edit');
    session.record(perform(history, moveEdit(0, -0.1, -0.1), 'move-vertex'));
    await session.flush();
    expect(Object.fromEntries(counter.puts)).toEqual({ steps: 1, drafts: 1 });
    expect(counter.deletes.size).toBe(0);
    store.close();
  });

  it('undo and redo write only the draft row (the head pointer)', async () => {
    const { store, counter, session, history } = await opened('undo');
    let h: History = perform(history, moveEdit(0, -0.1, -0.1), 'move-vertex');
    session.record(h);
    await session.flush();
    counter.reset();
    h = undo(h);
    session.record(h);
    await session.flush();
    expect(Object.fromEntries(counter.puts)).toEqual({ drafts: 1 });
    counter.reset();
    session.record(redo(h));
    await session.flush();
    expect(Object.fromEntries(counter.puts)).toEqual({ drafts: 1 });
    store.close();
  });

  it('a gesture rewrites its one step; an edit after undo deletes the redo steps', async () => {
    const { store, counter, session, history } = await opened('gesture');
    let h = perform(history, moveEdit(0, -0.1, -0.1), 'move-vertex');
    h = perform(h, moveEdit(1, 3.1, 0.1), 'move-vertex');
    session.record(h);
    await session.flush();
    counter.reset();
    h = replace(h, moveEdit(1, 3.2, 0.2), 'move-vertex');
    session.record(h);
    await session.flush();
    expect(Object.fromEntries(counter.puts)).toEqual({ steps: 1, drafts: 1 });
    counter.reset();
    h = perform(undo(undo(h)), moveEdit(2, 9, 9), 'move-vertex');
    session.record(h);
    await session.flush();
    expect(Object.fromEntries(counter.puts)).toEqual({ steps: 1, drafts: 1 });
    expect(Object.fromEntries(counter.deletes)).toEqual({ steps: 1 });
    counter.reset();
    session.record(pop(h));
    await session.flush();
    expect(Object.fromEntries(counter.deletes)).toEqual({ steps: 1 });
    store.close();
  });

  it('many changes before one write coalesce into the final difference', async () => {
    const { store, counter, session, history } = await opened('coalesce');
    let h = history;
    for (let i = 0; i < 5; i++) {
      h = perform(h, moveEdit(0, -i, -i), 'move-vertex');
      session.record(h);
    }
    h = undo(undo(h));
    session.record(h);
    await session.flush();
    // One transaction: five step rows and the draft row.
    expect(Object.fromEntries(counter.puts)).toEqual({ steps: 5, drafts: 1 });
    store.close();
  });

  it('a fresh draft stores one row per arc and per unit', async () => {
    const store = storeFor(uniqueDbName('create'));
    const counter = countWrites(store.db);
    const base = tinyCoverage();
    await store.create({ name: 'A', province: '31', dataVersion: 'test-1', base });
    expect(Object.fromEntries(counter.puts)).toEqual({ drafts: 1, bases: 1, arcs: base.arcs.length, units: base.units.size });
    store.close();
  });

  it('an unrelated history (a new base handed over) is written whole and reads back', async () => {
    const { store, session } = await opened('unrelated');
    const other = createHistory(perform(createHistory(tinyCoverage()), moveEdit(0, 7, 7), 'x').steps[1]!.coverage);
    session.record(other);
    await session.close();
    const again = await store.open(session.draftId);
    expect(again.history.steps).toHaveLength(1);
    expect(again.history.steps[0]!.coverage.arcs[0]![0]).toEqual([7, 7]);
    store.close();
  });
});
