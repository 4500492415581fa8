// Ring helpers on the topology: which rings use an arc, and how many distinct vertices a ring has.
import type { Coverage, Position } from '../model/types';
import { arcIndex } from '../model/types';

export interface RingRef {
  readonly unit: string;
  readonly polygon: number;
  readonly ring: number;
}

export function ringsUsingArc(c: Coverage, arc: number): RingRef[] {
  const out: RingRef[] = [];
  for (const u of c.units.values()) {
    u.polygons.forEach((poly, p) =>
      poly.forEach((ring, r) => {
        if (ring.some((ref) => arcIndex(ref) === arc)) out.push({ unit: u.id, polygon: p, ring: r });
      }),
    );
  }
  return out;
}

/** Positions of a ring walked through its arcs (closed: last = first). */
export function ringPositions(c: Coverage, ring: readonly number[]): Position[] {
  const out: Position[] = [];
  for (const ref of ring) {
    const arc = c.arcs[arcIndex(ref)] ?? [];
    const pts = ref < 0 ? [...arc].reverse() : arc;
    pts.forEach((p, i) => {
      if (i > 0 || out.length === 0) out.push(p);
    });
  }
  return out;
}

/** Distinct consecutive positions of a closed ring (a valid ring needs at least 3). */
export function distinctVertexCount(positions: readonly Position[]): number {
  let n = 0;
  for (let i = 0; i < positions.length - 1; i++) {
    const a = positions[i]!;
    const b = positions[i + 1]!;
    if (a[0] !== b[0] || a[1] !== b[1]) n++;
  }
  return n;
}

export function ringsCollapse(c: Coverage, arcs: Iterable<number>): boolean {
  const seen = new Set<string>();
  for (const a of arcs) {
    for (const r of ringsUsingArc(c, a)) {
      const key = `${r.unit}/${r.polygon}/${r.ring}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const ring = c.units.get(r.unit)!.polygons[r.polygon]![r.ring]!;
      if (distinctVertexCount(ringPositions(c, ring)) < 3) return true;
    }
  }
  return false;
}
