// The rights model (docs/hub.md): pure decisions over an account and what it asks for. Each returns
// null when allowed, else the reason it is not, for the 403 and the audit log.
import type { Account, Role } from '../db/accounts';

/** Reading a province's units, borders and proposals. */
export function provinceReadRefusal(account: Account, provinceCode: string): string | null {
  if (account.role === 'admin' && account.provinceCode === null) return null;
  if (account.provinceCode === provinceCode) return null;
  return `account ${account.login} belongs to province ${account.provinceCode}, not ${provinceCode}`;
}

export interface BorderSides {
  provinceCode: string;
  unitA: string;
  unitB: string | null;
}

/** Proposing a new course for a border: only a ward account, and only for a border of its own unit. */
export function proposalRefusal(account: Account, border: BorderSides): string | null {
  if (account.role !== 'ward') return `a ${account.role} account does not propose borders; only ward accounts do`;
  if (account.provinceCode !== border.provinceCode) return `the border is in province ${border.provinceCode}, not the account's province ${account.provinceCode}`;
  if (account.unitCode !== border.unitA && account.unitCode !== border.unitB) {
    return `the border is between units ${border.unitA} and ${border.unitB ?? '(none)'}, not of the account's unit ${account.unitCode}`;
  }
  return null;
}

export interface AccountRequest {
  role: Role;
  provinceCode: string | null;
}

/** Creating an account: only admins; a province's admin only within its province. */
export function accountCreationRefusal(account: Account, wanted: AccountRequest): string | null {
  if (account.role !== 'admin') return `a ${account.role} account does not manage accounts; only admins do`;
  if (account.provinceCode !== null && wanted.provinceCode !== account.provinceCode) {
    return `admin ${account.login} manages province ${account.provinceCode} only, not ${wanted.provinceCode ?? 'the whole hub'}`;
  }
  return null;
}

/** Listing accounts: admins only (a province's admin sees its province's). */
export function accountListRefusal(account: Account): string | null {
  return account.role === 'admin' ? null : `a ${account.role} account does not manage accounts; only admins do`;
}

/**
 * Deciding on a proposal (accept, reject, counter): only a ward account of the border's other unit —
 * never the unit that proposed it.
 */
export function decisionRefusal(account: Account, border: BorderSides, proposingUnit: string): string | null {
  const onBorder = proposalRefusal(account, border);
  if (onBorder !== null) return onBorder;
  if (account.unitCode === proposingUnit) return `unit ${proposingUnit} made this proposal; the neighbour decides on it`;
  return null;
}

/** Submitting a unit's boundary for review: only the ward account of that unit. */
export function submissionRefusal(account: Account, unit: { provinceCode: string; code: string }): string | null {
  if (account.role !== 'ward') return `a ${account.role} account does not submit boundaries; only the unit's ward account does`;
  if (account.provinceCode !== unit.provinceCode) return `unit ${unit.code} is in province ${unit.provinceCode}, not the account's province ${account.provinceCode}`;
  if (account.unitCode !== unit.code) return `unit ${unit.code} is not the account's unit ${account.unitCode}`;
  return null;
}

/** Accepting or returning a submission: only a reviewer account of the submission's province. */
export function reviewRefusal(account: Account, provinceCode: string): string | null {
  if (account.role !== 'reviewer') return `a ${account.role} account does not review submissions; only the province's reviewers do`;
  if (account.provinceCode !== provinceCode) return `the submission is in province ${provinceCode}, not the reviewer's province ${account.provinceCode}`;
  return null;
}

/** Pushing a ward's offline work (POST /api/sync/push): ward accounts only; each op is then checked as its own route. */
export function syncPushRefusal(account: Account): string | null {
  return account.role === 'ward' ? null : `a ${account.role} account has no ward work to push; only ward accounts sync proposals and decisions`;
}

/** A border between two provinces: unit A of province A, unit B of province B. */
export interface CrossSides {
  provinceA: string;
  unitA: string;
  provinceB: string;
  unitB: string;
}

/**
 * Proposing a course for a border between provinces: only a ward account, and only of one of the
 * border's two units, each named with its province (a unit code alone is not enough across provinces).
 */
export function crossProposalRefusal(account: Account, border: CrossSides): string | null {
  if (account.role !== 'ward') return `a ${account.role} account does not propose borders; only ward accounts do`;
  const own = (account.provinceCode === border.provinceA && account.unitCode === border.unitA)
    || (account.provinceCode === border.provinceB && account.unitCode === border.unitB);
  if (!own) {
    return `the border is between unit ${border.unitA} of province ${border.provinceA} and unit ${border.unitB} of province ${border.provinceB}, `
      + `not of the account's unit ${account.unitCode} of province ${account.provinceCode}`;
  }
  return null;
}

/**
 * Deciding on a proposal for a border between provinces: only a ward account of the unit across, in
 * the other province — never the unit that proposed it.
 */
export function crossDecisionRefusal(account: Account, border: CrossSides, proposer: { province: string; unit: string }): string | null {
  const onBorder = crossProposalRefusal(account, border);
  if (onBorder !== null) return onBorder;
  if (account.provinceCode === proposer.province && account.unitCode === proposer.unit) {
    return `unit ${proposer.unit} of province ${proposer.province} made this proposal; the unit across decides on it`;
  }
  return null;
}

/** Reading a province's borders with other provinces: as reading the province. */
export function crossReadRefusal(account: Account, provinceCode: string): string | null {
  return provinceReadRefusal(account, provinceCode);
}
