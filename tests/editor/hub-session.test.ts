import { describe, expect, it } from 'vitest';
import { coverageFromFeatures, type Coverage } from '../../src/core/model';
import { actionMoveVertex } from '../../src/core/actions/move-vertex';
import { HubSession, PUSH_LIMIT, type HubSaved } from '../../src/editor/hub-session';
import { draftCourse } from '../../src/core/hub/draft-course';
import { HubRefused, HubUnreachable, type HubAccount, type HubAgreement, type HubBorder, type HubDashboard, type HubOp, type HubOpResult, type HubPort, type HubProposal, type HubPull, type HubSubmission } from '../../src/editor/hub-port';
import { haiPhong } from '../helpers/data';
import { hubBorderLines } from '../helpers/hub-borders';

const base = coverageFromFeatures(haiPhong().features);

// The hub's borders of revision 1, with ids.
const hubBorders = (c: Coverage): HubBorder[] =>
  hubBorderLines(c).map((b, i) => ({ id: i + 1, unitA: b.unitA, unitB: b.unitB, revision: 1, geometry: { type: 'LineString', coordinates: b.coordinates.map((p) => [p[0]!, p[1]!]) } }));
const BORDERS = hubBorders(base);
const BORDER = BORDERS.find((b) => b.unitB !== null && b.geometry.coordinates.length >= 5)!;
const ARC = BORDER.id - 1;

/**
 * An in-memory hub with the push/pull contract: ops applied once each (by opId), proposals changed in
 * order with a cursor; `down` makes every call fail as a dropped connection, `dropAfterApply` applies a
 * push and then loses the answer.
 */
class FakeHub implements HubPort {
  down = false;
  dropAfterApply = false;
  sessions = new Map<string, HubAccount>();
  applied = new Map<string, HubOpResult>();
  proposals: (HubProposal & { seq: number })[] = [];
  seq = 0;
  pushes = 0;
  constructor(private readonly accounts: Record<string, HubAccount>) {}
  private up() {
    if (this.down) throw new HubUnreachable('connection refused');
  }
  async me() {
    this.up();
    return this.sessions.get('current') ?? null;
  }
  async login(login: string) {
    this.up();
    const account = this.accounts[login];
    if (!account) throw new HubRefused(401, 'wrong login or password');
    this.sessions.set('current', account);
    return { account, csrfToken: `csrf-${login}` };
  }
  async logout() {
    this.sessions.delete('current');
  }
  async borders() {
    this.up();
    return { revision: 1, borders: BORDERS };
  }
  async push(ops: readonly HubOp[], csrf: string) {
    this.up();
    this.pushes++;
    const who = this.sessions.get('current');
    if (!who || csrf !== `csrf-${who.login}`) throw new HubRefused(401, 'no session');
    const results = ops.map((op) => {
      const key = `${who.id}:${op.opId}`;
      const prev = this.applied.get(key);
      if (prev) return { ...prev, replayed: true };
      let r: HubOpResult;
      if (op.kind === 'propose') {
        const b = BORDERS.find((x) => x.id === op.borderId)!;
        const theirs = this.proposals.find((p) => p.borderId === b.id && p.status === 'open' && p.proposingUnit !== who.unitCode);
        if (theirs) r = { opId: op.opId, status: 409, replayed: false, body: { error: 'conflict', message: `border ${b.id} has open proposal ${theirs.id}` } };
        else {
          const id = this.proposals.length + 1;
          this.proposals.push({ id, borderId: b.id, borderRevision: 1, unitA: b.unitA, unitB: b.unitB, proposingUnit: who.unitCode!, proposedBy: who.login, baseRevision: 1, status: 'open', counterOf: null, note: op.note ?? null, createdAt: 'now', geometry: op.geometry, decisions: [], seq: ++this.seq });
          r = { opId: op.opId, status: 201, replayed: false, body: { proposal: { id } } };
        }
      } else {
        const p = this.proposals.find((x) => x.id === op.proposalId)!;
        this.proposals = this.proposals.map((x) => (x === p ? { ...x, status: op.decision === 'accept' ? 'accepted' : op.decision === 'reject' ? 'rejected' : 'countered', seq: ++this.seq } : x));
        r = { opId: op.opId, status: 201, replayed: false, body: {} };
      }
      this.applied.set(key, r);
      return r;
    });
    if (this.dropAfterApply) {
      this.dropAfterApply = false;
      throw new HubUnreachable('the connection was reset');
    }
    return results;
  }
  submitted: { unit: string; revision: number; note: string | null }[] = [];
  async dashboard(province: string): Promise<HubDashboard> {
    this.up();
    const zero = { agreed: 0, proposed: 0, disputed: 0, untouched: 0 };
    return { provinceCode: province, revision: 1, totals: { borders: 0, ...zero }, borders: [], units: this.submitted.map((x) => ({ code: x.unit, name: x.unit, borders: { total: 0, ...zero }, submission: { id: 1, revision: x.revision, status: 'pending', at: 'now' } })) };
  }
  async submissions(): Promise<HubSubmission[]> {
    throw new Error('no reviewer in these tests');
  }
  async submit(unit: string, revision: number, note: string | null) {
    this.up();
    this.submitted.push({ unit, revision, note });
  }
  async review(): Promise<void> {
    throw new Error('no reviewer in these tests');
  }
  async agreement(): Promise<HubAgreement> {
    throw new Error('no agreement in these tests');
  }
  async pull(province: string, since: string): Promise<HubPull> {
    this.up();
    const changed = this.proposals.filter((p) => p.seq > Number(since)).map(({ seq: _s, ...p }) => p);
    return { province, revision: { number: 1, acceptedAt: 'then', note: null }, cursor: String(this.seq), proposals: changed };
  }
}

