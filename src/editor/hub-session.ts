// The ward's side of the province hub (issue 13): signing in, the province's borders of the ward's unit,
// proposals and decisions made offline into an outbox, and sync. Offline first: every operation is
// written to the outbox (IndexedDB) before it is sent, and leaves it only when the hub has answered it,
// applied or refused. A push cut off half way is sent again whole: the hub knows each op by its id and
// never applies one twice. Pull asks for what changed since the last cursor, so nothing is read twice
// and nothing is skipped.
import type { LineString } from 'geojson';
import type { Coverage } from '../core/model/types';
import { draftCourse } from '../core/hub/draft-course';
import { actionTakeCourse } from '../core/actions/take-course';
import type { Action } from '../core/actions/refusal';
import { Store } from './store';
import { HubRefused, HubUnreachable, type HubAccount, type HubAgreement, type HubBorder, type HubDashboard, type HubOp, type HubOpResult, type HubPort, type HubProposal, type HubSubmission } from './hub-port';

/** A refusal the hub gave to an op of the outbox: shown until the user dismisses it. */
export interface HubRefusal {
  readonly op: HubOp;
  readonly status: number;
  readonly message: string;
  readonly at: string;
}

/** What is kept on this device between sessions (one hub per origin, so one state). */
export interface HubSaved {
  readonly account: HubAccount | null;
  readonly csrfToken: string | null;
  readonly revision: number | null;
  readonly cursor: string;
  readonly borders: readonly HubBorder[];
  readonly proposals: readonly HubProposal[];
  readonly outbox: readonly HubOp[];
  readonly refusals: readonly HubRefusal[];
  readonly lastSync: string | null;
}

export interface HubState extends HubSaved {
  /** 'no-hub': the app was not served by a hub (no /api); 'signed-out': the hub asks for a login. */
  readonly phase: 'starting' | 'no-hub' | 'signed-out' | 'ready';
  readonly busy: boolean;
  /** Whether the hub answered the last request. */
  readonly online: boolean;
  /** The last failure, in English for the log; the UI shows its own words for `online` false. */
  readonly message: string | null;
}

export interface HubStateStore {
  load(): Promise<HubSaved | undefined>;
  save(s: HubSaved): Promise<void>;
}

export interface HubSessionDeps {
  readonly port: HubPort;
  readonly store: HubStateStore;
  /** The draft as it is now. */
  readonly coverage: () => Coverage | null;
  /** Runs an edit on the draft as one undo step (false: refused, the editor says why). */
  readonly perform?: (action: Action<Coverage>, annotation: string) => boolean;
  readonly newId?: () => string;
  readonly now?: () => Date;
}

/** Most ops the hub takes in one push (POST /api/sync/push). */
export const PUSH_LIMIT = 200;

const EMPTY: HubSaved = { account: null, csrfToken: null, revision: null, cursor: '0', borders: [], proposals: [], outbox: [], refusals: [], lastSync: null };

/** Thrown for an op the app cannot make (the draft does not give the border a course): nothing is queued. */
export class HubOpRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HubOpRefused';
  }
}

export class HubSession {
  readonly state = new Store<HubState>({ ...EMPTY, phase: 'starting', busy: false, online: true, message: null });
  /** The province's progress, read when asked (online only): every border's status, every unit's submission. */
  readonly dashboard = new Store<HubDashboard | null>(null);
  /** For a reviewer: the submissions waiting for review. */
  readonly pendingSubmissions = new Store<readonly HubSubmission[]>([]);
  private readonly newId: () => string;
  private readonly now: () => Date;
  /** One sync at a time: a second call waits for the running one and then runs again. */
  private running: Promise<void> | null = null;

  constructor(private readonly deps: HubSessionDeps) {
    this.newId = deps.newId ?? (() => crypto.randomUUID());
    this.now = deps.now ?? (() => new Date());
  }

  private saved(): HubSaved {
    const s = this.state.get();
    return { account: s.account, csrfToken: s.csrfToken, revision: s.revision, cursor: s.cursor, borders: s.borders, proposals: s.proposals, outbox: s.outbox, refusals: s.refusals, lastSync: s.lastSync };
  }

  private async persist(next: Partial<HubState>): Promise<void> {
    this.state.set({ ...this.state.get(), ...next });
    await this.deps.store.save(this.saved());
  }

  /** The page was not served by a hub: nothing to sign in to, and no request is made. */
  noHub(): void {
    this.state.set({ ...this.state.get(), phase: 'no-hub' });
  }

