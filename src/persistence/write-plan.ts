// What to write when the editor's history moves from the last saved History to the next one. Pure: the
// caller applies the plan in one transaction. Object identity (structural sharing) tells what changed, so
// an edit costs one step row, undo/redo only the head pointer, and a full rewrite happens only when the
// editor hands over an unrelated history. Identity is an optimisation, never needed for correctness: a
// step or base that is not the same object is rewritten.
import type { Coverage } from '../core/model/types';
import { diffCoverage } from '../core/history/diff';
import type { History } from '../core/history/history';
import type { ArcRow, BaseRow, StepRow, UnitRow } from './rows';
import { encodeArc, encodeDiff, storedUnit } from './codec';

/** What the database holds for a draft, with the in-memory objects it was written from. */
export interface SavedState {
  readonly history: History;
  /** Sequence number of history.steps[0]. */
  readonly origin: number;
  readonly baseSeq: number;
  readonly baseCoverage: Coverage;
  readonly lastSeq: number;
  readonly headSeq: number;
}

export interface BaseWrite {
  readonly arcPuts: readonly ArcRow[];
  readonly arcDeletes: readonly number[];
  readonly unitPuts: readonly UnitRow[];
  readonly unitDeletes: readonly string[];
  readonly baseRow: BaseRow | null;
}

export interface WritePlan {
  readonly next: SavedState;
  readonly base: BaseWrite | null;
  readonly stepPuts: readonly StepRow[];
  readonly stepDeletes: readonly number[];
}

/**
 * @param maxSteps steps kept above the base; older ones are folded into the base rows (compaction).
 *   The base never passes the current state, so a long redo stack may exceed it until the next edit.
 */
export function planWrite(draftId: string, saved: SavedState, next: History, maxSteps: number): WritePlan {
  const steps = next.steps;
  // Align positions: the editor may have trimmed its oldest steps; find where its first state sits.
  const shift = saved.history.steps.findIndex((s) => s.coverage === steps[0]!.coverage);
  const origin = shift >= 0 ? saved.origin + shift : saved.baseSeq;
  const prev = shift >= 0 ? saved.history.steps.slice(shift) : [];

  const last = steps.length - 1;
  const lowest = Math.max(0, last - maxSteps);
  const currentBase = saved.baseSeq - origin;
  const basePos = Math.max(0, Math.min(Math.max(currentBase, lowest), next.index));
  const baseSeq = origin + basePos;
  const baseCoverage = steps[basePos]!.coverage;
  const lastSeq = origin + last;

  const stepPuts: StepRow[] = [];
  for (let p = basePos + 1; p <= last; p++) {
    const seq = origin + p;
    const stored = seq > saved.baseSeq && seq <= saved.lastSeq;
    const same = stored && prev[p] !== undefined && prev[p - 1] !== undefined
      && prev[p]!.coverage === steps[p]!.coverage && prev[p - 1]!.coverage === steps[p - 1]!.coverage
      && (prev[p]!.annotation ?? '') === (steps[p]!.annotation ?? '');
    if (!same) {
      const diff = encodeDiff(diffCoverage(steps[p - 1]!.coverage, steps[p]!.coverage));
      stepPuts.push({ draftId, seq, annotation: steps[p]!.annotation ?? '', diff });
    }
  }
  const stepDeletes: number[] = [];
  for (let seq = saved.baseSeq + 1; seq <= saved.lastSeq; seq++) if (seq <= baseSeq || seq > lastSeq) stepDeletes.push(seq);

  return {
    next: { history: next, origin, baseSeq, baseCoverage, lastSeq, headSeq: origin + next.index },
    base: baseCoverage === saved.baseCoverage ? null : planBase(draftId, saved.baseCoverage, baseCoverage),
    stepPuts,
    stepDeletes,
  };
}

/** The rows that turn the stored base `from` into `to`: only touched arcs and units. */
export function planBase(draftId: string, from: Coverage, to: Coverage): BaseWrite {
  const d = diffCoverage(from, to);
  const arcPuts = Object.entries(d.arcs).map(([k, a]) => ({ draftId, id: Number(k), coords: encodeArc(a) }));
  const arcDeletes: number[] = [];
  for (let id = to.arcs.length; id < from.arcs.length; id++) arcDeletes.push(id);
  const unitPuts: UnitRow[] = [];
  const unitDeletes: string[] = [];
  for (const [id, u] of Object.entries(d.units)) {
    if (u) unitPuts.push({ draftId, ...storedUnit(u) });
    else unitDeletes.push(id);
  }
  const order = [...to.units.keys()];
  const sameOrder = from.arcs.length === to.arcs.length && sameSequence([...from.units.keys()], order);
  return { arcPuts, arcDeletes, unitPuts, unitDeletes, baseRow: sameOrder ? null : { draftId, arcCount: to.arcs.length, order } };
}

function sameSequence(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
