// Rule: self-intersection. A unit whose boundary crosses, touches or runs along itself other than at a
// vertex (a ring crossing itself, a spike folding back, two of its rings or polygons crossing), or a
// ring that passes through one of its own vertices twice (GEOS's "Ring Self-intersection"). Found from
// the conflicts of the segment index where both arcs belong to the same unit, and from the arc ends of
// each ring; one issue per unit with every point. A vertex shared by two rings (a hole touching its
// shell, two polygons meeting at a corner) is valid and not reported.
import type { MultiPoint, Position } from 'geojson';
import type { Arc, Coverage, Unit } from '../model';
import { issueId, type ValidationIssue } from '../validation/issue';
import type { ArcUse } from '../validation/arc-uses';
import type { Conflict } from '../validation/segment-index';
import { unitCode } from './unit-codes';

export function selfIntersectionIssues(
  c: Coverage,
  uses: readonly (readonly ArcUse[])[],
  conflicts: readonly Conflict[],
): ValidationIssue[] {
  const points = new Map<string, Map<string, Position>>();
  for (const k of conflicts) {
    const ua = uses[k.arcA] ?? [];
    const ub = uses[k.arcB] ?? [];
    for (const a of ua) {
      if (!ub.some((b) => b.unit === a.unit)) continue;
      let m = points.get(a.unit);
      if (!m) points.set(a.unit, (m = new Map()));
      // A contact that exists only by snapping (a vertex within 10 µm of the unit's own edge) is a valid
      // ring for GEOS and for us; the overlay still treats it as a touch.
      // A common vertex that comes with such a contact (two nearly collinear segments leaving it) is a
      // node, not a crossing.
      // A vertex the two segments share, alone, is a touch at a node (two rings meeting at a point), not
      // a crossing; with a second hit it is the end of a stretch the boundary runs along twice.
      const snapped = k.hits.some((h) => h.snapped);
      for (const h of k.hits) {
        const commonEnd = (h.t === 0 || h.t === 1) && (h.u === 0 || h.u === 1);
        if (h.snapped || (commonEnd && snapped)) continue;
        // A lone shared vertex is a touch: valid between two rings, not within one (unless the two
        // segments are only apart by repeats of that vertex, a duplicate-vertex warning).
        if (commonEnd && k.hits.length === 1 && (onlyRepeatsBetween(c, k) || !ringPassesTwice(c, c.units.get(a.unit), k.arcA, k.arcB, h.x, h.y))) continue;
        m.set(`${h.x} ${h.y}`, [h.x, h.y]);
      }
    }
  }
  // An arc a unit uses twice is a stretch of its boundary that runs along itself: a spike folding back
  // (there and back along one arc) or two of its rings sharing a border. The topology stores it once, so
  // no two segments conflict; GEOS calls such a ring self-intersecting, and so do we, at the arc's ends.
  uses.forEach((list, arc) => {
    for (let i = 0; i < list.length; i++) {
      if (!list.slice(i + 1).some((b) => b.unit === list[i]!.unit)) continue;
      const line = c.arcs[arc]!;
      // A zero-length arc (a repeated vertex the topology kept as an arc) runs along nothing.
      if (line.every((p) => p[0] === line[0]![0] && p[1] === line[0]![1])) break;
      let m = points.get(list[i]!.unit);
      if (!m) points.set(list[i]!.unit, (m = new Map()));
      for (const p of [line[0]!, line[line.length - 1]!]) m.set(`${p[0]} ${p[1]}`, [p[0], p[1]]);
    }
  });
  // A ring that touches itself where the topology cut its arcs (a node) gives no conflict: two of its
  // arcs start at the same vertex.
  for (const u of c.units.values()) {
    for (const poly of u.polygons) {
      for (const ring of poly) {
        const at = cachedRepeatedStart(c, ring);
        if (!at) continue;
        let m = points.get(u.id);
        if (!m) points.set(u.id, (m = new Map()));
        m.set(`${at[0]} ${at[1]}`, [at[0], at[1]]);
      }
    }
  }
  const issues: ValidationIssue[] = [];
  for (const [unit, m] of points) {
    if (m.size === 0) continue;
    const pts = [...m.values()].sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]!);
    const at: [number, number] = [pts[0]![0]!, pts[0]![1]!];
    const code = unitCode(c, unit);
    const geometry: MultiPoint = { type: 'MultiPoint', coordinates: pts };
    issues.push({
      id: issueId('self-intersection', [code], at),
      kind: 'self-intersection',
      severity: 'error',
      units: [code],
      unitIds: [unit],
      at,
      geometry,
      details: { points: pts.length },
    });
  }
  return issues;
}

/**
 * Whether the two segments of a conflict are segments of one arc with only zero-length segments between
 * them (a vertex repeated in the data): their contact is that vertex, not a touch. The common case of
 * a lone-vertex conflict, answered without looking at the rings.
 */
function onlyRepeatsBetween(c: Coverage, k: Conflict): boolean {
  if (k.arcA !== k.arcB) return false;
  const arc = c.arcs[k.arcA];
  if (!arc) return false;
  const lo = Math.min(k.segA, k.segB);
  const hi = Math.max(k.segA, k.segB);
  for (let i = lo + 1; i < hi; i++) {
    const p = arc[i]!;
    const q = arc[i + 1]!;
    if (p[0] !== q[0] || p[1] !== q[1]) return false;
  }
  return true;
}

/** What the rule reads off one ring, kept while the ring uses the same arc objects (an edit elsewhere
 * re-checks without decoding it again). */
