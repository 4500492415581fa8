// Overlaps, gaps and slivers between the draft's units and the units of the neighbouring provinces
// (core/model/context-units.ts). The draft's own check cannot see them: beyond the province's edge lies
// "the outside" for it. Here the units on the edge and the context units near them are checked together
// by the same validator, and only what lies between a unit of the draft and a unit of another province
// is kept: everything among the draft's own units is the main check's, everything among the other
// province's units is not this draft's to fix.
import type { Coverage } from '../model/types';
import { arcIndex } from '../model/types';
import { contextBeside, type ContextUnit, type ContextUnits } from '../model/context-units';
import { coverageFromFeatures, type PolygonalFeature } from '../model/from-geojson';
import { unitToFeature } from '../model/to-geojson';
import { arcUsage } from '../model/arc-usage';
import { unitBox } from '../topology/arc-bbox';
import { validateCoverage } from './validate';
import type { ValidationIssue } from './issue';
import type { ValidationOptions } from './options';

type Box = readonly [number, number, number, number];

/** Metres per degree of latitude. */
const M_PER_DEG = 111_320;
/**
 * Context units within this distance (by bounding box) of a unit on the draft's edge are checked with
 * it. A gap between two provinces is enclosed by units on both sides; a kilometre-wide one is no
 * longer a drawing fault but a missing unit, and still found where its sides' boxes come this close.
 */
const NEAR_M = 1000;
/** Kinds that can lie between two units; the rest are about one unit and are the main check's. */
const BETWEEN = new Set(['overlap', 'gap', 'sliver']);

function meets(a: Box, b: Box, pad: number): boolean {
  return a[0] <= b[2] + pad && b[0] <= a[2] + pad && a[1] <= b[3] + pad && b[1] <= a[3] + pad;
}

function contextFeature(u: ContextUnit): PolygonalFeature {
  return {
    type: 'Feature',
    properties: { code: u.code, name: u.fullName, fullName: u.fullName },
    geometry: { type: 'MultiPolygon', coordinates: u.polygons.map((p) => p.map((r) => r.map((q) => [q[0], q[1]]))) },
  };
}

/**
 * The overlaps, gaps and slivers between a unit of `c` and a unit of `context`. Their `units` hold the
 * codes of both sides; `unitIds` only the draft's units (the others are not selectable); `details`
 * name the other provinces (`otherProvinces`, codes joined by ",").
 */
export function issuesAcrossProvinces(c: Coverage, contextAll: ContextUnits, options: ValidationOptions = {}): ValidationIssue[] {
  const context = contextBeside(c, contextAll);
  if (context.size === 0) return [];
  const pad = NEAR_M / M_PER_DEG;
  // The draft's units on its edge: those with a border no other unit of the draft shares. Every one is
  // checked (an interior hole of the draft, where its other units would be, is enclosed by these alone
  // and dropped below), so a gap between the provinces always has its draft side.
  const { unitsByArc } = arcUsage(c);
  const edge = [...c.units.values()].filter((u) => u.polygons.some((p) => p.some((r) => r.some((ref) => (unitsByArc[arcIndex(ref)] ?? []).length === 1))));
  if (edge.length === 0) return [];
  const edgeBoxes = edge.map((u) => unitBox(c, u));
  const near = [...context.values()].filter((x) => edgeBoxes.some((b) => meets(b, x.bbox, pad)));
  if (near.length === 0) return [];
  // One coverage of both, built from exact coordinates; its units in this order: the draft's, then the context's.
  const origin: { own: string | null; province: string | null }[] = [
    ...edge.map((u) => ({ own: u.id, province: null })),
    ...near.map((x) => ({ own: null, province: x.provinceCode })),
  ];
  const features: PolygonalFeature[] = [
    ...edge.map((u) => {
      const f = unitToFeature(c, u);
      // The draft's unit id stands in for a missing code, as in the main check.
      return { ...f, properties: { ...f.properties, code: u.attrs.code || u.id } };
    }),
    ...near.map(contextFeature),
  ];
  const both = coverageFromFeatures(features);
  const ids = [...both.units.keys()];
  const from = new Map(ids.map((id, i) => [id, origin[i]!]));
  const { oldUnits: _ignored, outline: _none, ...betweenOptions } = options;
  const out: ValidationIssue[] = [];
  for (const issue of validateCoverage(both, betweenOptions)) {
    if (!BETWEEN.has(issue.kind)) continue;
    const sides = issue.unitIds.map((id) => from.get(id)!);
    const own = sides.filter((s) => s.own !== null).map((s) => s.own!);
    const provinces = [...new Set(sides.filter((s) => s.province !== null).map((s) => s.province!))].sort();
    if (own.length === 0 || provinces.length === 0) continue;
    out.push({ ...issue, unitIds: own.sort(), details: { ...issue.details, otherProvinces: provinces.join(',') } });
  }
  return out;
}
