// A second, independent copy of each draft's last saved state, outside IndexedDB (the Origin Private File
// System in the browser). Chromium discards an IndexedDB store it could not write (a full disk): the
// drafts then vanish at the next start while files elsewhere in the origin survive. The copy holds the
// state, not the undo history: enough to give the officer their work back.
//
// File format (one file per draft, replaced atomically by the writable stream's commit):
//   "DGM1" | u32 header length | header JSON (UTF-8) | zero padding to 8 | f64 coords | u32 offsets
import type { Review } from '../editor/draft-store-port';
import type { Coverage } from '../core/model/types';
import { packCoverage, unpackCoverage } from './codec';
import type { StoredUnit } from './rows';

export interface MirrorDraft {
  readonly id: string;
  readonly name: string;
  readonly province: string;
  readonly dataVersion: string;
  readonly created: number;
}

export interface MirrorSnapshot {
  readonly draft: MirrorDraft;
  /** Epoch ms of the database save this copy follows. */
  readonly savedAt: number;
  readonly coverage: Coverage;
  readonly reviews: ReadonlyMap<string, Review>;
}

/** Where the copies live. Every method rejects on failure; nothing is swallowed. */
export interface DraftMirror {
  write(snapshot: MirrorSnapshot): Promise<void>;
  /** null when there is no copy of that draft. Rejects when the copy exists but cannot be read. */
  read(draftId: string): Promise<MirrorSnapshot | null>;
  list(): Promise<string[]>;
  remove(draftId: string): Promise<void>;
  /**
   * Records that the user deleted the draft, beside the copies: a browser that discards the database
   * may also lose the marker's last write (localStorage commits lazily), and without this a draft
   * deleted on purpose would be reported lost. A later copy of the same id clears it.
   */
  markDeleted(draftId: string): Promise<void>;
  /** Ids recorded by markDeleted and not written again since. */
  deleted(): Promise<string[]>;
  /** Takes back markDeleted (the deletion itself failed). */
  unmarkDeleted(draftId: string): Promise<void>;
}

const MAGIC = [0x44, 0x47, 0x4d, 0x31]; // "DGM1"

interface Header {
  readonly draft: MirrorDraft;
  readonly savedAt: number;
  readonly coordCount: number;
  readonly offsetCount: number;
  readonly units: readonly StoredUnit[];
  readonly reviews: readonly (readonly [string, Review])[];
}

