// The geometric state a validation works from, built in full or updated after an edit. Kept per
// coverage in a WeakMap (coverages are immutable), so an incremental check can start from the last one.
import type { Coverage } from '../model';
import { arcUses, type ArcUses } from './arc-uses';
import { computeOverlay, type Overlay } from './overlay';
import { buildSegmentIndex, compareConflicts, findConflicts, type Conflict, type SegmentIndex } from './segment-index';

export interface Analysis {
  readonly coverage: Coverage;
  readonly uses: ArcUses;
  readonly index: SegmentIndex;
  /** Conflicts between any two arcs, used or not, sorted. */
  readonly rawConflicts: readonly Conflict[];
  /** Conflicts between arcs that units use. */
  readonly conflicts: readonly Conflict[];
  readonly overlay: Overlay;
  /** Per overlay face: minX, minY, maxX, maxY. */
  readonly faceBoxes: Float64Array;
}

const analyses = new WeakMap<Coverage, Analysis>();

export function cachedAnalysis(c: Coverage): Analysis | undefined {
  return analyses.get(c);
}

/** Arcs the overlay must be built from: used and not consistently shared, or in a conflict. */
function suspectArcs(uses: ArcUses, conflicts: readonly Conflict[]): Set<number> {
  const s = new Set<number>();
  uses.byArc.forEach((u, i) => {
    if (u.length > 0 && !uses.consistent[i]) s.add(i);
  });
  for (const k of conflicts) {
    s.add(k.arcA);
    s.add(k.arcB);
  }
  return s;
}

function usedConflicts(uses: ArcUses, raw: readonly Conflict[]): Conflict[] {
  return raw.filter((k) => (uses.byArc[k.arcA]?.length ?? 0) > 0 && (uses.byArc[k.arcB]?.length ?? 0) > 0);
}

function faceBoxesOf(ov: Overlay): Float64Array {
  const b = new Float64Array(ov.faces.length * 4);
  ov.faces.forEach((f, i) => {
    const c = ov.g.cycles[f.cycle]!;
    b[4 * i] = c.minX;
    b[4 * i + 1] = c.minY;
    b[4 * i + 2] = c.maxX;
    b[4 * i + 3] = c.maxY;
  });
  return b;
}

function finish(c: Coverage, uses: ArcUses, index: SegmentIndex, rawConflicts: Conflict[], overlay: Overlay | null): Analysis {
  const conflicts = usedConflicts(uses, rawConflicts);
  const ov = overlay ?? computeOverlay(c.arcs, uses.byArc, index, conflicts, suspectArcs(uses, conflicts));
  const a: Analysis = { coverage: c, uses, index, rawConflicts, conflicts, overlay: ov, faceBoxes: faceBoxesOf(ov) };
  analyses.set(c, a);
  return a;
}

export function analyse(c: Coverage): Analysis {
  const hit = analyses.get(c);
  if (hit) return hit;
  const uses = arcUses(c);
  const index = buildSegmentIndex(c.arcs);
  return finish(c, uses, index, findConflicts(index), null);
}

function arcBox(arc: readonly (readonly [number, number])[] | undefined, box: number[]): void {
  if (!arc) return;
  for (const p of arc) {
    if (p[0] < box[0]!) box[0] = p[0];
    if (p[1] < box[1]!) box[1] = p[1];
    if (p[0] > box[2]!) box[2] = p[0];
    if (p[1] > box[3]!) box[3] = p[1];
  }
}

function sameUses(a: ArcUses, b: ArcUses, arcs: Iterable<number>): boolean {
  for (const i of arcs) {
    const x = a.byArc[i] ?? [];
    const y = b.byArc[i] ?? [];
    if (x.length !== y.length) return false;
    for (let k = 0; k < x.length; k++) if (x[k]!.unit !== y[k]!.unit || x[k]!.dir !== y[k]!.dir) return false;
  }
  return true;
}

/**
 * The analysis of `next`, reusing `prev` wherever the change cannot reach: conflicts of unchanged arcs,
 * and the whole overlay when no changed arc is suspect, in a conflict, or near an overlap or gap (the
 * box of old ∪ new arc bounds the area a moved border sweeps over). Returns what analyse(next) returns.
 */
export function reanalyse(prev: Analysis, next: Coverage, changedArcs: ReadonlySet<number>, unitsChanged: boolean): Analysis {
  const hit = analyses.get(next);
  if (hit) return hit;
  const p = prev.coverage;
  const uses = arcUses(next);
  const sameArcs = changedArcs.size === 0 && next.arcs.length === p.arcs.length;
  const index = sameArcs ? { ...prev.index, arcs: next.arcs } : buildSegmentIndex(next.arcs);
  const kept = prev.rawConflicts.filter((k) => !changedArcs.has(k.arcA) && !changedArcs.has(k.arcB));
  const found = changedArcs.size > 0 ? findConflicts(index, changedArcs) : [];
  const rawConflicts = [...kept, ...found].sort(compareConflicts);

  let reuse = !unitsChanged && found.length === 0 && kept.length === prev.rawConflicts.length;
  if (reuse) {
    const prevSuspect = new Set(prev.overlay.suspect);
    const conflicts = usedConflicts(uses, rawConflicts);
    const nextSuspect = suspectArcs(uses, conflicts);
    // The overlay may add arcs of its own (those cutting an overlap face): compare the base sets.
    const prevBase = suspectArcs(prev.uses, prev.conflicts);
    if (nextSuspect.size !== prevBase.size || [...nextSuspect].some((a) => !prevBase.has(a))) reuse = false;
    else if (!sameUses(prev.uses, uses, prevSuspect)) reuse = false;
    else {
      for (const a of changedArcs) {
        if (prevSuspect.has(a)) {
          reuse = false;
          break;
        }
        const box = [Infinity, Infinity, -Infinity, -Infinity];
        arcBox(p.arcs[a], box);
        arcBox(next.arcs[a], box);
        const fb = prev.faceBoxes;
        for (let f = 0; f < fb.length / 4 && reuse; f++) {
          if (box[0]! <= fb[4 * f + 2]! && box[2]! >= fb[4 * f]! && box[1]! <= fb[4 * f + 3]! && box[3]! >= fb[4 * f + 1]!) reuse = false;
        }
        if (!reuse) break;
      }
    }
  }
  return finish(next, uses, index, rawConflicts, reuse ? prev.overlay : null);
}
