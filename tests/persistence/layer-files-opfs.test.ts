// The OPFS layer file store over an in-memory directory whose writer can be made to fail as a full disk
// does (Chromium's QuotaExceededError on write or close): a file that does not fit leaves nothing behind.
// A real browser quota is also exercised end to end (tests/e2e/layers-bad-input.e2e.ts, on a filled tmpfs).
import { describe, expect, it } from 'vitest';
import { OpfsLayerFiles } from '../../src/persistence/layer-files-opfs';
import { StorageWriteError } from '../../src/editor/save-failure';

type Fail = 'none' | 'write' | 'close' | 'folder';

class MemoryDir {
  readonly files = new Map<string, Blob>();
  readonly dirs = new Map<string, MemoryDir>();
  constructor(private readonly fail: () => Fail) {}

  async getDirectoryHandle(name: string, o?: { create?: boolean }): Promise<MemoryDir> {
    if (this.fail() === 'folder') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    let d = this.dirs.get(name);
    if (!d) {
      if (!o?.create) throw new DOMException('no such folder', 'NotFoundError');
      d = new MemoryDir(this.fail);
      this.dirs.set(name, d);
    }
    return d;
  }

  async getFileHandle(name: string, o?: { create?: boolean }) {
    if (!this.files.has(name)) {
      if (!o?.create) throw new DOMException('no such file', 'NotFoundError');
      this.files.set(name, new Blob([]));
    }
    let current = name;
    const files = this.files;
    const fail = this.fail;
    return {
      kind: 'file' as const,
      getFile: async () => files.get(current)!,
      createWritable: async () => {
        const parts: Blob[] = [];
        return {
          write: async (b: Blob) => {
            // A full disk takes part of the data, then refuses.
            files.set(current, b.slice(0, Math.floor(b.size / 2)));
            if (fail() === 'write') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
            parts.push(b);
          },
          close: async () => {
            if (fail() === 'close') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
            files.set(current, new Blob(parts));
          },
          abort: async () => undefined,
        };
      },
      move: async (to: string) => {
        files.set(to, files.get(current)!);
        files.delete(current);
        current = to;
      },
    };
  }

  async removeEntry(name: string): Promise<void> {
    if (!this.files.delete(name)) throw new DOMException('no such file', 'NotFoundError');
  }

  async *entries(): AsyncIterableIterator<[string, { kind: 'file'; getFile(): Promise<Blob> }]> {
    for (const [name, b] of this.files) yield [name, { kind: 'file', getFile: async () => b }];
  }
}

function setUp(estimate: StorageEstimate = { quota: 10_000, usage: 4_000 }) {
  let fail: Fail = 'none';
  const root = new MemoryDir(() => fail);
  const store = new OpfsLayerFiles(async () => root as unknown as FileSystemDirectoryHandle, async () => estimate);
  return { root, store, failWith: (f: Fail) => (fail = f), layerFiles: () => [...(root.dirs.get('layers')?.files.keys() ?? [])].sort() };
}

describe('OpfsLayerFiles', () => {
  it('keeps a file whole under its id', async () => {
    const { store, layerFiles } = setUp();
    await store.put('a1', new Blob(['hello']));
    expect(layerFiles()).toEqual(['a1']);
    expect(await (await store.get('a1'))!.text()).toBe('hello');
    expect(await store.list()).toEqual([{ id: 'a1', bytes: 5 }]);
  });

  for (const where of ['write', 'close', 'folder'] as const) {
    it(`a full disk refusing the ${where} leaves no file, partial or whole, and says what was being written`, async () => {
      const { store, failWith, layerFiles } = setUp();
      await store.put('kept', new Blob(['old']));
      failWith(where);
      const e = await store.put('big', new Blob([new Uint8Array(3000)])).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(StorageWriteError);
      expect((e as StorageWriteError).message).toMatch(/^keeping the layer file on this device \(3 KB\): The quota has been exceeded/);
      expect(((e as StorageWriteError).cause as DOMException).name).toBe('QuotaExceededError');
      failWith('none');
      expect(layerFiles()).toEqual(['kept']);
      expect(await store.list()).toEqual([{ id: 'kept', bytes: 3 }]);
      expect(await store.get('big')).toBeNull();
    });
  }

  it('the space left is the quota less the usage, or unknown when the browser does not say', async () => {
    expect(await setUp({ quota: 10_000, usage: 4_000 }).store.spaceLeft()).toBe(6_000);
    expect(await setUp({ quota: 10_000, usage: 12_000 }).store.spaceLeft()).toBe(0);
    expect(await setUp({}).store.spaceLeft()).toBeNull();
  });
});
