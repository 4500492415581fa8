// The page's side of the raster-tiles worker: one worker for the tab, started on the first tile asked.
import type { RasterTileSource } from '../editor/ports';
import type { TileRequest, TileResponse } from './raster-tiles-protocol';

/**
 * `file`: the kept file by id. Its Blob goes along with each request (a Blob crosses to a worker as a
 * reference to the same bytes, not a copy); the worker opens it once.
 */
export function workerRasterTiles(file: (fileId: string) => Promise<Blob | null>): RasterTileSource {
  let worker: Worker | null = null;
  let next = 1;
  const pending = new Map<number, { resolve: (b: ArrayBuffer) => void; reject: (e: Error) => void }>();
  const fail = (err: Error) => {
    worker?.terminate();
    worker = null; // started again for the next tile
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const start = (): Worker => {
    if (worker) return worker;
    const w = new Worker(new URL('./raster-tiles.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<TileResponse>) => {
      const p = pending.get(e.data.id);
      if (!p) return;
      pending.delete(e.data.id);
      if (e.data.ok) p.resolve(e.data.png);
      else p.reject(new Error(e.data.error));
    };
    w.onerror = (e) => fail(new Error(`the raster tile worker stopped: ${e.message || 'unknown error'}`));
    w.onmessageerror = () => fail(new Error('the raster tile worker sent what could not be read'));
    return (worker = w);
  };
  return async (fileId, z, x, y) => {
    const blob = await file(fileId);
    if (!blob) throw new Error('the file is not on this device');
    return new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      const msg: TileRequest = { id, fileId, blob, z, x, y };
      start().postMessage(msg);
    });
  };
}