interface RingFacts {
  readonly arcs: readonly (Arc | undefined)[];
  readonly ids: ReadonlySet<number>;
  /** Times the ring passes each vertex (x → y → count), repeats of a vertex counted once; built on demand. */
  visits: Map<number, Map<number, number>> | null;
}

const ringFacts = new WeakMap<readonly number[], RingFacts>();

function factsOf(c: Coverage, ring: readonly number[]): RingFacts {
  const arcs = ring.map((ref) => c.arcs[ref < 0 ? ~ref : ref]);
  const hit = ringFacts.get(ring);
  if (hit && hit.arcs.length === arcs.length && hit.arcs.every((a, i) => a === arcs[i])) return hit;
  const facts: RingFacts = { arcs, ids: new Set(ring.map((ref) => (ref < 0 ? ~ref : ref))), visits: null };
  ringFacts.set(ring, facts);
  return facts;
}

function visitsOf(c: Coverage, ring: readonly number[], facts: RingFacts): Map<number, Map<number, number>> {
  if (facts.visits) return facts.visits;
  const visits = new Map<number, Map<number, number>>();
  let px = NaN;
  let py = NaN;
  for (const ref of ring) {
    const arc = c.arcs[ref < 0 ? ~ref : ref] ?? [];
    const n = arc.length;
    for (let j = 0; j < n; j++) {
      const q = arc[ref < 0 ? n - 1 - j : j]!;
      if (q[0] === px && q[1] === py) continue; // a repeat, or the next arc's first vertex
      px = q[0];
      py = q[1];
      let ys = visits.get(px);
      if (!ys) visits.set(px, (ys = new Map()));
      ys.set(py, (ys.get(py) ?? 0) + 1);
    }
  }
  // The closing vertex repeats the first: counted once.
  const r0 = ring[0];
  if (r0 !== undefined) {
    const a0 = c.arcs[r0 < 0 ? ~r0 : r0] ?? [];
    const first = r0 < 0 ? a0[a0.length - 1] : a0[0];
    const ys = first && visits.get(first[0]);
    if (first && ys) ys.set(first[1], (ys.get(first[1]) ?? 1) - 1);
  }
  facts.visits = visits;
  return visits;
}

/**
 * Whether a ring of the unit that uses both arcs passes through (x, y) twice, repeated vertices counted
 * once. Only the lone-vertex conflicts within one unit come here.
 */
function ringPassesTwice(c: Coverage, u: Unit | undefined, arcA: number, arcB: number, x: number, y: number): boolean {
  if (!u) return false;
  for (const poly of u.polygons) {
    for (const ring of poly) {
      const facts = factsOf(c, ring);
      if (!facts.ids.has(arcA) || !facts.ids.has(arcB)) continue;
      if ((visitsOf(c, ring, facts).get(x)?.get(y) ?? 0) >= 2) return true;
    }
  }
  return false;
}

/** repeatedStart per ring, kept while the ring's arcs are the same objects (checked without allocating). */
const startCache = new WeakMap<readonly number[], { readonly arcs: readonly (Arc | undefined)[]; readonly at: [number, number] | null }>();

function cachedRepeatedStart(c: Coverage, ring: readonly number[]): [number, number] | null {
  const hit = startCache.get(ring);
  if (hit && hit.arcs.length === ring.length) {
    let same = true;
    for (let k = 0; k < ring.length && same; k++) {
      const ref = ring[k]!;
      same = c.arcs[ref < 0 ? ~ref : ref] === hit.arcs[k];
    }
    if (same) return hit.at;
  }
  const at = repeatedStart(c, ring);
  startCache.set(ring, { arcs: ring.map((ref) => c.arcs[ref < 0 ? ~ref : ref]), at });
  return at;
}

/** Arc starts of the ring being looked at (x, y pairs; NaN for a zero-length arc), reused. */
let starts = new Float64Array(256);

/**
 * A vertex at which two of the ring's arcs start (zero-length arcs skipped), or null. Runs for every
 * ring at every check: one pass into a reused buffer, then plain number comparisons.
 */
function repeatedStart(c: Coverage, ring: readonly number[]): [number, number] | null {
  const n = ring.length;
  if (n < 3) return null;
  if (starts.length < 2 * n) starts = new Float64Array(4 * n);
  for (let k = 0; k < n; k++) {
    const ref = ring[k]!;
    const arc = c.arcs[ref < 0 ? ~ref : ref];
    let x = NaN;
    let y = NaN;
    if (arc && arc.length > 0) {
      const p = ref < 0 ? arc[arc.length - 1]! : arc[0]!;
      // A zero-length arc (a repeated vertex) starts where the next arc starts: left out.
      for (const q of arc) {
        if (q[0] !== p[0] || q[1] !== p[1]) {
          x = p[0];
          y = p[1];
          break;
        }
      }
    }
    starts[2 * k] = x;
    starts[2 * k + 1] = y;
  }
  if (n <= 128) {
    for (let i = 1; i < n; i++) {
      const x = starts[2 * i]!;
      if (Number.isNaN(x)) continue;
      const y = starts[2 * i + 1]!;
      for (let j = 0; j < i; j++) if (starts[2 * j] === x && starts[2 * j + 1] === y) return [x, y];
    }
    return null;
  }
  const seen = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    const x = starts[2 * k]!;
    if (Number.isNaN(x)) continue;
    const y = starts[2 * k + 1]!;
    const ys = seen.get(x);
    if (ys?.includes(y)) return [x, y];
    if (ys) ys.push(y);
    else seen.set(x, [y]);
  }
  return null;
}
