// A neighbour's proposal: units whose codes we have are compared border by border; for each the user
// keeps ours or takes theirs (optionally snapping their vertices onto ours within a tolerance, so nearly
// matching borders become shared); units we do not have are added. The whole import is one edit.
import type { MultiPolygon } from 'geojson';
import type { Coverage, UnitAttrs } from '../model/types';
import { unitGeometry, unitAreaM2 } from '../geom/unit-measure';
import { geometryAreaM2 } from '../geom/geodesic';
import { boundaryDistanceM } from '../geom/boundary-distance';
import { indexVertices, snapToVertices } from '../topology/snap-vertices';
import { rebuildCoverage, unitsWith } from '../topology/rebuild';
import { makeAction, type Action } from './refusal';

export interface IncomingUnit {
  readonly attrs: UnitAttrs;
  readonly geometry: MultiPolygon;
}

export interface ProposalRow {
  /** Our unit id with the same code, or null for a unit we do not have. */
  readonly ourId: string | null;
  readonly code: string;
  readonly fullName: string;
  readonly ourAreaM2: number | null;
  readonly theirAreaM2: number;
  /** Largest distance between our and their boundary, m (null for a new unit). */
  readonly maxDistanceM: number | null;
}

export function compareProposal(c: Coverage, incoming: readonly IncomingUnit[]): ProposalRow[] {
  const byCode = new Map<string, string>();
  for (const u of c.units.values()) byCode.set(u.attrs.code, u.id);
  return incoming.map((u) => {
    const ourId = byCode.get(u.attrs.code) ?? null;
    return {
      ourId,
      code: u.attrs.code,
      fullName: u.attrs.fullName,
      ourAreaM2: ourId ? unitAreaM2(c, ourId) : null,
      theirAreaM2: geometryAreaM2(u.geometry),
      maxDistanceM: ourId ? boundaryDistanceM(unitGeometry(c, ourId), u.geometry) : null,
    };
  });
}

export type Choice = 'ours' | 'theirs';

export interface ProposalDecision {
  /** Per code: keep ours or take theirs (units we do not have are always added). */
  readonly choices: ReadonlyMap<string, Choice>;
  /** Snap their vertices onto ours within this many metres (0: no snapping). */
  readonly snapM: number;
}

export function actionApplyProposal(incoming: readonly IncomingUnit[], decision: ProposalDecision): Action<Coverage> {
  const plan = (c: Coverage) => {
    const byCode = new Map<string, string>();
    for (const u of c.units.values()) byCode.set(u.attrs.code, u.id);
    const replaced = new Set<string>();
    for (const u of incoming) {
      const id = byCode.get(u.attrs.code);
      if (id && decision.choices.get(u.attrs.code) === 'theirs') replaced.add(id);
    }
    // Snap onto the units that stay as they are, so the incoming borders join them.
    const idx = decision.snapM > 0 ? indexVertices(c, replaced) : null;
    const snap = (g: MultiPolygon) => (idx ? snapToVertices(g, idx, decision.snapM).geometry : g);
    const replace = new Map<string, MultiPolygon | null>();
    const added: { id: string; attrs: UnitAttrs; geometry: MultiPolygon }[] = [];
    // Unit ids are not always codes (a recoded unit keeps its id): new units get ids no unit has.
    const taken = new Set(c.units.keys());
    const freshId = (code: string) => {
      let id = code;
      for (let n = 2; taken.has(id); n++) id = `${code}#${n}`;
      taken.add(id);
      return id;
    };
    for (const u of incoming) {
      const id = byCode.get(u.attrs.code);
      if (id && replaced.has(id)) replace.set(id, snap(u.geometry));
      else if (!id) added.push({ id: freshId(u.attrs.code), attrs: u.attrs, geometry: snap(u.geometry) });
    }
    return { replace, added };
  };
  return makeAction(
    (c) => {
      const { replace, added } = plan(c);
      if (replace.size === 0 && added.length === 0) return c;
      return rebuildCoverage(c, unitsWith(c, replace, added), new Set([...replace.keys(), ...added.map((a) => a.id)]));
    },
    (c) => {
      // Every incoming unit needs a code: without one it cannot be matched, listed or submitted.
      if (incoming.some((u) => !/^\d{5}$/.test(u.attrs.code))) return 'code-format';
      const { replace, added } = plan(c);
      return replace.size === 0 && added.length === 0 ? 'nothing-to-do' : false;
    },
  );
}
