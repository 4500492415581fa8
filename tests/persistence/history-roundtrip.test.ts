import { describe, expect, it } from 'vitest';
import { canRedo, current, perform, redo, undo, type History } from '../../src/core/history/history';
import { addUnitEdit, moveEdit, plain, removeUnitEdit, reverseOrderEdit, storeFor, tinyCoverage, uniqueDbName } from './helpers';

describe('history round trip', () => {
  it('reopening gives every state back, with undo and redo working', async () => {
    const name = uniqueDbName('roundtrip');
    const store = storeFor(name);
    const draft = await store.create({ name: 'A', province: '31', dataVersion: 'test-1', base: tinyCoverage() });
    const o = await store.open(draft.id);
    let h: History = o.history;
    h = perform(h, moveEdit(0, -0.1, -0.2), 'move-vertex');
    h = perform(h, addUnitEdit('N1', 10), 'add-unit');
    h = perform(h, reverseOrderEdit(), 'reorder');
    h = perform(h, removeUnitEdit('10002'), 'delete-unit');
    h = undo(h);
    o.session.record(h);
    o.session.setReview('overlap:10001+10002', { status: 'exception', reason: 'survey pending', author: 'an', time: 5 });
    o.session.setErrorCount(3);
    await o.session.close();
    store.close();

    const store2 = storeFor(name);
    const again = await store2.open(draft.id);
    expect(again.history.index).toBe(h.index);
    expect(again.history.steps.map((s) => s.annotation)).toEqual(h.steps.map((s) => s.annotation));
    again.history.steps.forEach((s, i) => expect(plain(s.coverage)).toEqual(plain(h.steps[i]!.coverage)));
    expect(canRedo(again.history)).toBe(true);
    expect(plain(current(undo(again.history)))).toEqual(plain(current(undo(h))));
    expect(plain(current(redo(again.history)))).toEqual(plain(h.steps[4]!.coverage));
    expect(again.reviews.get('overlap:10001+10002')).toEqual({ status: 'exception', reason: 'survey pending', author: 'an', time: 5 });
    expect((await store2.list())[0]!.errorCount).toBe(3);
    store2.close();
  });

  it('clears a review when set to null', async () => {
    const store = storeFor(uniqueDbName('review'));
    const draft = await store.create({ name: 'A', province: '31', dataVersion: 'test-1', base: tinyCoverage() });
    const o = await store.open(draft.id);
    o.session.setReview('gap:1', { status: 'resolved', reason: '', author: 'an', time: 1 });
    await o.session.flush();
    o.session.setReview('gap:1', null);
    await o.session.close();
    expect((await store.open(draft.id, { mode: 'read-only' })).reviews.size).toBe(0);
    store.close();
  });
});
