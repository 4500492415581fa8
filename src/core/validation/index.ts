export type { ValidationIssue, IssueKind, Severity } from './issue';
export { ISSUE_KINDS, issueId, compareIssues } from './issue';
export type { ValidationOptions } from './options';
export { DEFAULT_TOLERANCE_M, DEFAULT_AREA_MISMATCH_PCT, resolveOptions } from './options';
export { validateCoverage, revalidate, type Touched, type ValidationResult } from './validate';
