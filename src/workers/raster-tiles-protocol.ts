// Messages between the page and the raster-tiles worker.
export interface TileRequest {
  readonly id: number;
  readonly fileId: string;
  /** The kept file (opened once per fileId; later requests' Blobs are not read). */
  readonly blob: Blob;
  readonly z: number;
  readonly x: number;
  readonly y: number;
}

/** `png`: the tile (transparent where the image does not reach). */
export type TileResponse = { readonly id: number; readonly ok: true; readonly png: ArrayBuffer } | { readonly id: number; readonly ok: false; readonly error: string };
