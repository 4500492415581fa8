// A coverage as two typed arrays and its units: what crosses a worker boundary (the arrays are moved,
// not copied) and what a named version stores. Coordinates are kept exactly (float64).
import type { Arc, Coverage, Position, Unit } from './types';

export interface PackedCoverage {
  /** Every arc's vertices one after another: lon, lat, lon, lat ... */
  readonly coords: Float64Array;
  /** Arc i's vertices are offsets[i] to offsets[i + 1] (exclusive), counted in vertices. */
  readonly offsets: Uint32Array;
  readonly units: readonly Unit[];
}

export function packCoverage(c: Coverage): PackedCoverage {
  const offsets = new Uint32Array(c.arcs.length + 1);
  let n = 0;
  c.arcs.forEach((a, i) => {
    offsets[i] = n;
    n += a.length;
  });
  offsets[c.arcs.length] = n;
  const coords = new Float64Array(n * 2);
  c.arcs.forEach((a, i) => {
    const at = offsets[i]!;
    for (let k = 0; k < a.length; k++) {
      coords[2 * (at + k)] = a[k]![0];
      coords[2 * (at + k) + 1] = a[k]![1];
    }
  });
  return { coords, offsets, units: [...c.units.values()] };
}

/** Vertices `from` to `to` (exclusive) of packed coordinates as an arc. */
export function unpackArc(coords: Float64Array, from = 0, to = coords.length / 2): Arc {
  const out: Position[] = new Array(to - from);
  for (let i = from; i < to; i++) out[i - from] = [coords[2 * i]!, coords[2 * i + 1]!];
  return out;
}

export function unpackCoverage(p: PackedCoverage): Coverage {
  const arcs: Arc[] = [];
  for (let i = 0; i + 1 < p.offsets.length; i++) arcs.push(unpackArc(p.coords, p.offsets[i]!, p.offsets[i + 1]!));
  return { arcs, units: new Map(p.units.map((u) => [u.id, u])) };
}
