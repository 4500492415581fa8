// Row shapes of the IndexedDB tables (schema version 2). Arcs are Float64Array (lon, lat, lon, lat, ...):
// a typed array is copied by the structured clone as one block, so reading 88k vertices is cheap.
import type { Polygon, UnitAttrs } from '../core/model/types';
import type { Review } from '../editor/draft-store-port';

export interface DraftRow {
  readonly id: string;
  readonly name: string;
  readonly province: string;
  readonly created: number;
  readonly updated: number;
  readonly dataVersion: string;
  readonly errorCount: number | null;
  /** Sequence number of the state the base rows hold (steps up to it are folded in). */
  readonly baseSeq: number;
  /** Sequence number of the current state (undo/redo moves it). */
  readonly headSeq: number;
  /** Sequence number of the last stored step (the end of the redo stack). */
  readonly lastSeq: number;
}

/** Per-draft facts about the base that are not per arc or per unit. */
export interface BaseRow {
  readonly draftId: string;
  readonly arcCount: number;
  /** Unit ids in coverage order. */
  readonly order: readonly string[];
}

export interface ArcRow {
  readonly draftId: string;
  readonly id: number;
  readonly coords: Float64Array;
}

export interface UnitRow {
  readonly draftId: string;
  readonly id: string;
  readonly attrs: UnitAttrs;
  readonly polygons: readonly Polygon[];
}

export interface StoredUnit {
  readonly id: string;
  readonly attrs: UnitAttrs;
  readonly polygons: readonly Polygon[];
}

/** A CoverageDiff in storable form. */
export interface StoredDiff {
  readonly arcCount: number;
  readonly arcs: readonly { readonly id: number; readonly coords: Float64Array }[];
  readonly units: readonly { readonly id: string; readonly unit: StoredUnit | null }[];
  readonly order?: readonly string[];
}

/** One history step: the diff from state seq-1 to state seq. */
export interface StepRow {
  readonly draftId: string;
  readonly seq: number;
  readonly annotation: string;
  readonly diff: StoredDiff;
}

export interface ReviewRow extends Review {
  readonly draftId: string;
  readonly issueId: string;
}

export interface VersionRow {
  readonly id?: number;
  readonly draftId: string;
  readonly label: string;
  readonly time: number;
  readonly unitCount: number;
}

/**
 * A version's coverage, packed: all arcs in one array plus offsets (in positions), units in order.
 * A full snapshot, not a diff: a diff from the base would have to be rebased whenever compaction moves the
 * base, and a chain of diffs breaks with any one damaged row. Packed, Hải Phòng is one ~1 MB row that the
 * structured clone copies as a block; the cost is paid only when the user saves a version.
 */
export interface VersionDataRow {
  readonly versionId: number;
  readonly coords: Float64Array;
  /** offsets[i]..offsets[i+1] are the positions of arc i; length = arcCount + 1. */
  readonly offsets: Uint32Array;
  readonly units: readonly StoredUnit[];
}

export interface SettingRow {
  readonly key: string;
  readonly value: unknown;
}

/** Schema version 1, kept for the upgrade: a whole coverage per draft in one row. */
export interface DraftRowV1 {
  readonly id: string;
  readonly name: string;
  readonly province: string;
  readonly created: number;
  readonly updated: number;
  readonly dataVersion: string;
  readonly coverage: { readonly arcs: readonly (readonly (readonly [number, number])[])[]; readonly units: readonly StoredUnit[] };
  /** historyToJSON of the undo stack, or null. */
  readonly history: unknown;
}
