// The second copies kept in two folders (copy-folders.ts, mirror.ts): one folder lost, emptied, damaged or
// refusing writes costs nothing while the other holds the draft, and a start-up after the browser lost
// the database and one folder still restores every draft.
import { describe, expect, it } from 'vitest';
import { CacheFolder, OpfsFolder, type CacheLike, type CopyFolder, type DirectoryLike } from '../../src/persistence/copy-folders';
import { MemoryMarker } from '../../src/persistence/marker';
import { FolderMirror, MirrorCorrupt, type MirrorSnapshot } from '../../src/persistence/mirror';
import { plain, storeFor, tinyCoverage, uniqueDbName } from './helpers';

class MemoryFolder implements CopyFolder {
  readonly files = new Map<string, Uint8Array>();
  failPuts: Error | null = null;
  failAll: Error | null = null;

  put(name: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    const e = this.failPuts ?? this.failAll;
    if (e) return Promise.reject(e);
    this.files.set(name, bytes.slice());
    return Promise.resolve();
  }

  get(name: string): Promise<Uint8Array | null> {
    if (this.failAll) return Promise.reject(this.failAll);
    return Promise.resolve(this.files.get(name) ?? null);
  }

  names(): Promise<string[]> {
    if (this.failAll) return Promise.reject(this.failAll);
    return Promise.resolve([...this.files.keys()]);
  }

  delete(name: string): Promise<void> {
    if (this.failAll) return Promise.reject(this.failAll);
    this.files.delete(name);
    return Promise.resolve();
  }
}

function snapshot(id: string, name: string, savedAt: number): MirrorSnapshot {
  return { draft: { id, name, province: '31', dataVersion: 't', created: 1 }, savedAt, coverage: tinyCoverage(), reviews: new Map() };
}

function two() {
  const a = new MemoryFolder();
  const b = new MemoryFolder();
  return { a, b, mirror: new FolderMirror([a, b]) };
}

describe('copies in two folders', () => {
  it('writes each copy to both folders', async () => {
    const { a, b, mirror } = two();
    await mirror.write(snapshot('d/1', 'Một', 5));
    expect([...a.files.keys()]).toEqual(['d%2F1.dgm']);
    expect(b.files.get('d%2F1.dgm')).toEqual(a.files.get('d%2F1.dgm'));
    expect(await mirror.list()).toEqual(['d/1']);
  });

  for (const lost of ['a', 'b'] as const) {
    it(`reads the copy from one folder when folder ${lost} was emptied`, async () => {
      const f = two();
      await f.mirror.write(snapshot('x', 'Còn', 5));
      f[lost].files.clear();
      expect((await f.mirror.read('x'))?.draft.name).toBe('Còn');
      expect(await f.mirror.list()).toEqual(['x']);
    });
  }

  it('reads the newest copy when one folder missed the last write, and still says the write failed', async () => {
    const { a, b, mirror } = two();
    await mirror.write(snapshot('x', 'Cũ', 5));
    a.failPuts = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    await expect(mirror.write(snapshot('x', 'Mới', 9))).rejects.toThrow('full');
    expect((await mirror.read('x'))?.draft.name).toBe('Mới'); // b took it although a refused first
    a.failPuts = null;
    b.failPuts = new Error('b full');
    await expect(mirror.write(snapshot('x', 'Mới hơn', 12))).rejects.toThrow('b full');
    expect((await mirror.read('x'))?.savedAt).toBe(12);
  });

  it('takes the sound copy when the other is damaged, and refuses when both are', async () => {
    const { a, b, mirror } = two();
    await mirror.write(snapshot('x', 'Lành', 5));
    a.files.set('x.dgm', a.files.get('x.dgm')!.slice(0, 40));
    expect((await mirror.read('x'))?.draft.name).toBe('Lành');
    b.files.set('x.dgm', new Uint8Array([1, 2, 3]));
    await expect(mirror.read('x')).rejects.toThrow(MirrorCorrupt);
  });

  it('a folder that cannot be opened at all does not hide the other', async () => {
    const { a, mirror } = two();
    await mirror.write(snapshot('x', 'Ở b', 5));
    a.failAll = new Error('no directory');
    expect((await mirror.read('x'))?.draft.name).toBe('Ở b');
    expect(await mirror.list()).toEqual(['x']);
    await expect(mirror.markDeleted('x')).rejects.toThrow('no directory');
    expect(await mirror.deleted()).toEqual(['x']); // recorded in b, which answers
  });

  it('no copy anywhere is null; no folder answering is an error', async () => {
    const { a, b, mirror } = two();
    expect(await mirror.read('none')).toBeNull();
    a.failAll = new Error('a gone');
    b.failAll = new Error('b gone');
    await expect(mirror.read('none')).rejects.toThrow('a gone');
    await expect(mirror.list()).rejects.toThrow('a gone');
  });

  it('marks and unmarks deletions in both, and a new copy clears the mark', async () => {
    const { a, b, mirror } = two();
    await mirror.write(snapshot('x', 'X', 5));
    await mirror.markDeleted('x');
    await mirror.remove('x');
    expect(await mirror.deleted()).toEqual(['x']);
    expect(await mirror.list()).toEqual([]);
    await mirror.write(snapshot('x', 'X again', 6));
    expect(await mirror.deleted()).toEqual([]);
    expect([...a.files.keys()]).toEqual(['x.dgm']);
    expect([...b.files.keys()]).toEqual(['x.dgm']);
  });
});

