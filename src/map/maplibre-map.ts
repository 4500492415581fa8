// MapPort implemented with maplibre-gl. The only module that knows maplibre exists.
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection, Geometry } from 'geojson';
import { contextUnitGeometry, contextUnitLabel, type ContextUnits } from '../core/model/context-units';
import type { BBox, CoveragePatch, CoverageView, Handle, MapPointerEvent, MapPort, OverlayName, RasterTileSource } from '../editor/ports';
import { baseStyle } from './style';
import { SketchCanvas } from './sketch-canvas';
import { GEOTIFF_PROTOCOL, KEPT_TILES_PROTOCOL, PMTILES_PROTOCOL, TileFailureError, UserLayers } from './user-layers';
import type { TileFailure } from '../editor/layer-problem';
import { TILES_CACHE } from '../core/layers/offline-tiles';
import type { PMTiles } from 'pmtiles';
import type { Layer } from '../core/layers/layer';

maplibregl.setWorkerUrl(workerUrl);

/** Where geotiff:// tiles come from (one per page: the protocol is registered once, for every map). */
let rasterTiles: RasterTileSource | null = null;
/** Where pmtiles:// archives come from: the layer files kept on this device, opened once each. */
let localFile: ((fileId: string) => Promise<Blob | null>) | null = null;
const archives = new Map<string, Promise<PMTiles>>();
function archive(fileId: string): Promise<PMTiles> {
  let a = archives.get(fileId);
  if (!a) {
    a = (async () => {
      const blob = localFile ? await localFile(fileId) : null;
      if (!blob) throw new Error('the archive is not on this device');
      const { FileSource, PMTiles } = await import('pmtiles');
      return new PMTiles(new FileSource(new File([blob], fileId)));
    })();
    a.catch(() => archives.delete(fileId)); // tried again on the next tile
    archives.set(fileId, a);
  }
  return a;
}
maplibregl.addProtocol(PMTILES_PROTOCOL, async (params, abort) => {
  const m = /^pmtiles:\/\/([\w-]+)\/(\d+)\/(\d+)\/(\d+)$/.exec(params.url);
  if (!m) throw new Error(`not a PMTiles tile address: ${params.url}`);
  const tile = await (await archive(m[1]!)).getZxy(Number(m[2]), Number(m[3]), Number(m[4]), abort.signal);
  // A tile the archive does not hold: empty data, which the map draws as nothing.
  return { data: tile ? new Uint8Array(tile.data) : new Uint8Array() };
});

/** A tile server that has not answered (headers and body) in this long is reported as not answering. */
const TILE_TIMEOUT_S = 30;

// An online layer's tile: the copy kept for offline use when there is one, else the server (fetched by
// this page, whose policy allows exactly the hosts the user added).
maplibregl.addProtocol(KEPT_TILES_PROTOCOL, async (params, abort) => {
  const url = params.url.slice(`${KEPT_TILES_PROTOCOL}://`.length);
  const kept = typeof caches === 'undefined' ? undefined : await caches.match(url, { cacheName: TILES_CACHE });
  if (kept) return { data: await kept.arrayBuffer() };
  // A server that never answers would hold the tile, and the map's "everything drawn", for ever.
  const timeout = AbortSignal.timeout(TILE_TIMEOUT_S * 1000);
  try {
    const res = await fetch(url, { signal: AbortSignal.any([abort.signal, timeout]) });
    if (!res.ok) throw new TileFailureError({ kind: 'http', status: res.status }, `HTTP ${res.status} for ${url}`);
    return { data: await res.arrayBuffer() };
  } catch (e) {
    if (timeout.aborted && !abort.signal.aborted) throw new TileFailureError({ kind: 'timeout', seconds: TILE_TIMEOUT_S }, `no answer from ${url} in ${TILE_TIMEOUT_S} s`);
    throw e;
  }
});

