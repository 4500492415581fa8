// What the report needs of the validator's issues and the user's review decisions. Issues are the
// validator's own type (merger-consistency is one of its kinds now); the review stays structural, because
// the editor's Review lives in editor/draft-store-port.ts, which core may not import.
import type { ValidationIssue } from '../validation/issue';

/** The geometry, when given, lets the record tell the rim of a gap from the province's outer boundary. */
export type ReportIssue = Pick<ValidationIssue, 'id' | 'kind' | 'severity' | 'units' | 'unitIds' | 'areaM2' | 'details'> & Partial<Pick<ValidationIssue, 'geometry'>>;

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
