// A stored draft that is damaged (written by an old build, an old import, a disk error) must not reach the
// editor: opening it fails with the fault named, the drafts list still shows every row as short text, and
// the workspace opens another draft and reports the damaged one instead of a blank map or a white page.
import { describe, expect, it } from 'vitest';
import { perform } from '../../src/core/history/history';
import { Editor } from '../../src/editor/editor';
import { Workspace } from '../../src/editor/workspace';
import { inlineValidator } from '../../src/editor/validation-session';
import { DraftUnreadableError } from '../../src/editor/draft-store-port';
import type { DexieDraftStore } from '../../src/persistence/draft-store';
import type { StepRow } from '../../src/persistence/rows';
import { addUnitEdit, moveEdit, storeFor, tinyCoverage, uniqueDbName } from './helpers';
import { testProvinces } from '../helpers/province-source';

async function withDraft(label: string): Promise<{ store: DexieDraftStore; id: string }> {
  const store = storeFor(uniqueDbName(label));
  const d = await store.create({ name: 'Bản nháp', province: '31', dataVersion: 't', base: tinyCoverage() });
  const o = await store.open(d.id);
  o.session.record(perform(perform(o.history, moveEdit(0, -0.3, -0.3), 'move-vertex'), addUnitEdit('N1', 10), 'add-unit'));
  await o.session.close();
  return { store, id: d.id };
}

type Damage = [string, (store: DexieDraftStore, id: string) => Promise<unknown>, string];

const damages: Damage[] = [
  ['a history step referring to an arc that does not exist', async (store, id) => {
    const step = (await store.db.steps.get([id, 2])) as StepRow;
    const unit = step.diff.units.find((u) => u.unit)!.unit!;
    await store.db.steps.put({ ...step, diff: { ...step.diff, units: [{ id: unit.id, unit: { ...unit, polygons: [[[4000]]] } }] } });
  }, 'arc-reference'],
  ['a history step whose diff is not a diff', (store, id) => store.db.steps.update([id, 1], { diff: 'x' as never }), 'history-step'],
  ['a 1e308 coordinate in the base', async (store, id) => {
    const arc = (await store.db.arcs.get([id, 0]))!;
    const coords = Float64Array.from(arc.coords);
    coords[0] = 1e308;
    await store.db.arcs.put({ ...arc, coords });
  }, 'coordinate'],
  ['a NaN coordinate in the base', async (store, id) => {
    const arc = (await store.db.arcs.get([id, 1]))!;
    const coords = Float64Array.from(arc.coords);
    coords[1] = NaN;
    await store.db.arcs.put({ ...arc, coords });
  }, 'coordinate'],
  ['a province that is an object', (store, id) => store.db.drafts.update(id, { province: { code: 31 } as never }), 'draft-field'],
  ['a missing base row', (store, id) => store.db.bases.delete(id), 'base'],
  ['a head past the last step', (store, id) => store.db.drafts.update(id, { headSeq: 9 }), 'history-pointers'],
];

describe('opening a damaged stored draft', () => {
  for (const [what, damage, code] of damages) {
    it(`${what}: refused with the fault named (${code})`, async () => {
      const { store, id } = await withDraft(`damaged-${code}`);
      await damage(store, id);
      const error = await store.open(id).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(DraftUnreadableError);
      expect((error as DraftUnreadableError).draftId).toBe(id);
      expect((error as DraftUnreadableError).fault.code).toBe(code);
      // The failed open let go of the draft: another open (after a delete or a fix) is not locked out.
      await store.remove(id);
      expect(await store.list()).toEqual([]);
      store.close();
    });
  }

  it('the drafts list survives any stored row: objects, huge names, an unindexable time', async () => {
    const { store, id } = await withDraft('odd-rows');
    await store.db.drafts.update(id, { province: { evil: true } as never, name: 'x'.repeat(100_000), updated: { t: 1 } as never, errorCount: 'many' as never });
    const [d] = await store.list();
    expect(d!.id).toBe(id);
    expect(typeof d!.province).toBe('string');
    expect(d!.name.length).toBeLessThanOrEqual(201);
    expect(d!.updated).toBe(0);
    expect(d!.errorCount).toBeNull();
    store.close();
  });

  it('at start the workspace reports the damaged last draft and opens the next one', async () => {
    const { store, id } = await withDraft('start-damaged');
    const sound = await store.create({ name: 'Còn tốt', province: '31', dataVersion: 't', base: tinyCoverage() });
    await store.setSetting('lastDraft', id);
    await store.db.steps.update([id, 1], { diff: 'x' as never });
    const editor = new Editor(inlineValidator());
    const province = testProvinces(async () => tinyCoverage());
    const ws = new Workspace(editor, store, province, { firstProvince: '31' });
    await ws.start();
    expect(ws.currentDraft.get()?.id).toBe(sound.id);
    expect(editor.coverage.get()).not.toBeNull();
    expect(ws.openFailure.get()).toMatchObject({ draftId: id, name: 'Bản nháp', fault: { code: 'history-step' } });
    // Opening it again from the drafts screen fails the same way and leaves the sound draft open.
    await expect(ws.open(id)).rejects.toBeInstanceOf(DraftUnreadableError);
    expect(ws.currentDraft.get()?.id).toBe(sound.id);
    // Deleting it clears the report.
    await ws.remove(id);
    expect(ws.openFailure.get()).toBeNull();
    expect((await store.list()).map((d) => d.id)).toEqual([sound.id]);
    await ws.flush();
    store.close();
  });
});
