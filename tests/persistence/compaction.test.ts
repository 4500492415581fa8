import { describe, expect, it } from 'vitest';
import { createHistory, perform, pop, redo, replace, undo, type Edit, type History } from '../../src/core/history/history';
import { diffCoverage } from '../../src/core/history/diff';
import { draftRange } from '../../src/persistence/db';
import { addUnitEdit, countWrites, moveEdit, plain, removeUnitEdit, reverseOrderEdit, storeFor, tinyCoverage, uniqueDbName } from './helpers';
import { mulberry32 } from '../helpers/random';

function expectSameStates(actual: History, expected: History, from: number): void {
  // `actual` holds the newest states of `expected`, starting at `expected.steps[from]`.
  expect(actual.steps.length).toBe(expected.steps.length - from);
  expect(actual.index).toBe(expected.index - from);
  actual.steps.forEach((s, i) => expect(plain(s.coverage)).toEqual(plain(expected.steps[i + from]!.coverage)));
}

describe('compaction', () => {
  it('folds the oldest steps into the base and keeps every state of the undo window reachable', async () => {
    const name = uniqueDbName('compact');
    const store = storeFor(name, { maxSteps: 5 });
    const counter = countWrites(store.db);
    const draft = await store.create({ name: 'A', province: '31', dataVersion: 't', base: tinyCoverage() });
    const o = await store.open(draft.id);
    let h = o.history;
    for (let i = 0; i < 12; i++) {
      h = perform(h, i % 4 === 3 ? addUnitEdit(`N${i}`, i * 3) : moveEdit(i % 3, -i, -i), 'edit');
      counter.reset();
      o.session.record(h);
      await o.session.flush();
      // Steady state: one new step, one folded step (its touched base rows), the draft row.
      if (i >= 5) expect(counter.puts.get('steps')).toBe(1);
      if (i >= 5) expect(counter.deletes.get('steps')).toBe(1);
      if (i >= 5) {
        // The folded step's touched arcs and units, and nothing else of the base.
        const folded = diffCoverage(h.steps[i - 5]!.coverage, h.steps[i - 4]!.coverage);
        expect(counter.puts.get('arcs') ?? 0).toBe(Object.keys(folded.arcs).length);
        expect(counter.puts.get('units') ?? 0).toBe(Object.keys(folded.units).length);
      }
    }
    expect(await draftRange(store.db.steps, draft.id).count()).toBe(5);
    await o.session.close();
    const again = await store.open(draft.id);
    expectSameStates(again.history, h, 7);
    // Walk the whole window back and forth.
    let r = again.history;
    while (r.index > 0) r = undo(r);
    expect(plain(r.steps[0]!.coverage)).toEqual(plain(h.steps[7]!.coverage));
    store.close();
  });

  it('undoing below the folded base in a live session unfolds it, so the state on screen is saved', async () => {
    const name = uniqueDbName('unfold');
    const store = storeFor(name, { maxSteps: 3 });
    const draft = await store.create({ name: 'A', province: '31', dataVersion: 't', base: tinyCoverage() });
    const o = await store.open(draft.id);
    let h = o.history;
    for (let i = 0; i < 8; i++) {
      h = perform(h, moveEdit(i % 3, -i, -i), 'edit');
      o.session.record(h);
      await o.session.flush();
    }
    for (let i = 0; i < 7; i++) h = undo(h);
    o.session.record(h);
    await o.session.close();
    const again = await store.open(draft.id);
    // The base went back to the current state (step 1); the redo steps above it are all kept.
    expectSameStates(again.history, h, 1);
    store.close();
  });
});


describe('an editor that trims its own history', () => {
  it('is followed: the store realigns on the oldest state it still shares and keeps the same window', async () => {
    const store = storeFor(uniqueDbName('trim'), { maxSteps: 10 });
    const counter = countWrites(store.db);
    const draft = await store.create({ name: 'A', province: '31', dataVersion: 't', base: tinyCoverage() });
    const o = await store.open(draft.id);
    let h = o.history;
    for (let i = 0; i < 6; i++) h = perform(h, moveEdit(i % 3, -i, -i), 'edit');
    o.session.record(h);
    await o.session.flush();
    // The editor keeps only its newest 3 steps (positions shift by 3), then edits once more.
    h = { steps: h.steps.slice(3), index: h.index - 3 };
    h = perform(h, moveEdit(0, 9, 9), 'edit');
    counter.reset();
    o.session.record(h);
    await o.session.flush();
    // One new step; the three dropped steps are folded into the base (their touched rows) and deleted.
    expect(counter.puts.get('steps')).toBe(1);
    expect(counter.deletes.get('steps')).toBe(3);
    await o.session.close();
    const again = await store.open(draft.id);
    expectSameStates(again.history, h, 0);
    store.close();
  });
});

describe('seeded random sessions', () => {
  for (const seed of [1, 42, 2024]) {
    it(`seed ${seed}: after any sequence of edits, gestures, undo, redo and saves, a reopen gives the same history`, async () => {
      const random = mulberry32(seed);
      const maxSteps = 4;
      const store = storeFor(uniqueDbName(`fuzz-${seed}`), { maxSteps });
      const draft = await store.create({ name: 'A', province: '31', dataVersion: 't', base: tinyCoverage() });
      let o = await store.open(draft.id);
      let h = o.history;
      let added = 0;
      const edit = (): Edit => {
        const k = random();
        if (k < 0.6) return moveEdit(Math.floor(random() * 4), random(), random());
        if (k < 0.75) return addUnitEdit(`R${added++}`, 20 + added);
        if (k < 0.85) return reverseOrderEdit();
        const ids = [...h.steps[h.index]!.coverage.units.keys()];
        return ids.length > 1 ? removeUnitEdit(ids[Math.floor(random() * ids.length)]!) : reverseOrderEdit();
      };
      for (let i = 0; i < 60; i++) {
        const k = random();
        if (k < 0.45) h = perform(h, edit(), `e${i}`);
        else if (k < 0.6) h = replace(h, edit(), `g${i}`);
        else if (k < 0.75) h = undo(h);
        else if (k < 0.85) h = redo(h);
        else if (k < 0.9) h = pop(h);
        else if (k < 0.95) h = createHistory(h.steps[h.index]!.coverage); // a reload: no undo into it
        o.session.record(h);
        if (random() < 0.3) await o.session.flush();
        if (random() < 0.1) {
          await o.session.close();
          o = await store.open(draft.id);
          // What the reopened draft holds: the current state and the newest undo window.
          expect(plain(o.history.steps[o.history.index]!.coverage)).toEqual(plain(h.steps[h.index]!.coverage));
          const from = h.steps.length - o.history.steps.length;
          expectSameStates(o.history, h, from);
          h = o.history;
        }
      }
      await o.session.close();
      const last = await store.open(draft.id);
      expectSameStates(last.history, h, h.steps.length - last.history.steps.length);
      expect(last.history.steps.length - 1).toBeLessThanOrEqual(Math.max(maxSteps, h.steps.length - 1 - h.index));
      store.close();
    });
  }
});
