// The editor talks to the map through this port (DESIGN.md habit 6): neutral events in, plain GeoJSON
// descriptions out. No maplibre type crosses it.
import type { FeatureCollection, Geometry, LineString, Point } from 'geojson';

export type BBox = readonly [west: number, south: number, east: number, north: number];

/** A pointer event as the editor sees it, whatever map library produced it. */
export interface MapPointerEvent {
  readonly type: 'click' | 'move' | 'down' | 'up';
  readonly lng: number;
  readonly lat: number;
  readonly x: number;
  readonly y: number;
  readonly button: number;
  readonly keys: { readonly alt: boolean; readonly shift: boolean; readonly ctrl: boolean; readonly meta: boolean };
  /** Ids of the units under the pointer, topmost first. */
  readonly unitIds: readonly string[];
}

/** What the map draws for a coverage. Every feature carries a string `id` property. */
export interface CoverageView {
  /** One feature per unit: properties id, code, name, type. */
  readonly units: FeatureCollection<Geometry, Record<string, unknown>>;
  /** One LineString per arc, drawn once: properties arc, shared (boolean). */
  readonly borders: FeatureCollection<LineString, Record<string, unknown>>;
  /** One point per unit for its label: properties id, name. */
  readonly labels: FeatureCollection<Point, Record<string, unknown>>;
}

export interface MapPort {
  setCoverage(view: CoverageView): void;
  setOldUnits(fc: FeatureCollection<Geometry, Record<string, unknown>>): void;
  setOldUnitsVisible(visible: boolean): void;
  setSelection(unitId: string | null, neighbourIds: readonly string[]): void;
  fitBounds(bbox: BBox): void;
  onPointer(handler: (e: MapPointerEvent) => void): () => void;
  /** Resolves once the map has drawn its data the first time. */
  whenReady(): Promise<void>;
  destroy(): void;
}
