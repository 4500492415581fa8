// The user's layers on the maplibre map: tile services as raster sources under the units, reference
// layers as GeoJSON over the units' fill and under their borders. Sources are rebuilt only when what
// they read changes (a new template, other features, another label field); order, opacity and
// visibility are paint and layout changes.
import type * as maplibregl from 'maplibre-gl';
import type { FeatureCollection, Geometry } from 'geojson';
import { isBasemap, type Layer } from '../core/layers/layer';
import type { TileFailure } from '../editor/layer-problem';

/** The style layer the basemaps go under (the neighbouring provinces' grey, the lowest data layer). */
const BASEMAPS_UNDER = 'context-fill';
/** The style layer reference layers go under: over the units' fill, under old communes and borders. */
const REFERENCES_UNDER = 'old-lines';
const PREFIX = 'user:';
/** The map asks a kept GeoTIFF's tiles as geotiff://<file id>/{z}/{x}/{y}. */
export const GEOTIFF_PROTOCOL = 'geotiff';
/** …and a kept PMTiles archive's as pmtiles://<file id>/{z}/{x}/{y}. */
export const PMTILES_PROTOCOL = 'pmtiles';
/** …and an online layer's as keptiles://<its own address>. */
export const KEPT_TILES_PROTOCOL = 'keptiles';
const REF_COLOUR = '#0e7490';

type Features = FeatureCollection<Geometry, Record<string, unknown>>;

/** A tile the protocols could not deliver, with why in the editor's terms (the message is for the log). */
export class TileFailureError extends Error {
  override readonly name = 'TileFailureError';
  constructor(readonly failure: TileFailure, message: string) {
    super(message);
  }
}

/** What a failed tile's error says, in the editor's terms: its own reason, or the error's words. */
function failureOf(error: unknown): TileFailure {
  if (error instanceof TileFailureError) return error.failure;
  return { kind: 'failed', detail: error instanceof Error ? error.message : String(error) };
}

interface Shown {
  readonly key: string;
  readonly styleLayers: readonly string[];
}

function sourceKey(l: Layer, features: Features | undefined): string {
  const s = l.source;
  if (s.kind === 'tiles') return `tiles ${s.template} ${s.scheme} ${s.tileSize} ${l.attribution}`;
  if (s.kind === 'reference') return `reference ${s.fileId} ${s.labelField ?? ''} ${features ? 'data' : 'none'}`;
  return `${s.kind} ${s.fileId}`;
}

export class UserLayers {
  private shown = new Map<string, Shown>();

  constructor(
    private readonly map: maplibregl.Map,
    /** A layer whose tiles or data fail: the panel says so; the editor carries on. */
    private readonly onError: (layerId: string, failure: TileFailure) => void,
    /** A tile of a layer loaded (what was said about its failures no longer holds). */
    private readonly onTile: (layerId: string) => void,
  ) {
    map.on('error', (e: maplibregl.ErrorEvent & { sourceId?: string }) => {
      const id = e.sourceId?.startsWith(PREFIX) ? e.sourceId.slice(PREFIX.length) : null;
      // With a listener here maplibre no longer logs errors itself: the others must still reach the log.
      if (!id) return console.error(e.error);
      this.onError(id, failureOf(e.error));
    });
    map.on('sourcedata', (e: maplibregl.MapSourceDataEvent) => {
      if (e.tile && e.sourceId.startsWith(PREFIX)) this.onTile(e.sourceId.slice(PREFIX.length));
    });
  }

  set(layers: readonly Layer[], features: ReadonlyMap<string, Features>): void {
    const wanted = new Map(layers.map((l) => [l.id, l]));
    for (const [id, s] of this.shown) {
      const l = wanted.get(id);
      if (!l || sourceKey(l, features.get(id)) !== s.key) this.drop(id);
    }
    for (const l of layers) {
      if (!this.shown.has(l.id)) this.add(l, features.get(l.id));
      const s = this.shown.get(l.id);
      if (!s) continue;
      for (const styleLayer of s.styleLayers) {
        this.map.setLayoutProperty(styleLayer, 'visibility', l.visible ? 'visible' : 'none');
        this.setOpacity(styleLayer, l.opacity);
      }
    }
    // Bottom first: each moved just under its anchor ends above the ones moved before it.
    for (const l of layers) {
      const s = this.shown.get(l.id);
      const under = isBasemap(l) ? BASEMAPS_UNDER : REFERENCES_UNDER;
      for (const styleLayer of s?.styleLayers ?? []) this.map.moveLayer(styleLayer, under);
    }
  }

  private setOpacity(styleLayer: string, opacity: number): void {
    const type = this.map.getLayer(styleLayer)?.type;
    if (type === 'raster') this.map.setPaintProperty(styleLayer, 'raster-opacity', opacity);
    else if (type === 'fill') this.map.setPaintProperty(styleLayer, 'fill-opacity', 0.15 * opacity);
    else if (type === 'line') this.map.setPaintProperty(styleLayer, 'line-opacity', opacity);
    else if (type === 'circle') {
      this.map.setPaintProperty(styleLayer, 'circle-opacity', opacity);
      this.map.setPaintProperty(styleLayer, 'circle-stroke-opacity', opacity);
    } else if (type === 'symbol') this.map.setPaintProperty(styleLayer, 'text-opacity', opacity);
  }

