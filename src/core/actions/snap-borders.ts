// Near-coincident borders (a sliver narrower than the tolerance): snap one unit's vertices onto the
// other's within the tolerance, so the two borders become identical and the rebuilt topology makes them
// one shared arc.
import type { Coverage } from '../model/types';
import { unitGeometry } from '../geom/unit-measure';
import { indexVertices, snapToVertices } from '../topology/snap-vertices';
import { rebuildCoverage, unitsWith } from '../topology/rebuild';
import { makeAction, type Action } from './refusal';

/** Snaps unit `move`'s vertices within `toleranceM` onto unit `keep`'s vertices. */
export function actionSnapBorders(keep: string, move: string, toleranceM: number): Action<Coverage> {
  const plan = (c: Coverage) => {
    const others = new Set([...c.units.keys()].filter((id) => id !== keep));
    const idx = indexVertices(c, others);
    return snapToVertices(unitGeometry(c, move), idx, toleranceM);
  };
  return makeAction(
    (c) => {
      const p = plan(c);
      return p.snapped === 0 ? c : rebuildCoverage(c, unitsWith(c, new Map([[move, p.geometry]])), new Set([move]));
    },
    (c) => {
      if (!c.units.has(keep) || !c.units.has(move)) return 'unknown-unit';
      if (keep === move) return 'same-unit';
      return plan(c).snapped > 0 ? false : 'nothing-to-do';
    },
  );
}
