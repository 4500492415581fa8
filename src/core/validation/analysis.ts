// The geometric state a validation works from, built in full or updated after an edit. Kept per
// coverage in a WeakMap (coverages are immutable), so an incremental check can start from the last one.
import type { Arc, Coverage, Position } from '../model';
import { intersectSegments, orient } from '../geom/segment-intersection';
import { arcUses, arcUsesAfter, type ArcUses } from './arc-uses';
import { computeOverlay, type Overlay } from './overlay';
import { buildSegmentIndex, compareConflicts, findConflicts, searchChunks, updateSegmentIndex, type Conflict, type SegmentIndex } from './segment-index';
import { patchOverlay, type MovedStretch } from './overlay-patch';

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

function finish(c: Coverage, uses: ArcUses, index: SegmentIndex, rawConflicts: readonly Conflict[], overlay: Overlay | null, prev?: Analysis): Analysis {
  // Same uses and same raw conflicts give the same used conflicts; same overlay, the same face boxes.
  const conflicts = prev && prev.uses === uses && prev.rawConflicts === rawConflicts ? prev.conflicts : usedConflicts(uses, rawConflicts);
  const ov = overlay ?? computeOverlay(c.arcs, uses.byArc, index, conflicts, suspectArcs(uses, conflicts));
  const faceBoxes = prev && prev.overlay === ov ? prev.faceBoxes : faceBoxesOf(ov);
  const a: Analysis = { coverage: c, uses, index, rawConflicts, conflicts, overlay: ov, faceBoxes };
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

type Box = [number, number, number, number];

/** The changed stretch of an arc (first and last differing vertex), or null when its length changed. */
function changedStretch(before: Arc | undefined, after: Arc | undefined): { from: number; to: number } | null {
  if (!before || !after || before.length !== after.length) return null;
  let from = -1;
  let to = -1;
  for (let i = 0; i < after.length; i++) {
    if (before[i]![0] !== after[i]![0] || before[i]![1] !== after[i]![1]) {
      if (from < 0) from = i;
      to = i;
    }
  }
  return from < 0 ? { from: 0, to: -1 } : { from, to };
}

/** Box of the area a changed stretch can sweep over: old and new vertices with their fixed neighbours. */
function sweptBox(before: Arc, after: Arc, from: number, to: number): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const arc of [before, after]) {
    for (let i = Math.max(0, from - 1); i <= Math.min(arc.length - 1, to + 1); i++) {
      const p = arc[i]!;
      if (p[0] < box[0]) box[0] = p[0];
      if (p[1] < box[1]) box[1] = p[1];
      if (p[0] > box[2]) box[2] = p[0];
      if (p[1] > box[3]) box[3] = p[1];
    }
  }
  return box;
}

function meetsFaces(box: Box, fb: Float64Array): boolean {
  for (let f = 0; f < fb.length / 4; f++) {
    if (box[0] <= fb[4 * f + 2]! && box[2] >= fb[4 * f]! && box[1] <= fb[4 * f + 3]! && box[3] >= fb[4 * f + 1]!) return true;
  }
  return false;
}

/** Whether segment p→q meets triangle a, b, c anywhere but at the allowed point. */
function meetsTriangle(p: Position, q: Position, a: Position, b: Position, c: Position, allowed: Position): boolean {
  const isAllowed = (x: number, y: number) => x === allowed[0] && y === allowed[1];
  for (const [s, t] of [[a, b], [b, c], [c, a]] as const) {
    for (const h of intersectSegments(p, q, s, t)) if (!isAllowed(h.x, h.y)) return true;
  }
  const inside = (x: Position) => {
    const d1 = orient(a[0], a[1], b[0], b[1], x[0], x[1]);
    const d2 = orient(b[0], b[1], c[0], c[1], x[0], x[1]);
    const d3 = orient(c[0], c[1], a[0], a[1], x[0], x[1]);
    return (d1 > 0 && d2 > 0 && d3 > 0) || (d1 < 0 && d2 < 0 && d3 < 0);
  };
  return inside(p) || inside(q);
}

/**
 * True when vertex i of `arc`, moved from `before` to `after`, swept over no other segment: the two
 * segments at the vertex sweep exactly the triangles (prev, old, new) and (next, old, new), which other
 * segments may touch only at the fixed neighbours.
 */
