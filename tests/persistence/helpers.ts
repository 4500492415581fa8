// Shared builders for the persistence tests: tiny inline coverages, edits, a manual clock, write counting
// at the database core, fake Web Locks and BroadcastChannel. Each test opens its own database name.
import { expect, vi } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import type { DBCore, DBCoreMutateRequest, DBCoreTable } from 'dexie';
import { coverageFromFeatures } from '../../src/core/model';
import type { Arc, Coverage, Unit } from '../../src/core/model/types';
import { actionMoveVertex } from '../../src/core/actions/move-vertex';
import type { Timers } from '../../src/persistence/autosave';
import { DexieDraftStore, type DraftStoreOptions } from '../../src/persistence/draft-store';
import type { WorkspaceDb } from '../../src/persistence/db';
import { MemoryMirror, type MirrorSnapshot } from '../../src/persistence/mirror';
import type { ChannelLike, LockManagerLike, LockOptionsLike } from '../../src/persistence/tab-lock';

let dbCounter = 0;
/** A database name no other test uses. */
export function uniqueDbName(label: string): string {
  dbCounter++;
  return `test-${label}-${process.pid}-${dbCounter}`;
}

function square(code: string, x0: number, y0: number): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name: `N${code}`, fullName: `Xã N${code}` },
    geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + 0.5, y0], [x0 + 1, y0], [x0 + 1, y0 + 1], [x0, y0 + 1], [x0, y0]]] },
  };
}

/** Three squares in a row: a handful of arcs, shared borders, interior vertices. */
export function tinyCoverage(): Coverage {
  return coverageFromFeatures([square('10001', 0, 0), square('10002', 1, 0), square('10003', 2, 0)]);
}

/** Moves the first vertex of an arc (an end: every arc ending there moves too). */
export function moveEdit(arc: number, x: number, y: number) {
  return (c: Coverage) => actionMoveVertex({ arc, index: 0 }, [x, y])(c);
}

/** Appends a new arc and a unit using it. */
export function addUnitEdit(id: string, x: number) {
  return (c: Coverage): Coverage => {
    const arc: Arc = [[x, 5], [x + 1, 5], [x + 1, 6], [x, 5]];
    const first = c.units.values().next().value as Unit;
    const units = new Map(c.units);
    units.set(id, { id, attrs: { ...first.attrs, code: id, name: id }, polygons: [[[c.arcs.length]]] });
    return { arcs: [...c.arcs, arc], units };
  };
}

export function removeUnitEdit(id: string) {
  return (c: Coverage): Coverage => {
    const units = new Map(c.units);
    units.delete(id);
    return { arcs: c.arcs, units };
  };
}

export function reverseOrderEdit() {
  return (c: Coverage): Coverage => ({ arcs: c.arcs, units: new Map([...c.units].reverse()) });
}

/** A coverage as plain data, to compare states across a reload. */
export function plain(c: Coverage): unknown {
  return { arcs: c.arcs.map((a) => a.map((p) => [p[0], p[1]])), units: [...c.units.values()].map((u) => ({ ...u })) };
}

/** A clock and timer queue that moves only when told to. */
export class ManualTimers implements Timers {
  time = 1_700_000_000_000;
  private tasks: { due: number; fn: () => void; id: number }[] = [];
  private next = 1;

  now = (): number => this.time;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.next++;
    this.tasks.push({ due: this.time + ms, fn, id });
    return id;
  };
  clearTimeout = (h: unknown): void => {
    this.tasks = this.tasks.filter((t) => t.id !== h);
  };
  pending(): number {
    return this.tasks.length;
  }
  /** Moves the clock, running due tasks in order; returns how many ran. */
  advance(ms: number): number {
    const end = this.time + ms;
    let ran = 0;
    for (;;) {
      const due = this.tasks.filter((t) => t.due <= end).sort((a, b) => a.due - b.due)[0];
      if (!due) break;
      this.tasks = this.tasks.filter((t) => t !== due);
      this.time = due.due;
      due.fn();
      ran++;
    }
    this.time = end;
    return ran;
  }
}

/** Lets pending promise chains (IndexedDB callbacks included) settle. */
/** Lets promises of in-memory work settle (a macrotask); never a wait for IndexedDB (wait on a condition). */
export function settle(ms = 0): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export interface WriteCounter {
  /** Rows put or added per table. */
  readonly puts: Map<string, number>;
  /** Keys or ranges deleted per table. */
  readonly deletes: Map<string, number>;
  total(): number;
  reset(): void;
  /** Makes every write to the table fail with this error until set to null. */
  failOn: { table: string; error: () => Error } | null;
}

/**
 * Holds every transaction of `db` that starts while the gate is closed until it opens: a write "in
 * flight" for as long as a test needs, with no timing involved.
 */
