// The open draft's province reaches the editor, so the export, the record and the import use its grid,
// resolution and meridians instead of Hải Phòng's constants.
import { describe, expect, it } from 'vitest';
import { Editor } from '../../src/editor/editor';
import { Workspace } from '../../src/editor/workspace';
import { DexieDraftStore } from '../../src/persistence';
import { provinceByCode } from '../../src/core/model/province';
import { tinyCoverage, uniqueDbName } from '../persistence/helpers';
import { testProvinces } from '../helpers/province-source';

describe('workspace province', () => {
  it('sets the editor’s province from the draft it opens', async () => {
    const store = new DexieDraftStore({ dbName: uniqueDbName('province'), locks: null, channel: null, storage: null, throttleMs: 0 });
    const editor = new Editor(null);
    expect(editor.province.get()).toBeNull();
    const ws = new Workspace(editor, store, testProvinces(async () => tinyCoverage()), { firstProvince: '31' });
    await ws.start();
    expect(editor.province.get()).toBe(provinceByCode('31'));

    // A draft of another province (Hà Nội) opens on its own meridian and resolution.
    const hn = await store.create({ name: 'Hà Nội', province: '01', dataVersion: 't', base: tinyCoverage() });
    await ws.open(hn.id);
    expect(editor.province.get()).toMatchObject({ code: '01', resolution: '1656/NQ-UBTVQH15', meridian: { lon0: 105 } });
  });

  it('files a new draft made from an imported file under the file\'s province', async () => {
    const store = new DexieDraftStore({ dbName: uniqueDbName('province-import'), locks: null, channel: null, storage: null, throttleMs: 0 });
    const editor = new Editor(null);
    const ws = new Workspace(editor, store, testProvinces(async () => tinyCoverage()), { firstProvince: '31' });
    await ws.start();
    // Before: a Hà Nội file made a Hải Phòng draft (the bundled province), exported on 105°45′ with 1669/NQ.
    const d = await ws.createFromCoverage('ha-noi', tinyCoverage(), 'import:ha-noi.geojson', '01');
    expect(d.province).toBe('01');
    expect(editor.province.get()).toMatchObject({ code: '01', resolution: '1656/NQ-UBTVQH15', meridian: { lon0: 105 } });
    // A file that names no province: the province of the draft open when it was imported.
    await ws.createFromCoverage('survey', tinyCoverage(), 'import:survey.geojson');
    expect(editor.province.get()?.code).toBe('01');
  });
});
