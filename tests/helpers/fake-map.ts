// A MapPort that draws nothing and records what it was told: lets editor and mode tests run in Node.
// Not a mock of a domain object: it is a second, minimal implementation of the map port.
import type { FeatureCollection, Geometry } from 'geojson';
import type { ContextUnits } from '../../src/core/model/context-units';
import type { BBox, CoveragePatch, CoverageView, MapPointerEvent, MapPort, OverlayName } from '../../src/editor/ports';

export class RecordingMap implements MapPort {
  overlays = new Map<OverlayName, FeatureCollection<Geometry, Record<string, unknown>>>();
  patches: CoveragePatch[] = [];
  views = 0;
  dragPan = true;
  private handlers = new Set<(e: MapPointerEvent) => void>();

  setCoverage(_view: CoverageView): void {
    this.views++;
  }
  patchCoverage(patch: CoveragePatch): void {
    this.patches.push(patch);
  }
  setOverlay(name: OverlayName, fc: FeatureCollection<Geometry, Record<string, unknown>>): void {
    this.overlays.set(name, fc);
  }
  layers: readonly string[] = [];
  setLayers(layers: readonly { id: string }[]): void {
    this.layers = layers.map((l) => l.id);
  }
  setOldUnits(): void {}
  setOldUnitsVisible(): void {}
  setContextUnits(_units: ContextUnits): void {}
  setSelection(): void {}
  fitBounds(_b: BBox): void {}
  setDragPan(enabled: boolean): void {
    this.dragPan = enabled;
  }
  /** 10 px ≈ 1e-5° (about 1 m): a close zoom. */
  pixelsToDegrees(px: number): number {
    return px * 1e-6;
  }
  setCursor(): void {}
  onPointer(handler: (e: MapPointerEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  destroy(): void {}

  /** Sends a pointer event at a lon/lat. */
  send(type: MapPointerEvent['type'], at: readonly [number, number], extra: Partial<MapPointerEvent> = {}): void {
    const e: MapPointerEvent = {
      type,
      lng: at[0],
      lat: at[1],
      // Screen pixels consistent with pixelsToDegrees (1 px = 1e-6°, y down).
      x: at[0] / 1e-6,
      y: -at[1] / 1e-6,
      button: 0,
      keys: { alt: false, shift: false, ctrl: false, meta: false },
      unitIds: [],
      handle: null,
      issueId: null,
      ...extra,
    };
    for (const h of this.handlers) h(e);
  }
}
