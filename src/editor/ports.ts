// The editor talks to the map through this port (DESIGN.md habit 6): neutral events in, plain GeoJSON
// descriptions out. No maplibre type crosses it.
import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Point } from 'geojson';
import type { ContextUnits } from '../core/model/context-units';
import type { Layer } from '../core/layers/layer';

export type BBox = readonly [west: number, south: number, east: number, north: number];

/** A pointer event as the editor sees it, whatever map library produced it. */
export interface MapPointerEvent {
  readonly type: 'click' | 'dblclick' | 'move' | 'down' | 'up';
  readonly lng: number;
  readonly lat: number;
  readonly x: number;
  readonly y: number;
  readonly button: number;
  readonly keys: { readonly alt: boolean; readonly shift: boolean; readonly ctrl: boolean; readonly meta: boolean };
  /** Ids of the units under the pointer, topmost first. */
  readonly unitIds: readonly string[];
  /** The edit handle under the pointer, if any. */
  readonly handle: Handle | null;
  /** The issue under the pointer, if any. */
  readonly issueId: string | null;
}

/** A vertex of an arc, or the midpoint of one of its segments (dragging it inserts a vertex). */
export interface Handle {
  readonly kind: 'vertex' | 'midpoint';
  readonly arc: number;
  readonly index: number;
}

/** Only what changed after an edit: features to add or replace (by id) and ids to remove. */
export interface CoveragePatch {
  readonly units: readonly Feature<MultiPolygon, Record<string, unknown>>[];
  readonly removedUnits: readonly string[];
  readonly labels: readonly Feature<Point, Record<string, unknown>>[];
  readonly borders: readonly Feature<LineString, Record<string, unknown>>[];
  readonly removedBorders: readonly number[];
}

/** Overlays the editor draws: issues, the selected issue, edit handles, a sketch, a fix preview. */
export type OverlayName = 'issues' | 'issue-selected' | 'handles' | 'sketch' | 'preview' | 'compare';

/** What the map draws for a coverage. Every feature carries a string `id` property. */
export interface CoverageView {
  /** One feature per unit: properties id, code, name, type. */
  readonly units: FeatureCollection<Geometry, Record<string, unknown>>;
  /**
   * One LineString per arc used once (the coverage's edge, borders that do not match): properties arc,
   * shared (false). Shared borders are drawn as the units' outlines.
   */
  readonly borders: FeatureCollection<LineString, Record<string, unknown>>;
  /** One point per unit for its label: properties id, name. */
  readonly labels: FeatureCollection<Point, Record<string, unknown>>;
}

/** PNG bytes of tile z/x/y (Web Mercator, XYZ) of a GeoTIFF kept on this device, transparent where it does not reach. */
export type RasterTileSource = (fileId: string, z: number, x: number, y: number) => Promise<ArrayBuffer>;

export interface MapPort {
  setCoverage(view: CoverageView): void;
  setOldUnits(fc: FeatureCollection<Geometry, Record<string, unknown>>): void;
  setOldUnitsVisible(visible: boolean): void;
  /**
   * The user's layers, bottom first: basemaps under the units, reference layers over their fill and under
   * their borders. `features`: each shown reference layer's features by layer id.
   */
  setLayers(layers: readonly Layer[], features: ReadonlyMap<string, FeatureCollection<Geometry, Record<string, unknown>>>): void;
  /** Units of the neighbouring provinces, drawn as read-only context under the draft's own. */
  setContextUnits(units: ContextUnits): void;
  setSelection(unitId: string | null, neighbourIds: readonly string[]): void;
  fitBounds(bbox: BBox): void;
  /** Applies only the changes of an edit (cheap enough for every pointer move of a drag). */
  patchCoverage(patch: CoveragePatch): void;
  setOverlay(name: OverlayName, fc: FeatureCollection<Geometry, Record<string, unknown>>): void;
  /** Map panning by drag; off while a vertex is dragged. */
  setDragPan(enabled: boolean): void;
  /** Degrees of latitude covered by `px` screen pixels at the current zoom (for pixel tolerances). */
  pixelsToDegrees(px: number): number;
  setCursor(cursor: string): void;
  onPointer(handler: (e: MapPointerEvent) => void): () => void;
  /** Resolves once the map has drawn its data the first time. */
  whenReady(): Promise<void>;
  destroy(): void;
}
