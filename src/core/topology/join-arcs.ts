// Joins the arcs one border is cut into. A border between the same units is often several arcs: the
// source's repeated vertices left nodes along it, and edits cut arcs at the points they touched. A tool
// that works on "one border" (reshape) then refused to cross those nodes. Here the run of arcs from one
// arc to another, along one ring, each used by exactly the same units, becomes one arc; every ring that
// used the run uses the new arc instead, in its own direction.
import type { Arc, ArcRef, Coverage, Unit } from '../model/types';
import { arcIndex } from '../model/types';
import { arcUsage } from '../model/arc-usage';

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
