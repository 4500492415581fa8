// Undo/redo as a list of coverages (iD's history): edits are pure functions, so undo is going back to
// the previous coverage. One gesture is one step: a drag performs once, then replaces (DESIGN.md habit 3).
import type { Coverage } from '../model/types';
import { applyDiff, diffCoverage, type CoverageDiff } from './diff';

export interface HistoryStep {
  readonly coverage: Coverage;
  /** What the step did, as a message code for the UI (null for the base state). */
  readonly annotation: string | null;
}

export interface History {
  readonly steps: readonly HistoryStep[];
  /** Index of the current step; steps after it are the redo stack. */
  readonly index: number;
}

export type Edit = (c: Coverage) => Coverage;

/** A fresh history whose base is a loaded coverage: loading is never an undo step. */
export function createHistory(base: Coverage): History {
  return { steps: [{ coverage: base, annotation: null }], index: 0 };
}

export function current(h: History): Coverage {
  return h.steps[h.index]!.coverage;
}

/** Applies an edit as a new step and drops the redo stack. */
export function perform(h: History, edit: Edit, annotation: string): History {
  const next = edit(current(h));
  if (next === current(h)) return h;
  return { steps: [...h.steps.slice(0, h.index + 1), { coverage: next, annotation }], index: h.index + 1 };
}

/** Replaces the current step with an edit of the step before it (a gesture in progress). */
export function replace(h: History, edit: Edit, annotation: string): History {
  if (h.index === 0) return perform(h, edit, annotation);
  const before = h.steps[h.index - 1]!.coverage;
  return { steps: [...h.steps.slice(0, h.index), { coverage: edit(before), annotation }], index: h.index };
}

/** Drops the current step without a redo entry (Escape during a gesture). */
export function pop(h: History): History {
  if (h.index === 0) return h;
  return { steps: h.steps.slice(0, h.index), index: h.index - 1 };
}

export const canUndo = (h: History): boolean => h.index > 0;
export const canRedo = (h: History): boolean => h.index < h.steps.length - 1;

export function undo(h: History): History {
  return canUndo(h) ? { ...h, index: h.index - 1 } : h;
}

export function redo(h: History): History {
  return canRedo(h) ? { ...h, index: h.index + 1 } : h;
}

export const HISTORY_FORMAT_VERSION = 1;

/** Serialised history: the base coverage's parts plus one diff per step. */
export interface HistoryJSON {
  readonly version: number;
  readonly steps: readonly { readonly annotation: string; readonly diff: CoverageDiff }[];
  readonly index: number;
}

/** The steps after the base as diffs; the base itself is stored once, separately. */
export function historyToJSON(h: History): HistoryJSON {
  const steps = h.steps.slice(1).map((s, i) => ({ annotation: s.annotation ?? '', diff: diffCoverage(h.steps[i]!.coverage, s.coverage) }));
  return { version: HISTORY_FORMAT_VERSION, steps, index: h.index };
}

export function historyFromJSON(base: Coverage, json: HistoryJSON): History {
  if (json.version !== HISTORY_FORMAT_VERSION) {
    throw new Error(`history format version ${json.version} is not supported (expected ${HISTORY_FORMAT_VERSION})`);
  }
  if (!Number.isInteger(json.index) || json.index < 0 || json.index > json.steps.length) {
    throw new Error(`history index ${json.index} is outside 0..${json.steps.length}`);
  }
  const steps: HistoryStep[] = [{ coverage: base, annotation: null }];
  for (const s of json.steps) steps.push({ coverage: applyDiff(steps[steps.length - 1]!.coverage, s.diff), annotation: s.annotation });
  return { steps, index: json.index };
}