maplibregl.addProtocol(GEOTIFF_PROTOCOL, async (params) => {
  const m = /^geotiff:\/\/([\w-]+)\/(\d+)\/(\d+)\/(\d+)$/.exec(params.url);
  if (!m) throw new Error(`not a GeoTIFF tile address: ${params.url}`);
  if (!rasterTiles) throw new Error('no GeoTIFF tile source in this page');
  return { data: await rasterTiles(m[1]!, Number(m[2]), Number(m[3]), Number(m[4])) };
});

/** The whole country: the view before a draft's units arrive (the editor then fits the map to them). */
const VIETNAM_BOUNDS: BBox = [102.1, 8.4, 109.5, 23.4];
/** Grab radius around the pointer for handles and issues, px. */
const HIT_PX = 6;

export interface MaplibreMapOptions {
  readonly container: HTMLElement;
  /** Accessible name of the map region. */
  readonly label: string;
  /** A user layer whose tiles or data failed to load. */
  readonly onLayerError?: (layerId: string, failure: TileFailure) => void;
  /** A tile of a user layer loaded. */
  readonly onLayerTile?: (layerId: string) => void;
  /** Tiles of the GeoTIFF layers kept on this device. */
  readonly rasterTiles?: RasterTileSource;
  /** A layer file kept on this device (the PMTiles archives are read from it in ranges). */
  readonly localFile?: (fileId: string) => Promise<Blob | null>;
}

export class MaplibreMap implements MapPort {
  private readonly map: maplibregl.Map;
  private readonly handlers = new Set<(e: MapPointerEvent) => void>();
  private pending: (() => void)[] = [];
  private isLoaded = false;
  private hasData = false;
  private readyResolve!: () => void;
  private readonly ready = new Promise<void>((r) => (this.readyResolve = r));
  private readonly sketch: SketchCanvas;
  private readonly userLayers: UserLayers;

