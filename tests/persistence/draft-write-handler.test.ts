// The save worker's handling of a new draft ('create'), run in Node as the worker runs it: the draft and
// its base are added in one transaction, and a refusal comes back as its wire error, never lost.
import { describe, expect, it } from 'vitest';
import { writeRequestHandler } from '../../src/persistence/draft-write-handler';
import { baseRows } from '../../src/persistence/draft-io';
import type { WriteResponse } from '../../src/persistence/draft-writer';
import type { DraftRow } from '../../src/persistence/rows';
import { storeFor, tinyCoverage, uniqueDbName } from './helpers';

/** The handler with what it posts; `answer(id)` waits for the answer to request `id`. */
function worker() {
  const posted: WriteResponse[] = [];
  const waiting = new Map<number, (m: WriteResponse) => void>();
  const handle = writeRequestHandler((m) => {
    posted.push(m);
    waiting.get(m.id)?.(m);
  });
  const answer = (id: number) => new Promise<WriteResponse>((r) => (posted.some((m) => m.id === id) ? r(posted.find((m) => m.id === id)!) : waiting.set(id, r)));
  return { handle, answer };
}

const row = (id: string): DraftRow => ({
  id, name: 'x', province: '31', created: 1, updated: 1, dataVersion: 'v1', errorCount: null, baseSeq: 0, headSeq: 0, lastSeq: 0,
});

describe('the save worker’s create message', () => {
  it('adds the draft with its base, which the store then opens', async () => {
    const dbName = uniqueDbName('worker-create');
    const w = worker();
    // As the worker receives it: a structured clone of what the page posted.
    w.handle(structuredClone({ kind: 'create', id: 1, dbName, row: row('d1'), rows: baseRows('d1', tinyCoverage()) }));
    expect(await w.answer(1)).toEqual({ id: 1, ok: true, result: null });
    const o = await storeFor(dbName).open('d1');
    expect(o.history.steps[0]!.coverage.arcs).toEqual(tinyCoverage().arcs);
    await o.session.close();
  });

  it('answers a refused add (the id is taken) with its error, and handles the next message', async () => {
    const dbName = uniqueDbName('worker-create-twice');
    const w = worker();
    const create = (id: number) => ({ kind: 'create' as const, id, dbName, row: row('d1'), rows: baseRows('d1', tinyCoverage()) });
    w.handle(create(1));
    w.handle(create(2));
    expect(await w.answer(1)).toMatchObject({ ok: true });
    const refused = await w.answer(2);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.name).toMatch(/ConstraintError/);
    w.handle({ kind: 'create', id: 3, dbName, row: row('d2'), rows: baseRows('d2', tinyCoverage()) });
    expect(await w.answer(3)).toEqual({ id: 3, ok: true, result: null });
  });
});
