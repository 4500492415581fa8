// Which tiles of an online tile layer to keep on the device for an area (issue 12 point 4): every tile
// covering the box at each chosen zoom, with the address the map will ask for, so the service worker can
// answer the map's own requests from what was kept. A cap keeps one click from filling the disk or
// hammering a server whose terms forbid bulk downloads.
import type { BBox, TileServiceSource } from './layer';

/**
 * Cache Storage of the tiles kept, keyed by the very address the map asks (the map reads it first, see
 * src/map/maplibre-map.ts; not the service worker, whose own policy may not fetch other origins).
 */
export const TILES_CACHE = 'layer-tiles-1';
/** Per layer, the addresses it kept (so removing the layer removes its tiles). */
export const keptTilesKey = (layerId: string) => `__layer-tiles/${layerId}.json`;

/** The most tiles one "keep for offline" may fetch. */
export const MAX_OFFLINE_TILES = 5_000;
/** Used for the size shown before anything is fetched (aerial JPEG and map PNG tiles run 10–40 KB). */
export const ESTIMATED_TILE_BYTES = 25_000;

export interface TileAddress {
  readonly z: number;
  readonly x: number;
  readonly y: number;
  readonly url: string;
}

const R = 6378137;

function tileX(lon: number, z: number): number {
  return Math.min(2 ** z - 1, Math.max(0, Math.floor(((lon + 180) / 360) * 2 ** z)));
}

function tileY(lat: number, z: number): number {
  const s = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
  const y = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 2 ** z;
  return Math.min(2 ** z - 1, Math.max(0, Math.floor(y)));
}

/**
 * The address the map asks for tile z/x/y: the template filled as maplibre fills it, digit for digit,
 * since the kept tile is found by that address. The box is computed with maplibre's own operations in
 * its order (src/tile/tile_id.ts, getTileBBox): another order rounds differently at high zoom.
 */
export function tileUrl(source: TileServiceSource, z: number, x: number, y: number): string {
  const row = source.scheme === 'tms' ? 2 ** z - 1 - y : y;
  const tilesAtZoom = Math.pow(2, z);
  const extent0 = 2 * Math.PI * R;
  const size = extent0 / tilesAtZoom;
  const minX = -Math.PI * R;
  const minY = Math.PI * R - extent0;
  const fromBottom = tilesAtZoom - y - 1;
  const bbox = `${minX + x * size},${minY + fromBottom * size},${minX + (x + 1) * size},${minY + (fromBottom + 1) * size}`;
  return source.template.replaceAll('{z}', String(z)).replaceAll('{x}', String(x)).replaceAll('{y}', String(row)).replaceAll('{bbox-epsg-3857}', bbox);
}

/** How many tiles cover `box` at each zoom of [minZoom, maxZoom] (to show before anything is fetched). */
export function countTiles(box: BBox, minZoom: number, maxZoom: number): number {
  let n = 0;
  for (let z = minZoom; z <= maxZoom; z++) n += (tileX(box[2], z) - tileX(box[0], z) + 1) * (tileY(box[1], z) - tileY(box[3], z) + 1);
  return n;
}

/** Every tile covering `box` from minZoom to maxZoom, coarse first; throws past MAX_OFFLINE_TILES. */
export function tilesCovering(source: TileServiceSource, box: BBox, minZoom: number, maxZoom: number): TileAddress[] {
  const n = countTiles(box, minZoom, maxZoom);
  if (n > MAX_OFFLINE_TILES) throw new Error(`${n} tiles is more than the ${MAX_OFFLINE_TILES} one download may keep: choose a smaller area or fewer zooms`);
  const out: TileAddress[] = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    for (let x = tileX(box[0], z); x <= tileX(box[2], z); x++) {
      for (let y = tileY(box[3], z); y <= tileY(box[1], z); y++) out.push({ z, x, y, url: tileUrl(source, z, x, y) });
    }
  }
  return out;
}
