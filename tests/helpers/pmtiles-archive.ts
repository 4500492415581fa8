// A PMTiles (v3) archive of raster PNG tiles written from the specification (header, one root directory,
// the tiles), so the tests make their own archives: nothing downloaded, nothing committed.
import { zxyToTileId } from 'pmtiles';

/** A PMTiles (v3) archive of raster PNG tiles, written here from the specification: header, one root directory, tiles. */
export function pmtilesArchive(tiles: { z: number; x: number; y: number; data: Buffer }[], bounds: readonly [number, number, number, number]): Buffer {
  const varint = (n: number, out: number[]) => {
    while (n >= 0x80) {
      out.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    out.push(n);
  };
  const sorted = tiles.map((t) => ({ ...t, id: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.id - b.id);
  const dir: number[] = [];
  varint(sorted.length, dir);
  let last = 0;
  for (const t of sorted) {
    varint(t.id - last, dir);
    last = t.id;
  }
  for (const _ of sorted) varint(1, dir); // run lengths
  for (const t of sorted) varint(t.data.length, dir);
  let offset = 0;
  for (const [k, t] of sorted.entries()) {
    varint(k === 0 ? offset + 1 : 0, dir); // 0: right after the previous tile
    offset += t.data.length;
  }
  const root = Buffer.from(dir);
  const metadata = Buffer.from('{}');
  const data = Buffer.concat(sorted.map((t) => t.data));
  const h = Buffer.alloc(127);
  h.write('PMTiles', 0, 'ascii');
  h[7] = 3;
  const u64 = (at: number, v: number) => h.writeBigUInt64LE(BigInt(v), at);
  u64(8, 127);
  u64(16, root.length);
  u64(24, 127 + root.length);
  u64(32, metadata.length);
  u64(40, 0);
  u64(48, 0);
  u64(56, 127 + root.length + metadata.length);
  u64(64, data.length);
  u64(72, sorted.length);
  u64(80, sorted.length);
  u64(88, sorted.length);
  h[96] = 1; // clustered
  h[97] = 1; // internal compression: none
  h[98] = 1; // tile compression: none
  h[99] = 2; // PNG
  h[100] = Math.min(...sorted.map((t) => t.z));
  h[101] = Math.max(...sorted.map((t) => t.z));
  const e7 = (at: number, v: number) => h.writeInt32LE(Math.round(v * 1e7), at);
  e7(102, bounds[0]);
  e7(106, bounds[1]);
  e7(110, bounds[2]);
  e7(114, bounds[3]);
  h[118] = h[101]!;
  e7(119, (bounds[0] + bounds[2]) / 2);
  e7(123, (bounds[1] + bounds[3]) / 2);
  return Buffer.concat([h, root, metadata, data]);
}