export function encodeSnapshot(s: MirrorSnapshot): Uint8Array<ArrayBuffer> {
  const packed = packCoverage(s.coverage);
  const header: Header = {
    draft: s.draft, savedAt: s.savedAt, coordCount: packed.coords.length, offsetCount: packed.offsets.length,
    units: packed.units, reviews: [...s.reviews],
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = align8(8 + json.length);
  const out = new Uint8Array(start + packed.coords.byteLength + packed.offsets.byteLength);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  out.set(new Uint8Array(packed.coords.buffer, packed.coords.byteOffset, packed.coords.byteLength), start);
  out.set(new Uint8Array(packed.offsets.buffer, packed.offsets.byteOffset, packed.offsets.byteLength), start + packed.coords.byteLength);
  return out;
}

export class MirrorCorrupt extends Error {
  override readonly name = 'MirrorCorrupt';
}

/** Reads a copy back, checking every length and coordinate: a damaged file is refused, never half-read. */
export function decodeSnapshot(bytes: Uint8Array): MirrorSnapshot {
  const bad = (what: string): never => {
    throw new MirrorCorrupt(`the draft copy is damaged: ${what}`);
  };
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) bad('not a draft copy');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = view.getUint32(4, true);
  if (8 + len > bytes.length) bad('the header ends early');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + len))) as Header;
  } catch {
    return bad('the header is not readable');
  }
  const d = header?.draft;
  if (!d || typeof d.id !== 'string' || typeof d.name !== 'string' || typeof d.province !== 'string' || typeof d.dataVersion !== 'string') bad('no draft name or id');
  if (!Number.isInteger(header.coordCount) || !Number.isInteger(header.offsetCount) || header.offsetCount < 1 || header.coordCount % 2) bad('bad sizes');
  if (!Array.isArray(header.units) || !Array.isArray(header.reviews)) bad('no units');
  const start = align8(8 + len);
  if (start + header.coordCount * 8 + header.offsetCount * 4 !== bytes.length) bad('the file ends early or is too long');
  // Copies: the typed arrays must own aligned buffers whatever the source's offset.
  const coords = new Float64Array(bytes.slice(start, start + header.coordCount * 8).buffer);
  const offsets = new Uint32Array(bytes.slice(start + header.coordCount * 8).buffer);
  for (let i = 0; i < coords.length; i += 2) {
    if (!(Math.abs(coords[i]!) <= 180 && Math.abs(coords[i + 1]!) <= 90)) bad(`coordinate ${i / 2} is out of range`);
  }
  for (let i = 1; i < offsets.length; i++) if (offsets[i]! < offsets[i - 1]!) bad('arc offsets go backwards');
  if (offsets[offsets.length - 1] !== coords.length / 2) bad('arc offsets do not match the coordinates');
  const arcCount = offsets.length - 1;
  for (const u of header.units) {
    if (!u || typeof u.id !== 'string' || !Array.isArray(u.polygons)) bad('a unit has no id or polygons');
    for (const poly of u.polygons) for (const ring of poly) for (const ref of ring) {
      const arc = ref < 0 ? ~ref : ref;
      if (!Number.isInteger(ref) || arc >= arcCount) bad(`unit ${u.id} names arc ${ref}, beyond ${arcCount} arcs`);
    }
  }
  return {
    draft: { id: d.id, name: d.name, province: d.province, dataVersion: d.dataVersion, created: Number(d.created) || 0 },
    savedAt: Number(header.savedAt) || 0,
    coverage: unpackCoverage({ coords, offsets, units: header.units }),
    reviews: new Map(header.reviews.filter((r) => Array.isArray(r) && typeof r[0] === 'string').map(([k, v]) => [k, v])),
  };
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** The part of the OPFS API we use. */
interface DirectoryLike {
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<DirectoryLike>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<{
    getFile(): Promise<Blob>;
    createWritable(): Promise<{ write(data: BufferSource | Blob): Promise<void>; close(): Promise<void>; abort(): Promise<void> }>;
  }>;
  removeEntry(name: string): Promise<void>;
  keys(): AsyncIterable<string>;
}

const SUFFIX = '.dgm';

/** Copies in the Origin Private File System, folder "draft-copies". */
export class OpfsMirror implements DraftMirror {
  private dir: Promise<DirectoryLike> | null = null;

  constructor(private readonly root: () => Promise<DirectoryLike>) {}

  static available(): boolean {
    return typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function';
  }

  static browser(): OpfsMirror {
    return new OpfsMirror(() => navigator.storage.getDirectory() as unknown as Promise<DirectoryLike>);
  }

  /**
   * Copies written by `writeBytes` (the save worker), read and removed here. Encoding stays on the
   * calling thread (a few ms); the file write, which on a busy main thread took 200–300 ms, does not.
   */
  static via(writeBytes: (draftId: string, bytes: Uint8Array<ArrayBuffer>) => Promise<void>): DraftMirror {
    const local = OpfsMirror.browser();
    return {
      write: (s) => writeBytes(s.draft.id, encodeSnapshot(s)),
      read: (id) => local.read(id),
      list: () => local.list(),
      remove: (id) => local.remove(id),
      markDeleted: (id) => local.markDeleted(id),
      deleted: () => local.deleted(),
      unmarkDeleted: (id) => local.unmarkDeleted(id),
    };
  }

  private folder(): Promise<DirectoryLike> {
    // A failed lookup is not cached: the next call tries again (space may have come back).
    this.dir ??= this.root().then((r) => r.getDirectoryHandle('draft-copies', { create: true })).catch((e: unknown) => {
      this.dir = null;
      throw e;
    });
    return this.dir;
  }

