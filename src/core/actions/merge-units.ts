// Merge two neighbouring units into the first. The merged boundary is every arc of the two units except
// those they share, stitched end to start into closed rings; every other arc is kept as it is, so the
// neighbours' borders are untouched. topojson-client's mergeArcs did this before, but after a transfer
// (which re-cuts arcs) it returned open rings (a seeded edit test found six in one unit), and zero-length
// arcs on the shared border came out as rings of one point. Rings are then sorted into shells and holes
// by containment, not by winding, which the source data does not guarantee.
import type { ArcRef, Coverage, Polygon, Position, Unit } from '../model/types';
import { arcIndex } from '../model/types';
import { neighboursOf } from '../model/arc-usage';
import { signedArea2 } from '../geom/planar-area';
import { pointInRing } from '../geom/point-in-ring';
import { ringPositions, distinctVertexCount } from '../topology/rings';
import { makeAction, type Action } from './refusal';

const key = (p: Position) => `${p[0]},${p[1]}`;

function ends(c: Coverage, ref: ArcRef): [Position, Position] {
  const arc = c.arcs[arcIndex(ref)]!;
  const a = arc[0]!;
  const b = arc[arc.length - 1]!;
  return ref < 0 ? [b, a] : [a, b];
}

/** Closed rings from directed arcs whose ends meet; null if they do not close. */
function stitch(c: Coverage, refs: readonly ArcRef[]): ArcRef[][] | null {
  const byStart = new Map<string, number[]>();
  refs.forEach((ref, i) => {
    const k = key(ends(c, ref)[0]);
    byStart.set(k, [...(byStart.get(k) ?? []), i]);
  });
  const used = new Set<number>();
  const rings: ArcRef[][] = [];
  for (let s = 0; s < refs.length; s++) {
    if (used.has(s)) continue;
    const start = key(ends(c, refs[s]!)[0]);
    const ring: ArcRef[] = [];
    for (let i: number | undefined = s; i !== undefined; ) {
      used.add(i);
      ring.push(refs[i]!);
      const at = key(ends(c, refs[i]!)[1]);
      if (at === start) break;
      i = (byStart.get(at) ?? []).find((j) => !used.has(j));
      if (i === undefined) return null;
    }
    rings.push(ring);
  }
  return rings;
}

/** A point strictly inside the ring's edges: the midpoint of its longest segment. */
function probe(ring: readonly Position[]): Position {
  let best = 0;
  let at: Position = ring[0]!;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    const d = (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
    if (d > best) [best, at] = [d, [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]];
  }
  return at;
}

/** Rings → polygons: a ring inside an odd number of others is a hole of the smallest one around it. */
function polygonsOf(c: Coverage, rings: readonly ArcRef[][]): Polygon[] {
  const items = rings
    .map((refs) => ({ refs, pos: ringPositions(c, refs) }))
    .filter((r) => distinctVertexCount(r.pos) >= 3)
    .map((r) => ({ ...r, area: Math.abs(signedArea2(r.pos)) }))
    .sort((a, b) => b.area - a.area);
  const around = items.map((r, i) => {
    const p = probe(r.pos);
    return items.slice(0, i).filter((o) => pointInRing(p[0], p[1], o.pos)).map((o) => items.indexOf(o));
  });
  const polygons = new Map<number, ArcRef[][]>();
  items.forEach((r, i) => {
    const outer = around[i]!;
    if (outer.length % 2 === 0) polygons.set(i, [r.refs]);
    else polygons.get(outer[outer.length - 1]!)?.push(r.refs);
  });
  return [...polygons.values()];
}

/** The merged unit's polygons, or null when the arcs left after removing the shared ones do not close. */
function mergedPolygons(c: Coverage, a: Unit, b: Unit): Polygon[] | null {
  const refs = [a, b].flatMap((u) => u.polygons.flat(2));
  const count = new Map<number, number>();
  for (const ref of refs) count.set(arcIndex(ref), (count.get(arcIndex(ref)) ?? 0) + 1);
  const zero = (ref: ArcRef) => c.arcs[arcIndex(ref)]!.every((x, _, arc) => x[0] === arc[0]![0] && x[1] === arc[0]![1]);
  const rings = stitch(c, refs.filter((ref) => count.get(arcIndex(ref)) === 1 && !zero(ref)));
  return rings && polygonsOf(c, rings);
}

export function actionMergeUnits(keep: string, absorb: string): Action<Coverage> {
  return makeAction(
    (c) => {
      const a = c.units.get(keep);
      const b = c.units.get(absorb);
      const polygons = a && b ? mergedPolygons(c, a, b) : null;
      if (!polygons) return c;
      const units = new Map<string, Unit>();
      for (const [id, u] of c.units) {
        if (id === absorb) continue;
        units.set(id, id === keep ? { ...u, polygons } : u);
      }
      return { arcs: c.arcs, units };
    },
    (c) => {
      const a = c.units.get(keep);
      const b = c.units.get(absorb);
      if (!a || !b) return 'unknown-unit';
      if (keep === absorb) return 'same-unit';
      if (!neighboursOf(c, keep).some((n) => n.id === absorb)) return 'not-neighbours';
      return mergedPolygons(c, a, b) ? false : 'open-boundary';
    },
  );
}
