// First open: with no draft, the workspace asks which unit the user is (or opens the province a link
// names); choosing a unit makes a draft of its province with the unit selected; provinces are kept and
// removed through the ProvinceSource port.
import { describe, expect, it } from 'vitest';
import { Editor } from '../../src/editor/editor';
import { Workspace, provinceShortName } from '../../src/editor/workspace';
import { DexieDraftStore } from '../../src/persistence';
import { tinyCoverage, uniqueDbName } from '../persistence/helpers';
import { testProvinces } from '../helpers/province-source';
import { ProvinceUnavailableError } from '../../src/editor/province-source';
import type { DraftMarker } from '../../src/persistence/marker';

/** The marker of drafts that should exist, as localStorage keeps it, in memory. */
function memoryMarker(): DraftMarker {
  let ids: string[] | null = null;
  return { read: () => (ids ? [...ids] : null), write: (next) => void (ids = [...next]) };
}

const newStore = () => new DexieDraftStore({ dbName: uniqueDbName('first-open'), locks: null, channel: null, storage: null, throttleMs: 0 });

describe('first open', () => {
  it('with no draft and no province named, asks and downloads nothing', async () => {
    const source = testProvinces(async () => tinyCoverage());
    const store = newStore();
    const ws = new Workspace(new Editor(null), store, source);
    await ws.start();
    expect(ws.choosing.get()).toBe(true);
    expect(ws.currentDraft.get()).toBeNull();
    expect(await store.list()).toEqual([]);
    expect(source.loaded).toEqual([]);
  });

  it('choosing a unit opens its province as a new draft, the unit selected, the province kept', async () => {
    const source = testProvinces(async () => tinyCoverage());
    const editor = new Editor(null);
    const ws = new Workspace(editor, newStore(), source);
    await ws.start();
    await ws.createFromProvince('52', { select: '10002' });
    expect(ws.choosing.get()).toBe(false);
    const d = ws.currentDraft.get()!;
    expect(d.province).toBe('52');
    expect(d.name).toMatch(/^Gia Lai \d{4}-\d{2}-\d{2}$/);
    expect(editor.province.get()?.name).toBe('Tỉnh Gia Lai');
    expect(editor.selection.get()).toBe('10002');
    expect(source.loaded).toEqual(['52']);
    expect(ws.keptProvinces.get()).toEqual([{ code: '52', name: 'Tỉnh Gia Lai', bytes: 1000, drafts: 1 }]);
    await ws.removeKept('52');
    expect(ws.keptProvinces.get()).toEqual([]);
    // The draft is not the province's files: it stays.
    expect((await ws.refreshDrafts()).map((x) => x.province)).toEqual(['52']);
  });

  it('a province named by the link (?province=31) opens without asking; an unknown one asks', async () => {
    const source = testProvinces(async () => tinyCoverage());
    const ws = new Workspace(new Editor(null), newStore(), source, { firstProvince: '31' });
    await ws.start();
    expect(ws.choosing.get()).toBe(false);
    expect(ws.currentDraft.get()?.name).toMatch(/^Hải Phòng \d{4}-/);
    const other = new Workspace(new Editor(null), newStore(), source, { firstProvince: '99' });
    await other.start();
    expect(other.choosing.get()).toBe(true);
  });

  it('on a first visit, the province the link names downloads while the database opens, once', async () => {
    const started: string[] = [];
    const source = testProvinces(async (code) => {
      started.push(code);
      return tinyCoverage();
    });
    const store = new DexieDraftStore({ dbName: uniqueDbName('first-open'), locks: null, channel: null, storage: null, throttleMs: 0, marker: memoryMarker() });
    const recover = store.recover.bind(store);
    let duringRecover: string[] = [];
    store.recover = () => {
      duringRecover = [...started];
      return recover();
    };
    const ws = new Workspace(new Editor(null), store, source, { firstProvince: '31' });
    await ws.start();
    expect(duringRecover).toEqual(['31']);
    expect(started).toEqual(['31']);
    expect(ws.currentDraft.get()?.province).toBe('31');
  });

  it('a device whose marker names drafts reads the database first, and downloads nothing', async () => {
    const source = testProvinces(async () => tinyCoverage());
    const marker = memoryMarker();
    const store = new DexieDraftStore({ dbName: uniqueDbName('first-open'), locks: null, channel: null, storage: null, throttleMs: 0, marker });
    const d = await store.create({ name: 'Hà Nội', province: '01', dataVersion: 't', base: tinyCoverage() });
    expect(marker.read()).toEqual([d.id]);
    const ws = new Workspace(new Editor(null), store, source, { firstProvince: '31' });
    await ws.start();
    expect(ws.currentDraft.get()?.id).toBe(d.id);
    expect(source.loaded).toEqual([]);
  });

  it('with drafts, the last draft opens and the link’s province is not used', async () => {
    const source = testProvinces(async () => tinyCoverage());
    const store = newStore();
    const d = await store.create({ name: 'Hà Nội', province: '01', dataVersion: 't', base: tinyCoverage() });
    const ws = new Workspace(new Editor(null), store, source, { firstProvince: '31' });
    await ws.start();
    expect(ws.currentDraft.get()?.id).toBe(d.id);
    expect(source.loaded).toEqual([]);
  });

  it('deleting the last draft starts a fresh one of the same province', async () => {
    const source = testProvinces(async () => tinyCoverage());
    const ws = new Workspace(new Editor(null), newStore(), source);
    await ws.start();
    const d = await ws.createFromProvince('48');
    await ws.remove(d.id);
    const now = ws.currentDraft.get()!;
    expect(now.id).not.toBe(d.id);
    expect(now.province).toBe('48');
    expect(now.name).toMatch(/^Đà Nẵng /);
  });

  it('an unknown province code is refused before anything is downloaded', async () => {
    const source = testProvinces(async () => tinyCoverage());
    const ws = new Workspace(new Editor(null), newStore(), source);
    await expect(ws.createFromProvince('00')).rejects.toThrow('no province with code "00"');
    expect(source.loaded).toEqual([]);
  });

  it("switching province opens its latest draft, or a new draft of its data; the open province stays", async () => {
    const source = testProvinces(async () => tinyCoverage());
    const editor = new Editor(null);
    const ws = new Workspace(editor, newStore(), source);
    await ws.start();
    const hp = await ws.createFromProvince('31');
    await ws.switchProvince('48');
    const dn = ws.currentDraft.get()!;
    expect(dn.province).toBe('48');
    expect(editor.province.get()?.code).toBe('48');
    expect(source.loaded).toEqual(['31', '48']);
    // Back to Hải Phòng: its draft, not a new one, and nothing downloaded again.
    await ws.switchProvince('31');
    expect(ws.currentDraft.get()?.id).toBe(hp.id);
    await ws.switchProvince('31');
    expect(ws.currentDraft.get()?.id).toBe(hp.id);
    expect(source.loaded).toEqual(['31', '48']);
    expect((await ws.refreshDrafts()).length).toBe(2);
  });

  it('switching offline to a province not on the device fails and changes nothing', async () => {
    const source = testProvinces(async (code) => {
      if (code === '96') throw new ProvinceUnavailableError('96', 'data/provinces/96.bin', 'network error: Failed to fetch');
      return tinyCoverage();
    });
    const ws = new Workspace(new Editor(null), newStore(), source);
    await ws.start();
    const hp = await ws.createFromProvince('31');
    await expect(ws.switchProvince('96')).rejects.toBeInstanceOf(ProvinceUnavailableError);
    expect(ws.currentDraft.get()?.id).toBe(hp.id);
    expect((await ws.refreshDrafts()).map((d) => d.id)).toEqual([hp.id]);
    expect((await ws.refreshKept()).map((k) => k.code)).toEqual(['31']);
  });

  it('short names drop "Tỉnh" and "Thành phố"', () => {
    expect(provinceShortName('Thành phố Hồ Chí Minh')).toBe('Hồ Chí Minh');
    expect(provinceShortName('Tỉnh Đắk Lắk')).toBe('Đắk Lắk');
  });
});
