// Hiding a warning kind takes its issues off the map (never an error's), and the choice comes back with
// the workspace.
import { describe, expect, it, vi } from 'vitest';
import { Editor } from '../../src/editor/editor';
import { Workspace } from '../../src/editor/workspace';
import { inlineValidator } from '../../src/editor/validation-session';
import { DexieDraftStore } from '../../src/persistence';
import { coverageFromFeatures } from '../../src/core/model';
import { haiPhong } from '../helpers/data';
import { RecordingMap } from '../helpers/fake-map';
import { testProvinces } from '../helpers/province-source';

const kindsOnMap = (map: RecordingMap) => new Set(map.overlays.get('issues')!.features.map((f) => String(f.properties.kind)));

describe('hidden warning kinds', () => {
  it('leave the map; errors stay; a second workspace on the same database hides them too', async () => {
    const dbName = `hidden-${Math.random().toString(36).slice(2)}`;
    const open = () => new DexieDraftStore({ dbName, locks: null, channel: null, storage: null, throttleMs: 0 });
    const province = testProvinces(async () => coverageFromFeatures(haiPhong().features));

    const editor = new Editor(inlineValidator());
    const map = new RecordingMap();
    editor.attachMap(map);
    const ws = new Workspace(editor, open(), province, { firstProvince: '31' });
    await ws.start();
    await vi.waitFor(() => expect(kindsOnMap(map).has('duplicate-vertex')).toBe(true), { timeout: 60_000 });
    editor.setSettings({ hiddenKinds: ['duplicate-vertex', 'overlap'] });
    expect(kindsOnMap(map).has('duplicate-vertex')).toBe(false);
    expect(kindsOnMap(map).has('overlap')).toBe(true); // an error kind is never hidden
    expect(kindsOnMap(map).has('gap')).toBe(true);

    // The setting is written in the background: wait for it to be in the database, then start afresh.
    const reader = open();
    await vi.waitFor(async () => expect(await reader.getSetting('hiddenKinds')).toEqual(['duplicate-vertex', 'overlap']), { timeout: 60_000 });
    const again = new Editor(inlineValidator());
    await new Workspace(again, open(), province, { firstProvince: '31' }).start();
    expect(again.settings.get().hiddenKinds).toEqual(['duplicate-vertex', 'overlap']);
  });
});
