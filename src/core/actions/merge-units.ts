// Merge two neighbouring units into the first: topojson-client's mergeArcs drops the arcs they share
// and keeps every other arc as it is, so the neighbours' borders are untouched.
import { mergeArcs } from 'topojson-client';
import type { Topology, MultiPolygon as TopoMultiPolygon } from 'topojson-specification';
import type { Coverage, Polygon, Unit } from '../model/types';
import { neighboursOf } from '../model/arc-usage';
import { makeAction, type Action } from './refusal';

export function actionMergeUnits(keep: string, absorb: string): Action<Coverage> {
  return makeAction(
    (c) => {
      const a = c.units.get(keep);
      const b = c.units.get(absorb);
      if (!a || !b) return c;
      const topo = { type: 'Topology', arcs: c.arcs, objects: {} } as unknown as Topology;
      const parts = [a, b].map((u) => ({ type: 'MultiPolygon', arcs: u.polygons }) as unknown as TopoMultiPolygon);
      const merged = mergeArcs(topo, parts) as unknown as { arcs: number[][][] };
      const units = new Map<string, Unit>();
      for (const [id, u] of c.units) {
        if (id === absorb) continue;
        units.set(id, id === keep ? { ...u, polygons: merged.arcs as Polygon[] } : u);
      }
      return { arcs: c.arcs, units };
    },
    (c) => {
      if (!c.units.has(keep) || !c.units.has(absorb)) return 'unknown-unit';
      if (keep === absorb) return 'same-unit';
      return neighboursOf(c, keep).some((n) => n.id === absorb) ? false : 'not-neighbours';
    },
  );
}
