// Validation options. Tolerances are in metres (DESIGN.md §4).
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { OldUnitCollection } from '../report/merger/old-units';
import { DEFAULT_MERGER_THRESHOLD } from '../validations/merger-consistency';

export interface ValidationOptions {
  /** Overlaps and gaps narrower than this (m) are slivers: warnings, not errors. Default 0.1. */
  readonly toleranceM?: number;
  /** Measured vs official area difference (%) beyond which area-mismatch is reported. Default 10. */
  readonly areaMismatchPct?: number;
  /** Reference outline (e.g. the province edge): outline minus coverage is reported as gap. */
  readonly outline?: Feature<Polygon | MultiPolygon> | Polygon | MultiPolygon;
  /** Old (pre-merger) units: when given, the merger-consistency rule runs against them. */
  readonly oldUnits?: OldUnitCollection;
  /** Share of an old unit inside a new one that counts as "mostly" (0..1). Default 0.5. */
  readonly mergerThreshold?: number;
  /** Year of the old units' reference map, reported with the findings. */
  readonly oldUnitsYear?: number | null;
}

export interface ResolvedOptions {
  readonly toleranceM: number;
  readonly areaMismatchPct: number;
  readonly outline: Polygon | MultiPolygon | null;
  readonly oldUnits: OldUnitCollection | null;
  readonly mergerThreshold: number;
  readonly oldUnitsYear: number | null;
}

export const DEFAULT_TOLERANCE_M = 0.1;
export const DEFAULT_AREA_MISMATCH_PCT = 10;

export function resolveOptions(o: ValidationOptions = {}): ResolvedOptions {
  const toleranceM = o.toleranceM ?? DEFAULT_TOLERANCE_M;
  const areaMismatchPct = o.areaMismatchPct ?? DEFAULT_AREA_MISMATCH_PCT;
  if (!(toleranceM >= 0) || !Number.isFinite(toleranceM)) throw new RangeError(`toleranceM must be a finite number ≥ 0, got ${toleranceM}`);
  if (!(areaMismatchPct >= 0) || !Number.isFinite(areaMismatchPct)) {
    throw new RangeError(`areaMismatchPct must be a finite number ≥ 0, got ${areaMismatchPct}`);
  }
  const g = o.outline ? ('geometry' in o.outline ? o.outline.geometry : o.outline) : null;
  return {
    toleranceM,
    areaMismatchPct,
    outline: g,
    oldUnits: o.oldUnits ?? null,
    mergerThreshold: o.mergerThreshold ?? DEFAULT_MERGER_THRESHOLD,
    oldUnitsYear: o.oldUnitsYear ?? null,
  };
}
