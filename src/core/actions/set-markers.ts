// Boundary markers (mốc địa giới) the user places on a unit's border. They live on the unit's record, so
// they are saved with the draft, travel with its history and undo like any other edit.
import type { Coverage, Position } from '../model/types';
import type { BoundaryMarker } from '../report/ring-walk';
import { makeAction, type Action } from './refusal';

export const MARKERS_KEY = 'markers';

/** The unit's markers, read defensively (imported files may carry anything under this key). */
export function unitMarkers(c: Coverage, unitId: string): BoundaryMarker[] {
  const raw = c.units.get(unitId)?.attrs.extra[MARKERS_KEY];
  if (!Array.isArray(raw)) return [];
  const out: BoundaryMarker[] = [];
  for (const m of raw) {
    if (typeof m !== 'object' || m === null) continue;
    const o = m as Record<string, unknown>;
    const at = o.at as unknown;
    if (typeof o.id !== 'string' || !Array.isArray(at) || !Number.isFinite(at[0]) || !Number.isFinite(at[1])) continue;
    out.push({ id: o.id, name: typeof o.name === 'string' ? o.name : '', at: [at[0] as number, at[1] as number] as Position });
  }
  return out;
}

export function actionSetMarkers(unitId: string, markers: readonly BoundaryMarker[]): Action<Coverage> {
  return makeAction(
    (c) => {
      const u = c.units.get(unitId);
      if (!u) return c;
      const units = new Map(c.units);
      const plain = markers.map((m) => ({ id: m.id, name: m.name.trim(), at: [m.at[0], m.at[1]] }));
      units.set(unitId, { ...u, attrs: { ...u.attrs, extra: { ...u.attrs.extra, [MARKERS_KEY]: plain } } });
      return { arcs: c.arcs, units };
    },
    (c) => (c.units.has(unitId) ? false : 'unknown-unit'),
  );
}