  write(snapshot: MirrorSnapshot): Promise<void> {
    return this.writeBytes(snapshot.draft.id, encodeSnapshot(snapshot));
  }

  /** Writes an encoded copy (the save worker calls this with bytes the main thread encoded). */
  async writeBytes(draftId: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    const file = await (await this.folder()).getFileHandle(fileName(draftId), { create: true });
    const w = await file.createWritable();
    try {
      await w.write(bytes);
      await w.close(); // the commit: until here the old copy stays whole
    } catch (e) {
      await w.abort().catch(() => undefined); // the write's own error is the one to report
      throw e;
    }
    // A draft written again under a deleted id (a backup imported after the deletion) exists again.
    await this.unmarkDeleted(draftId);
  }

  unmarkDeleted(draftId: string): Promise<void> {
    return this.removeFile(deletedName(draftId));
  }

  async markDeleted(draftId: string): Promise<void> {
    const file = await (await this.folder()).getFileHandle(deletedName(draftId), { create: true });
    const w = await file.createWritable();
    await w.close();
  }

  async deleted(): Promise<string[]> {
    const out: string[] = [];
    for await (const name of (await this.folder()).keys()) if (name.endsWith(DELETED)) out.push(decodeURIComponent(name.slice(0, -DELETED.length)));
    return out;
  }

  async read(draftId: string): Promise<MirrorSnapshot | null> {
    let handle;
    try {
      handle = await (await this.folder()).getFileHandle(fileName(draftId));
    } catch (e) {
      if ((e as Error).name === 'NotFoundError') return null;
      throw e;
    }
    return decodeSnapshot(new Uint8Array(await (await handle.getFile()).arrayBuffer()));
  }

  async list(): Promise<string[]> {
    const out: string[] = [];
    for await (const name of (await this.folder()).keys()) if (name.endsWith(SUFFIX)) out.push(decodeURIComponent(name.slice(0, -SUFFIX.length)));
    return out;
  }

  remove(draftId: string): Promise<void> {
    return this.removeFile(fileName(draftId));
  }

  private async removeFile(name: string): Promise<void> {
    try {
      await (await this.folder()).removeEntry(name);
    } catch (e) {
      if ((e as Error).name !== 'NotFoundError') throw e;
    }
  }
}

function fileName(draftId: string): string {
  return `${encodeURIComponent(draftId)}${SUFFIX}`;
}

const DELETED = '.deleted';

function deletedName(draftId: string): string {
  return `${encodeURIComponent(draftId)}${DELETED}`;
}

/** Copies in memory (unit tests, and browsers without OPFS where nothing better exists). */
export class MemoryMirror implements DraftMirror {
  readonly files = new Map<string, Uint8Array>();
  readonly tombstones = new Set<string>();
  failWrites: Error | null = null;

  write(snapshot: MirrorSnapshot): Promise<void> {
    if (this.failWrites) return Promise.reject(this.failWrites);
    this.files.set(snapshot.draft.id, encodeSnapshot(snapshot));
    this.tombstones.delete(snapshot.draft.id);
    return Promise.resolve();
  }

  markDeleted(draftId: string): Promise<void> {
    this.tombstones.add(draftId);
    return Promise.resolve();
  }

  deleted(): Promise<string[]> {
    return Promise.resolve([...this.tombstones]);
  }

  unmarkDeleted(draftId: string): Promise<void> {
    this.tombstones.delete(draftId);
    return Promise.resolve();
  }

  read(draftId: string): Promise<MirrorSnapshot | null> {
    const f = this.files.get(draftId);
    try {
      return Promise.resolve(f ? decodeSnapshot(f) : null);
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }

  list(): Promise<string[]> {
    return Promise.resolve([...this.files.keys()]);
  }

  remove(draftId: string): Promise<void> {
    this.files.delete(draftId);
    return Promise.resolve();
  }
}