export function gateTransactions(db: WorkspaceDb): { close(): void; open(): void } {
  let gate: Promise<void> | null = null;
  let release: () => void = () => undefined;
  const original = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
  (db as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = async (...args: unknown[]) => {
    if (gate) await gate;
    return original(...args);
  };
  return {
    close: () => {
      gate = new Promise<void>((r) => (release = r));
    },
    open: () => {
      gate = null;
      release();
    },
  };
}

/** Counts (and can fail) the rows the database really writes, below Dexie's table API. */
export function countWrites(db: WorkspaceDb): WriteCounter {
  // Dexie builds its middleware stack when it opens: a counter added later would silently count nothing.
  if (db.isOpen()) throw new Error('countWrites must be installed before the database opens');
  const counter: WriteCounter = {
    puts: new Map(),
    deletes: new Map(),
    total() {
      let n = 0;
      for (const v of this.puts.values()) n += v;
      for (const v of this.deletes.values()) n += v;
      return n;
    },
    reset() {
      this.puts.clear();
      this.deletes.clear();
    },
    failOn: null,
  };
  const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  db.use({
    stack: 'dbcore',
    name: 'count-writes',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name: string): DBCoreTable => {
        const t = down.table(name);
        return {
          ...t,
          mutate: (req: DBCoreMutateRequest) => {
            if (counter.failOn?.table === name) return Promise.reject(counter.failOn.error());
            if (req.type === 'add' || req.type === 'put') add(counter.puts, name, req.values.length);
            else if (req.type === 'delete') add(counter.deletes, name, req.keys.length);
            else if (req.type === 'deleteRange') add(counter.deletes, name, 1);
            return t.mutate(req);
          },
        };
      },
    }),
  });
  return counter;
}

export function quotaError(): Error {
  const e = new Error('The quota has been exceeded.');
  e.name = 'QuotaExceededError';
  return e;
}

export function storeFor(name: string, options: DraftStoreOptions = {}): DexieDraftStore {
  return new DexieDraftStore({ dbName: name, throttleMs: 0, tabId: 'test-tab', ...options });
}

/** Web Locks with exclusive locks, ifAvailable and steal, for one "browser" shared by fake tabs. */
export class FakeLocks implements LockManagerLike {
  private held = new Map<string, { reject: (e: unknown) => void }>();
  private queue = new Map<string, (() => void)[]>();

  request(name: string, options: LockOptionsLike, callback: (lock: unknown) => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const grant = () => {
        const entry = { reject };
        this.held.set(name, entry);
        Promise.resolve(callback({ name })).then(
          (v) => {
            if (this.held.get(name) === entry) this.releaseAndNext(name);
            resolve(v);
          },
          (e: unknown) => {
            if (this.held.get(name) === entry) this.releaseAndNext(name);
            reject(e);
          },
        );
      };
      const current = this.held.get(name);
      if (options.steal) {
        if (current) {
          const abort = new Error('The lock was stolen');
          abort.name = 'AbortError';
          current.reject(abort);
        }
        grant();
      } else if (!current) {
        grant();
      } else if (options.ifAvailable) {
        Promise.resolve(callback(null)).then(resolve, reject);
      } else {
        this.queue.set(name, [...(this.queue.get(name) ?? []), grant]);
      }
    });
  }

  private releaseAndNext(name: string): void {
    this.held.delete(name);
    const q = this.queue.get(name) ?? [];
    const next = q.shift();
    if (next) next();
  }
}

/** BroadcastChannel semantics: a message reaches every other channel of the same name, asynchronously. */
export class ChannelHub {
  private channels = new Set<{ name: string; listeners: Set<(e: { data: unknown }) => void> }>();

  factory = (name: string): ChannelLike => {
    const me = { name, listeners: new Set<(e: { data: unknown }) => void>() };
    this.channels.add(me);
    return {
      postMessage: (data: unknown) => {
        const copy = structuredClone(data);
        for (const c of this.channels) {
          if (c === me || c.name !== name) continue;
          queueMicrotask(() => {
            for (const l of [...c.listeners]) l({ data: copy });
          });
        }
      },
      addEventListener: (_type, l) => me.listeners.add(l),
      removeEventListener: (_type, l) => me.listeners.delete(l),
      close: () => this.channels.delete(me),
    };
  };
}

/** A copy store whose writes, once `gating` is on, wait until the test lets them through. */
export class GatedMirror extends MemoryMirror {
  private readonly gates: (() => void)[] = [];
  gating = false;
  /** Copies begun while gating. */
  started = 0;
  /** Copies begun, gated or not. */
  calls = 0;

  override write(snapshot: MirrorSnapshot): Promise<void> {
    this.calls++;
    if (!this.gating) return super.write(snapshot);
    this.started++;
    return new Promise<void>((r) => this.gates.push(r)).then(() => super.write(snapshot));
  }

  /** Lets the oldest waiting copy through (once one is waiting). */
  async release(): Promise<void> {
    await vi.waitFor(() => expect(this.gates.length).toBeGreaterThan(0));
    this.gates.shift()!();
  }

  /** Lets every waiting copy through. */
  releaseAll(): void {
    for (const g of this.gates.splice(0)) g();
  }
}