  private drop(id: string): void {
    const s = this.shown.get(id);
    if (!s) return;
    for (const styleLayer of s.styleLayers) if (this.map.getLayer(styleLayer)) this.map.removeLayer(styleLayer);
    if (this.map.getSource(PREFIX + id)) this.map.removeSource(PREFIX + id);
    this.shown.delete(id);
  }

  private add(l: Layer, features: Features | undefined): void {
    const src = PREFIX + l.id;
    const s = l.source;
    if (s.kind === 'tiles') {
      this.map.addSource(src, {
        type: 'raster',
        // Through the kept-tiles protocol: a tile kept for offline use first, else the network.
        tiles: [`${KEPT_TILES_PROTOCOL}://${s.template}`],
        tileSize: s.tileSize,
        scheme: s.scheme,
        ...(l.attribution ? { attribution: l.attribution } : {}),
      });
      this.map.addLayer({ id: src, type: 'raster', source: src }, BASEMAPS_UNDER);
      this.shown.set(l.id, { key: sourceKey(l, features), styleLayers: [src] });
      return;
    }
    if (s.kind === 'reference') {
      if (!features) return; // its file is not on this device: the panel says so
      this.map.addSource(src, { type: 'geojson', data: features, ...(l.attribution ? { attribution: l.attribution } : {}) });
      const polygons: maplibregl.FilterSpecification = ['==', ['geometry-type'], 'Polygon'];
      const lines: maplibregl.FilterSpecification = ['in', ['geometry-type'], ['literal', ['LineString', 'Polygon']]];
      const points: maplibregl.FilterSpecification = ['==', ['geometry-type'], 'Point'];
      const layers: maplibregl.AddLayerObject[] = [
        { id: `${src}:fill`, type: 'fill', source: src, filter: polygons, paint: { 'fill-color': REF_COLOUR, 'fill-opacity': 0.15 } },
        { id: `${src}:line`, type: 'line', source: src, filter: lines, paint: { 'line-color': REF_COLOUR, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.6, 18, 1.8] } },
        {
          id: `${src}:point`, type: 'circle', source: src, filter: points,
          paint: { 'circle-radius': 4, 'circle-color': '#ffffff', 'circle-stroke-color': REF_COLOUR, 'circle-stroke-width': 2 },
        },
      ];
      if (s.labelField) {
        layers.push({
          id: `${src}:label`, type: 'symbol', source: src, minzoom: 13,
          layout: { 'text-field': ['to-string', ['get', s.labelField]], 'text-size': 11, 'text-font': ['sans-serif'] },
          paint: { 'text-color': '#164e63', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
        });
      }
      for (const layer of layers) this.map.addLayer(layer, REFERENCES_UNDER);
      this.shown.set(l.id, { key: sourceKey(l, features), styleLayers: layers.map((x) => x.id) });
    }
    if (s.kind === 'geotiff') {
      // Tiles come from the raster-tiles worker through the geotiff:// protocol (maplibre-map.ts); the
      // source's bounds keep the map from asking tiles the image does not reach.
      this.map.addSource(src, {
        type: 'raster',
        tiles: [`${GEOTIFF_PROTOCOL}://${s.fileId}/{z}/{x}/{y}`],
        tileSize: 256,
        maxzoom: 22,
        ...(s.bounds ? { bounds: [...s.bounds] as [number, number, number, number] } : {}),
        ...(l.attribution ? { attribution: l.attribution } : {}),
      });
      this.map.addLayer({ id: src, type: 'raster', source: src }, BASEMAPS_UNDER);
      this.shown.set(l.id, { key: sourceKey(l, features), styleLayers: [src] });
    }
    if (s.kind === 'pmtiles') {
      const range = s.zooms ? { minzoom: s.zooms[0], maxzoom: s.zooms[1] } : {};
      const common = {
        tiles: [`${PMTILES_PROTOCOL}://${s.fileId}/{z}/{x}/{y}`],
        ...range,
        ...(s.bounds ? { bounds: [...s.bounds] as [number, number, number, number] } : {}),
        ...(l.attribution ? { attribution: l.attribution } : {}),
      };
      if (s.tileType === 'vector') {
        this.map.addSource(src, { type: 'vector', ...common });
        // Every layer of the archive drawn plainly, as reference layers are: its polygons, lines, points.
        const layers: maplibregl.AddLayerObject[] = (s.vectorLayers ?? []).flatMap((name, k): maplibregl.AddLayerObject[] => [
          { id: `${src}:${k}:fill`, type: 'fill', source: src, 'source-layer': name, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': REF_COLOUR, 'fill-opacity': 0.15 } },
          { id: `${src}:${k}:line`, type: 'line', source: src, 'source-layer': name, filter: ['in', ['geometry-type'], ['literal', ['LineString', 'Polygon']]], paint: { 'line-color': REF_COLOUR, 'line-width': 1 } },
          { id: `${src}:${k}:point`, type: 'circle', source: src, 'source-layer': name, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 3, 'circle-color': REF_COLOUR } },
        ]);
        for (const layer of layers) this.map.addLayer(layer, REFERENCES_UNDER);
        this.shown.set(l.id, { key: sourceKey(l, features), styleLayers: layers.map((x) => x.id) });
      } else {
        this.map.addSource(src, { type: 'raster', tileSize: 256, ...common });
        this.map.addLayer({ id: src, type: 'raster', source: src }, BASEMAPS_UNDER);
        this.shown.set(l.id, { key: sourceKey(l, features), styleLayers: [src] });
      }
    }
  }
}
