// Unzips the members a reader wants (a KMZ's .kml, a zipped Shapefile's .shp/.dbf/.prj/.cpg) within two
// limits: the sizes the archive declares must add up to at most LIMITS.fileBytes, and each member is
// inflated in small pieces with fflate's streaming Inflate, stopping as soon as its real output passes
// what it declared. fflate's unzipSync trusts the declared size and inflates everything in one go: a
// 1.9 MB zip declaring 1,000 bytes froze the tab for 64 s and a 6.2 MB KMZ grew to 7.4 GB.
import { Inflate } from 'fflate';
import type { IoError } from './errors';
import { LIMITS, overLimit } from './limits';

/** Compressed bytes handed to the inflater at a time: at deflate's 1032:1 at most ~16 MB come out. */
const PIECE = 16 * 1024;

const EOCD = 0x06054b50, CENTRAL = 0x02014b50, LOCAL = 0x04034b50;
const STORED = 0, DEFLATE = 8;

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

class Broken extends Error {}
class Stop extends Error {}

function endOfCentralDirectory(v: DataView): number {
  // The record is 22 bytes plus a comment of at most 65,535.
  const lowest = Math.max(0, v.byteLength - 22 - 0xffff);
  for (let i = v.byteLength - 22; i >= lowest; i--) if (v.getUint32(i, true) === EOCD) return i;
  throw new Broken('no end-of-central-directory record (not a zip, or truncated)');
}

function entries(bytes: Uint8Array): Entry[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 22) throw new Broken('shorter than the smallest zip');
  const end = endOfCentralDirectory(v);
  const count = v.getUint16(end + 10, true);
  const at = v.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) throw new Broken('ZIP64 archives are not read (they exceed the size limits anyway)');
  const out: Entry[] = [];
  let p = at;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || v.getUint32(p, true) !== CENTRAL) throw new Broken(`central directory entry ${i} is damaged`);
    const flags = v.getUint16(p + 8, true);
    const nameLength = v.getUint16(p + 28, true);
    const skip = nameLength + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
    if (p + 46 + skip > bytes.length) throw new Broken(`central directory entry ${i} runs past the end`);
    const rawName = bytes.subarray(p + 46, p + 46 + nameLength);
    // Bit 11: the name is UTF-8; otherwise code page 437, of which ASCII (all the names we look for) agrees.
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(rawName);
    out.push({
      name, flags, method: v.getUint16(p + 10, true),
      compressedSize: v.getUint32(p + 20, true), size: v.getUint32(p + 24, true), localOffset: v.getUint32(p + 42, true),
    });
    p += 46 + skip;
  }
  return out;
}

function compressedData(bytes: Uint8Array, e: Entry): Uint8Array {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = e.localOffset;
  if (h + 30 > bytes.length || v.getUint32(h, true) !== LOCAL) throw new Broken(`${e.name}: local header is damaged`);
  const start = h + 30 + v.getUint16(h + 26, true) + v.getUint16(h + 28, true);
  if (start + e.compressedSize > bytes.length) throw new Broken(`${e.name}: data runs past the end of the archive`);
  return bytes.subarray(start, start + e.compressedSize);
}

function inflateWithin(name: string, data: Uint8Array, declared: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let got = 0;
  const inflater = new Inflate((chunk) => {
    got += chunk.length;
    if (got > declared) throw new Stop();
    parts.push(chunk);
  });
  try {
    for (let off = 0; off < data.length; off += PIECE) inflater.push(data.subarray(off, off + PIECE), off + PIECE >= data.length);
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof Stop) throw new Broken(`${name} inflates to more than the ${declared} bytes it declares`);
    throw new Broken(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (got !== declared) throw new Broken(`${name} inflates to ${got} bytes, not the ${declared} it declares`);
  const out = new Uint8Array(got);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The members whose names `want` accepts, by name (the first of a repeated name), or 'broken-zip' /
 * 'too-large' naming the archive.
 */
export function unzipBounded(file: string, bytes: Uint8Array, want: (name: string) => boolean): Map<string, Uint8Array> | IoError {
  try {
    const chosen = entries(bytes).filter((e) => want(e.name));
    const declared = chosen.reduce((n, e) => n + e.size, 0);
    if (declared > LIMITS.fileBytes) return overLimit(file, 'fileBytes', `${declared} bytes declared unpacked`);
    const out = new Map<string, Uint8Array>();
    for (const e of chosen) {
      if (out.has(e.name)) continue;
      if (e.flags & 1) throw new Broken(`${e.name} is encrypted`);
      const data = compressedData(bytes, e);
      if (e.method === STORED) {
        if (e.compressedSize !== e.size) throw new Broken(`${e.name} is stored with two different sizes`);
        out.set(e.name, data.slice());
      } else if (e.method === DEFLATE) out.set(e.name, inflateWithin(e.name, data, e.size));
      else throw new Broken(`${e.name} uses compression method ${e.method} (only stored and deflate are read)`);
    }
    return out;
  } catch (e) {
    if (e instanceof Broken) return { code: 'broken-zip', file, message: e.message };
    throw e;
  }
}
