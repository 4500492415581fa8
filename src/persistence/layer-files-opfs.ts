// Layer files in the Origin Private File System: one file per layer under layers/, written to a
// temporary name and renamed when complete, so a write cut short by a full disk or a closed tab never
// leaves a file that looks whole. Counted in the origin's quota like the drafts.
import type { LayerFileInfo, LayerFileStore } from '../editor/layer-files-port';
import { StorageWriteError } from '../editor/save-failure';

const DIR = 'layers';
const PARTIAL = '.partial';

/** Ids are ours (random UUIDs); anything else must never become a path. */
function checkId(id: string): void {
  if (!/^[\w-]{1,80}$/.test(id)) throw new Error(`not a layer file id: ${JSON.stringify(id)}`);
}

interface WritableDir extends FileSystemDirectoryHandle {
  entries(): AsyncIterableIterator<[string, FileSystemHandle]>;
}

export class OpfsLayerFiles implements LayerFileStore {
  constructor(
    private readonly root: () => Promise<FileSystemDirectoryHandle> = () => navigator.storage.getDirectory(),
    private readonly estimate: () => Promise<StorageEstimate> = () => navigator.storage.estimate(),
  ) {}

  private async dir(): Promise<WritableDir> {
    return (await (await this.root()).getDirectoryHandle(DIR, { create: true })) as WritableDir;
  }

  async put(id: string, data: Blob): Promise<void> {
    checkId(id);
    const tmp = id + PARTIAL;
    let dir: WritableDir | null = null;
    try {
      // Inside: on a full disk even the folder may not be created.
      dir = await this.dir();
      const handle = await dir.getFileHandle(tmp, { create: true });
      const w = await handle.createWritable();
      try {
        await w.write(data);
        await w.close();
      } catch (e) {
        await w.abort().catch(() => undefined);
        throw e;
      }
      // A file handle's move() renames within the directory (Chromium 110+).
      await (handle as FileSystemFileHandle & { move(name: string): Promise<void> }).move(id);
    } catch (e) {
      // Nothing half-written stays: the partial file goes (on a full disk a removal frees space, it needs none).
      await dir?.removeEntry(tmp).catch((r: unknown) => {
        if (!(r instanceof DOMException && r.name === 'NotFoundError')) console.error(r);
      });
      throw new StorageWriteError(`keeping the layer file on this device (${Math.round(data.size / 1024)} KB)`, e);
    }
  }

  async get(id: string): Promise<Blob | null> {
    checkId(id);
    try {
      return await (await (await this.dir()).getFileHandle(id)).getFile();
    } catch (e) {
      if (e instanceof DOMException && e.name === 'NotFoundError') return null;
      throw e;
    }
  }

  async remove(id: string): Promise<void> {
    checkId(id);
    const dir = await this.dir();
    for (const name of [id, id + PARTIAL]) {
      await dir.removeEntry(name).catch((e: unknown) => {
        if (!(e instanceof DOMException && e.name === 'NotFoundError')) throw e;
      });
    }
  }

  async spaceLeft(): Promise<number | null> {
    const { quota, usage } = await this.estimate();
    return quota === undefined || usage === undefined ? null : Math.max(0, quota - usage);
  }

  async list(): Promise<readonly LayerFileInfo[]> {
    const out: LayerFileInfo[] = [];
    for await (const [name, handle] of (await this.dir()).entries()) {
      if (handle.kind !== 'file' || name.endsWith(PARTIAL)) continue;
      out.push({ id: name, bytes: (await (handle as FileSystemFileHandle).getFile()).size });
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }
}