  /** Reads what this device kept, then asks the hub who is signed in (offline: keeps the saved account). */
  async start(): Promise<void> {
    const saved = (await this.deps.store.load()) ?? EMPTY;
    this.state.set({ ...this.state.get(), ...saved });
    try {
      const account = await this.deps.port.me();
      if (account === null) return this.state.set({ ...this.state.get(), phase: 'signed-out', online: true, message: null });
      this.state.set({ ...this.state.get(), phase: 'ready', online: true, message: null });
      if (saved.account?.id !== account.id) await this.persist({ ...EMPTY, outbox: saved.outbox, refusals: saved.refusals, account, csrfToken: saved.csrfToken });
      await this.sync();
    } catch (e) {
      if (e instanceof HubRefused && e.status === 404) return this.state.set({ ...this.state.get(), phase: 'no-hub', online: true, message: e.message });
      if (!(e instanceof HubUnreachable)) throw e;
      // Offline: work goes on with what was kept, and the outbox waits.
      this.state.set({ ...this.state.get(), phase: saved.account ? 'ready' : 'signed-out', online: false, message: e.message });
    }
  }

  async signIn(login: string, password: string): Promise<void> {
    const { account, csrfToken } = await this.deps.port.login(login, password);
    const prev = this.state.get();
    // Another account's cache is dropped; the outbox is kept (it is the user's work) and is sent as
    // this account: the hub refuses what this account may not do, and says so.
    const keep = prev.account?.id === account.id ? this.saved() : { ...EMPTY, outbox: prev.outbox, refusals: prev.refusals };
    await this.persist({ ...keep, account, csrfToken, phase: 'ready', online: true, message: null });
    await this.sync();
  }

  async signOut(): Promise<void> {
    const { csrfToken } = this.state.get();
    if (csrfToken) await this.deps.port.logout(csrfToken);
    await this.persist({ csrfToken: null, phase: 'signed-out' });
  }

  /** The ward's unit code, or null for an account that has none. */
  ownUnit(): string | null {
    return this.state.get().account?.unitCode ?? null;
  }

  private courseOf(borderId: number): LineString {
    const s = this.state.get();
    const border = s.borders.find((b) => b.id === borderId);
    if (!border) throw new HubOpRefused(`border ${borderId} is not in revision ${s.revision ?? '?'} of the province: sync first`);
    const own = this.ownUnit();
    const c = this.deps.coverage();
    if (!own || !c) throw new HubOpRefused('no draft is open, or the account has no unit');
    const r = draftCourse(c, { unitA: border.unitA, unitB: border.unitB, coordinates: border.geometry.coordinates }, own);
    if (!r.ok) throw new HubOpRefused(r.message);
    return { type: 'LineString', coordinates: r.course.map((p) => [p[0], p[1]]) };
  }

  /** Proposes the draft's course for a border of the ward's unit (or confirms it unchanged). */
  async propose(borderId: number, note: string | null): Promise<void> {
    const geometry = this.courseOf(borderId);
    const baseRevision = this.state.get().revision!;
    await this.enqueue({ opId: this.newId(), kind: 'propose', borderId, baseRevision, geometry, note });
  }

  async decide(proposalId: number, decision: 'accept' | 'reject' | 'counter', reason: string | null): Promise<void> {
    const opId = this.newId();
    if (decision === 'accept') return this.enqueue({ opId, kind: 'decide', proposalId, decision, reason });
    if (decision === 'reject') {
      if (!reason?.trim()) throw new HubOpRefused('a rejection needs its reason');
      return this.enqueue({ opId, kind: 'decide', proposalId, decision, reason: reason.trim() });
    }
    const proposal = this.state.get().proposals.find((p) => p.id === proposalId);
    if (!proposal) throw new HubOpRefused(`proposal ${proposalId} is not known here: sync first`);
    const geometry = this.courseOf(proposal.borderId);
    await this.enqueue({ opId, kind: 'decide', proposalId, decision, reason, baseRevision: this.state.get().revision!, geometry });
  }

  /** Written to the outbox on this device first, then sent when the hub can be reached. */
  private async enqueue(op: HubOp): Promise<void> {
    await this.persist({ outbox: [...this.state.get().outbox, op] });
    await this.sync();
  }

  /**
   * Gives the draft the province's course of a border (after an agreement, the border of the new
   * revision): one undoable edit; the shared arc moves for both units. False when the editor refused it.
   */
  takeProvinceCourse(borderId: number): boolean {
    const border = this.state.get().borders.find((b) => b.id === borderId);
    const own = this.ownUnit();
    if (!border || !own || !this.deps.perform) return false;
    const line = { unitA: border.unitA, unitB: border.unitB, coordinates: border.geometry.coordinates };
    const course = border.geometry.coordinates.map((p) => [p[0]!, p[1]!] as const);
    return this.deps.perform(actionTakeCourse(line, own, course), 'take-province-course');
  }

  /** Reads the dashboard (and, for a reviewer, the pending submissions). Online only: throws when unreachable. */
  async loadDashboard(): Promise<void> {
    const { account } = this.state.get();
    if (!account?.provinceCode) throw new HubOpRefused('the account has no province');
    this.dashboard.set(await this.deps.port.dashboard(account.provinceCode));
    if (account.role === 'reviewer') this.pendingSubmissions.set(await this.deps.port.submissions(account.provinceCode, 'pending'));
  }

