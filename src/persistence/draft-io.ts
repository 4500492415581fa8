// Reading a draft back (base rows + steps) and writing a planned change, each in one transaction.
import type { Coverage } from '../core/model/types';
import { type History } from '../core/history/history';
import { DraftUnreadableError, type Review } from '../editor/draft-store-port';
import { encodeArc, encodeDiff } from './codec';
import { diffCoverage } from '../core/history/diff';
import { checkDraft } from './draft-check';
import { RowFault } from './row-fields';
import { draftRange, type WorkspaceDb } from './db';
import type { ArcRow, BaseRow, DraftRow, ReviewRow, UnitRow } from './rows';
import type { BaseWrite, SavedState, WritePlan } from './write-plan';

export interface LoadedDraft {
  readonly row: DraftRow;
  readonly saved: SavedState;
  readonly reviews: Map<string, Review>;
}

export async function readDraft(db: WorkspaceDb, draftId: string): Promise<LoadedDraft> {
  const { row, base, arcs, units, steps, reviews } = await db.transaction('r', [db.drafts, db.bases, db.arcs, db.units, db.steps, db.reviews], async () => {
    const row = await db.drafts.get(draftId);
    if (!row) throw new DraftNotFoundError(draftId);
    const [base, arcs, units, steps, reviews] = await Promise.all([
      db.bases.get(draftId),
      draftRange(db.arcs, draftId).toArray(),
      draftRange(db.units, draftId).toArray(),
      db.steps.where('[draftId+seq]').between([draftId, row.baseSeq + 1], [draftId, row.lastSeq], true, true).toArray(),
      draftRange(db.reviews, draftId).toArray(),
    ]);
    return { row, base, arcs, units, steps, reviews };
  });
  // The same check as a backup's (draft-check.ts): a damaged row becomes a named fault here, not a
  // blank map or a crash in whatever first reads the coverage.
  let checked;
  try {
    checked = checkDraft({ row, base: base ?? null, arcs, units, steps, reviews, versions: [], versionData: [] });
  } catch (e) {
    if (e instanceof RowFault) throw new DraftUnreadableError(draftId, { code: e.code, where: e.where, detail: e.detail });
    throw e;
  }
  const { baseCoverage, history } = checked;
  const r = checked.row;
  return {
    row: r,
    saved: { history, origin: r.baseSeq, baseSeq: r.baseSeq, baseCoverage, lastSeq: r.lastSeq, headSeq: r.headSeq },
    reviews: new Map(checked.reviews.map((x) => [x.issueId, reviewOf(x)])),
  };
}

export class DraftNotFoundError extends Error {
  override readonly name = 'DraftNotFoundError';
  constructor(readonly draftId: string) {
    super(`draft ${draftId} does not exist`);
  }
}

function reviewOf(r: ReviewRow): Review {
  return { status: r.status, reason: r.reason, author: r.author, time: r.time };
}

/** The draft row's history pointers and time as this session last wrote (or read) them. */
export interface RowStamp {
  readonly baseSeq: number;
  readonly headSeq: number;
  readonly lastSeq: number;
  readonly updated: number;
}

export function stampOf(r: RowStamp): RowStamp {
  return { baseSeq: r.baseSeq, headSeq: r.headSeq, lastSeq: r.lastSeq, updated: r.updated };
}

/** The draft was written by someone else (another tab without a lock, a backup import) since we read it. */
export class DraftConflictError extends Error {
  override readonly name = 'DraftConflictError';
  constructor(readonly draftId: string) {
    super(`draft ${draftId} was changed elsewhere since this tab loaded it`);
  }
}

export interface WriteExtras {
  /** What the draft row must still hold; anything else means another writer, and nothing is written. */
  readonly expected: RowStamp;
  readonly reviews: ReadonlyMap<string, Review | null>;
  /** undefined = unchanged. */
  readonly errorCount: number | null | undefined;
  readonly updated: number;
}

/** Counts of rows written, for tests and the benchmark. */
export interface WriteStats {
  readonly puts: number;
  readonly deletes: number;
}

/** What a write did, and the draft's name as stored (the drafts screen of any tab may rename it). */
export interface WriteResult extends WriteStats {
  readonly name: string;
}

/** The rows of a plan, without the in-memory History it was made from: what crosses to a worker. */
export interface PlanRows {
  readonly base: WritePlan['base'];
  readonly stepPuts: WritePlan['stepPuts'];
  readonly stepDeletes: WritePlan['stepDeletes'];
  readonly next: { readonly baseSeq: number; readonly headSeq: number; readonly lastSeq: number };
}

export function planRows(plan: WritePlan): PlanRows {
  const n = plan.next;
  return { base: plan.base, stepPuts: plan.stepPuts, stepDeletes: plan.stepDeletes, next: { baseSeq: n.baseSeq, headSeq: n.headSeq, lastSeq: n.lastSeq } };
}

