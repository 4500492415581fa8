// The user's layers (issue 12): the list saved with the workspace, the files of local layers kept on
// this device, and what the editor and the map are told. Every change is saved first and shown after:
// a change the storage refuses leaves the list as it was, and says why.
import type { FeatureCollection, Geometry } from 'geojson';
import type { BBox, Layer, LocalFileSource, TileServiceSource } from '../core/layers/layer';
import { addLayer, layerFileIds, layerOrigins, moveLayer, readLayerList, removeLayer, updateLayer, type LayerList } from '../core/layers/layer-list';
import { tileOrigin } from '../core/layers/tile-url';
import type { SettingValue } from './draft-store-port';
import { StorageWriteError } from './save-failure';
import type { LayerFileStore } from './layer-files-port';
import { LayerFileNotKeptError, sameProblem, type LayerProblem, type TileFailure } from './layer-problem';
import { Store } from './store';

export const LAYERS_SETTING = 'layers';

type Features = FeatureCollection<Geometry, Record<string, unknown>>;

/** The tile hosts the page may fetch from: what its Content-Security-Policy allows now, and for the next load. */
export interface TileHostPolicy {
  /** Origins the running page's policy allows. */
  enforced(): readonly string[];
  /** Keeps the origins the next load of the app allows (the service worker widens the policy by them). */
  publish(origins: readonly string[]): Promise<void>;
}

export interface LayerSettings {
  getSetting(key: string): Promise<SettingValue | undefined>;
  setSetting(key: string, value: SettingValue): Promise<void>;
}

/** What the editor needs told: the map's layers and the snap targets. */
export interface LayerSink {
  setLayers(list: readonly Layer[], features: ReadonlyMap<string, Features>): void;
}

export interface ReferenceInput {
  readonly name: string;
  readonly fileName: string;
  readonly features: Features;
  readonly fields: readonly string[];
  readonly bounds: BBox | null;
}

export class LayerLibrary {
  readonly layers = new Store<LayerList>([]);
  /** Entries of the saved list that could not be restored, one line each. */
  readonly faults = new Store<readonly string[]>([]);
  /** Layers that failed to load (tiles refused, file unreadable), by layer id. */
  readonly errors = new Store<ReadonlyMap<string, LayerProblem>>(new Map());
  /** Layers a tile of which has loaded in this session: a 404 then is a tile outside what the server has. */
  private readonly tilesSeen = new Set<string>();
  /** Bytes of the layer files kept on this device. */
  readonly usage = new Store<number>(0);
  /** A tile host was added that this page's policy does not allow yet: a reload applies it. */
  readonly reloadNeeded = new Store<boolean>(false);
  private features = new Map<string, Features>();
  /** Serialises changes: two quick clicks must not save lists built from the same old one. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sink: LayerSink,
    private readonly settings: LayerSettings,
    private readonly files: LayerFileStore,
    private readonly hosts: TileHostPolicy,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  /** Why changes are refused: the stored list could not be read (null: it was, or there was none). */
  private broken: string | null = null;

  private loadedResolve!: () => void;
  /** Resolves when the stored list was first read (or found unreadable): changes wait for it. */
  private readonly loaded = new Promise<void>((r) => (this.loadedResolve = r));

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** A change to the list: after the stored list is read, one at a time, each on the list as stored now. */
  private change<T>(fn: () => Promise<T>): Promise<T> {
    return this.loaded.then(() => this.serial(async () => (await this.sync(), fn())));
  }

  /** Shows the list as stored now (another tab may have changed it): the layers panel opens. */
  refresh(): Promise<void> {
    return this.loaded.then(() => this.serial(() => this.sync()));
  }

  /** Restores the saved list and the reference layers' features; damaged entries are listed, not fatal. */
  load(): Promise<void> {
    const run = this.serial(() => this.sync());
    void run.finally(() => this.loadedResolve()).catch(() => undefined);
    return run;
  }

