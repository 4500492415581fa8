// Joins the arcs one border is cut into. A border between the same units is often several arcs: the
// source's repeated vertices left nodes along it, and edits cut arcs at the points they touched. A tool
// that works on "one border" (reshape) then refused to cross those nodes. Here the run of arcs from one
// arc to another, along one ring, each used by exactly the same units, becomes one arc; every ring that
// used the run uses the new arc instead, in its own direction.
import type { Arc, ArcRef, Coverage, Unit } from '../model/types';
import { arcIndex } from '../model/types';
import { arcUsage } from '../model/arc-usage';
import { dropZeroLengthArcs } from '../actions/remove-duplicate-vertices';

const sameUsers = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** Replaces a cyclic run `seq` in `ring` by `by`; null when the run is not there. */
function replaceRun(ring: readonly ArcRef[], seq: readonly ArcRef[], by: ArcRef): ArcRef[] | null {
  const n = ring.length;
  for (let s = 0; s < n; s++) {
    if (seq.every((r, i) => ring[(s + i) % n] === r)) {
      const rest: ArcRef[] = [];
      for (let i = seq.length; i < n; i++) rest.push(ring[(s + i) % n]!);
      return [by, ...rest];
    }
  }
  return null;
}

function oriented(c: Coverage, ref: ArcRef): Arc {
  const arc = c.arcs[arcIndex(ref)]!;
  return ref < 0 ? [...arc].reverse() : arc;
}

/** One arc in place of the run of arcs from `from` to `to` along a shared border, or null if there is none. */
export function joinBorderArcs(c: Coverage, from: number, to: number): { coverage: Coverage; arc: number } | null {
  const users = arcUsage(c).unitsByArc;
  const s = users[from] ?? [];
  if (from === to || s.length === 0 || !sameUsers(s, users[to] ?? [])) return null;
  const u = c.units.get(s[0]!)!;
  for (const poly of u.polygons) {
    for (const ring of poly) {
      const n = ring.length;
      const pf = ring.findIndex((r) => arcIndex(r) === from);
      const pt = ring.findIndex((r) => arcIndex(r) === to);
      if (pf < 0 || pt < 0) continue;
      // The two ways round the ring from one arc to the other; the shorter one whose arcs all belong to
      // this border wins.
      const runs = [pt - pf, pf - pt]
        .map((d, k) => {
          const len = ((d % n) + n) % n;
          const start = k === 0 ? pf : pt;
          return Array.from({ length: len + 1 }, (_, i) => ring[(start + i) % n]!);
        })
        .filter((run) => run.length < n && run.every((r) => sameUsers(users[arcIndex(r)] ?? [], s)))
        .sort((x, y) => x.length - y.length);
      const run = runs[0];
      if (!run) continue;
      const merged: [number, number][] = [];
      for (const ref of run) for (const p of oriented(c, ref)) {
        const last = merged[merged.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) merged.push([p[0], p[1]]);
      }
      if (merged.length < 2) return null;
      const id = c.arcs.length;
      const arcs = c.arcs.slice();
      arcs.push(merged);
      for (const ref of run) arcs[arcIndex(ref)] = [];
      const backwards = [...run].reverse().map((r) => ~r);
      const units = new Map<string, Unit>();
      for (const [uid, unit] of c.units) {
        if (!s.includes(uid)) {
          units.set(uid, unit);
          continue;
        }
        const polygons = unit.polygons.map((p) => p.map((r) => replaceRun(r, run, id) ?? replaceRun(r, backwards, ~id) ?? r));
        units.set(uid, { ...unit, polygons });
      }
      // Every user of the run must have had it as one piece, or the topology would break.
      for (const uid of s) {
        const refs = units.get(uid)!.polygons.flat(2).map(arcIndex);
        if (run.some((r) => refs.includes(arcIndex(r)))) return null;
      }
      return { coverage: { arcs, units }, arc: id };
    }
  }
  return null;
}

const nodeKey = (p: readonly number[]) => `${p[0]},${p[1]}`;

/**
 * The coverage with every border in as few arcs as its nodes allow: arcs that meet at a point no other
 * arc reaches, used by exactly the same units, become one (zero-length arcs and repeated vertices
 * dropped first). Source data leaves many such points along one border (Hải Phòng's Thành Đông had 105
 * arcs for its few neighbours); a border then runs between the points where the units on its sides
 * change. No position moves. Linear: the runs are found with a union-find over those points, then each ring's run of arcs
 * is replaced by the joined arc; joined arcs are left empty, so other arc ids do not change.
 */
