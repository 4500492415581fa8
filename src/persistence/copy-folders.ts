// Where the browser keeps the drafts' second copies (mirror.ts): two folders in storage systems that
// fail apart. A full disk can leave Chromium's index of the Origin Private File System (a LevelDB of
// paths) damaged; at the next start Chromium repairs it or, failing that, clears it, and every OPFS file
// of the origin is gone with the IndexedDB store the copy was there to replace. Cache Storage keeps its
// own index and files, and is not cleared with them; localStorage, beside both, is too small for a
// province (a Hải Phòng copy is 1 MB, its limit 5–10 MB for everything).

/** A flat folder of named byte files: the part of a storage API the copies need. */
export interface CopyFolder {
  /** Replaces the file whole: after a failure the old file is still there, unchanged. */
  put(name: string, bytes: Uint8Array<ArrayBuffer>): Promise<void>;
  /** null when there is no such file. */
  get(name: string): Promise<Uint8Array | null>;
  names(): Promise<string[]>;
  /** Nothing to delete is not a failure. */
  delete(name: string): Promise<void>;
}

/** The part of the OPFS API we use. */
export interface DirectoryLike {
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<DirectoryLike>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<{
    getFile(): Promise<Blob>;
    createWritable(): Promise<{ write(data: BufferSource | Blob): Promise<void>; close(): Promise<void>; abort(): Promise<void> }>;
  }>;
  removeEntry(name: string): Promise<void>;
  keys(): AsyncIterable<string>;
}

/** Reads of a copy that changed under the reader, before giving up (about 1.5 s in all). */
const READ_ATTEMPTS = 6;
const STALE_SNAPSHOT = new Set(['InvalidStateError', 'NotReadableError']);

/** Files in the Origin Private File System, folder "draft-copies". */
export class OpfsFolder implements CopyFolder {
  private dir: Promise<DirectoryLike> | null = null;

  constructor(private readonly root: () => Promise<DirectoryLike>) {}

  private folder(): Promise<DirectoryLike> {
    // A failed lookup is not cached: the next call tries again (space may have come back).
    this.dir ??= this.root().then((r) => r.getDirectoryHandle('draft-copies', { create: true })).catch((e: unknown) => {
      this.dir = null;
      throw e;
    });
    return this.dir;
  }

  async put(name: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    const file = await (await this.folder()).getFileHandle(name, { create: true });
    const w = await file.createWritable();
    try {
      await w.write(bytes);
      await w.close(); // the commit: until here the old file stays whole
    } catch (e) {
      await w.abort().catch(() => undefined); // the write's own error is the one to report
      throw e;
    }
  }

  async get(name: string): Promise<Uint8Array | null> {
    let handle;
    try {
      handle = await (await this.folder()).getFileHandle(name);
    } catch (e) {
      if ((e as Error).name === 'NotFoundError') return null;
      throw e;
    }
    // A File is a snapshot: read while the copy is being replaced (by the save worker of the page that
    // was just reloaded, say), it fails with InvalidStateError (NotReadableError in some Chromium
    // versions). Seen on a full disk, where that one failure cost the restore of a discarded database:
    // read again, from a fresh snapshot.
    for (let attempt = 1; ; attempt++) {
      try {
        return new Uint8Array(await (await handle.getFile()).arrayBuffer());
      } catch (e) {
        if (!STALE_SNAPSHOT.has((e as Error).name) || attempt >= READ_ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  }

  async names(): Promise<string[]> {
    const out: string[] = [];
    for await (const name of (await this.folder()).keys()) out.push(name);
    return out;
  }

  async delete(name: string): Promise<void> {
    try {
      await (await this.folder()).removeEntry(name);
    } catch (e) {
      if ((e as Error).name !== 'NotFoundError') throw e;
    }
  }
}

/** The part of the Cache Storage API we use. */
export interface CacheLike {
  put(request: string, response: Response): Promise<void>;
  match(request: string): Promise<Response | undefined>;
  keys(): Promise<readonly { readonly url: string }[]>;
  delete(request: string): Promise<boolean>;
}

/** The cache of the copies. The service worker prunes only its own caches (named "dia-gioi-<build>"). */
export const COPIES_CACHE = 'draft-copies-1';

/**
 * Files as entries of one cache, under made-up URLs of the origin that nothing fetches. A put replaces the
 * entry only once the whole body is stored (the Cache API's batch is atomic).
 */
export class CacheFolder implements CopyFolder {
  constructor(
    private readonly open: () => Promise<CacheLike>,
    /** The URLs' common start, ending in "/". */
    private readonly base: string,
  ) {}

  private url(name: string): string {
    return this.base + encodeURIComponent(name);
  }

  async put(name: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    await (await this.open()).put(this.url(name), new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }));
  }

  async get(name: string): Promise<Uint8Array | null> {
    const hit = await (await this.open()).match(this.url(name));
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  }

  async names(): Promise<string[]> {
    const keys = await (await this.open()).keys();
    return keys.filter((k) => k.url.startsWith(this.base)).map((k) => decodeURIComponent(k.url.slice(this.base.length)));
  }

  async delete(name: string): Promise<void> {
    await (await this.open()).delete(this.url(name));
  }
}

/** The folders this browser offers, OPFS first (empty when it has neither). Works in a page and in a worker. */
export function browserCopyFolders(): CopyFolder[] {
  const folders: CopyFolder[] = [];
  if (typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function') {
    folders.push(new OpfsFolder(() => navigator.storage.getDirectory() as unknown as Promise<DirectoryLike>));
  }
  if (typeof caches !== 'undefined' && typeof location !== 'undefined') {
    folders.push(new CacheFolder(() => caches.open(COPIES_CACHE), `${location.origin}/.draft-copies/`));
  }
  return folders;
}
