// The province hub as the editor sees it (issue 13): a small interface over the hub's HTTP API, so the
// sync logic is tested without a network. The browser's implementation is src/app/hub-http.ts.
import type { LineString } from 'geojson';

export interface HubAccount {
  readonly id: number;
  readonly login: string;
  readonly role: 'admin' | 'ward' | 'reviewer';
  readonly provinceCode: string | null;
  readonly unitCode: string | null;
}

/** One border of the province's latest revision: the stretch between two units from node to node. */
export interface HubBorder {
  readonly id: number;
  readonly unitA: string;
  /** null on the province's outer edge. */
  readonly unitB: string | null;
  /** Further units on the same stretch (the data overlaps there): the hub takes no proposal on it. */
  readonly otherUnits?: readonly string[];
  readonly revision: number;
  readonly geometry: LineString;
}

export interface HubDecision {
  readonly decision: 'accept' | 'reject' | 'counter';
  readonly reason: string | null;
  readonly decidingUnit: string;
  readonly decidedBy: string;
  readonly at: string;
}

export interface HubProposal {
  readonly id: number;
  readonly borderId: number;
  readonly borderRevision: number;
  readonly unitA: string;
  readonly unitB: string | null;
  readonly proposingUnit: string;
  readonly proposedBy: string;
  readonly baseRevision: number;
  readonly status: 'open' | 'accepted' | 'rejected' | 'countered' | 'withdrawn' | 'superseded';
  readonly counterOf: number | null;
  readonly note: string | null;
  readonly createdAt: string;
  readonly geometry: LineString;
  readonly decisions: readonly HubDecision[];
}

/** An operation made in the app, kept in the outbox until the hub has answered it (opId: a UUID). */
export type HubOp =
  | { readonly opId: string; readonly kind: 'propose'; readonly borderId: number; readonly baseRevision: number; readonly geometry: LineString; readonly note?: string | null }
  | { readonly opId: string; readonly kind: 'decide'; readonly proposalId: number; readonly decision: 'accept'; readonly reason?: string | null }
  | { readonly opId: string; readonly kind: 'decide'; readonly proposalId: number; readonly decision: 'reject'; readonly reason: string }
  | {
      readonly opId: string;
      readonly kind: 'decide';
      readonly proposalId: number;
      readonly decision: 'counter';
      readonly reason?: string | null;
      readonly baseRevision: number;
      readonly geometry: LineString;
    };

/** The hub's answer to one op: what the single route would have answered; `replayed` when it was applied before. */
export interface HubOpResult {
  readonly opId: string;
  readonly status: number;
  readonly replayed: boolean;
  readonly body: { readonly message?: string; readonly [k: string]: unknown };
}

export interface HubPull {
  readonly province: string;
  readonly revision: { readonly number: number; readonly acceptedAt: string; readonly note: string | null };
  readonly cursor: string;
  readonly proposals: readonly HubProposal[];
  /** The latest revision's borders, when the revision asked about is older. */
  readonly borders?: readonly HubBorder[];
}

export type HubBorderStatus = 'agreed' | 'proposed' | 'disputed' | 'untouched';

/** The province's progress at its latest revision (GET /api/provinces/:code/dashboard). */
export interface HubDashboard {
  readonly provinceCode: string;
  readonly revision: number;
  readonly totals: { readonly borders: number } & Readonly<Record<HubBorderStatus, number>>;
  readonly borders: readonly { readonly id: number; readonly unitA: string; readonly unitB: string | null; readonly lengthM: number; readonly status: HubBorderStatus }[];
  readonly units: readonly {
    readonly code: string;
    readonly name: string;
    readonly borders: { readonly total: number } & Readonly<Record<HubBorderStatus, number>>;
    readonly submission: { readonly id: number; readonly revision: number; readonly status: 'pending' | 'accepted' | 'returned' | 'outdated'; readonly at: string } | null;
  }[];
}

export interface HubSubmission {
  readonly id: number;
  readonly unitCode: string;
  readonly unitName: string;
  readonly revision: number;
  readonly note: string | null;
  readonly status: 'pending' | 'accepted' | 'returned' | 'superseded';
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly review: { readonly decision: 'accept' | 'return'; readonly reason: string | null; readonly reviewedBy: string; readonly reviewedAt: string } | null;
}

/** What the printed confirmation sheet of an agreed border holds (GET /api/borders/:id/agreement). */
export interface HubAgreement {
  readonly border: { readonly id: number; readonly revision: number; readonly provinceCode: string; readonly lengthM: number; readonly course: LineString };
  readonly units: readonly { readonly code: string; readonly name: string }[];
  /** The course agreed is the one the border already had. */
  readonly confirmation: boolean;
  readonly proposal: { readonly id: number; readonly proposingUnit: string; readonly proposedBy: string; readonly proposedAt: string; readonly note: string | null };
  readonly decision: { readonly id: number; readonly decidingUnit: string; readonly decidedBy: string; readonly decidedAt: string; readonly reason: string | null };
  readonly revision: { readonly number: number; readonly acceptedAt: string; readonly note: string | null };
}

/** The hub could not be reached (offline, the hub down, a dropped connection): try again later. */
export class HubUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HubUnreachable';
  }
}

/** The hub answered with a refusal (4xx): `status` and the hub's message. */
export class HubRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HubRefused';
  }
}

export interface HubPort {
  /** The signed-in account, or null when there is no session (or it expired). */
  me(): Promise<HubAccount | null>;
  login(login: string, password: string): Promise<{ account: HubAccount; csrfToken: string }>;
  logout(csrfToken: string): Promise<void>;
  /** The latest revision's borders of a province. */
  borders(province: string): Promise<{ revision: number; borders: HubBorder[] }>;
  push(ops: readonly HubOp[], csrfToken: string): Promise<HubOpResult[]>;
  pull(province: string, since: string, revision: number): Promise<HubPull>;
  dashboard(province: string): Promise<HubDashboard>;
  submissions(province: string, status?: HubSubmission['status']): Promise<HubSubmission[]>;
  /** A ward submits its unit's boundary as it stands at `revision` (the latest) for review. */
  submit(unit: string, revision: number, note: string | null, csrfToken: string): Promise<void>;
  review(submissionId: number, decision: 'accept' | 'return', reason: string | null, csrfToken: string): Promise<void>;
  agreement(borderId: number): Promise<HubAgreement>;
}
