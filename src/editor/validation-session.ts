// Holds the last checked coverage and turns requests into full or incremental validations. Shared by the
// Web Worker and the in-process validator, so both behave the same.
import type { Coverage } from '../core/model/types';
import { applyDiff } from '../core/history/diff';
import { revalidate, validateCoverage } from '../core/validation/validate';
import type { ValidationIssue } from '../core/validation/issue';
import type { ValidationOptions } from '../core/validation/options';
import type { ValidationRequest } from './validator-port';
import type { OldUnitCollection } from '../core/report/merger/old-units';
import { compareIssues } from '../core/validation/issue';
import { issuesAcrossProvinces } from '../core/validation/across-provinces';
import { NO_CONTEXT, type ContextUnits } from '../core/model/context-units';
import { arcIndex } from '../core/model/types';

export class ValidationSession {
  // Kept as one object across checks: the merger rule caches its shares on it.
  private reference: OldUnitCollection | null = null;
  private referenceYear: number | null = null;
  private last: { coverage: Coverage; issues: readonly ValidationIssue[]; optionsKey: string } | null = null;
  private context: ContextUnits = NO_CONTEXT;
  /** The last check across the province's edge, and what it depended on (see acrossProvinces). */
  private across: { key: readonly unknown[]; optionsKey: string; issues: readonly ValidationIssue[] } | null = null;

  setReference(oldUnits: OldUnitCollection | null, year: number | null = null): void {
    this.reference = oldUnits;
    this.referenceYear = year;
    this.last = this.last && { ...this.last, optionsKey: '' }; // the next check is a full one
  }

  /** The units of the neighbouring provinces: borders with them are checked from the next check on. */
  setContext(units: ContextUnits): void {
    this.context = units;
    this.across = null;
  }

  /**
   * Issues between the draft and the neighbouring provinces. They depend only on the units with a
   * border no other unit of the draft shares (the edge) and on their arcs: an edit inside the province
   * reuses the last result, and only an edit on the edge checks it again.
   */
  private acrossProvinces(c: Coverage, options: ValidationOptions, optionsKey: string): readonly ValidationIssue[] {
    if (this.context.size === 0) return [];
    const uses = new Map<number, number>();
    for (const u of c.units.values()) for (const p of u.polygons) for (const r of p) for (const ref of r) uses.set(arcIndex(ref), (uses.get(arcIndex(ref)) ?? 0) + 1);
    const key: unknown[] = [];
    for (const u of c.units.values()) {
      if (!u.polygons.some((p) => p.some((r) => r.some((ref) => uses.get(arcIndex(ref)) === 1)))) continue;
      key.push(u);
      for (const p of u.polygons) for (const r of p) for (const ref of r) key.push(c.arcs[arcIndex(ref)]);
    }
    const a = this.across;
    if (a && a.optionsKey === optionsKey && a.key.length === key.length && a.key.every((x, i) => x === key[i])) return a.issues;
    const issues = issuesAcrossProvinces(c, this.context, options);
    this.across = { key, optionsKey, issues };
    return issues;
  }

  run(request: ValidationRequest, given: ValidationOptions): readonly ValidationIssue[] {
    // The export's copy is checked as it always was: the rules under the given options, without the merger
    // reference or the neighbouring provinces; the draft's last check is left as it was.
    if (request.kind === 'copy') return validateCoverage(request.coverage, given);
    const options: ValidationOptions = this.reference ? { ...given, oldUnits: this.reference, oldUnitsYear: this.referenceYear } : given;
    const optionsKey = JSON.stringify({ t: options.toleranceM, a: options.areaMismatchPct, r: this.reference !== null });
    let coverage: Coverage;
    let issues: readonly ValidationIssue[];
    if (request.kind === 'full') {
      coverage = request.coverage;
      issues = validateCoverage(coverage, options);
    } else {
      if (!this.last) throw new Error('a diff was sent before any full coverage');
      coverage = applyDiff(this.last.coverage, request.diff);
      issues =
        this.last.optionsKey === optionsKey
          ? revalidate({ coverage: this.last.coverage, issues: this.last.issues }, coverage, {}, options)
          : validateCoverage(coverage, options);
    }
    this.last = { coverage, issues, optionsKey };
    const across = this.acrossProvinces(coverage, options, optionsKey);
    return across.length === 0 ? issues : [...issues, ...across].sort(compareIssues);
  }
}

/** In-process ValidatorPort (tests, and a fallback where workers are unavailable). */
export function inlineValidator() {
  const session = new ValidationSession();
  return {
    setReference: (oldUnits: OldUnitCollection | null, year?: number | null) => session.setReference(oldUnits, year),
    setContext: (units: ContextUnits) => session.setContext(units),
    check: async (request: ValidationRequest, options: ValidationOptions) => session.run(request, options),
    dispose: () => undefined,
  };
}
