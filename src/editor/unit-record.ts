// The boundary record of one unit, as the record view shows it, computed outside React (as the export
// gate is, export.ts): the report (points, areas, neighbours, description, formed-from with the merger
// check, check results, confirmation sheets), the shapes of its map, and where a click on that map puts a
// boundary marker. The view renders what these return and hands marker edits back as actions.
import type { MultiPolygon } from 'geojson';
import type { Action } from '../core/actions/refusal';
import { actionSetMarkers, unitMarkers } from '../core/actions/set-markers';
import { unitGeometry } from '../core/geom/unit-measure';
import { contextUnitGeometry, NO_CONTEXT } from '../core/model/context-units';
import type { Coverage, Position } from '../core/model/types';
import { walkUnit, type BoundaryMarker } from '../core/report/ring-walk';
import { unitReport, type UnitReport } from '../core/report/unit-report';
import { locateOnArcs } from '../core/topology/locate';
import { mergerConsistency } from '../core/validations/merger-consistency';
import type { Editor } from './editor';

/** The record's grid (VN-2000 TM-3 on the province's meridian), given by the caller: editor imports no io. */
export interface RecordGrid {
  /** [lon, lat] → [easting, northing], metres. */
  toGrid(p: Position): [number, number];
  /** [easting, northing] → [lon, lat]. */
  fromGrid(en: readonly number[]): [number, number];
  /** As printed, e.g. "VN-2000 / TM-3 105-45". */
  readonly name: string;
}

export interface RecordShape {
  readonly id: string;
  readonly label: string;
  readonly geometry: MultiPolygon;
  /** The unit of the record (the others are its neighbours). */
  readonly main: boolean;
}

export interface UnitRecord {
  readonly report: UnitReport;
  /** The unit, then each neighbour (a neighbouring province's unit from the context layer). */
  readonly shapes: readonly RecordShape[];
  readonly markers: readonly BoundaryMarker[];
  /**
   * How the record names a stretch with no unit across: 'province' once the neighbouring provinces are
   * loaded (then it is the province's real edge), 'plain' otherwise.
   */
  readonly outerBorder: 'province' | 'plain';
}

/** A click on the record map within this distance of the unit's border places a marker on it. */
export const MARKER_SNAP_M = 300;

interface Inputs {
  readonly coverage: Coverage | null;
  readonly unitId: string;
  readonly grid: RecordGrid | null;
  readonly issues: unknown;
  readonly reviews: unknown;
  readonly provinces: unknown;
  readonly old: unknown;
  readonly toleranceM: number;
}

const cache = new WeakMap<Editor, { inputs: Inputs; record: UnitRecord | null }>();

function sameInputs(a: Inputs, b: Inputs): boolean {
  return a.coverage === b.coverage && a.unitId === b.unitId && a.grid === b.grid && a.issues === b.issues && a.reviews === b.reviews && a.provinces === b.provinces && a.old === b.old && a.toleranceM === b.toleranceM;
}

/**
 * The record of the unit as the editor holds it now; null without the unit or a grid. The last answer is
 * kept per editor and given again while the draft, its checks, reviews, neighbours and old units are the same,
 * so a view may ask on every render.
 */
export function unitRecord(editor: Editor, unitId: string, grid: RecordGrid | null): UnitRecord | null {
  const coverage = editor.coverage.get();
  const provinces = editor.neighbourProvinces.get();
  const inputs: Inputs = { coverage, unitId, grid, issues: editor.issues.get(), reviews: editor.reviews.get(), provinces, old: editor.oldUnitsLayer(), toleranceM: editor.settings.get().toleranceM };
  const hit = cache.get(editor);
  if (hit && sameInputs(hit.inputs, inputs)) return hit.record;
  const record = compute(editor, coverage, unitId, grid);
  cache.set(editor, { inputs, record });
  return record;
}

function compute(editor: Editor, coverage: Coverage | null, unitId: string, grid: RecordGrid | null): UnitRecord | null {
  if (!coverage?.units.has(unitId) || !grid) return null;
  const provinces = editor.neighbourProvinces.get();
  const context = provinces.status === 'ready' ? provinces.units : NO_CONTEXT;
  const markers = unitMarkers(coverage, unitId);
  const old = editor.oldUnitsLayer();
  const merger = old ? (mergerConsistency(coverage, old, { unitIds: [unitId] }).units[0] ?? null) : null;
  const report = unitReport(coverage, unitId, {
    markers, toGrid: (p) => grid.toGrid(p), gridName: grid.name, issues: editor.issues.get(), reviews: editor.reviews.get(), merger, context,
    // Slivers of the data by the project's tolerance, as the checker reads them.
    sliverWidthM: editor.settings.get().toleranceM,
  });
  const shapes: RecordShape[] = [
    { id: unitId, label: report.unit.fullName, geometry: unitGeometry(coverage, unitId), main: true },
    ...report.neighbours.map((n) => ({
      id: n.id,
      label: n.fullName,
      geometry: n.otherProvince ? contextUnitGeometry(context.get(n.id)!) : unitGeometry(coverage, n.id),
      main: false,
    })),
  ];
  return { report, shapes, markers, outerBorder: provinces.status === 'ready' ? 'province' : 'plain' };
}

/**
 * Where a click on the record map puts a marker: a new one at the nearest point of the unit's own border,
 * or the one being moved there. 'too-far' when the click is more than MARKER_SNAP_M from that border.
 */
export function markerAt(
  c: Coverage,
  unitId: string,
  markers: readonly BoundaryMarker[],
  click: Position,
  opts: { readonly moving: string | null; readonly newId: string; readonly sliverWidthM?: number },
): Action<Coverage> | 'too-far' {
  const unit = c.units.get(unitId);
  if (!unit) return 'too-far';
  // Not on a sliver of the data: the record leaves those out, and a marker there would vanish with it.
  const slivers = walkUnit(c, unitId, opts.sliverWidthM === undefined ? {} : { sliverWidthM: opts.sliverWidthM }).filter((r) => r.sliver);
  const folded = new Set(slivers.flatMap((r) => (unit.polygons[r.polygon]?.[r.ring] ?? []).map((ref) => (ref < 0 ? ~ref : ref))));
  const own = new Set(unit.polygons.flatMap((p) => p.flatMap((r) => r.map((ref) => (ref < 0 ? ~ref : ref)))).filter((a) => !folded.has(a)));
  const hit = locateOnArcs(c, click, MARKER_SNAP_M / 111_320, (a) => own.has(a));
  if (!hit) return 'too-far';
  const at: [number, number] = [hit.at[0], hit.at[1]];
  const next = opts.moving
    ? markers.map((k) => (k.id === opts.moving ? { ...k, at } : k))
    : [...markers, { id: opts.newId, name: `M${markers.length + 1}`, at }];
  return actionSetMarkers(unitId, next);
}
