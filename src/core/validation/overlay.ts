// Overlaps and gaps as faces of the suspect-arc arrangement. The number of units covering a point (the sum
// of their winding numbers) is constant on each face, since only consistent shared arcs are left out and
// crossing one swaps a unit for another. Faces covered twice or more are overlaps, bounded faces covered
// by none are gaps (holes of the union). Counts are set by one ray per connected component and carried
// across edges (each edge changes the count by its uses); the units of each overlap face come from a ray.
import type { Arc } from '../model';
import { pointInRing } from '../geom/point-in-ring';
import type { ArcUse } from './arc-uses';
import { buildArrangement, cycleRing, halfHead, halfTail, type Arrangement } from './arrangement';
import { searchChunks, windingAt, type Conflict, type SegmentIndex } from './segment-index';

export interface OverlayFace {
  /** Counter-clockwise outer cycle. */
  readonly cycle: number;
  /** Clockwise cycles of the components nested directly inside. */
  readonly holes: readonly number[];
  /** Number of units covering the face (0 for a gap). */
  readonly count: number;
  /** Sorted ids of the units covering it (empty for a gap). */
  readonly units: readonly string[];
  /** [outer, ...holes] as closed [lon, lat] rings. */
  readonly rings: readonly (readonly [number, number][])[];
}

export interface Overlay {
  readonly g: Arrangement;
  readonly faces: readonly OverlayFace[];
  /** Face index of each cycle that is the outer ring or a hole of a reported face, else -1. */
  readonly faceOfCycle: Int32Array;
  /** Arcs the arrangement was built from. */
  readonly suspect: readonly number[];
  /** Number of units covering the face left of each cycle (0 outside the union and in its holes). */
  readonly cycleCount: Int32Array;
}

interface Ctx {
  readonly arcs: readonly Arc[];
  readonly uses: readonly (readonly ArcUse[])[];
  readonly index: SegmentIndex;
}

function longestHalfEdge(g: Arrangement, halfEdges: readonly number[]): number {
  let best = halfEdges[0]!;
  let bestLen = -1;
  for (const h of halfEdges) {
    const a = halfTail(g, h);
    const b = halfHead(g, h);
    const len = Math.hypot(g.xs[b]! - g.xs[a]!, g.ys[b]! - g.ys[a]!);
    if (len > bestLen) {
      bestLen = len;
      best = h;
    }
  }
  return best;
}

/** Winding number of each unit just left of half-edge h. */
function windingLeftOf(ctx: Ctx, g: Arrangement, h: number): Map<string, number> {
  const a = halfTail(g, h);
  const b = halfHead(g, h);
  const hx = g.xs[b]! - g.xs[a]!;
  const hy = g.ys[b]! - g.ys[a]!;
  const mx = (g.xs[a]! + g.xs[b]!) / 2;
  const my = (g.ys[a]! + g.ys[b]!) / 2;
  const srcs = g.sources[h >> 1]!;
  const skip = new Set(srcs.map((s) => `${s.arc}:${s.seg}`));
  const north = hy === 0;
  const w = windingAt(ctx.index, ctx.uses, mx, my, north, skip);
  // The skipped segments lie under the ray's origin: a point just left of h sees them on its ray exactly
  // when h points up (east ray) or west (north ray), crossed in the direction of each use.
  if (hy > 0 || (hy === 0 && hx < 0)) {
    for (const s of srcs) {
      const sigma = (h & 1) === 0 ? s.sigma : -s.sigma;
      for (const u of ctx.uses[s.arc] ?? []) w.set(u.unit, (w.get(u.unit) ?? 0) + u.dir * sigma);
    }
  }
  return w;
}

function coveringUnits(w: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [unit, n] of w) if (n > 0) out.push(unit);
  return out.sort();
}

/** Units that wind around the point either way (a backwards lobe of a crossed ring counts). */
function windingUnits(w: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [unit, n] of w) if (n !== 0) out.push(unit);
  return out.sort();
}

