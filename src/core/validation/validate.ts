// The validator: every rule over a coverage, in full or incrementally after an edit. Both return the
// same issues, sorted with compareIssues; the incremental path only saves work (see analysis.ts).
import type { Coverage } from '../model';
import { analyse, cachedAnalysis, reanalyse, type Analysis } from './analysis';
import { compareIssues, type ValidationIssue } from './issue';
import { resolveOptions, type ResolvedOptions, type ValidationOptions } from './options';
import { overlapIssues } from '../validations/overlap';
import { gapIssues } from '../validations/gap';
import { selfIntersectionIssues } from '../validations/self-intersection';
import { invalidRingIssues } from '../validations/invalid-ring';
import { duplicateVertexIssues } from '../validations/duplicate-vertex';
import { duplicateCodeIssues, missingAttributeIssues } from '../validations/attributes';
import { areaMismatchIssues } from '../validations/area-mismatch';
import { mergerConsistencyIssues } from '../validations/merger-consistency';
import { outlineGapIssues } from '../validations/outline-gap';
import { mergeBorderSlivers } from '../validations/border-sliver';
import type { Overlay } from './overlay';

export interface Touched {
  readonly arcs?: readonly number[];
  readonly units?: readonly string[];
}

export interface ValidationResult {
  readonly coverage: Coverage;
  readonly issues: readonly ValidationIssue[];
}

// Overlap and gap issues per overlay and tolerance, so an edit that leaves the overlay alone skips them.
const overlayIssueCache = new WeakMap<Overlay, { key: string; coverage: Coverage; issues: ValidationIssue[] }>();

function overlayIssues(a: Analysis, o: ResolvedOptions, reusable: boolean): ValidationIssue[] {
  const key = String(o.toleranceM);
  const hit = overlayIssueCache.get(a.overlay);
  if (hit && hit.key === key && (hit.coverage === a.coverage || reusable)) return hit.issues;
  const c = a.coverage;
  const issues = [...overlapIssues(c, a.overlay, o.toleranceM), ...gapIssues(c, a.overlay, a.uses.byArc, o.toleranceM)];
  overlayIssueCache.set(a.overlay, { key, coverage: c, issues });
  return issues;
}

// The merge measures distances between borders against the coverage's segments: done once per list of
// overlay issues and coverage (checking the same coverage twice, with and without options, reuses it).
const mergedCache = new WeakMap<readonly ValidationIssue[], { coverage: Coverage; merged: ValidationIssue[] }>();

function mergedOnce(c: Coverage, a: Analysis, issues: readonly ValidationIssue[]): ValidationIssue[] {
  const hit = mergedCache.get(issues);
  if (hit && hit.coverage === c) return hit.merged;
  const merged = mergeBorderSlivers(c, a.index, a.uses.byArc, issues);
  mergedCache.set(issues, { coverage: c, merged });
  return merged;
}

function run(a: Analysis, o: ResolvedOptions, reusable: boolean): ValidationIssue[] {
  const c = a.coverage;
  let gaps = overlayIssues(a, o, reusable);
  const extra: ValidationIssue[] = [];
  if (o.outline) {
    const outline = outlineGapIssues(c, a.overlay, a.uses.byArc, o.outline, o.toleranceM);
    gaps = gaps.filter((i) => !(i.details?.of === 'gap' && outline.covers(i.at)));
    extra.push(...outline.issues);
  }
  return [
    // After the outline has taken the gaps it covers, so that no gap is reported twice.
    ...mergedOnce(c, a, gaps),
    ...extra,
    ...selfIntersectionIssues(c, a.uses.byArc, a.conflicts),
    ...invalidRingIssues(c),
    ...duplicateVertexIssues(c),
    ...missingAttributeIssues(c),
    ...duplicateCodeIssues(c),
    ...areaMismatchIssues(c, o.areaMismatchPct),
    ...(o.oldUnits ? mergerConsistencyIssues(c, o.oldUnits, { threshold: o.mergerThreshold, referenceYear: o.oldUnitsYear }) : []),
  ].sort(compareIssues);
}

/** Every rule over the whole coverage. */
export function validateCoverage(coverage: Coverage, options: ValidationOptions = {}): ValidationIssue[] {
  return run(analyse(coverage), resolveOptions(options), false);
}

/**
 * The issues of `next` after an edit of `prev.coverage`. `touched` names the arcs and units the edit
 * changed; arcs and units whose objects differ between the two coverages are added to it, so a missing
 * hint costs time, never correctness. Returns exactly what validateCoverage(next, options) returns.
 */
export function revalidate(prev: ValidationResult, next: Coverage, touched: Touched, options: ValidationOptions = {}): ValidationIssue[] {
  const o = resolveOptions(options);
  const before = cachedAnalysis(prev.coverage);
  if (!before) return run(analyse(next), o, false);
  const p = prev.coverage;
  const changedArcs = new Set<number>();
  for (const a of touched.arcs ?? []) changedArcs.add(a);
  const n = Math.max(p.arcs.length, next.arcs.length);
  for (let i = 0; i < n; i++) if (p.arcs[i] !== next.arcs[i]) changedArcs.add(i);
  let unitsChanged = (touched.units?.length ?? 0) > 0 || p.units.size !== next.units.size;
  if (!unitsChanged) {
    for (const [id, u] of next.units) {
      if (p.units.get(id) !== u) {
        unitsChanged = true;
        break;
      }
    }
  }
  const a = reanalyse(before, next, changedArcs, unitsChanged);
  return run(a, o, a.overlay === before.overlay && !unitsChanged);
}
