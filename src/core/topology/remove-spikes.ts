// Zero-width spikes out of rings: a stretch that goes out and comes back over the same vertices
// (a, b, a). Boolean operations leave slivers a millimetre wide along a border they cut; putting
// vertices on edges within that millimetre (node-vertices.ts) folds such a sliver into an exact
// out-and-back, which the checker reports as a self-intersection and the boundary record counts
// twice (a transfer on Quảng Ninh's data left a 110.9 m one). Only exact repeats are removed: a spike
// with any width is real geometry and stays.
import type { MultiPolygon, Position } from 'geojson';

const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

/**
 * Whether a closed ring goes out and back anywhere (a, b, a, a run of one repeated vertex counting as
 * one vertex, around the start too).
 */
export function hasSpike(ring: readonly Position[]): boolean {
  const d: Position[] = [];
  for (let i = 0; i < ring.length - 1; i++) if (d.length === 0 || !same(d[d.length - 1]!, ring[i]!)) d.push(ring[i]!);
  while (d.length > 1 && same(d[d.length - 1]!, d[0]!)) d.pop();
  const n = d.length;
  if (n < 3) return false; // degenerate already: the checks report it, nothing to fold here
  for (let k = 0; k < n; k++) if (same(d[(k + n - 1) % n]!, d[(k + 1) % n]!)) return true;
  return false;
}

/** A closed ring without consecutive repeats or exact spikes; null when nothing with area is left. */
export function ringWithoutSpikes(ring: readonly Position[]): Position[] | null {
  const out: Position[] = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const p = ring[i]!;
    if (out.length > 0 && same(out[out.length - 1]!, p)) continue; // a repeated vertex
    if (out.length > 1 && same(out[out.length - 2]!, p)) {
      out.pop(); // a, b, a: back where it was
      continue;
    }
    out.push(p);
  }
  // Around the ring's start: the end meeting the start, or a spike through it.
  for (;;) {
    const n = out.length;
    if (n < 3) return null;
    if (same(out[n - 1]!, out[0]!)) out.pop();
    else if (same(out[n - 2]!, out[0]!)) out.splice(n - 2, 2); // ..., a, b | a: a spike at the end
    else if (same(out[n - 1]!, out[1]!)) out.shift();
    else break;
  }
  out.push(out[0]!);
  return out;
}

/**
 * The geometry itself when no ring has a spike (callers keep identity); else a copy in which the rings
 * with a spike are cleaned. Rings without one are left as they are, repeated vertices included (their
 * removal is an edit the user is offered, never a silent one).
 */
export function withoutSpikes(g: MultiPolygon): MultiPolygon | null {
  let changed = false;
  const polys: Position[][][] = [];
  for (const poly of g.coordinates) {
    const rings: Position[][] = [];
    for (const ring of poly) {
      const r = hasSpike(ring) ? ringWithoutSpikes(ring) : ring;
      if (r !== ring) changed = true;
      if (r) rings.push(r);
      else if (rings.length === 0) break; // no shell left: the polygon goes, holes and all
    }
    if (rings.length > 0) polys.push(rings);
  }
  if (!changed) return g;
  return polys.length > 0 ? { type: 'MultiPolygon', coordinates: polys } : null;
}