  /**
   * Reads the stored list and shows it. Every change starts here: another tab of this workspace may have
   * changed the list since this one read it, and a change built on the old list would undo that tab's.
   * Features already read are reused (a 50,000-parcel file is parsed once per tab).
   */
  private async sync(): Promise<void> {
    let stored: SettingValue | undefined;
    try {
      stored = await this.settings.getSetting(LAYERS_SETTING);
    } catch (e) {
      // Nothing may change a list that could not be read: a change would save over the stored one.
      this.broken = `the saved layers could not be read (${e instanceof Error ? e.message : String(e)}); reload the page to try again`;
      this.faults.set([this.broken]);
      throw e;
    }
    this.broken = null;
    const { layers, faults } = readLayerList(stored);
    const errors = new Map([...this.errors.get()].filter(([id]) => layers.some((l) => l.id === id)));
    const features = new Map<string, Features>();
    for (const l of layers) {
      if (l.source.kind !== 'reference') continue;
      const known = this.features.get(l.id);
      if (known) {
        features.set(l.id, known);
        continue;
      }
      try {
        const blob = await this.files.get(l.source.fileId);
        if (!blob) errors.set(l.id, { kind: 'file-missing' });
        else features.set(l.id, JSON.parse(await blob.text()) as Features);
      } catch (e) {
        console.error(e);
        errors.set(l.id, { kind: 'file-unreadable', detail: e instanceof Error ? e.message : String(e) });
      }
    }
    const same = JSON.stringify(layers) === JSON.stringify(this.layers.get()) && features.size === this.features.size;
    this.features = features;
    this.faults.set(faults);
    this.errors.set(errors);
    this.reloadNeeded.set(this.hostsMissing(layers));
    if (same && this.synced) return;
    this.synced = true;
    this.layers.set(layers);
    await this.refreshUsage();
    this.push();
  }

  /** The list was read and shown once (a change that finds it unchanged need not redraw the map). */
  private synced = false;

  addTiles(name: string, source: TileServiceSource, attribution = ''): Promise<Layer> {
    return this.change(async () => {
      const layer: Layer = { id: this.newId(), name: name.trim() || source.template, source, visible: true, opacity: 1, snappable: false, attribution: attribution.trim() };
      const next = addLayer(this.layers.get(), layer);
      // The host first: a list naming a host the next load would not allow shows an empty layer.
      await this.hosts.publish(layerOrigins(next));
      try {
        await this.save(next);
      } catch (e) {
        // The policy allows exactly the listed hosts: take the new one back out.
        await this.hosts.publish(layerOrigins(this.layers.get())).catch((r: unknown) => console.error(r));
        throw e;
      }
      this.reloadNeeded.set(this.hostsMissing(next));
      return layer;
    });
  }

  addReference(input: ReferenceInput): Promise<Layer> {
    return this.change(async () => {
      const id = this.newId();
      const text = JSON.stringify(input.features);
      const blob = new Blob([text], { type: 'application/geo+json' });
      await this.keep(id, blob, input.fileName);
      const layer: Layer = {
        id,
        name: input.name.trim() || input.fileName,
        source: {
          kind: 'reference', fileId: id, fileName: input.fileName, bytes: blob.size, features: input.features.features.length,
          bounds: input.bounds, labelField: null, fields: [...input.fields],
        },
        visible: true,
        opacity: 1,
        snappable: true,
        attribution: '',
      };
      try {
        await this.save(addLayer(this.layers.get(), layer), () => this.features.set(id, input.features));
      } catch (e) {
        // The list did not take it: its file must not stay behind unlisted.
        await this.files.remove(id).catch((r: unknown) => console.error(r));
        throw e;
      }
      await this.refreshUsage();
      return layer;
    });
  }

  /**
   * A GeoTIFF (an orthophoto, a scanned map) drawn reprojected under the units, or a PMTiles archive (a
   * province's extract), kept on this device as it is: the map reads it in ranges, a tile at a time.
   */
  addLocalFile(input: { readonly name: string; readonly file: Blob; readonly source: Omit<LocalFileSource, 'fileId' | 'bytes'> }): Promise<Layer> {
    return this.change(async () => {
      const id = this.newId();
      await this.keep(id, input.file, input.source.fileName);
      const layer: Layer = {
        id,
        name: input.name.trim() || input.source.fileName,
        source: { ...input.source, fileId: id, bytes: input.file.size },
        visible: true,
        opacity: 1,
        snappable: false,
        attribution: '',
      };
      try {
        await this.save(addLayer(this.layers.get(), layer));
      } catch (e) {
        await this.files.remove(id).catch((r: unknown) => console.error(r));
        throw e;
      }
      await this.refreshUsage();
      return layer;
    });
  }

