// Start-up after the browser discarded the database: the officer's drafts come back from their copies
// with a loud notice, and no fresh draft is created in their place.
import { describe, expect, it } from 'vitest';
import { Editor } from '../../src/editor/editor';
import { Workspace } from '../../src/editor/workspace';
import { inlineValidator } from '../../src/editor/validation-session';
import { DexieDraftStore } from '../../src/persistence';
import { MemoryMarker } from '../../src/persistence/marker';
import { MemoryMirror } from '../../src/persistence/mirror';
import { plain, tinyCoverage, uniqueDbName } from '../persistence/helpers';
import { testProvinces } from '../helpers/province-source';

describe('workspace start after a lost database', () => {
  it('opens the restored draft and says what happened', async () => {
    const dbName = uniqueDbName('ws-recover');
    const marker = new MemoryMarker();
    const mirror = new MemoryMirror();
    const open = () => new DexieDraftStore({ dbName, locks: null, channel: null, storage: null, throttleMs: 0, marker, mirror });
    const province = testProvinces(() => Promise.resolve(tinyCoverage()));

    const first = new Workspace(new Editor(inlineValidator()), open(), province, { firstProvince: '31' });
    await first.start();
    await first.rename(first.currentDraft.get()!.id, 'Bản nháp của phường');
    const lostId = first.currentDraft.get()!.id;
    await first.flush();
    const store = open();
    await store.db.delete();
    store.close();

    const editor = new Editor(inlineValidator());
    const ws = new Workspace(editor, open(), province, { firstProvince: '31' });
    await ws.start();
    expect(ws.drafts.get().map((d) => d.id)).toEqual([lostId]);
    expect(ws.currentDraft.get()?.id).toBe(lostId);
    expect(ws.alerts.get().recovery?.restored.map((r) => [r.id, r.name])).toEqual([[lostId, 'Bản nháp của phường']]);
    expect(plain(editor.coverage.get()!)).toEqual(plain(tinyCoverage()));
    ws.dismissRecovery();
    expect(ws.alerts.get().recovery).toBeNull();
  });
});

describe('the second copy failing', () => {
  it('says what kind of failure in the officer\'s terms, keeps the browser\'s words only for the unknown, and clears on the next good copy', async () => {
    const mirror = new MemoryMirror();
    const store = new DexieDraftStore({ dbName: uniqueDbName('ws-copy'), locks: null, channel: null, storage: null, throttleMs: 0, marker: new MemoryMarker(), mirror });
    const ws = new Workspace(new Editor(inlineValidator()), store, testProvinces(() => Promise.resolve(tinyCoverage())), { firstProvince: '31' });
    await ws.start();
    const id = ws.currentDraft.get()!.id;
    // A full disk, as the Origin Private File System reports it.
    mirror.failWrites = new DOMException('The operation failed because it would cause the application to exceed its storage quota.', 'QuotaExceededError');
    await ws.rename(id, 'Lần 1');
    await ws.flush();
    expect(ws.alerts.get().copyError).toEqual({ kind: 'quota', detail: expect.stringContaining('QuotaExceededError') });
    mirror.failWrites = new TypeError('something odd');
    await ws.rename(id, 'Lần 2');
    await ws.flush();
    expect(ws.alerts.get().copyError).toEqual({ kind: 'other', detail: 'TypeError: something odd' });
    mirror.failWrites = null;
    await ws.rename(id, 'Lần 3');
    await ws.flush();
    expect(ws.alerts.get().copyError).toBeNull();
  });
});
