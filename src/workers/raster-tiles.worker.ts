// Web Worker: Web-Mercator tiles of the GeoTIFF layers kept on this device, reprojected from the file's
// own CRS (raster-warp.ts) and encoded as PNG for the map. The page sends the kept file's Blob (from the
// Origin Private File System); it is read in ranges, never whole, and opened once while the tab lives.
import { openGeoTiff, type GeoRaster } from '../io/geotiff-read';
import { renderTile, TILE_SIZE } from '../io/raster-warp';
import { mercatorToLonLat, tileBounds } from '../io/web-mercator-tile';
import type { TileRequest, TileResponse } from './raster-tiles-protocol';

const scope = self as unknown as { onmessage: ((e: MessageEvent<TileRequest>) => void) | null; postMessage(m: TileResponse, transfer: Transferable[]): void };
const open = new Map<string, Promise<GeoRaster>>();

function raster(fileId: string, blob: Blob): Promise<GeoRaster> {
  let r = open.get(fileId);
  if (!r) {
    r = openGeoTiff(blob, fileId);
    // A failure is not kept: the next tile tries again (the file may have been written meanwhile).
    r.catch(() => open.delete(fileId));
    open.set(fileId, r);
  }
  return r;
}

/** Whether the tile's box meets the image's footprint (else nothing is read). */
function meets(r: GeoRaster, z: number, x: number, y: number): boolean {
  const [x0, y0, x1, y1] = tileBounds(z, x, y);
  const [w, s] = mercatorToLonLat(x0, y0);
  const [e, n] = mercatorToLonLat(x1, y1);
  const [fw, fs, fe, fn] = r.footprint;
  return w <= fe && e >= fw && s <= fn && n >= fs;
}

async function png(rgba: Uint8ClampedArray): Promise<ArrayBuffer> {
  const canvas = new OffscreenCanvas(TILE_SIZE, TILE_SIZE);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw in a worker (no OffscreenCanvas 2D)');
  ctx.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, TILE_SIZE, TILE_SIZE), 0, 0);
  return (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer();
}

/** A tile the image does not reach: transparent (encoded once; each answer gets its own copy to move). */
let emptyTile: Promise<ArrayBuffer> | null = null;

async function tile(req: TileRequest): Promise<ArrayBuffer> {
  const r = await raster(req.fileId, req.blob);
  if (!meets(r, req.z, req.x, req.y)) return (await (emptyTile ??= png(new Uint8ClampedArray(TILE_SIZE * TILE_SIZE * 4)))).slice(0);
  return png(await renderTile(r, req.z, req.x, req.y));
}

scope.onmessage = (e) => {
  const req = e.data;
  tile(req).then(
    (bytes) => scope.postMessage({ id: req.id, ok: true, png: bytes }, [bytes]),
    (err: unknown) => scope.postMessage({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) }, []),
  );
};
