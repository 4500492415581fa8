// A second, independent copy of each draft's last saved state, outside IndexedDB (in the browser: in the
// Origin Private File System and again in Cache Storage, see copy-folders.ts). Chromium discards an
// IndexedDB store it could not write (a full disk): the drafts then vanish at the next start while files
// elsewhere in the origin survive. The copy holds the state, not the undo history: enough to give the
// officer their work back.
//
// File format (one file per draft, replaced whole by each write):
//   "DGM1" | u32 header length | header JSON (UTF-8) | zero padding to 8 | f64 coords | u32 offsets
import type { Review } from '../editor/draft-store-port';
import type { Coverage } from '../core/model/types';
import { packCoverage, unpackCoverage } from './codec';
import type { CopyFolder } from './copy-folders';
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

const SUFFIX = '.dgm';
const DELETED = '.deleted';

function fileName(draftId: string): string {
  return `${encodeURIComponent(draftId)}${SUFFIX}`;
}

function deletedName(draftId: string): string {
  return `${encodeURIComponent(draftId)}${DELETED}`;
}

/**
 * The copies in every folder given (the browser gives two, in storage systems that fail apart: see
 * copy-folders.ts). A write goes to each; a read takes the newest copy any folder holds whole, so one
 * folder lost or damaged costs nothing while another holds the draft.
 */
export class FolderMirror implements DraftMirror {
  /**
   * `send` writes the encoded bytes elsewhere (the save worker, which calls `writeBytes` on its own
   * FolderMirror): encoding stays on the calling thread (a few ms), the writes, which on a busy main
   * thread took 200–300 ms, do not.
   */
  constructor(
    private readonly folders: readonly CopyFolder[],
    private readonly send?: (draftId: string, bytes: Uint8Array<ArrayBuffer>) => Promise<void>,
  ) {}

  write(snapshot: MirrorSnapshot): Promise<void> {
    const bytes = encodeSnapshot(snapshot);
    return this.send ? this.send(snapshot.draft.id, bytes) : this.writeBytes(snapshot.draft.id, bytes);
  }

  /** Writes an encoded copy to every folder, one after the other; rejects with the first failure. */
  writeBytes(draftId: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    return inEvery(this.folders, async (f) => {
      await f.put(fileName(draftId), bytes); // replaced whole, or the old copy stays (see CopyFolder.put)
      // A draft written again under a deleted id (a backup imported after the deletion) exists again.
      await f.delete(deletedName(draftId));
    });
  }

  async read(draftId: string): Promise<MirrorSnapshot | null> {
    const got = await Promise.allSettled(this.folders.map(async (f) => {
      const bytes = await f.get(fileName(draftId));
      return bytes ? decodeSnapshot(bytes) : null;
    }));
    let best: MirrorSnapshot | null = null;
    for (const r of got) if (r.status === 'fulfilled' && r.value && (!best || r.value.savedAt > best.savedAt)) best = r.value;
    if (best) return best;
    const failed = got.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason; // a copy exists but no folder could give it back whole
    return null;
  }

  list(): Promise<string[]> {
    return this.namesEndingWith(SUFFIX);
  }

  remove(draftId: string): Promise<void> {
    return inEvery(this.folders, (f) => f.delete(fileName(draftId)));
  }

  markDeleted(draftId: string): Promise<void> {
    return inEvery(this.folders, (f) => f.put(deletedName(draftId), new Uint8Array(0)));
  }

  deleted(): Promise<string[]> {
    return this.namesEndingWith(DELETED);
  }

  unmarkDeleted(draftId: string): Promise<void> {
    return inEvery(this.folders, (f) => f.delete(deletedName(draftId)));
  }

  /** Ids named in any folder that answers; rejects only when none does. */
  private async namesEndingWith(suffix: string): Promise<string[]> {
    const got = await Promise.allSettled(this.folders.map((f) => f.names()));
    const failed = got.find((r) => r.status === 'rejected');
    if (failed && got.every((r) => r.status === 'rejected')) throw failed.reason;
    const ids = new Set<string>();
    for (const r of got) if (r.status === 'fulfilled') for (const n of r.value) if (n.endsWith(suffix)) ids.add(decodeURIComponent(n.slice(0, -suffix.length)));
    return [...ids];
  }
}

/** Runs `fn` on every folder, even after one failed, then rejects with the first failure. */
async function inEvery(folders: readonly CopyFolder[], fn: (f: CopyFolder) => Promise<void>): Promise<void> {
  let first: { error: unknown } | null = null;
  for (const f of folders) {
    try {
      await fn(f);
    } catch (error) {
      first ??= { error };
    }
  }
  if (first) throw first.error;
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
