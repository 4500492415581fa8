// What a layer under or over the units is, as plain data saved with the workspace (issue 12): a tile
// service the user added (XYZ, WMTS in its REST form, WMS), a local file kept on the device (GeoTIFF,
// PMTiles), or a reference layer read by the importers. The map adapter turns these into its sources; the
// core never fetches anything.

export type BBox = readonly [west: number, south: number, east: number, north: number];

/** A tile URL template the map fills in: {z}/{x}/{y}, or {bbox-epsg-3857} for WMS GetMap. */
export interface TileServiceSource {
  readonly kind: 'tiles';
  /** What the user typed it as: the panel shows it, the Content-Security-Policy allows its origin. */
  readonly service: 'xyz' | 'wmts' | 'wms';
  readonly template: string;
  /** 'tms': rows counted from the south ({-y} in the user's template). */
  readonly scheme: 'xyz' | 'tms';
  readonly tileSize: 256 | 512;
}

/** A file kept on this device (the Origin Private File System), read in ranges as the map needs it. */
export interface LocalFileSource {
  readonly kind: 'geotiff' | 'pmtiles';
  readonly fileId: string;
  readonly fileName: string;
  readonly bytes: number;
  /** Footprint in lon/lat, when known: for "zoom to layer". */
  readonly bounds: BBox | null;
  /** What the file says it is in, for the panel (e.g. "VN-2000 TM-3 105°45′"). */
  readonly crs?: string;
  /** PMTiles: raster tiles or vector tiles. */
  readonly tileType?: 'raster' | 'vector';
  /** PMTiles: the zooms the archive holds (the map zooms further in on the last). */
  readonly zooms?: readonly [min: number, max: number];
  /** Vector PMTiles: the names of its layers (each drawn as points, lines and polygons). */
  readonly vectorLayers?: readonly string[];
}

/** Features read by the importers and kept on this device as GeoJSON: never edited, never checked. */
export interface ReferenceSource {
  readonly kind: 'reference';
  readonly fileId: string;
  readonly fileName: string;
  readonly bytes: number;
  readonly features: number;
  readonly bounds: BBox | null;
  /** The property shown as a label, or null for none. */
  readonly labelField: string | null;
  /** Properties the features have, for the label choice. */
  readonly fields: readonly string[];
}

export type LayerSource = TileServiceSource | LocalFileSource | ReferenceSource;

export interface Layer {
  readonly id: string;
  readonly name: string;
  readonly source: LayerSource;
  readonly visible: boolean;
  /** 0 to 1. */
  readonly opacity: number;
  /** Reference layers: whether drawing and vertex drags snap to its vertices and edges. */
  readonly snappable: boolean;
  /** Credit the user entered for the service (its terms usually ask for one). */
  readonly attribution: string;
}

export const isBasemap = (l: Layer): boolean => l.source.kind !== 'reference' && !(l.source.kind === 'pmtiles' && l.source.tileType === 'vector');
