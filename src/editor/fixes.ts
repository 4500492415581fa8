// The fixes the issues panel offers for an issue, and the edit each one performs.
import type { MultiPolygon } from 'geojson';
import type { Coverage } from '../core/model/types';
import type { ValidationIssue } from '../core/validation/issue';
import type { Action } from '../core/actions/refusal';
import { actionAssignOverlap, actionCedeArea, actionFillGap } from '../core/actions/geometry-edits';
import { actionSplitOverlap } from '../core/actions/split-overlap';
import { actionSnapBorders } from '../core/actions/snap-borders';
import { actionRemoveDuplicateVertices, duplicatePlan } from '../core/actions/remove-duplicate-vertices';
import { longestShare } from '../core/topology/border-share';

export type Fix =
  /** Overlap: the piece goes to this unit (cut out of the others). */
  | { readonly kind: 'assign'; readonly unit: string }
  /** Overlap between two units: split along its middle, each keeps its side. */
  | { readonly kind: 'split'; readonly unit: string; readonly other: string }
  /** Overlap with a unit of a neighbouring province: the piece is cut out of this (the draft's) unit. */
  | { readonly kind: 'cede'; readonly unit: string }
  /** Gap: the hole is filled into this unit. */
  | { readonly kind: 'fill'; readonly unit: string }
  /** Sliver: `other`'s vertices snap onto `unit`'s border within the tolerance (one shared arc). */
  | { readonly kind: 'snap'; readonly unit: string; readonly other: string; readonly toleranceM: number }
  /** Duplicate vertices: every repeated vertex and zero-length arc of the whole coverage goes (one edit). */
  | { readonly kind: 'dedupe'; readonly unit: string; readonly vertices: number; readonly zeroLengthArcs: number };

export interface FixOption {
  readonly fix: Fix;
  /** True for the option chosen by the longest shared border. */
  readonly longest: boolean;
}

export function fixKey(f: Fix): string {
  return `${f.kind}:${f.unit}:${'other' in f ? f.other : ''}`;
}

function area(issue: ValidationIssue): MultiPolygon | null {
  const g = issue.geometry;
  if (g.type === 'MultiPolygon') return g;
  if (g.type === 'Polygon') return { type: 'MultiPolygon', coordinates: [g.coordinates] };
  return null;
}

function isOverlapLike(i: ValidationIssue): boolean {
  return i.kind === 'overlap' || (i.kind === 'sliver' && i.details?.of === 'overlap');
}

function isGapLike(i: ValidationIssue): boolean {
  return i.kind === 'gap' || (i.kind === 'sliver' && i.details?.of === 'gap');
}

export function fixOptions(c: Coverage, issue: ValidationIssue, toleranceM: number): FixOption[] {
  if (issue.kind === 'duplicate-vertex') {
    const plan = duplicatePlan(c);
    return plan.vertices > 0 ? [{ fix: { kind: 'dedupe', unit: issue.unitIds[0] ?? '', vertices: plan.vertices, zeroLengthArcs: plan.zeroLengthArcs }, longest: false }] : [];
  }
  const g = area(issue);
  if (!g) return [];
  const units = issue.unitIds.filter((id) => c.units.has(id));
  if (units.length === 0) return [];
  const longest = longestShare(c, g, units);
  const out: FixOption[] = [];
  // Across the province's edge only the draft's side can change: it gives the overlap up, or takes the gap in.
  const acrossProvinces = typeof issue.details?.otherProvinces === 'string';
  if (acrossProvinces && isOverlapLike(issue)) for (const unit of units) out.push({ fix: { kind: 'cede', unit }, longest: false });
  else if (isOverlapLike(issue)) {
    for (const unit of units) out.push({ fix: { kind: 'assign', unit }, longest: unit === longest });
    if (units.length === 2) out.push({ fix: { kind: 'split', unit: units[0]!, other: units[1]! }, longest: false });
  }
  if (isGapLike(issue)) for (const unit of units) out.push({ fix: { kind: 'fill', unit }, longest: unit === longest });
  if (issue.kind === 'sliver' && units.length === 2) {
    // Snap within the tolerance, or a little more than the sliver's width when that is larger.
    const tol = Math.max(toleranceM, 2 * (issue.widthM ?? 0));
    out.push({ fix: { kind: 'snap', unit: units[0]!, other: units[1]!, toleranceM: tol }, longest: false });
    out.push({ fix: { kind: 'snap', unit: units[1]!, other: units[0]!, toleranceM: tol }, longest: false });
  }
  return out;
}

export function fixAction(issue: ValidationIssue, fix: Fix): Action<Coverage> | null {
  if (fix.kind === 'dedupe') return actionRemoveDuplicateVertices();
  const g = area(issue);
  if (!g) return null;
  switch (fix.kind) {
    case 'assign':
      return actionAssignOverlap(g, fix.unit, issue.unitIds);
    case 'split':
      return actionSplitOverlap(g, fix.unit, fix.other);
    case 'fill':
      return actionFillGap(g, fix.unit);
    case 'cede':
      return actionCedeArea(g, fix.unit);
    case 'snap':
      return actionSnapBorders(fix.unit, fix.other, fix.toleranceM);
  }
}
