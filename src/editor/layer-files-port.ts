// Where the files of local layers live (a GeoTIFF, a PMTiles archive, a reference layer's features):
// on this device, outside the drafts' database, read back in ranges so a 100 MB orthophoto is never
// held in memory whole. The browser's implementation is the Origin Private File System.

export interface LayerFileInfo {
  readonly id: string;
  readonly bytes: number;
}

export interface LayerFileStore {
  /** Writes the file whole or not at all (a full disk leaves no half file); throws StorageWriteError. */
  put(id: string, data: Blob): Promise<void>;
  /** The file, or null when this device does not have it (a workspace restored elsewhere). */
  get(id: string): Promise<Blob | null>;
  remove(id: string): Promise<void>;
  list(): Promise<readonly LayerFileInfo[]>;
  /** Bytes the browser says this origin may still write, or null when it does not say. */
  spaceLeft(): Promise<number | null>;
}
