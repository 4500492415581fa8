// Types shared by the modes (kept apart from index.ts so mode files do not import it back).
import type { FeatureCollection, Geometry } from 'geojson';
import type { Coverage, UnitAttrs } from '../../core/model/types';
import type { ReferenceSnapIndex } from '../../core/geom/reference-snap';
import type { Editor } from '../editor';
import type { MapPort, MapPointerEvent, OverlayName } from '../ports';

export type ModeName = 'browse' | 'vertices' | 'reshape' | 'split' | 'new-unit' | 'transfer';

export interface KeyInput {
  readonly key: string;
  readonly ctrl: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
}

export interface Pending {
  readonly kind: 'split' | 'new-unit' | 'transfer';
  readonly points: readonly [number, number][];
  /** Split only: the two parts the line makes (rings of [lon, lat], shell first), their areas, and which becomes the new unit. */
  readonly split?: {
    readonly parts: Readonly<Record<'a' | 'b', readonly (readonly (readonly [number, number])[])[]>>;
    readonly areasM2: Readonly<Record<'a' | 'b', number>>;
    readonly newPart: 'a' | 'b';
  };
  /** New unit only: rings finished before this one (more parts, or holes). */
  readonly rings?: readonly { readonly role: 'part' | 'hole'; readonly points: readonly [number, number][] }[];
}

export interface Mode {
  enter(): void;
  exit(): void;
  /** The coverage changed (edit, undo): redraw what the mode shows. */
  refresh?(): void;
  /** Returns true when the mode used the event. */
  pointer(e: MapPointerEvent): boolean;
  key(k: KeyInput): boolean;
  complete?(p: Pending, attrs: UnitAttrs | null, target: string | null): boolean;
  /** New unit: keep the finished ring and draw another one (a further part, or a hole). */
  addRing?(role: 'part' | 'hole'): void;
  /** Vertices: snap the selected vertex onto the nearest other border. */
  snapActive?(): boolean;
  /** Split: make this part the new unit. */
  chooseSplitPart?(part: 'a' | 'b'): void;
}

export interface ModeContext {
  readonly editor: Editor;
  coverage(): Coverage | null;
  map(): MapPort | null;
  overlay(name: OverlayName, fc: FeatureCollection<Geometry, Record<string, unknown>>): void;
  /** Snap tolerance in degrees at the current zoom. */
  toleranceDeg(): number;
  /** Whether snapping applies to this event (setting on, Alt not held). */
  snapping(e?: MapPointerEvent): boolean;
  /** Snap targets of the visible, snappable reference layers (null: none). */
  referenceSnap(): ReferenceSnapIndex | null;
}

export const EMPTY_FC: FeatureCollection<Geometry, Record<string, unknown>> = { type: 'FeatureCollection', features: [] };