  constructor(options: MaplibreMapOptions) {
    this.map = new maplibregl.Map({
      container: options.container,
      style: baseStyle(),
      bounds: VIETNAM_BOUNDS as [number, number, number, number],
      attributionControl: { compact: false },
      doubleClickZoom: false,
      // No label fade: each fade frame is a full repaint, costly with software WebGL.
      fadeDuration: 0,
      // Keep the drawing buffer so screenshots and print-to-PDF see the map.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    this.map.getCanvas().setAttribute('aria-label', options.label);
    if (options.rasterTiles) rasterTiles = options.rasterTiles;
    if (options.localFile) localFile = options.localFile;
    this.userLayers = new UserLayers(
      this.map,
      options.onLayerError ?? ((id, failure) => console.error(`layer ${id}: ${JSON.stringify(failure)}`)),
      options.onLayerTile ?? (() => undefined),
    );
    this.sketch = new SketchCanvas(
      this.map.getContainer(),
      (p) => this.map.project([p[0]!, p[1]!]),
      () => {
        const b = this.map.getBounds();
        return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
      },
    );
    this.map.on('move', () => this.sketch.draw());
    this.map.on('resize', () => this.sketch.draw());
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.map.once('load', () => {
      this.isLoaded = true;
      for (const fn of this.pending) fn();
      this.pending = [];
    });
    this.map.on('click', (e) => this.emit('click', e));
    this.map.on('dblclick', (e) => this.emit('dblclick', e));
    this.map.on('mousedown', (e) => this.emit('down', e));
    // Moves are coalesced to one per animation frame: a drag then costs one update per frame drawn,
    // however many pointer events the browser delivers.
    this.map.on('mousemove', (e) => {
      const first = this.pendingMove === null;
      this.pendingMove = e;
      if (first) requestAnimationFrame(() => this.flushMove());
    });
    this.map.on('mouseup', (e) => {
      this.flushMove();
      this.emit('up', e);
    });
    // A button released outside the map still ends a drag there (at the last position seen).
    window.addEventListener('mouseup', this.onWindowUp);
  }

  private pendingMove: maplibregl.MapMouseEvent | null = null;

  private lastMove: maplibregl.MapMouseEvent | null = null;

  private flushMove(): void {
    const e = this.pendingMove;
    this.pendingMove = null;
    if (e) {
      this.lastMove = e;
      this.emit('move', e);
    }
  }

  private readonly onWindowUp = (ev: MouseEvent): void => {
    if (this.map.getCanvasContainer().contains(ev.target as Node)) return;
    this.flushMove();
    if (this.lastMove) this.emit('up', this.lastMove);
  };

  private whenLoaded(fn: () => void): void {
    if (this.isLoaded) fn();
    else this.pending.push(fn);
  }

  private query(point: maplibregl.Point, layers: string[], radius = 0): maplibregl.MapGeoJSONFeature[] {
    const present = layers.filter((l) => this.map.getLayer(l));
    if (present.length === 0) return [];
    const box: [maplibregl.PointLike, maplibregl.PointLike] | maplibregl.PointLike =
      radius > 0 ? [[point.x - radius, point.y - radius], [point.x + radius, point.y + radius]] : point;
    return this.map.queryRenderedFeatures(box, { layers: present });
  }

  /**
   * The handle nearest to the pointer within HIT_PX: at a district zoom several vertices fall inside the
   * hit box, and the first one the renderer returns was up to 59 m from the one clicked. A vertex wins
   * over a midpoint at the same distance.
   */
  private nearestHandle(point: maplibregl.Point): maplibregl.MapGeoJSONFeature | undefined {
    let best: maplibregl.MapGeoJSONFeature | undefined;
    let bestD = Infinity;
    for (const f of this.query(point, ['handles-vertex', 'handles-midpoint'], HIT_PX)) {
      if (f.geometry.type !== 'Point') continue;
      const [lng, lat] = f.geometry.coordinates as [number, number];
      const p = this.map.project([lng, lat]);
      const d = Math.hypot(p.x - point.x, p.y - point.y) + (f.properties?.kind === 'midpoint' ? 0.5 : 0);
      if (d < bestD) [best, bestD] = [f, d];
    }
    return best;
  }

  private emit(type: MapPointerEvent['type'], e: maplibregl.MapMouseEvent): void {
    if (this.handlers.size === 0) return;
    const unitIds = type === 'move' ? [] : this.query(e.point, ['units-fill']).map((f) => String(f.properties?.id ?? '')).filter((id) => id !== '');
    // Hit tests cost a feature query each; pointer moves need none of them (modes snap on the data).
    const handleHit = type === 'move' ? undefined : this.nearestHandle(e.point);
    // A press on an edit handle starts the editor's drag, not a map pan: maplibre's drag-pan honours
    // preventDefault on the mousedown (disabling dragPan then is too late for this gesture).
    if (type === 'down' && handleHit) e.preventDefault();
    const handle: Handle | null = handleHit
      ? { kind: handleHit.properties?.kind === 'midpoint' ? 'midpoint' : 'vertex', arc: Number(handleHit.properties?.arc), index: Number(handleHit.properties?.index) }
      : null;
    const issueHit = type === 'click' ? this.query(e.point, ['issues-fill', 'issues-line', 'issues-point'], 2)[0] : undefined;
    const ev: MapPointerEvent = {
      type,
      lng: e.lngLat.lng,
      lat: e.lngLat.lat,
      x: e.point.x,
      y: e.point.y,
      button: e.originalEvent.button,
      keys: {
        alt: e.originalEvent.altKey,
        shift: e.originalEvent.shiftKey,
        ctrl: e.originalEvent.ctrlKey,
        meta: e.originalEvent.metaKey,
      },
      unitIds,
      handle,
      issueId: issueHit ? String(issueHit.properties?.id ?? '') || null : null,
    };
    for (const h of this.handlers) h(ev);
  }

  private source(id: string): maplibregl.GeoJSONSource {
    const s = this.map.getSource<maplibregl.GeoJSONSource>(id);
    if (!s) throw new Error(`map source ${id} is missing from the style`);
    return s;
  }

  setCoverage(view: CoverageView): void {
    this.whenLoaded(() => {
      this.source('units').setData(view.units);
      this.source('borders').setData(view.borders);
      this.source('labels').setData(view.labels);
      if (!this.hasData) {
        this.hasData = true;
        this.whenDrawn();
      }
    });
  }

  /**
   * Resolves `ready` on the first frame that shows everything of the app's own: its sources loaded. Not
   * maplibre's 'idle', which also waits for every tile of the user's layers: a tile server that fails
   * slowly or never answers must not hold the editor back.
   */
  private whenDrawn(): void {
    const check = () => {
      const sources = Object.keys(this.map.getStyle().sources).filter((id) => !id.startsWith('user:'));
      if (!sources.every((id) => this.map.isSourceLoaded(id))) return;
      this.map.off('render', check);
      this.map.off('idle', check);
      this.readyResolve();
    };
    this.map.on('render', check);
    this.map.on('idle', check);
    this.map.triggerRepaint();
  }

  patchCoverage(patch: CoveragePatch): void {
    this.whenLoaded(() => {
      // `add` replaces a feature with the same id, so it serves for both new and changed features.
      if (patch.units.length || patch.removedUnits.length) {
        void this.source('units').updateData({ remove: [...patch.removedUnits], add: [...patch.units] });
        void this.source('labels').updateData({ remove: [...patch.removedUnits], add: [...patch.labels] });
      }
      if (patch.borders.length || patch.removedBorders.length) {
        void this.source('borders').updateData({ remove: [...patch.removedBorders], add: [...patch.borders] });
      }
    });
  }

  setOverlay(name: OverlayName, fc: FeatureCollection<Geometry, Record<string, unknown>>): void {
    if (name === 'sketch') return this.sketch.set(fc);
    this.whenLoaded(() => this.source(name).setData(fc));
  }

  setOldUnits(fc: FeatureCollection<Geometry, Record<string, unknown>>): void {
    this.whenLoaded(() => this.source('old').setData(fc));
  }

  setLayers(layers: readonly Layer[], features: ReadonlyMap<string, FeatureCollection<Geometry, Record<string, unknown>>>): void {
    this.whenLoaded(() => this.userLayers.set(layers, features));
  }

  setContextUnits(units: ContextUnits): void {
    const features = [...units.values()].map((u) => ({
      type: 'Feature' as const,
      properties: { id: u.id, label: contextUnitLabel(u) },
      geometry: contextUnitGeometry(u),
    }));
    this.whenLoaded(() => this.source('context').setData({ type: 'FeatureCollection', features }));
  }

  setOldUnitsVisible(visible: boolean): void {
    this.whenLoaded(() => {
      for (const layer of ['old-lines', 'old-labels']) {
        this.map.setLayoutProperty(layer, 'visibility', visible ? 'visible' : 'none');
      }
    });
  }

  setSelection(unitId: string | null, neighbourIds: readonly string[]): void {
    this.whenLoaded(() => {
      const sel = unitId ?? '';
      this.map.setFilter('units-selected', ['==', ['get', 'id'], sel]);
      this.map.setFilter('units-selected-outline', ['==', ['get', 'id'], sel]);
      this.map.setFilter('units-neighbour', ['in', ['get', 'id'], ['literal', [...neighbourIds]]]);
    });
  }

  fitBounds(bbox: BBox): void {
    this.whenLoaded(() => {
      this.map.fitBounds(bbox as [number, number, number, number], { padding: 40, duration: 0, maxZoom: 17 });
    });
  }

  setDragPan(enabled: boolean): void {
    if (enabled) this.map.dragPan.enable();
    else this.map.dragPan.disable();
  }

  pixelsToDegrees(px: number): number {
    const c = this.map.getCenter();
    const a = this.map.project(c);
    const b = this.map.unproject([a.x, a.y + px]);
    return Math.abs(c.lat - b.lat);
  }

  setCursor(cursor: string): void {
    this.map.getCanvas().style.cursor = cursor;
  }

  /** Screen position (px, relative to the map) of a lon/lat: used by end-to-end tests to aim the mouse. */
  project(lng: number, lat: number): { x: number; y: number } {
    const p = this.map.project([lng, lat]);
    return { x: p.x, y: p.y };
  }

  onPointer(handler: (e: MapPointerEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  destroy(): void {
    window.removeEventListener('mouseup', this.onWindowUp);
    this.handlers.clear();
    this.sketch.destroy();
    this.map.remove();
  }
}