/** Change in coverage count from the right of h to its left. */
function deltaOf(ctx: Ctx, g: Arrangement, h: number): number {
  let d = 0;
  for (const s of g.sources[h >> 1]!) {
    const sigma = (h & 1) === 0 ? s.sigma : -s.sigma;
    for (const u of ctx.uses[s.arc] ?? []) d += u.dir * sigma;
  }
  return d;
}

/**
 * The box of the units whose rings cross themselves (two of their arcs, or one arc, in a conflict), whose
 * lobes may be wound backwards; null when there are none (real data: the sums are the counts everywhere).
 */
function tangledBox(ctx: Ctx, conflicts: readonly Conflict[]): [number, number, number, number] | null {
  const tangled = new Set<string>();
  for (const k of conflicts) {
    const a = ctx.uses[k.arcA] ?? [];
    const b = ctx.uses[k.arcB] ?? [];
    for (const u of a) if (b.some((v) => v.unit === u.unit)) tangled.add(u.unit);
  }
  if (tangled.size === 0) return null;
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  ctx.uses.forEach((uses, arc) => {
    if (!uses.some((u) => tangled.has(u.unit))) return;
    for (const p of ctx.arcs[arc] ?? []) {
      if (p[0] < box[0]) box[0] = p[0];
      if (p[1] < box[1]) box[1] = p[1];
      if (p[0] > box[2]) box[2] = p[0];
      if (p[1] > box[3]) box[3] = p[1];
    }
  });
  return box;
}

function buildOnce(ctx: Ctx, suspect: readonly number[], conflicts: readonly Conflict[]) {
  const g = buildArrangement(ctx.arcs, suspect, conflicts);
  const nc = g.cycles.length;
  const count = new Int32Array(nc);
  const seen = new Uint8Array(nc);
  for (let c0 = 0; c0 < nc; c0++) {
    if (seen[c0]) continue;
    const w = windingLeftOf(ctx, g, longestHalfEdge(g, g.cycles[c0]!.halfEdges));
    let total = 0;
    for (const n of w.values()) total += n;
    count[c0] = total;
    seen[c0] = 1;
    const queue = [c0];
    while (queue.length > 0) {
      const c = queue.pop()!;
      for (const h of g.cycles[c]!.halfEdges) {
        const d = g.cycleOf[h ^ 1]!;
        if (seen[d]) continue;
        seen[d] = 1;
        count[d] = count[c]! - deltaOf(ctx, g, h);
        queue.push(d);
      }
    }
  }
  // Outer rings of faces to report, and the clockwise cycles that may be their holes.
  const outer: { cycle: number; units: string[]; key: string }[] = [];
  const inner: { cycle: number; key: string }[] = [];
  const unitsOf = (c: number) => coveringUnits(windingLeftOf(ctx, g, longestHalfEdge(g, g.cycles[c]!.halfEdges)));
  const tangled = tangledBox(ctx, conflicts);
  for (let c = 0; c < nc; c++) {
    const cyc = g.cycles[c]!;
    if (cyc.halfEdges.length < 3) continue;
    // Where a ring that crosses itself may wind a lobe backwards, the sum of windings does not count the
    // units covering a face (+1 +1 −1 is 1, a bow-tie's lobes are +1 and −1). A unit covers the face
    // where it winds either way, as GEOS's MakeValid reads such a ring, and the face's count is theirs.
    if (tangled && cyc.minX <= tangled[2] && cyc.maxX >= tangled[0] && cyc.minY <= tangled[3] && cyc.maxY >= tangled[1]) {
      const units = windingUnits(windingLeftOf(ctx, g, longestHalfEdge(g, cyc.halfEdges)));
      count[c] = units.length;
      if (units.length === 1) continue;
      const key = units.join('\u0000');
      if (cyc.area > 0) outer.push({ cycle: c, units, key });
      else if (cyc.area < 0) inner.push({ cycle: c, key });
      continue;
    }
    const n = count[c]!;
    if (n === 1) continue;
    if (n === 0) {
      if (cyc.area > 0) outer.push({ cycle: c, units: [], key: '' });
      else if (cyc.area < 0) inner.push({ cycle: c, key: '' });
      continue;
    }
    if (n < 2) continue;
    const units = unitsOf(c);
    if (units.length < 2) continue; // one unit covering itself twice: a self-intersection, not an overlap
    if (cyc.area > 0) outer.push({ cycle: c, units, key: units.join('\u0000') });
    else if (cyc.area < 0) inner.push({ cycle: c, key: units.join('\u0000') });
  }
  // A hole belongs to the smallest outer cycle with the same covering that contains it.
  const holes = new Map<number, number[]>();
  for (const h of inner) {
    const hc = g.cycles[h.cycle]!;
    const n0 = halfTail(g, hc.halfEdges[0]!);
    const px = g.xs[n0]!;
    const py = g.ys[n0]!;
    let best = -1;
    let bestArea = Infinity;
    for (const o of outer) {
      if (o.key !== h.key) continue;
      const oc = g.cycles[o.cycle]!;
      if (oc.minX > hc.minX || oc.maxX < hc.maxX || oc.minY > hc.minY || oc.maxY < hc.maxY) continue;
      if (oc.area >= bestArea) continue;
      if (!pointInRing(px, py, cycleRing(g, oc))) continue;
      best = o.cycle;
      bestArea = oc.area;
    }
    if (best >= 0) {
      let list = holes.get(best);
      if (!list) holes.set(best, (list = []));
      list.push(h.cycle);
    }
  }
  const faces: OverlayFace[] = outer.map((o) => {
    const hs = holes.get(o.cycle) ?? [];
    return {
      cycle: o.cycle,
      holes: hs,
      count: count[o.cycle]!,
      units: o.units,
      rings: [cycleRing(g, g.cycles[o.cycle]!), ...hs.map((c) => cycleRing(g, g.cycles[c]!))],
    };
  });
  return { g, faces, count };
}

