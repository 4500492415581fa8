// The layer library over a memory file store and memory settings: what is saved, what is shown, and that
// a refused change leaves everything as it was.
import { describe, expect, it } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import type { Layer } from '../../src/core/layers/layer';
import { tileTemplate } from '../../src/core/layers/tile-url';
import type { SettingValue } from '../../src/editor/draft-store-port';
import type { LayerFileInfo, LayerFileStore } from '../../src/editor/layer-files-port';
import { LAYERS_SETTING, LayerLibrary, type TileHostPolicy } from '../../src/editor/layer-library';
import { LayerFileNotKeptError } from '../../src/editor/layer-problem';
import { StorageWriteError } from '../../src/editor/save-failure';

class MemoryFiles implements LayerFileStore {
  files = new Map<string, Blob>();
  failPut = false;
  /** What the browser's estimate says is left (null: it does not say). */
  left: number | null = null;
  puts = 0;
  async put(id: string, data: Blob): Promise<void> {
    this.puts++;
    // As the OPFS store reports a full disk: the browser's QuotaExceededError wrapped with what was written.
    if (this.failPut) throw new StorageWriteError('keeping the layer file on this device', new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    this.files.set(id, data);
  }
  async spaceLeft(): Promise<number | null> {
    return this.left;
  }
  async get(id: string): Promise<Blob | null> {
    return this.files.get(id) ?? null;
  }
  async remove(id: string): Promise<void> {
    this.files.delete(id);
  }
  async list(): Promise<readonly LayerFileInfo[]> {
    return [...this.files].map(([id, b]) => ({ id, bytes: b.size }));
  }
}

class MemorySettings {
  values = new Map<string, SettingValue>();
  failSet = false;
  failGet = false;
  async getSetting(key: string): Promise<SettingValue | undefined> {
    if (this.failGet) throw new Error('DatabaseClosedError');
    return this.values.get(key);
  }
  async setSetting(key: string, value: SettingValue): Promise<void> {
    if (this.failSet) throw new Error('QuotaExceededError');
    this.values.set(key, JSON.parse(JSON.stringify(value)) as SettingValue);
  }
}

class Hosts implements TileHostPolicy {
  published: (readonly string[])[] = [];
  constructor(private readonly allowed: string[] = []) {}
  enforced() {
    return this.allowed;
  }
  async publish(origins: readonly string[]) {
    this.published.push([...origins]);
  }
}

class Sink {
  shown: { ids: string[]; features: string[] }[] = [];
  setLayers(list: readonly Layer[], features: ReadonlyMap<string, FeatureCollection>) {
    this.shown.push({ ids: list.map((l) => l.id), features: [...features.keys()] });
  }
}

const parcels: FeatureCollection<Geometry, Record<string, unknown>> = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { so_thua: 12 }, geometry: { type: 'Polygon', coordinates: [[[106, 20], [106.001, 20], [106.001, 20.001], [106, 20]]] } }],
};

function setUp(allowed: string[] = []) {
  let n = 0;
  const files = new MemoryFiles();
  const settings = new MemorySettings();
  const hosts = new Hosts(allowed);
  const sink = new Sink();
  const make = () => new LayerLibrary(sink, settings, files, hosts, () => `id${++n}`);
  return { files, settings, hosts, sink, make };
}

const xyz = (url: string) => {
  const r = tileTemplate(url);
  if (!r.ok) throw new Error(r.message);
  return r.source;
};