describe('the database and one copy folder lost at once', () => {
  it('restores the draft, as last saved, from the folder left', async () => {
    const name = uniqueDbName('two-folders');
    const marker = new MemoryMarker();
    const { a, b, mirror } = two();
    const store = storeFor(name, { marker, mirror, retryDelayMs: () => 0 });
    const d = await store.create({ name: 'Đầy đĩa', province: '31', dataVersion: 't', base: tinyCoverage() });
    await store.rename(d.id, 'Đổi tên');
    await store.db.delete();
    store.close();
    a.files.clear(); // Chromium cleared the OPFS index with the database

    const again = storeFor(name, { marker, mirror, retryDelayMs: () => 0 });
    const report = await again.recover();
    expect(report).toEqual({ restored: [expect.objectContaining({ id: d.id, name: 'Đổi tên' })], lost: [] });
    const back = await again.open(d.id);
    expect(plain(back.history.steps[back.history.index]!.coverage)).toEqual(plain(tinyCoverage()));
    await back.session.close();
    again.close();
    expect(b.files.size).toBe(1);
  });
});

/** Cache Storage as the browser's Cache keeps it: whole responses by URL. */
class FakeCache implements CacheLike {
  readonly entries = new Map<string, Uint8Array>();
  async put(request: string, response: Response): Promise<void> {
    this.entries.set(request, new Uint8Array(await response.arrayBuffer()));
  }
  match(request: string): Promise<Response | undefined> {
    const e = this.entries.get(request);
    return Promise.resolve(e ? new Response(e.slice()) : undefined);
  }
  keys(): Promise<{ url: string }[]> {
    return Promise.resolve([...this.entries.keys()].map((url) => ({ url })));
  }
  delete(request: string): Promise<boolean> {
    return Promise.resolve(this.entries.delete(request));
  }
}

describe('the Cache Storage folder', () => {
  it('keeps each file under its own URL of the origin and lists only its own', async () => {
    const cache = new FakeCache();
    cache.entries.set('http://127.0.0.1:4319/index.html', new Uint8Array([1]));
    const folder = new CacheFolder(() => Promise.resolve(cache), 'http://127.0.0.1:4319/.draft-copies/');
    const mirror = new FolderMirror([folder]);
    await mirror.write(snapshot('a b/ç', 'Cách', 3));
    expect([...cache.entries.keys()]).toContain('http://127.0.0.1:4319/.draft-copies/a%2520b%252F%25C3%25A7.dgm');
    expect(await mirror.list()).toEqual(['a b/ç']);
    expect((await mirror.read('a b/ç'))?.draft.name).toBe('Cách');
    expect(await folder.get('missing')).toBeNull();
    await mirror.remove('a b/ç');
    await folder.delete('missing');
    expect(await mirror.list()).toEqual([]);
    expect(cache.entries.size).toBe(1);
  });
});

/** An OPFS folder holding one file whose first `stale` reads fail as a File read after a change does. */
function opfsWithStaleReads(bytes: Uint8Array, stale: number, error = 'InvalidStateError'): { dir: DirectoryLike; reads: () => number } {
  let reads = 0;
  const file = {
    getFile: () =>
      Promise.resolve({
        arrayBuffer: () => {
          reads++;
          if (reads <= stale) return Promise.reject(new DOMException('An operation that depends on state cached in an interface object was made but the state had changed since it was read from disk.', error));
          return Promise.resolve(bytes.slice().buffer);
        },
      } as unknown as Blob),
    createWritable: () => Promise.reject(new Error('read-only fake')),
  };
  const dir: DirectoryLike = {
    getDirectoryHandle: () => Promise.resolve(dir),
    getFileHandle: () => Promise.resolve(file),
    removeEntry: () => Promise.resolve(),
    keys: async function* () {
      yield 'a.dgm';
    },
  };
  return { dir, reads: () => reads };
}

describe('the OPFS folder', () => {
  it('reads again a copy that was replaced while it was read, and gives up only after several tries', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const twice = opfsWithStaleReads(bytes, 2);
    expect(await new OpfsFolder(() => Promise.resolve(twice.dir)).get('a.dgm')).toEqual(bytes);
    expect(twice.reads()).toBe(3);
    const always = opfsWithStaleReads(bytes, Infinity);
    await expect(new OpfsFolder(() => Promise.resolve(always.dir)).get('a.dgm')).rejects.toThrow(/state had changed/);
    expect(always.reads()).toBe(6);
    const older = opfsWithStaleReads(bytes, 1, 'NotReadableError');
    expect(await new OpfsFolder(() => Promise.resolve(older.dir)).get('a.dgm')).toEqual(bytes);
    // Any other failure is reported at once.
    const broken = opfsWithStaleReads(bytes, 1, 'SecurityError');
    await expect(new OpfsFolder(() => Promise.resolve(broken.dir)).get('a.dgm')).rejects.toThrow(/state had changed/);
    expect(broken.reads()).toBe(1);
  });
});