class MemoryStore {
  saved: HubSaved | undefined;
  writes = 0;
  async load() {
    return this.saved && structuredClone(this.saved);
  }
  async save(s: HubSaved) {
    this.writes++;
    this.saved = structuredClone(s);
  }
}

const ward = (id: number, unitCode: string): HubAccount => ({ id, login: `w${unitCode}`, role: 'ward', provinceCode: '31', unitCode });
const A = ward(1, BORDER.unitA);
const B = ward(2, BORDER.unitB!);

function session(hub: FakeHub, store: MemoryStore, coverage: () => Coverage) {
  let n = 0;
  return new HubSession({ port: hub, store, coverage, newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` });
}

function moved(): Coverage {
  const mid = Math.floor(BORDER.geometry.coordinates.length / 2);
  const p = BORDER.geometry.coordinates[mid]!;
  return actionMoveVertex({ arc: ARC, index: mid }, [p[0]! + 0.0002, p[1]!])(base);
}

describe('the ward\'s hub session', () => {
  it('proposes the draft\'s course, and the neighbour sees it after its own sync', async () => {
    const hub = new FakeHub({ [A.login]: A, [B.login]: B });
    const a = session(hub, new MemoryStore(), moved);
    await a.start();
    expect(a.state.get().phase).toBe('signed-out');
    await a.signIn(A.login, 'x');
    expect(a.state.get().borders.every((b) => b.unitA === A.unitCode || b.unitB === A.unitCode)).toBe(true);
    await a.propose(BORDER.id, 'along the canal');
    expect(a.state.get().outbox).toEqual([]);
    expect(hub.proposals).toHaveLength(1);
    expect(hub.proposals[0]!.geometry.coordinates).not.toEqual(BORDER.geometry.coordinates);

    hub.sessions.clear();
    const b = session(hub, new MemoryStore(), () => base);
    await b.start();
    await b.signIn(B.login, 'x');
    expect(b.state.get().proposals.map((p) => [p.id, p.status, p.proposingUnit])).toEqual([[1, 'open', A.unitCode]]);
    await b.decide(1, 'accept', null);
    expect(hub.proposals[0]!.status).toBe('accepted');
  });

  it('keeps work made offline in the outbox, on this device, and sends it once the hub is back', async () => {
    const hub = new FakeHub({ [A.login]: A });
    const store = new MemoryStore();
    const a = session(hub, store, moved);
    await a.start();
    await a.signIn(A.login, 'x');
    hub.down = true;
    await a.propose(BORDER.id, null);
    expect(a.state.get().online).toBe(false);
    expect(store.saved!.outbox).toHaveLength(1);
    expect(hub.proposals).toHaveLength(0);

    // Days later, a new page: the outbox comes back from the device and goes at the next sync.
    const again = session(hub, store, moved);
    await again.start();
    expect(again.state.get().phase).toBe('ready');
    expect(again.state.get().outbox).toHaveLength(1);
    hub.down = false;
    await again.sync();
    expect(again.state.get().outbox).toEqual([]);
    expect(hub.proposals).toHaveLength(1);
  });

  it('sends a push cut off after the hub applied it again, and nothing is applied twice', async () => {
    const hub = new FakeHub({ [A.login]: A });
    const store = new MemoryStore();
    const a = session(hub, store, moved);
    await a.start();
    await a.signIn(A.login, 'x');
    hub.dropAfterApply = true;
    await a.propose(BORDER.id, null);
    expect(store.saved!.outbox).toHaveLength(1);
    await a.sync();
    expect(hub.pushes).toBe(2);
    expect(hub.proposals).toHaveLength(1);
    expect(a.state.get().outbox).toEqual([]);
    expect(a.state.get().proposals).toHaveLength(1);
  });

  it('shows a refusal (two proposals on one border meet as a conflict) and keeps it until dismissed', async () => {
    const hub = new FakeHub({ [A.login]: A, [B.login]: B });
    const a = session(hub, new MemoryStore(), moved);
    await a.start();
    await a.signIn(A.login, 'x');
    await a.propose(BORDER.id, null);
    hub.sessions.clear();
    const b = session(hub, new MemoryStore(), () => base);
    await b.start();
    await b.signIn(B.login, 'x');
    await b.propose(BORDER.id, 'ours');
    const [refusal] = b.state.get().refusals;
    expect(refusal?.status).toBe(409);
    expect(refusal?.message).toMatch(/open proposal 1/);
    expect(hub.proposals).toHaveLength(1);
    await b.dismissRefusal(refusal!.op.opId);
    expect(b.state.get().refusals).toEqual([]);
  });

  it('refuses at once what the draft cannot give, queueing nothing', async () => {
    const hub = new FakeHub({ [A.login]: A });
    const endMoved = actionMoveVertex({ arc: ARC, index: 0 }, [BORDER.geometry.coordinates[0]![0]! + 0.001, BORDER.geometry.coordinates[0]![1]!])(base);
    const a = session(hub, new MemoryStore(), () => endMoved);
    await a.start();
    await a.signIn(A.login, 'x');
    await expect(a.propose(BORDER.id, null)).rejects.toThrow(/keeps its two ends/);
    await expect(a.decide(99, 'reject', '  ')).rejects.toThrow(/reason/);
    expect(a.state.get().outbox).toEqual([]);
  });

  it('pulls only what changed since its cursor', async () => {
    const hub = new FakeHub({ [A.login]: A });
    const a = session(hub, new MemoryStore(), moved);
    await a.start();
    await a.signIn(A.login, 'x');
    await a.propose(BORDER.id, null);
    const seen: string[] = [];
    const pull = hub.pull.bind(hub);
    hub.pull = async (p, since) => {
      seen.push(since);
      return pull(p, since);
    };
    await a.sync();
    expect(seen).toEqual(['1']);
    expect(a.state.get().proposals).toHaveLength(1);
  });

  it('takes the province\'s course of a border into the draft as one edit', async () => {
    const hub = new FakeHub({ [A.login]: A });
    // The province's revision runs the border along the moved course; the ward's draft is as loaded.
    const line = { unitA: BORDER.unitA, unitB: BORDER.unitB, coordinates: BORDER.geometry.coordinates };
    const agreed = draftCourse(moved(), line, A.unitCode!);
    if (!agreed.ok) throw new Error(agreed.message);
    hub.borders = async () => ({ revision: 2, borders: BORDERS.map((b) => (b.id === BORDER.id ? { ...b, revision: 2, geometry: { type: 'LineString' as const, coordinates: agreed.course.map((p) => [p[0], p[1]]) } } : b)) });
    let draft = base;
    const a = new HubSession({ port: hub, store: new MemoryStore(), coverage: () => draft, perform: (action) => {
      if (action.disabled(draft)) return false;
      draft = action(draft);
      return true;
    } });
    await a.start();
    await a.signIn(A.login, 'x');
    expect(a.takeProvinceCourse(BORDER.id)).toBe(true);
    const now = draftCourse(draft, line, B.unitCode!);
    expect(now.ok && now.course).toEqual(agreed.course);
    // Done once: a second time is nothing to do, and refused.
    expect(a.takeProvinceCourse(BORDER.id)).toBe(false);
  });

  it('submits the unit at the latest revision after sending the outbox, and not offline', async () => {
    const hub = new FakeHub({ [A.login]: A });
    const a = session(hub, new MemoryStore(), moved);
    await a.start();
    await a.signIn(A.login, 'x');
    hub.down = true;
    await a.propose(BORDER.id, null);
    await expect(a.submitUnit('ready')).rejects.toThrow(HubUnreachable);
    expect(hub.submitted).toEqual([]);
    hub.down = false;
    await a.submitUnit('ready');
    // The proposal made offline reached the hub before the submission.
    expect(hub.proposals).toHaveLength(1);
    expect(hub.submitted).toEqual([{ unit: A.unitCode, revision: 1, note: 'ready' }]);
    expect(a.dashboard.get()?.units.map((u) => u.submission?.status)).toEqual(['pending']);
  });

  it('sends an outbox longer than one push allows in turns, oldest first', async () => {
    const hub = new FakeHub({ [A.login]: A });
    const store = new MemoryStore();
    const a = session(hub, store, moved);
    await a.start();
    await a.signIn(A.login, 'x');
    hub.down = true;
    for (let i = 0; i < PUSH_LIMIT + 5; i++) await a.propose(BORDER.id, `take ${i}`);
    expect(store.saved!.outbox).toHaveLength(PUSH_LIMIT + 5);
    const sizes: number[] = [];
    const push = hub.push.bind(hub);
    hub.push = async (ops, csrf) => {
      sizes.push(ops.length);
      return push(ops, csrf);
    };
    hub.down = false;
    await a.sync();
    expect(sizes).toEqual([PUSH_LIMIT, 5]);
    expect(a.state.get().outbox).toEqual([]);
    // In order: the last op sent is the last made.
    expect(hub.proposals.at(-1)!.note).toBe(`take ${PUSH_LIMIT + 4}`);
  });

  it('asks for a new sign-in when the session expired, keeping the outbox', async () => {
    const hub = new FakeHub({ [A.login]: A });
    const a = session(hub, new MemoryStore(), moved);
    await a.start();
    await a.signIn(A.login, 'x');
    hub.sessions.clear();
    await a.propose(BORDER.id, null);
    expect(a.state.get().phase).toBe('signed-out');
    expect(a.state.get().outbox).toHaveLength(1);
    await a.signIn(A.login, 'x');
    expect(a.state.get().outbox).toEqual([]);
    expect(hub.proposals).toHaveLength(1);
  });
});
