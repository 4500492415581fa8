// The fixes the issues panel offers for an issue, and the edit each one performs.
import type { MultiPolygon } from 'geojson';
import type { Coverage } from '../core/model/types';
import type { ValidationIssue } from '../core/validation/issue';
import type { Action } from '../core/actions/refusal';
import { actionAssignOverlap, actionFillGap } from '../core/actions/geometry-edits';
import { longestShare } from '../core/topology/border-share';

export type Fix =
  /** Overlap: the piece goes to this unit (cut out of the others). */
  | { readonly kind: 'assign'; readonly unit: string }
  /** Gap: the hole is filled into this unit. */
  | { readonly kind: 'fill'; readonly unit: string };

export interface FixOption {
  readonly fix: Fix;
  /** True for the option chosen by the longest shared border. */
  readonly longest: boolean;
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

export function fixOptions(c: Coverage, issue: ValidationIssue): FixOption[] {
  const g = area(issue);
  if (!g) return [];
  const units = issue.unitIds.filter((id) => c.units.has(id));
  if (units.length === 0) return [];
  const longest = longestShare(c, g, units);
  if (isOverlapLike(issue)) return units.map((unit) => ({ fix: { kind: 'assign', unit }, longest: unit === longest }));
  if (isGapLike(issue)) return units.map((unit) => ({ fix: { kind: 'fill', unit }, longest: unit === longest }));
  return [];
}

export function fixAction(issue: ValidationIssue, fix: Fix): Action<Coverage> | null {
  const g = area(issue);
  if (!g) return null;
  return fix.kind === 'assign' ? actionAssignOverlap(g, fix.unit, issue.unitIds) : actionFillGap(g, fix.unit);
}
