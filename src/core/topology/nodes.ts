// Making a point on a border into a node (an arc end), so a new line can start or end there: insert
// the vertex into its segment if needed, then split the arc in two at it. Every ring that used the arc
// uses both halves, in the right direction.
import type { Arc, ArcRef, Coverage, Position, Unit } from '../model/types';
import type { ArcLocation } from './locate';

/** Splits arc `arc` at interior vertex `index`: the arc keeps the first half, the second gets a new id. */
export function splitArcAtVertex(c: Coverage, arc: number, index: number): { coverage: Coverage; added: number } {
  const old = c.arcs[arc]!;
  const added = c.arcs.length;
  const arcs = c.arcs.slice();
  arcs[arc] = old.slice(0, index + 1) as Arc;
  arcs.push(old.slice(index) as Arc);
  const units = new Map<string, Unit>();
  for (const [id, u] of c.units) {
    let touched = false;
    const polygons = u.polygons.map((poly) =>
      poly.map((ring) => {
        if (!ring.some((r) => r === arc || r === ~arc)) return ring;
        touched = true;
        return ring.flatMap((r): ArcRef[] => (r === arc ? [arc, added] : r === ~arc ? [~added, ~arc] : [r]));
      }),
    );
    units.set(id, touched ? { ...u, polygons } : u);
  }
  return { coverage: { arcs, units }, added };
}

/** Ensures `loc` is a node; returns the new coverage and the node's position. */
export function ensureNode(c: Coverage, loc: ArcLocation): { coverage: Coverage; at: Position } {
  let cov = c;
  let index = loc.index;
  if (loc.kind === 'segment') {
    const old = c.arcs[loc.arc]!;
    const arcs = c.arcs.slice();
    arcs[loc.arc] = [...old.slice(0, loc.index + 1), [loc.at[0], loc.at[1]], ...old.slice(loc.index + 1)] as Arc;
    cov = { arcs, units: c.units };
    index = loc.index + 1;
  }
  const arc = cov.arcs[loc.arc]!;
  const at = arc[index]!;
  if (index === 0 || index === arc.length - 1) return { coverage: cov, at };
  // A closed arc (an island's whole ring) has one node at its start; splitting there is still correct.
  return { coverage: splitArcAtVertex(cov, loc.arc, index).coverage, at };
}
