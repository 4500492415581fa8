// The editor engine: the current coverage, what is selected, and the map behind its port.
// Framework-free; the UI subscribes to its stores.
import type { FeatureCollection, Geometry } from 'geojson';
import type { Coverage } from '../core/model/types';
import { neighboursOf } from '../core/model/arc-usage';
import { geometryBBox, unionBBox } from '../core/geom/bbox';
import { unitGeometry } from '../core/geom/unit-measure';
import { buildCoverageView } from './coverage-view';
import type { MapPort, MapPointerEvent } from './ports';
import { Store } from './store';

export type LoadState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready' }
  | { readonly status: 'error'; readonly file: string; readonly message: string };

export class Editor {
  readonly coverage = new Store<Coverage | null>(null);
  readonly selection = new Store<string | null>(null);
  readonly loadState = new Store<LoadState>({ status: 'loading' });
  readonly oldUnitsVisible = new Store<boolean>(false);

  private oldUnits: FeatureCollection<Geometry, Record<string, unknown>> | null = null;
  private map: MapPort | null = null;
  private unsubscribeMap: (() => void) | null = null;

  /** Replaces the coverage (a data load: never an undo step) and clears the selection. */
  load(c: Coverage): void {
    this.selection.set(null);
    this.coverage.set(c);
    this.loadState.set({ status: 'ready' });
    this.map?.setCoverage(buildCoverageView(c));
    this.map?.setSelection(null, []);
    this.fitCoverage();
  }

  /** Frames the whole coverage. */
  fitCoverage(): void {
    const c = this.coverage.get();
    if (!c || !this.map || c.units.size === 0) return;
    let box = geometryBBox(unitGeometry(c, c.units.keys().next().value!));
    for (const id of c.units.keys()) box = unionBBox(box, geometryBBox(unitGeometry(c, id)));
    this.map.fitBounds(box);
  }

  fail(file: string, message: string): void {
    this.loadState.set({ status: 'error', file, message });
  }

  select(unitId: string | null, options: { zoom?: boolean } = {}): void {
    const c = this.coverage.get();
    const id = unitId !== null && c?.units.has(unitId) ? unitId : null;
    this.selection.set(id);
    if (!this.map || !c) return;
    const neighbours = id ? neighboursOf(c, id).map((n) => n.id) : [];
    this.map.setSelection(id, neighbours);
    if (id && options.zoom !== false) this.map.fitBounds(geometryBBox(unitGeometry(c, id)));
  }

  /** The old (pre-2025) units, a reference layer: drawn, never edited. */
  setOldUnits(fc: FeatureCollection<Geometry, Record<string, unknown>>): void {
    this.oldUnits = fc;
    this.map?.setOldUnits(fc);
  }

  setOldUnitsVisible(visible: boolean): void {
    this.oldUnitsVisible.set(visible);
    this.map?.setOldUnitsVisible(visible);
  }

  /** Attaches a map; the editor pushes its current state to it and listens to its pointer events. */
  attachMap(map: MapPort): void {
    this.detachMap();
    this.map = map;
    const c = this.coverage.get();
    if (c) {
      map.setCoverage(buildCoverageView(c));
      this.fitCoverage();
    }
    if (this.oldUnits) map.setOldUnits(this.oldUnits);
    map.setOldUnitsVisible(this.oldUnitsVisible.get());
    this.unsubscribeMap = map.onPointer((e) => this.onPointer(e));
    const sel = this.selection.get();
    if (sel) this.select(sel, { zoom: false });
  }

  detachMap(): void {
    this.unsubscribeMap?.();
    this.unsubscribeMap = null;
    this.map = null;
  }

  private onPointer(e: MapPointerEvent): void {
    if (e.type !== 'click' || e.button !== 0) return;
    this.select(e.unitIds[0] ?? null, { zoom: false });
  }
}