export function joinBorderRuns(c: Coverage): Coverage {
  // A vertex repeated inside an arc is dropped too: the same border rebuilt from its units' polygons
  // has a zero-length arc there (dropped above), and both ways must give the same coverage.
  const dropped = dropZeroLengthArcs(c);
  const repeats = (a: Arc) => a.some((p, i) => i > 0 && p[0] === a[i - 1]![0] && p[1] === a[i - 1]![1]);
  const cov: Coverage = dropped.arcs.some(repeats)
    ? { arcs: dropped.arcs.map((a) => (repeats(a) ? a.filter((p, i) => i === 0 || p[0] !== a[i - 1]![0] || p[1] !== a[i - 1]![1]) : a)), units: dropped.units }
    : dropped;
  const users = arcUsage(cov).unitsByArc;
  const parent = cov.arcs.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const ends = new Map<string, number[]>();
  cov.arcs.forEach((arc, i) => {
    if (arc.length < 2 || (users[i] ?? []).length === 0) return;
    for (const p of [arc[0]!, arc[arc.length - 1]!]) {
      const k = nodeKey(p);
      const list = ends.get(k);
      if (list) list.push(i);
      else ends.set(k, [i]);
    }
  });
  let joins = 0;
  for (const list of ends.values()) {
    if (list.length !== 2 || list[0] === list[1] || !sameUsers(users[list[0]!]!, users[list[1]!]!)) continue;
    const a = find(list[0]!);
    const b = find(list[1]!);
    if (a !== b) {
      parent[a] = b;
      joins++;
    }
  }
  if (joins === 0) return cov;


  const arcs = cov.arcs.slice();
  // Per joined run (by its root): the new arc's id and the run of refs it was built from.
  const built = new Map<number, { id: number; run: ArcRef[] }>();
  const rootOf = new Map<number, number>();
  const groupOf = (ref: ArcRef): number => {
    const i = arcIndex(ref);
    let g = rootOf.get(i);
    if (g === undefined) rootOf.set(i, (g = find(i)));
    return g;
  };
  const sizes = new Map<number, number>();
  parent.forEach((_, i) => sizes.set(find(i), (sizes.get(find(i)) ?? 0) + 1));
  const joinRing = (ring: readonly ArcRef[]): ArcRef[] => {
    const n = ring.length;
    // Start at a run boundary (a ring that is one run starts anywhere).
    let start = 0;
    for (let k = 0; k < n; k++) {
      if (groupOf(ring[(k + n - 1) % n]!) !== groupOf(ring[k]!)) {
        start = k;
        break;
      }
    }
    const out: ArcRef[] = [];
    for (let k = 0; k < n; ) {
      const g = groupOf(ring[(start + k) % n]!);
      const run: ArcRef[] = [];
      while (k < n && groupOf(ring[(start + k) % n]!) === g) run.push(ring[(start + k++) % n]!);
      if ((sizes.get(g) ?? 1) === 1) {
        out.push(...run);
        continue;
      }
      const made = built.get(g);
      if (!made) {
        const merged: [number, number][] = [];
        for (const ref of run) for (const p of oriented(cov, ref)) {
          const last = merged[merged.length - 1];
          if (!last || last[0] !== p[0] || last[1] !== p[1]) merged.push([p[0], p[1]]);
        }
        const id = arcs.length;
        arcs.push(merged);
        for (const ref of run) arcs[arcIndex(ref)] = [];
        built.set(g, { id, run });
        out.push(id);
      } else {
        // The other side walks the run the other way (a border shared by two units); a closed run may
        // be entered anywhere, so look for the first arc of the run in either direction.
        out.push(run.includes(made.run[0]!) ? made.id : ~made.id);
      }
    }
    return out;
  };
  const units = new Map<string, Unit>();
  for (const [id, u] of cov.units) {
    const touches = u.polygons.some((p) => p.some((r) => r.some((ref) => (sizes.get(groupOf(ref)) ?? 1) > 1)));
    units.set(id, touches ? { ...u, polygons: u.polygons.map((p) => p.map(joinRing)) } : u);
  }
  return { arcs, units };
}
