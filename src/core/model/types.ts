// The coverage is a topology (DESIGN.md §1): arcs are shared polylines, units reference them.
// GeoJSON is derived from this, never the source of truth.

/** [longitude, latitude] in WGS84 degrees. */
export type Position = readonly [number, number];

/** A polyline of at least two positions. A border between two units is one arc used by both. */
export type Arc = readonly Position[];

/**
 * Reference to an arc inside a ring, as in TopoJSON: i for arc i in its stored direction,
 * ~i (= -i - 1) for arc i reversed.
 */
export type ArcRef = number;

/** A closed ring: the arcs, walked in order, end where they start. */
export type Ring = readonly ArcRef[];

/** First ring is the shell, the others are holes. */
export type Polygon = readonly Ring[];

export type UnitType = 'xa' | 'phuong' | 'dac-khu';

export const UNIT_TYPES: readonly UnitType[] = ['phuong', 'xa', 'dac-khu'];

/** An old (pre-2025) unit a new unit was formed from, wholly or in part. */
export interface FormedFrom {
  readonly code: string;
  readonly name: string;
  readonly kind: 'full' | 'partial';
  /** Old province, e.g. "Tỉnh Hải Dương". No old district: its only source is GPL-3.0 (geodata/README.md). */
  readonly province?: string;
}

export interface UnitAttrs {
  /** 5-digit national (NSO) code, e.g. "10507". */
  readonly code: string;
  /** Short official name, e.g. "Thành Đông". */
  readonly name: string;
  /** Full official name with the unit type, e.g. "Phường Thành Đông". */
  readonly fullName: string;
  readonly type: UnitType | null;
  readonly provinceCode: string | null;
  /** Official natural area in km², when known. */
  readonly officialAreaKm2: number | null;
  readonly formedFrom: readonly FormedFrom[];
  /** Other properties carried through from the source, untouched. */
  readonly extra: Readonly<Record<string, unknown>>;
}

export interface Unit {
  /** Stable internal id; equals the code at load time and does not change when the code is edited. */
  readonly id: string;
  readonly attrs: UnitAttrs;
  readonly polygons: readonly Polygon[];
}

export interface Coverage {
  /** Indexed by arc id. Arcs are immutable; an edit replaces the arcs it changes (structural sharing). */
  readonly arcs: readonly Arc[];
  /** Units in a stable order (load order). */
  readonly units: ReadonlyMap<string, Unit>;
}

/** Arc id of a reference, ignoring its direction. */
export function arcIndex(ref: ArcRef): number {
  return ref < 0 ? ~ref : ref;
}