  remove(id: string): Promise<void> {
    return this.change(async () => {
      const l = this.layers.get().find((x) => x.id === id);
      if (!l) return;
      const next = removeLayer(this.layers.get(), id);
      await this.save(next, () => this.features.delete(id));
      const errors = new Map(this.errors.get());
      if (errors.delete(id)) this.errors.set(errors);
      // After the list: a file whose removal fails is only space, never a listed layer without its file.
      if ('fileId' in l.source) await this.files.remove(l.source.fileId).catch((e: unknown) => console.error(e));
      await this.hosts.publish(layerOrigins(next)).catch((e: unknown) => console.error(e));
      await this.refreshUsage();
    });
  }

  update(id: string, patch: Parameters<typeof updateLayer>[2]): Promise<void> {
    return this.change(() => this.save(updateLayer(this.layers.get(), id, patch)));
  }

  move(id: string, direction: 'up' | 'down'): Promise<void> {
    return this.change(() => this.save(moveLayer(this.layers.get(), id, direction)));
  }

  /**
   * A layer's tile failed on the map: shown beside the layer, never in the editor's way. A 404 from a
   * server that has served this layer's tiles before is a tile outside what it covers, not a fault.
   */
  reportTileFailure(id: string, failure: TileFailure): void {
    if (failure.kind === 'http' && failure.status === 404 && this.tilesSeen.has(id)) return;
    const problem: LayerProblem = { kind: 'tiles', failure };
    if (sameProblem(this.errors.get().get(id), problem)) return;
    const errors = new Map(this.errors.get());
    errors.set(id, problem);
    this.errors.set(errors);
  }

  /** A tile of the layer loaded: its tiles work (again), and what was said about them no longer holds. */
  reportTileLoaded(id: string): void {
    this.tilesSeen.add(id);
    if (this.errors.get().get(id)?.kind !== 'tiles') return;
    const errors = new Map(this.errors.get());
    errors.delete(id);
    this.errors.set(errors);
  }

  /** The features of a reference layer, or null when its file is not here. */
  referenceFeatures(id: string): Features | null {
    return this.features.get(id) ?? null;
  }

  /**
   * Keeps a layer's file whole or not at all. A file larger than the space the browser says is left is
   * refused before anything is written; a write the device refuses says which file was not kept.
   */
  private async keep(id: string, file: Blob, fileName: string): Promise<void> {
    const left = await this.spaceLeft();
    if (left !== null && file.size > left) throw new LayerFileNotKeptError(fileName, file.size, true, left);
    try {
      await this.files.put(id, file);
    } catch (e) {
      if (!(e instanceof StorageWriteError)) throw e;
      const now = await this.spaceLeft();
      const short = now !== null && now < file.size;
      throw new LayerFileNotKeptError(fileName, file.size, short || isNoSpace(e), short ? now : null, e);
    }
  }

  private async spaceLeft(): Promise<number | null> {
    try {
      return await this.files.spaceLeft();
    } catch (e) {
      // Only a figure for the message: the write itself says whether the file fits.
      console.error(e);
      return null;
    }
  }

  private async save(next: LayerList, commit?: () => void): Promise<void> {
    if (this.broken) throw new Error(this.broken);
    await this.settings.setSetting(LAYERS_SETTING, next as unknown as SettingValue);
    commit?.();
    this.layers.set(next);
    this.push();
  }

  private push(): void {
    this.sink.setLayers(this.layers.get(), this.features);
  }

  private hostsMissing(list: LayerList): boolean {
    const allowed = new Set(this.hosts.enforced());
    if (allowed.has('*')) return false; // no policy (the dev server)
    return list.some((l) => l.source.kind === 'tiles' && !allowed.has(tileOrigin(l.source.template) ?? ''));
  }

  private async refreshUsage(): Promise<void> {
    const listed = new Set(layerFileIds(this.layers.get()));
    // No local layer: the device's file store is not touched (every start of the app comes here).
    if (listed.size === 0) return this.usage.set(0);
    const files = await this.files.list();
    this.usage.set(files.filter((f) => listed.has(f.id)).reduce((n, f) => n + f.bytes, 0));
  }
}

/** Whether a refused write was for lack of space: a QuotaExceededError, or words saying so, anywhere in its causes. */
function isNoSpace(e: unknown): boolean {
  for (let c: unknown = e, depth = 0; c instanceof Error && depth < 5; c = (c as { cause?: unknown; inner?: unknown }).cause ?? (c as { inner?: unknown }).inner, depth++) {
    if (c.name === 'QuotaExceededError' || /quota|no space|disk is full|not enough space/i.test(c.message)) return true;
  }
  return false;
}