  /**
   * Submits the ward's unit as it stands at the province's latest revision for review (online only: a
   * submission is the province's record, not a draft). Syncs first, so the revision is the latest.
   */
  async submitUnit(note: string | null): Promise<void> {
    await this.sync();
    const s = this.state.get();
    const own = this.ownUnit();
    if (!own || !s.csrfToken || s.revision === null) throw new HubOpRefused('sign in with the ward account of a unit first');
    if (!s.online) throw new HubUnreachable(s.message ?? 'the hub cannot be reached');
    await this.deps.port.submit(own, s.revision, note, s.csrfToken);
    await this.loadDashboard();
  }

  async reviewSubmission(id: number, decision: 'accept' | 'return', reason: string | null): Promise<void> {
    const { csrfToken } = this.state.get();
    if (!csrfToken) throw new HubOpRefused('sign in first');
    if (decision === 'return' && !reason?.trim()) throw new HubOpRefused('returning a submission needs its reason');
    await this.deps.port.review(id, decision, reason?.trim() || null, csrfToken);
    await this.loadDashboard();
  }

  /** The record of an agreed border, for its printed confirmation sheet. */
  agreement(borderId: number): Promise<HubAgreement> {
    return this.deps.port.agreement(borderId);
  }

  dismissRefusal(opId: string): Promise<void> {
    return this.persist({ refusals: this.state.get().refusals.filter((r) => r.op.opId !== opId) });
  }

  /** Pushes the outbox, then pulls what changed. Offline: keeps everything and says so. */
  sync(): Promise<void> {
    const run = (this.running ?? Promise.resolve()).then(() => this.syncOnce());
    const tracked = run.finally(() => {
      if (this.running === tracked) this.running = null;
    });
    this.running = tracked;
    return tracked;
  }

  private async syncOnce(): Promise<void> {
    const s = this.state.get();
    if (s.phase !== 'ready' || !s.account?.provinceCode) return;
    this.state.set({ ...s, busy: true });
    try {
      await this.push();
      await this.pull(s.account.provinceCode);
      await this.persist({ online: true, message: null, busy: false, lastSync: this.now().toISOString() });
    } catch (e) {
      if (e instanceof HubRefused && e.status === 401) {
        // The session expired: the outbox stays, and is sent after the next sign-in.
        return this.persist({ phase: 'signed-out', csrfToken: null, busy: false, online: true, message: e.message });
      }
      this.state.set({ ...this.state.get(), busy: false, online: !(e instanceof HubUnreachable), message: e instanceof Error ? e.message : String(e) });
      if (!(e instanceof HubUnreachable)) throw e;
    }
  }

  private async push(): Promise<void> {
    // A push carries at most PUSH_LIMIT ops (the hub's limit): a longer outbox (days offline) goes in
    // turns, oldest first, each answered turn leaving the outbox before the next is sent.
    for (;;) {
      const { outbox, csrfToken } = this.state.get();
      if (outbox.length === 0) return;
      if (!csrfToken) throw new HubRefused(401, 'no session on this device: sign in');
      const batch = outbox.slice(0, PUSH_LIMIT);
      const results = await this.deps.port.push(batch, csrfToken);
      const answered = new Map<string, HubOpResult>(results.map((r) => [r.opId, r]));
      const at = this.now().toISOString();
      const refusals = [...this.state.get().refusals];
      for (const op of batch) {
        const r = answered.get(op.opId);
        if (r && r.status >= 400) refusals.push({ op, status: r.status, message: r.body.message ?? `refused (${r.status})`, at });
      }
      // Ops queued while the push ran stay for the next one.
      await this.persist({ outbox: this.state.get().outbox.filter((op) => !answered.has(op.opId)), refusals });
      if (!batch.some((op) => answered.has(op.opId))) return;
    }
  }

  private async pull(province: string): Promise<void> {
    const s = this.state.get();
    // A first pull (or one after a new revision) takes the borders with the whole list of proposals.
    const borders = s.revision === null ? await this.deps.port.borders(province) : null;
    const revision = borders?.revision ?? s.revision!;
    const p = await this.deps.port.pull(province, borders ? '0' : s.cursor, revision);
    const byId = new Map((borders ? [] : s.proposals).map((x) => [x.id, x]));
    for (const x of p.proposals) byId.set(x.id, x);
    const nextBorders = p.borders ?? borders?.borders ?? s.borders;
    await this.persist({
      revision: p.revision.number,
      cursor: p.cursor,
      borders: this.relevant(nextBorders),
      proposals: [...byId.values()].sort((a, b) => a.id - b.id),
    });
  }

  /** A ward keeps the borders of its own unit; other accounts keep the province's. */
  private relevant(borders: readonly HubBorder[]): HubBorder[] {
    const own = this.ownUnit();
    return own ? borders.filter((b) => b.unitA === own || b.unitB === own) : [...borders];
  }
}
