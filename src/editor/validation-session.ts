// Holds the last checked coverage and turns requests into full or incremental validations. Shared by the
// Web Worker and the in-process validator, so both behave the same.
import type { Coverage } from '../core/model/types';
import { applyDiff } from '../core/history/diff';
import { revalidate, validateCoverage } from '../core/validation/validate';
import type { ValidationIssue } from '../core/validation/issue';
import type { ValidationOptions } from '../core/validation/options';
import type { ValidationRequest } from './validator-port';
import type { OldUnitCollection } from '../core/report/merger/old-units';

export class ValidationSession {
  // Kept as one object across checks: the merger rule caches its shares on it.
  private reference: OldUnitCollection | null = null;
  private last: { coverage: Coverage; issues: readonly ValidationIssue[]; optionsKey: string } | null = null;

  setReference(oldUnits: OldUnitCollection | null): void {
    this.reference = oldUnits;
    this.last = this.last && { ...this.last, optionsKey: '' }; // the next check is a full one
  }

  run(request: ValidationRequest, given: ValidationOptions): readonly ValidationIssue[] {
    const options: ValidationOptions = this.reference ? { ...given, oldUnits: this.reference } : given;
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
    return issues;
  }
}

/** In-process ValidatorPort (tests, and a fallback where workers are unavailable). */
export function inlineValidator() {
  const session = new ValidationSession();
  return {
    setReference: (oldUnits: OldUnitCollection | null) => session.setReference(oldUnits),
    check: async (request: ValidationRequest, options: ValidationOptions) => session.run(request, options),
    dispose: () => undefined,
  };
}
