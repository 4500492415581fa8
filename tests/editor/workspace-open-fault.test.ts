// A stored draft that passes the row checks but that the editor still cannot take (a fault the checks do
// not know of yet) is unreadable like a damaged one: its session ends, start-up opens the next draft, and
// the officer is told which draft and why; nothing is left half open.
import { describe, expect, it } from 'vitest';
import type { History } from '../../src/core/history/history';
import type { Coverage } from '../../src/core/model/types';
import { Editor } from '../../src/editor/editor';
import { Workspace } from '../../src/editor/workspace';
import { DexieDraftStore } from '../../src/persistence';
import { tinyCoverage, uniqueDbName } from '../persistence/helpers';
import { testProvinces } from '../helpers/province-source';

/** An editor that cannot draw a coverage holding a unit of this id. */
class PickyEditor extends Editor {
  override load(c: Coverage, h?: History): void {
    if (c.units.has('10001') && [...c.units.values()].some((u) => u.attrs.name === 'Không vẽ được')) throw new Error('cannot draw this');
    super.load(c, h);
  }
}

describe('a draft the editor cannot take', () => {
  it('is reported by name and reason; start-up opens the next draft; the bad one still opens to be exported or deleted', async () => {
    const store = new DexieDraftStore({ dbName: uniqueDbName('open-fault'), locks: null, channel: null, storage: null, throttleMs: 0 });
    const good = await store.create({ name: 'Tốt', province: '31', dataVersion: 't', base: tinyCoverage() });
    const bad = tinyCoverage();
    const u = bad.units.get('10001')!;
    const units = new Map(bad.units);
    units.set('10001', { ...u, attrs: { ...u.attrs, name: 'Không vẽ được' } });
    const broken = await store.create({ name: 'Hỏng', province: '31', dataVersion: 't', base: { ...bad, units } });
    await store.setSetting('lastDraft', broken.id);
    const ws = new Workspace(new PickyEditor(null), store, testProvinces(async () => tinyCoverage()));
    await ws.start();
    expect(ws.currentDraft.get()?.id).toBe(good.id);
    expect(ws.openFailure.get()).toMatchObject({ draftId: broken.id, name: 'Hỏng', fault: { code: 'unit', where: 'editor', detail: 'cannot draw this' } });
    // Its session was ended: it opens again (to export or delete it) in a plain editor.
    const again = await store.open(broken.id);
    expect(again.draft.name).toBe('Hỏng');
    await again.session.close();
  });
});
