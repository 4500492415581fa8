// MapPort implemented with maplibre-gl. The only module that knows maplibre exists.
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection, Geometry } from 'geojson';
import type { BBox, CoverageView, MapPointerEvent, MapPort } from '../editor/ports';
import { baseStyle } from './style';

maplibregl.setWorkerUrl(workerUrl);

const HAI_PHONG_BOUNDS: BBox = [105.9, 20.5, 107.1, 21.3];

export interface MaplibreMapOptions {
  readonly container: HTMLElement;
  /** Accessible name of the map region. */
  readonly label: string;
}

export class MaplibreMap implements MapPort {
  private readonly map: maplibregl.Map;
  private readonly loaded: Promise<void>;
  private readonly handlers = new Set<(e: MapPointerEvent) => void>();
  private pending: (() => void)[] = [];
  private isLoaded = false;
  private hasData = false;
  private readyResolve!: () => void;
  private readonly ready = new Promise<void>((r) => (this.readyResolve = r));

  constructor(options: MaplibreMapOptions) {
    this.map = new maplibregl.Map({
      container: options.container,
      style: baseStyle(),
      bounds: HAI_PHONG_BOUNDS as [number, number, number, number],
      attributionControl: { compact: false },
      // Keep the drawing buffer so screenshots and print-to-PDF see the map.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    this.map.getCanvas().setAttribute('aria-label', options.label);
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.loaded = new Promise((resolve) => this.map.once('load', () => resolve()));
    void this.loaded.then(() => {
      this.isLoaded = true;
      for (const fn of this.pending) fn();
      this.pending = [];
    });
    this.map.on('click', (e) => this.emit('click', e));
  }

  private whenLoaded(fn: () => void): void {
    if (this.isLoaded) fn();
    else this.pending.push(fn);
  }

  private emit(type: MapPointerEvent['type'], e: maplibregl.MapMouseEvent): void {
    const hits = this.map.queryRenderedFeatures(e.point, { layers: ['units-fill'] });
    const unitIds = hits.map((f) => String(f.properties?.id ?? '')).filter((id) => id !== '');
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
        this.map.once('idle', () => this.readyResolve());
      }
    });
  }

  setOldUnits(fc: FeatureCollection<Geometry, Record<string, unknown>>): void {
    this.whenLoaded(() => this.source('old').setData(fc));
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
      this.map.fitBounds(bbox as [number, number, number, number], { padding: 40, duration: 0, maxZoom: 15 });
    });
  }

  onPointer(handler: (e: MapPointerEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  destroy(): void {
    this.handlers.clear();
    this.map.remove();
  }
}
