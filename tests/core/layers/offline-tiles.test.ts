import { describe, expect, it } from 'vitest';
import { countTiles, MAX_OFFLINE_TILES, tilesCovering, tileUrl } from '../../../src/core/layers/offline-tiles';
import { tileTemplate, wmsTemplate } from '../../../src/core/layers/tile-url';
import type { TileServiceSource } from '../../../src/core/layers/layer';

/**
 * maplibre's own tile addressing, the client whose requests the kept tiles must answer. The package does
 * not export it, so it is read from its source, by a path the type checker does not follow (maplibre's
 * sources are not written for this project's compiler settings).
 */
interface MaplibreTileId {
  url(urls: string[], pixelRatio: number, scheme?: string): string;
}
const MAPLIBRE_TILE_ID = '../../../node_modules/maplibre-gl/src/tile/tile_id';
const maplibreTileId = async (z: number, x: number, y: number): Promise<MaplibreTileId> => {
  const m = (await import(/* @vite-ignore */ MAPLIBRE_TILE_ID)) as { CanonicalTileID: new (z: number, x: number, y: number) => MaplibreTileId };
  return new m.CanonicalTileID(z, x, y);
};

const src = (u: string): TileServiceSource => {
  const r = tileTemplate(u);
  if (!r.ok) throw new Error(r.message);
  return r.source;
};

describe('offline tiles', () => {
  // About 2 km square in Hải Phòng.
  const box = [106.68, 20.85, 106.70, 20.87] as const;

  it('lists every tile covering the box at each zoom, coarse first, with the address the map asks', () => {
    const tiles = tilesCovering(src('https://t.vn/{z}/{x}/{y}.png'), box, 14, 15);
    expect(tiles.length).toBe(countTiles(box, 14, 15));
    expect(tiles[0]!.z).toBe(14);
    // Tile 14/13047/7220 holds 106.69, 20.86 (the standard XYZ formula, computed apart).
    expect(tiles.some((t) => t.z === 14 && t.x === 13047 && t.y === 7220 && t.url === 'https://t.vn/14/13047/7220.png')).toBe(true);
    for (const t of tiles) expect(t.url).toBe(`https://t.vn/${t.z}/${t.x}/${t.y}.png`);
  });

  it('counts rows from the south for TMS and fills the Web-Mercator box for WMS', () => {
    expect(tileUrl(src('https://t.vn/{z}/{x}/{-y}.png'), 14, 13239, 7212)).toBe(`https://t.vn/14/13239/${2 ** 14 - 1 - 7212}.png`);
    const wms = wmsTemplate('https://g.vn/wms', { layers: 'a' });
    if (!wms.ok) throw new Error(wms.message);
    const u = new URL(tileUrl(wms.source, 1, 0, 0));
    expect(u.searchParams.get('BBOX')).toBe(`${-Math.PI * 6378137},0,0,${Math.PI * 6378137}`);
  });

  it('gives, character for character, the address maplibre asks (XYZ, TMS, WMS), at every zoom', async () => {
    const wms = wmsTemplate('https://g.vn/wms', { layers: 'a' });
    if (!wms.ok) throw new Error(wms.message);
    const sources = [src('https://t.vn/{z}/{x}/{y}.png?z={z}'), src('https://t.vn/{z}/{x}/{-y}.png'), wms.source];
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const differ: string[] = [];
    for (const s of sources) {
      for (let z = 0; z <= 22; z++) {
        for (let k = 0; k < 100; k++) {
          const x = Math.floor(next() * 2 ** z), y = Math.floor(next() * 2 ** z);
          const theirs = (await maplibreTileId(z, x, y)).url([s.template], 1, s.scheme);
          if (theirs !== tileUrl(s, z, x, y)) differ.push(`${theirs} != ${tileUrl(s, z, x, y)}`);
        }
      }
    }
    expect(differ.slice(0, 3)).toEqual([]);
  });

  it('refuses more tiles than the cap, saying how many', () => {
    expect(() => tilesCovering(src('https://t.vn/{z}/{x}/{y}.png'), [105, 20, 107, 22], 10, 16)).toThrow(new RegExp(`more than the ${MAX_OFFLINE_TILES}`));
  });
});