export async function writePlan(db: WorkspaceDb, draftId: string, plan: PlanRows, extras: WriteExtras): Promise<WriteResult> {
  return db.transaction('rw', [db.drafts, db.bases, db.arcs, db.units, db.steps, db.reviews], async () => {
    const row = await db.drafts.get(draftId);
    if (!row) throw new DraftNotFoundError(draftId);
    const e = extras.expected;
    if (row.baseSeq !== e.baseSeq || row.headSeq !== e.headSeq || row.lastSeq !== e.lastSeq || row.updated !== e.updated) {
      throw new DraftConflictError(draftId);
    }
    let puts = 0;
    let deletes = 0;
    if (plan.base) {
      const b = await applyBase(db, draftId, plan.base);
      puts += b.puts;
      deletes += b.deletes;
    }
    if (plan.stepDeletes.length) await db.steps.bulkDelete(plan.stepDeletes.map((seq) => [draftId, seq] as [string, number]));
    if (plan.stepPuts.length) await db.steps.bulkPut([...plan.stepPuts]);
    const reviewPuts: ReviewRow[] = [];
    const reviewDeletes: [string, string][] = [];
    for (const [issueId, r] of extras.reviews) {
      if (r) reviewPuts.push({ draftId, issueId, ...r });
      else reviewDeletes.push([draftId, issueId]);
    }
    if (reviewPuts.length) await db.reviews.bulkPut(reviewPuts);
    if (reviewDeletes.length) await db.reviews.bulkDelete(reviewDeletes);
    const n = plan.next;
    const changes: Partial<DraftRow> = { updated: extras.updated, baseSeq: n.baseSeq, headSeq: n.headSeq, lastSeq: n.lastSeq };
    if (extras.errorCount !== undefined) Object.assign(changes, { errorCount: extras.errorCount });
    // update(), not put(): the drafts screen may rename the draft while it is open.
    if ((await db.drafts.update(draftId, changes)) !== 1) throw new DraftNotFoundError(draftId);
    puts += plan.stepPuts.length + reviewPuts.length + 1;
    deletes += plan.stepDeletes.length + reviewDeletes.length;
    return { puts, deletes, name: row.name };
  });
}

async function applyBase(db: WorkspaceDb, draftId: string, b: BaseWrite): Promise<WriteStats> {
  if (b.arcDeletes.length) await db.arcs.bulkDelete(b.arcDeletes.map((id) => [draftId, id] as [string, number]));
  if (b.arcPuts.length) await db.arcs.bulkPut([...b.arcPuts]);
  if (b.unitDeletes.length) await db.units.bulkDelete(b.unitDeletes.map((id) => [draftId, id] as [string, string]));
  if (b.unitPuts.length) await db.units.bulkPut([...b.unitPuts]);
  if (b.baseRow) await db.bases.put(b.baseRow);
  return {
    puts: b.arcPuts.length + b.unitPuts.length + (b.baseRow ? 1 : 0),
    deletes: b.arcDeletes.length + b.unitDeletes.length,
  };
}

/** Rows for a whole coverage as the base of a new draft. */
/** A draft's base as rows: one per arc, one per unit, and the base row (arc count, unit order). */
export interface BaseRows {
  readonly arcs: ArcRow[];
  readonly units: UnitRow[];
  readonly base: BaseRow;
}

export function baseRows(draftId: string, c: Coverage): BaseRows {
  return {
    arcs: c.arcs.map((a, id) => ({ draftId, id, coords: encodeArc(a) })),
    units: [...c.units.values()].map((u) => ({ draftId, id: u.id, attrs: u.attrs, polygons: u.polygons })),
    base: { draftId, arcCount: c.arcs.length, order: [...c.units.keys()] },
  };
}

/** Adds a new draft: its row and its base, in one transaction. */
export async function addDraft(db: WorkspaceDb, row: DraftRow, rows: BaseRows): Promise<void> {
  await db.transaction('rw', [db.drafts, db.bases, db.arcs, db.units], async () => {
    await db.drafts.add(row);
    await db.bases.add(rows.base);
    await db.arcs.bulkAdd(rows.arcs);
    await db.units.bulkAdd(rows.units);
  });
}

/**
 * Writes a whole draft from memory (its row, the history's first state as the base, every step, every
 * review), replacing whatever the database holds under that id: the way back when the browser lost the
 * draft's rows while the tab still had them. One transaction.
 */
export async function rewriteDraft(
  db: WorkspaceDb, row: Omit<DraftRow, 'baseSeq' | 'headSeq' | 'lastSeq'>, history: History, reviews: ReadonlyMap<string, Review>,
): Promise<SavedState> {
  const base = history.steps[0]!.coverage;
  const rows = baseRows(row.id, base);
  const steps = history.steps.slice(1).map((s, i) => ({
    draftId: row.id, seq: i + 1, annotation: s.annotation ?? '', diff: encodeDiff(diffCoverage(history.steps[i]!.coverage, s.coverage)),
  }));
  const last = history.steps.length - 1;
  await db.transaction('rw', [db.drafts, db.bases, db.arcs, db.units, db.steps, db.reviews], async () => {
    // Named versions are kept: they are separate rows and still valid.
    await Promise.all([
      db.drafts.delete(row.id), db.bases.delete(row.id), draftRange(db.arcs, row.id).delete(), draftRange(db.units, row.id).delete(),
      draftRange(db.steps, row.id).delete(), draftRange(db.reviews, row.id).delete(),
    ]);
    await db.drafts.add({ ...row, baseSeq: 0, headSeq: history.index, lastSeq: last });
    await db.bases.add(rows.base);
    await db.arcs.bulkAdd(rows.arcs);
    await db.units.bulkAdd(rows.units);
    await db.steps.bulkAdd(steps);
    await db.reviews.bulkAdd([...reviews].map(([issueId, r]) => ({ draftId: row.id, issueId, ...r })));
  });
  return { history, origin: 0, baseSeq: 0, baseCoverage: base, lastSeq: last, headSeq: history.index };
}
