// The union of all units, read off the overlay: its boundary is every arrangement edge with a covered
// face (count ≥ 1) on one side and an uncovered one (count 0) on the other. Units that overlap, or a unit
// that appears twice, do not disturb it (merging the topology's arcs would: an arc used twice the same
// way is neither inside nor outside), so the outline check can subtract it from the outline exactly.
import type { MultiPolygon, Position } from 'geojson';
import { interiorPoint } from '../geom/interior-point';
import { signedArea2 } from '../geom/planar-area';
import { pointInRing } from '../geom/point-in-ring';
import { halfHead, halfTail } from './arrangement';
import type { ArcUse } from './arc-uses';
import type { Overlay } from './overlay';

export interface UnionRings {
  readonly union: MultiPolygon;
  /** Units covering the inner side of each boundary segment, by segmentKey of its two ends. */
  readonly unitsAlong: ReadonlyMap<string, readonly string[]>;
}

/** Key of the undirected segment between two positions (exact coordinates). */
export function segmentKey(a: readonly number[], b: readonly number[]): string {
  const p = `${a[0]} ${a[1]}`;
  const q = `${b[0]} ${b[1]}`;
  return p < q ? `${p}|${q}` : `${q}|${p}`;
}

export function unionRings(ov: Overlay, uses: readonly (readonly ArcUse[])[]): UnionRings {
  const g = ov.g;
  const covered = (h: number) => ov.cycleCount[g.cycleOf[h]!]! >= 1;
  // Boundary half-edges, covered side on the left, grouped by their tail node.
  const outOf = new Map<number, number[]>();
  const unitsAlong = new Map<string, string[]>();
  for (let h = 0; h < g.cycleOf.length; h++) {
    if (!covered(h) || covered(h ^ 1)) continue;
    const t = halfTail(g, h);
    let l = outOf.get(t);
    if (!l) outOf.set(t, (l = []));
    l.push(h);
    const units = new Set<string>();
    for (const s of g.sources[h >> 1]!) for (const u of uses[s.arc] ?? []) units.add(u.unit);
    unitsAlong.set(segmentKey([g.xs[t]!, g.ys[t]!], [g.xs[halfHead(g, h)]!, g.ys[halfHead(g, h)]!]), [...units].sort());
  }
  const angle = (h: number) => Math.atan2(g.ys[halfHead(g, h)]! - g.ys[halfTail(g, h)]!, g.xs[halfHead(g, h)]! - g.xs[halfTail(g, h)]!);
  // Where the union pinches (two boundary edges leave one node), turn as tightly as the faces do: take
  // the outgoing edge first clockwise from the way we came, so each ring keeps the covered side left.
  const nextOf = (h: number): number => {
    const n = halfHead(g, h);
    const out = outOf.get(n)!;
    if (out.length === 1) return out[0]!;
    const back = angle(h ^ 1);
    let best = out[0]!;
    let bestTurn = Infinity;
    for (const c of out) {
      let turn = back - angle(c);
      while (turn <= 0) turn += 2 * Math.PI;
      while (turn > 2 * Math.PI) turn -= 2 * Math.PI;
      if (turn < bestTurn) {
        bestTurn = turn;
        best = c;
      }
    }
    return best;
  };
  const done = new Set<number>();
  const shells: Position[][][] = [];
  const holes: Position[][] = [];
  for (const list of outOf.values()) {
    for (const h0 of list) {
      if (done.has(h0)) continue;
      const ring: Position[] = [];
      let h = h0;
      while (!done.has(h)) {
        done.add(h);
        const t = halfTail(g, h);
        ring.push([g.xs[t]!, g.ys[t]!]);
        h = nextOf(h);
      }
      ring.push([ring[0]![0]!, ring[0]![1]!]);
      if (ring.length < 4) continue;
      if (signedArea2(ring) > 0) shells.push([ring]);
      else holes.push(ring);
    }
  }
  // Each hole goes into the smallest shell that contains a point strictly inside the hole (its vertices
  // will not do: a hole may touch its shell, at a vertex or up to rounding on an edge).
  const areas = shells.map((s) => signedArea2(s[0]!));
  for (const hole of holes) {
    const probe = interiorPoint([hole]);
    if (!probe) continue;
    let best = -1;
    for (let i = 0; i < shells.length; i++) {
      if (best >= 0 && areas[i]! >= areas[best]!) continue;
      if (!pointInRing(probe[0], probe[1], shells[i]![0]!)) continue;
      best = i;
    }
    if (best >= 0) shells[best]!.push(hole);
  }
  return { union: { type: 'MultiPolygon', coordinates: shells }, unitsAlong };
}
