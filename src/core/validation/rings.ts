// Rings of a unit as positions, decoded from arc references (as topojson-client does: each arc after
// the first starts where the previous one ended, so its first position is skipped).
import type { Coverage, Position, Ring } from '../model';

export function ringPositions(c: Coverage, ring: Ring): Position[] {
  const out: Position[] = [];
  ring.forEach((ref, k) => {
    const arc = c.arcs[ref < 0 ? ~ref : ref]!;
    const n = arc.length;
    if (ref >= 0) for (let i = k === 0 ? 0 : 1; i < n; i++) out.push(arc[i]!);
    else for (let i = k === 0 ? n - 1 : n - 2; i >= 0; i--) out.push(arc[i]!);
  });
  return out;
}

/** Number of positions of the decoded ring, without decoding it. */
export function ringLength(c: Coverage, ring: Ring): number {
  let n = 0;
  ring.forEach((ref, k) => {
    n += c.arcs[ref < 0 ? ~ref : ref]!.length - (k === 0 ? 0 : 1);
  });
  return n;
}
