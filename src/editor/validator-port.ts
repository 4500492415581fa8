// The editor asks for checks through this port; the app backs it with a Web Worker, tests with an
// in-process validator. Changes travel as diffs, so an edit sends kilobytes, not the whole coverage.
import type { Coverage } from '../core/model/types';
import type { CoverageDiff } from '../core/history/diff';
import type { ValidationIssue } from '../core/validation/issue';
import type { ValidationOptions } from '../core/validation/options';
import type { OldUnitCollection } from '../core/report/merger/old-units';
import type { ContextUnits } from '../core/model/context-units';

export type ValidationRequest =
  | { readonly kind: 'full'; readonly coverage: Coverage }
  | { readonly kind: 'diff'; readonly diff: CoverageDiff }
  /**
   * A copy made from the draft (the export's rounded coverage), checked on its own with the given options
   * only: the draft's last checked coverage stays as it was, so the next diff still applies to it.
   */
  | { readonly kind: 'copy'; readonly coverage: Coverage };

export interface ValidatorPort {
  /**
   * The old units layer for the merger-consistency rule, sent once (it is large); later checks use it.
   * null turns the rule off. `year`: the year of the reference map, reported with each finding.
   */
  setReference(oldUnits: OldUnitCollection | null, year?: number | null): void;
  /** The units of the neighbouring provinces (sent once): later checks include the borders with them. */
  setContext(units: ContextUnits): void;
  /** Checks the coverage after a load (full) or after a change (diff from the last one checked). */
  check(request: ValidationRequest, options: ValidationOptions): Promise<readonly ValidationIssue[]>;
  dispose(): void;
}