describe('LayerLibrary', () => {
  it('saves a tile layer, allows its host for the next load, and says a reload is needed', async () => {
    const { settings, hosts, sink, make } = setUp(['https://old.vn']);
    const lib = make();
    await lib.load();
    const l = await lib.addTiles('  Ảnh vệ tinh ', xyz('http://127.0.0.1:9000/{z}/{x}/{y}.png'), ' © Sở TN&MT ');
    expect(l).toMatchObject({ name: 'Ảnh vệ tinh', attribution: '© Sở TN&MT', visible: true, opacity: 1 });
    expect(hosts.published.at(-1)).toEqual(['http://127.0.0.1:9000']);
    expect(lib.reloadNeeded.get()).toBe(true);
    expect((settings.values.get(LAYERS_SETTING) as unknown[]).length).toBe(1);
    expect(sink.shown.at(-1)!.ids).toEqual([l.id]);
    // The next load: the saved list comes back, and the host is allowed now.
    const again = new LayerLibrary(sink, settings, new MemoryFiles(), new Hosts(['http://127.0.0.1:9000']));
    await again.load();
    expect(again.layers.get()).toEqual([l]);
    expect(again.reloadNeeded.get()).toBe(false);
  });

  it('keeps a reference layer’s file and features; they come back on the next load', async () => {
    const { files, settings, sink, hosts, make } = setUp();
    const lib = make();
    await lib.load();
    const l = await lib.addReference({ name: 'Thửa đất', fileName: 'thua.zip', features: parcels, fields: ['so_thua'], bounds: [106, 20, 106.001, 20.001] });
    expect(l.source).toMatchObject({ kind: 'reference', fileId: l.id, features: 1, fields: ['so_thua'], labelField: null });
    expect(l.snappable).toBe(true);
    expect(files.files.has(l.id)).toBe(true);
    expect(lib.usage.get()).toBe(files.files.get(l.id)!.size);
    expect(sink.shown.at(-1)).toEqual({ ids: [l.id], features: [l.id] });
    const again = new LayerLibrary(sink, settings, files, hosts);
    await again.load();
    expect(again.referenceFeatures(l.id)).toEqual(parcels);
    expect(again.errors.get().size).toBe(0);
  });

  it('a refused save changes nothing and leaves no file behind', async () => {
    const { files, settings, hosts, make } = setUp();
    const lib = make();
    await lib.load();
    settings.failSet = true;
    await expect(lib.addReference({ name: 'x', fileName: 'x.geojson', features: parcels, fields: [], bounds: null })).rejects.toThrow('QuotaExceededError');
    expect(lib.layers.get()).toEqual([]);
    expect(files.files.size).toBe(0);
    await expect(lib.addTiles('t', xyz('https://t.vn/{z}/{x}/{y}.png'))).rejects.toThrow('QuotaExceededError');
    // The host published for it is taken back out.
    expect(hosts.published.at(-1)).toEqual([]);
  });

  it('a file the device refuses (full disk) adds nothing', async () => {
    const { files, settings, make } = setUp();
    const lib = make();
    await lib.load();
    files.failPut = true;
    await expect(lib.addReference({ name: 'x', fileName: 'x.geojson', features: parcels, fields: [], bounds: null })).rejects.toThrow(LayerFileNotKeptError);
    expect(settings.values.has(LAYERS_SETTING)).toBe(false);
  });

  it('a file larger than the space left is refused before anything is written, naming the file, its size and the space', async () => {
    const { files, settings, make } = setUp();
    const lib = make();
    await lib.load();
    const kept = await lib.addReference({ name: 'r', fileName: 'r.geojson', features: parcels, fields: [], bounds: null });
    const before = { list: lib.layers.get(), usage: lib.usage.get(), saved: JSON.stringify(settings.values.get(LAYERS_SETTING)), puts: files.puts };
    files.left = 1000;
    const big = new Blob([new Uint8Array(5000)]);
    const e = await lib.addLocalFile({ name: 'anh', file: big, source: { kind: 'geotiff', fileName: 'anh.tif', bounds: [106, 20, 107, 21] } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LayerFileNotKeptError);
    expect(e).toMatchObject({ fileName: 'anh.tif', bytes: 5000, noSpace: true, spaceLeft: 1000 });
    expect(files.puts).toBe(before.puts);
    expect(lib.layers.get()).toBe(before.list);
    expect(lib.usage.get()).toBe(before.usage);
    expect(JSON.stringify(settings.values.get(LAYERS_SETTING))).toBe(before.saved);
    expect([...files.files.keys()]).toEqual([kept.id]);
  });

  it('a write the device refuses for lack of space says which file did not fit; nothing of it stays, the rest is unchanged', async () => {
    const { files, settings, make } = setUp();
    const lib = make();
    await lib.load();
    const kept = await lib.addReference({ name: 'r', fileName: 'r.geojson', features: parcels, fields: [], bounds: null });
    const before = { list: lib.layers.get(), usage: lib.usage.get(), saved: JSON.stringify(settings.values.get(LAYERS_SETTING)) };
    // The estimate says there is room (as Chromium's does on a nearly full disk); the write fails anyway.
    files.left = 1 << 30;
    files.failPut = true;
    const e = await lib.addLocalFile({ name: 'nen', file: new Blob([new Uint8Array(4096)]), source: { kind: 'pmtiles', fileName: 'nen.pmtiles', bounds: [106, 20, 107, 21], tileType: 'raster', zooms: [10, 14] } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LayerFileNotKeptError);
    // Space left is not given: the estimate said the file fits, so it says nothing true about why it did not.
    expect(e).toMatchObject({ fileName: 'nen.pmtiles', bytes: 4096, noSpace: true, spaceLeft: null });
    expect((e as Error).message).toMatch(/^nen\.pmtiles \(4096 bytes\) was not kept on this device: it does not fit in the space left: .*quota has been exceeded/);
    expect(lib.layers.get()).toBe(before.list);
    expect(lib.usage.get()).toBe(before.usage);
    expect(JSON.stringify(settings.values.get(LAYERS_SETTING))).toBe(before.saved);
    expect([...files.files.keys()]).toEqual([kept.id]);
    expect(lib.referenceFeatures(kept.id)).not.toBeNull();
  });

  it('a write refused for another reason still names the file, and gives the browser\'s words', async () => {
    const { files, make } = setUp();
    const lib = make();
    await lib.load();
    // What Chromium answers when the file it copies from cannot be spooled to a full disk.
    files.put = () => Promise.reject(new StorageWriteError('keeping the layer file on this device', new DOMException('The requested file could not be read', 'NotReadableError')));
    const e = await lib.addReference({ name: 'x', fileName: 'x.geojson', features: parcels, fields: [], bounds: null }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LayerFileNotKeptError);
    expect(e).toMatchObject({ fileName: 'x.geojson', noSpace: false, spaceLeft: null, detail: 'NotReadableError: The requested file could not be read' });
    expect(lib.layers.get()).toEqual([]);
  });

  it('an error that is not the storage\'s is passed on as it is', async () => {
    const { files, make } = setUp();
    const lib = make();
    await lib.load();
    files.put = () => Promise.reject(new Error('not a layer file id'));
    await expect(lib.addReference({ name: 'x', fileName: 'x.geojson', features: parcels, fields: [], bounds: null })).rejects.toThrow(/^not a layer file id$/);
  });

  it('removes a layer from the list, then its file; reorders, hides, changes opacity', async () => {
    const { files, make } = setUp();
    const lib = make();
    await lib.load();
    const a = await lib.addTiles('a', xyz('https://a.vn/{z}/{x}/{y}.png'));
    const r = await lib.addReference({ name: 'r', fileName: 'r.geojson', features: parcels, fields: [], bounds: null });
    await lib.move(a.id, 'up');
    expect(lib.layers.get().map((l) => l.id)).toEqual([r.id, a.id]);
    await lib.update(a.id, { visible: false, opacity: 0.4 });
    expect(lib.layers.get()[1]).toMatchObject({ visible: false, opacity: 0.4 });
    await lib.remove(r.id);
    expect(lib.layers.get().map((l) => l.id)).toEqual([a.id]);
    expect(files.files.size).toBe(0);
    expect(lib.referenceFeatures(r.id)).toBeNull();
  });

  it('changes wait for the stored list: a change made before it is read never saves over it', async () => {
    const { settings, make } = setUp();
    settings.values.set(LAYERS_SETTING, [
      { id: 'old', name: 'old', visible: true, opacity: 1, snappable: false, attribution: '', source: { kind: 'tiles', service: 'xyz', template: 'https://o.vn/{z}/{x}/{y}', scheme: 'xyz', tileSize: 256 } },
    ]);
    const lib = make();
    const adding = lib.addTiles('new', xyz('https://n.vn/{z}/{x}/{y}.png'));
    await lib.load();
    await adding;
    expect(lib.layers.get().map((l) => l.name)).toEqual(['old', 'new']);
  });

  it('an unreadable stored list refuses every change and says so; once readable, changes keep it', async () => {
    const { settings, make } = setUp();
    const first = make();
    await first.load();
    const kept = await first.addTiles('kept', xyz('https://kept.vn/{z}/{x}/{y}'));
    settings.failGet = true;
    const lib = make();
    await expect(lib.load()).rejects.toThrow('DatabaseClosedError');
    expect(lib.faults.get()[0]).toMatch(/could not be read.*reload/);
    await expect(lib.addTiles('x', xyz('https://x.vn/{z}/{x}/{y}'))).rejects.toThrow('DatabaseClosedError');
    expect((settings.values.get(LAYERS_SETTING) as unknown as Layer[]).map((l) => l.id)).toEqual([kept.id]);
    // Readable again: the change is made on the stored list, never over it.
    settings.failGet = false;
    const added = await lib.addTiles('x', xyz('https://x.vn/{z}/{x}/{y}'));
    expect((settings.values.get(LAYERS_SETTING) as unknown as Layer[]).map((l) => l.id)).toEqual([kept.id, added.id]);
    expect(lib.faults.get()).toEqual([]);
  });

  it('two tabs: a change in one is built on the other\'s saved changes, never over them', async () => {
    const { settings, sink, files, hosts } = setUp();
    let n = 0;
    const tabA = new LayerLibrary(sink, settings, files, hosts, () => `a${++n}`);
    const tabB = new LayerLibrary(new Sink(), settings, files, hosts, () => `b${++n}`);
    await tabA.load();
    await tabB.load();
    const a = await tabA.addTiles('A', xyz('https://a.vn/{z}/{x}/{y}'));
    const r = await tabA.addReference({ name: 'r', fileName: 'r.geojson', features: parcels, fields: [], bounds: null });
    const b = await tabB.addTiles('B', xyz('https://b.vn/{z}/{x}/{y}'));
    expect((settings.values.get(LAYERS_SETTING) as unknown as Layer[]).map((l) => l.id)).toEqual([a.id, r.id, b.id]);
    // Tab B shows A's layers too, with the reference layer's features read from the shared file store.
    expect(tabB.layers.get().map((l) => l.id)).toEqual([a.id, r.id, b.id]);
    expect(tabB.referenceFeatures(r.id)).toEqual(parcels);
    await tabA.remove(b.id);
    expect((settings.values.get(LAYERS_SETTING) as unknown as Layer[]).map((l) => l.id)).toEqual([a.id, r.id]);
    // The panel opening in tab B shows the list as stored now.
    await tabB.refresh();
    expect(tabB.layers.get().map((l) => l.id)).toEqual([a.id, r.id]);
    expect(hosts.published.at(-1)).toEqual(['https://a.vn']);
  });

  it('a reference layer whose file is missing is listed with the reason; a tile loading does not clear it', async () => {
    const { settings, make } = setUp();
    const lib = make();
    await lib.load();
    const r = await lib.addReference({ name: 'r', fileName: 'r.geojson', features: parcels, fields: [], bounds: null });
    const elsewhere = new LayerLibrary(new Sink(), settings, new MemoryFiles(), new Hosts());
    await elsewhere.load();
    expect(elsewhere.errors.get().get(r.id)).toEqual({ kind: 'file-missing' });
    elsewhere.reportTileLoaded(r.id);
    expect(elsewhere.errors.get().get(r.id)).toEqual({ kind: 'file-missing' });
  });

  it('tile failures are kept per layer until a tile of that layer loads again', async () => {
    const { make } = setUp();
    const lib = make();
    await lib.load();
    const a = await lib.addTiles('a', xyz('https://a.vn/{z}/{x}/{y}.png'));
    const b = await lib.addTiles('b', xyz('https://b.vn/{z}/{x}/{y}.png'));
    lib.reportTileFailure(a.id, { kind: 'http', status: 500 });
    lib.reportTileFailure(b.id, { kind: 'timeout', seconds: 30 });
    expect(lib.errors.get().get(a.id)).toEqual({ kind: 'tiles', failure: { kind: 'http', status: 500 } });
    expect(lib.errors.get().get(b.id)).toEqual({ kind: 'tiles', failure: { kind: 'timeout', seconds: 30 } });
    const errors = lib.errors.get();
    lib.reportTileFailure(a.id, { kind: 'http', status: 500 });
    expect(lib.errors.get()).toBe(errors); // the same failure again changes nothing
    lib.reportTileLoaded(a.id);
    expect(lib.errors.get().has(a.id)).toBe(false);
    expect(lib.errors.get().has(b.id)).toBe(true);
  });

  it('a 404 is a fault while no tile of the layer has loaded, and a tile outside the service after one has', async () => {
    const { make } = setUp();
    const lib = make();
    await lib.load();
    const a = await lib.addTiles('a', xyz('https://a.vn/{z}/{x}/{y}.png'));
    lib.reportTileFailure(a.id, { kind: 'http', status: 404 });
    expect(lib.errors.get().get(a.id)).toEqual({ kind: 'tiles', failure: { kind: 'http', status: 404 } });
    lib.reportTileLoaded(a.id);
    lib.reportTileFailure(a.id, { kind: 'http', status: 404 });
    expect(lib.errors.get().has(a.id)).toBe(false);
    lib.reportTileFailure(a.id, { kind: 'http', status: 503 });
    expect(lib.errors.get().get(a.id)).toEqual({ kind: 'tiles', failure: { kind: 'http', status: 503 } });
  });
});
