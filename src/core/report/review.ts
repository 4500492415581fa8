// What the report needs of the validator's issues and the user's review decisions. Structural, so the
// editor's Review (editor/draft-store-port.ts) and rule-specific issues (merger-consistency) fit as they are.
import type { Severity } from '../validation/issue';

export interface ReportIssue {
  readonly id: string;
  /** An IssueKind, or a rule kind not yet in the union (e.g. 'merger-consistency'). */
  readonly kind: string;
  readonly severity: Severity;
  readonly units: readonly string[];
  readonly unitIds: readonly string[];
  readonly areaM2?: number;
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

export type ReviewStatus = 'open' | 'resolved' | 'exception';

export interface IssueReview {
  readonly status: ReviewStatus;
  /** Required for an exception. */
  readonly reason: string;
  readonly author?: string;
  readonly time?: number;
}

export const reviewStatus = (reviews: ReadonlyMap<string, IssueReview> | undefined, id: string): ReviewStatus =>
  reviews?.get(id)?.status ?? 'open';