function sweptClear(index: SegmentIndex, arcs: readonly Arc[], arc: number, i: number, before: Position, after: Position): boolean {
  const line = arcs[arc]!;
  const a = line[i - 1]!;
  const b = line[i + 1]!;
  const box: Box = [
    Math.min(a[0], b[0], before[0], after[0]),
    Math.min(a[1], b[1], before[1], after[1]),
    Math.max(a[0], b[0], before[0], after[0]),
    Math.max(a[1], b[1], before[1], after[1]),
  ];
  let clear = true;
  searchChunks(index, box[0], box[1], box[2], box[3], (k, s, e) => {
    if (!clear) return;
    const other = arcs[k]!;
    for (let j = s; j < e && clear; j++) {
      if (k === arc && (j === i - 1 || j === i)) continue;
      const p = other[j]!;
      const q = other[j + 1]!;
      if (Math.max(p[0], q[0]) < box[0] || Math.min(p[0], q[0]) > box[2] || Math.max(p[1], q[1]) < box[1] || Math.min(p[1], q[1]) > box[3]) continue;
      if (meetsTriangle(p, q, a, before, after, a) || meetsTriangle(p, q, b, before, after, b)) clear = false;
    }
  });
  return clear;
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
  const uses = unitsChanged ? arcUses(next) : arcUsesAfter(prev.coverage, next, changedArcs);
  const index = updateSegmentIndex(prev.index, next.arcs, changedArcs);
  const involved = (k: Conflict) => changedArcs.has(k.arcA) || changedArcs.has(k.arcB);
  const found = changedArcs.size > 0 ? findConflicts(index, changedArcs) : [];
  // A vertex moved on an arc that crosses another elsewhere finds the very same crossings again (they
  // are computed from unchanged segments): keep the list, and with it the chance to reuse the overlay.
  const same = sameConflicts(prev.rawConflicts.filter(involved), found);
  const rawConflicts = same ? prev.rawConflicts : [...prev.rawConflicts.filter((k) => !involved(k)), ...found].sort(compareConflicts);

  const overlay = reusableOverlay(prev, next, uses, index, changedArcs, unitsChanged, same, rawConflicts);
  return finish(next, uses, index, rawConflicts, overlay, prev);
}

/** Whether two sorted conflict lists are equal, crossing points included (exact coordinates). */
function sameConflicts(a: readonly Conflict[], b: readonly Conflict[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (compareConflicts(x, y) !== 0 || x.hits.length !== y.hits.length) return false;
    for (let h = 0; h < x.hits.length; h++) {
      const p = x.hits[h]!;
      const q = y.hits[h]!;
      if (p.x !== q.x || p.y !== q.y || p.t !== q.t || p.u !== q.u) return false;
    }
  }
  return true;
}

/**
 * The previous overlay, patched or as is, when the edit cannot have changed its structure; else null.
 * Unchanged when: no unit changed, no conflict appeared or went, the suspect arcs and their uses are
 * the same, and every changed arc outside the arrangement stays clear of the overlap and gap faces.
 * Patched when, in addition, one interior vertex of an arrangement arc moved without sweeping over anything.
 */
function reusableOverlay(
  prev: Analysis,
  next: Coverage,
  uses: ArcUses,
  index: SegmentIndex,
  changedArcs: ReadonlySet<number>,
  unitsChanged: boolean,
  sameConflicts: boolean,
  rawConflicts: readonly Conflict[],
): Overlay | null {
  if (unitsChanged || !sameConflicts) return null;
  const p = prev.coverage;
  const inArrangement = new Set(prev.overlay.suspect);
  // The uses object and the conflict list are shared with `prev` when nothing in them changed
  // (arcUsesAfter, reanalyse), which is most edits: skip comparing them then.
  if (uses !== prev.uses || rawConflicts !== prev.rawConflicts) {
    const prevBase = suspectArcs(prev.uses, prev.conflicts);
    const nextBase = suspectArcs(uses, usedConflicts(uses, rawConflicts));
    if (nextBase.size !== prevBase.size || [...nextBase].some((a) => !prevBase.has(a))) return null;
    if (!sameUses(prev.uses, uses, inArrangement)) return null;
  }
  let patch: MovedStretch | null = null;
  for (const a of changedArcs) {
    const stretch = changedStretch(p.arcs[a], next.arcs[a]);
    if (!stretch) return null;
    if (stretch.to < stretch.from) continue;
    const box = sweptBox(p.arcs[a]!, next.arcs[a]!, stretch.from, stretch.to);
    const last = next.arcs[a]!.length - 1;
    const oneInterior = stretch.from === stretch.to && stretch.from > 0 && stretch.to < last;
    if (!inArrangement.has(a)) {
      // Outside the arrangement the overlay reads this arc only through rays cast from points on
      // arrangement edges and through the arcs found inside overlap faces. A move that sweeps over no
      // other segment crosses no ray origin and stays on the same side of every face edge, so it changes
      // neither. Checked only when the box test fails: it saves a full rebuild (~20–200 ms) for a vertex
      // moved near an overlap or gap, which is where people edit.
      if (meetsFaces(box, prev.faceBoxes) && !(oneInterior && sweptClear(index, next.arcs, a, stretch.from, p.arcs[a]![stretch.from]!, next.arcs[a]![stretch.from]!))) return null;
      continue;
    }
    if (patch || !oneInterior) return null;
    if (!sweptClear(index, next.arcs, a, stretch.from, p.arcs[a]![stretch.from]!, next.arcs[a]![stretch.from]!)) return null;
    patch = { arc: a, ...stretch };
  }
  return patch ? patchOverlay(prev.overlay, next.arcs, patch) : prev.overlay;
}