/** Arcs left out of the arrangement that still run through an overlap face (and so split its units). */
function arcsInside(ctx: Ctx, inArrangement: ReadonlySet<number>, faces: readonly OverlayFace[], g: Arrangement): number[] {
  const found = new Set<number>();
  for (const f of faces) {
    if (f.count < 2) continue;
    const c = g.cycles[f.cycle]!;
    searchChunks(ctx.index, c.minX, c.minY, c.maxX, c.maxY, (a, s, e) => {
      if (inArrangement.has(a) || found.has(a) || (ctx.uses[a]?.length ?? 0) === 0) return;
      const arc = ctx.arcs[a]!;
      for (let i = s; i < e; i++) {
        // Test segment midpoints: vertices may sit on the face's boundary at a node.
        const x = (arc[i]![0] + arc[i + 1]![0]) / 2;
        const y = (arc[i]![1] + arc[i + 1]![1]) / 2;
        if (x < c.minX || x > c.maxX || y < c.minY || y > c.maxY) continue;
        if (pointInRing(x, y, f.rings[0]!) && !f.rings.slice(1).some((r) => pointInRing(x, y, r))) {
          found.add(a);
          return;
        }
      }
    });
  }
  return [...found].sort((x, y) => x - y);
}

export function computeOverlay(
  arcs: readonly Arc[],
  uses: readonly (readonly ArcUse[])[],
  index: SegmentIndex,
  conflicts: readonly Conflict[],
  suspect: ReadonlySet<number>,
): Overlay {
  const ctx: Ctx = { arcs, uses, index };
  const set = new Set(suspect);
  for (let round = 0; ; round++) {
    const list = [...set].sort((a, b) => a - b);
    const { g, faces, count } = buildOnce(ctx, list, conflicts);
    const more = round < 8 ? arcsInside(ctx, set, faces, g) : [];
    if (more.length === 0) {
      const faceOfCycle = new Int32Array(g.cycles.length).fill(-1);
      faces.forEach((f, i) => {
        faceOfCycle[f.cycle] = i;
        for (const h of f.holes) faceOfCycle[h] = i;
      });
      return { g, faces, faceOfCycle, suspect: list, cycleCount: count };
    }
    for (const a of more) set.add(a);
  }
}
