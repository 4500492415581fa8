// A save given up with no answer (the worker ended after 30 s, SaveInDoubtError) may have committed just
// before. The retry must tell: if it landed, the next write goes on from it; if not, from what was saved
// before. Before, a landed write's stamp made the retry read as another tab's ("changed elsewhere").
import { describe, expect, it } from 'vitest';
import { perform, type History } from '../../src/core/history/history';
import { ConnectionWriter, SaveInDoubtError, type DraftWriter } from '../../src/persistence/draft-writer';
import { moveEdit, plain, storeFor, tinyCoverage, uniqueDbName } from './helpers';

function edits(h: History, from: number, n: number): History {
  for (let i = from; i < from + n; i++) h = perform(h, moveEdit(i % 3, -1 - i, -1 - i), 'move-vertex');
  return h;
}

/** A writer whose next save is given up in doubt, after committing (`landed`) or before. */
function doubtingWriter() {
  let inner: DraftWriter | null = null;
  let next: 'landed' | 'lost' | null = null;
  const writer: DraftWriter = {
    async write(id, rows, extras) {
      const mode = next;
      next = null;
      if (mode === 'lost') throw new SaveInDoubtError('the save had no answer in 30 s');
      const result = await inner!.write(id, rows, extras);
      if (mode === 'landed') throw new SaveInDoubtError('the save had no answer in 30 s');
      return result;
    },
    create: (row, rows) => inner!.create(row, rows),
  };
  return { writer, use: (w: DraftWriter) => void (inner = w), doubt: (m: 'landed' | 'lost') => void (next = m) };
}

describe('a save given up with no answer', () => {
  // maxSteps 2: the given-up save folds steps into the base, and the later save folds again from there.
  for (const [outcome, maxSteps] of [['landed', 100], ['lost', 100], ['landed', 2], ['lost', 2]] as const) {
    it(`that had ${outcome === 'landed' ? 'committed' : 'not committed'} (${maxSteps} steps kept): the next save goes on, and everything shown is saved`, async () => {
      const name = uniqueDbName(`in-doubt-${outcome}`);
      const w = doubtingWriter();
      const store = storeFor(name, { writer: w.writer, retryDelayMs: () => 3_600_000, maxSteps });
      w.use(new ConnectionWriter(store.db));
      const d = await store.create({ name: 'A', province: '31', dataVersion: 't', base: tinyCoverage() });
      const o = await store.open(d.id);
      let h = edits(o.history, 0, 2);
      o.session.record(h);
      w.doubt(outcome);
      await expect(o.session.flush()).rejects.toMatchObject({ name: 'TimeoutError', inDoubt: true });
      // More edits, and an undo, meanwhile; then the save goes through, still this tab's to write.
      h = edits(h, 2, 3);
      h = { ...h, index: h.index - 1 };
      o.session.record(h);
      await o.session.flush();
      expect(o.session.status().kind).toBe('saved');
      expect(o.session.access()).toBe('write');
      await o.session.close();
      const seen = await storeFor(name, { maxSteps }).open(d.id, { mode: 'read-only' });
      // What is shown is what is stored, and the steps kept (the newest, once folded) are the tab's.
      expect(plain(seen.history.steps[seen.history.index]!.coverage)).toEqual(plain(h.steps[h.index]!.coverage));
      const kept = seen.history.steps.length;
      expect(seen.history.steps.map((s) => plain(s.coverage))).toEqual(h.steps.slice(h.steps.length - kept).map((s) => plain(s.coverage)));
      expect(h.steps.length - kept + seen.history.index).toBe(h.index);
    });
  }
});
