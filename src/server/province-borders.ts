// A province's coverage as the hub stores it: each unit's MultiPolygon, and each arc of the topology as
// a border between the (at most two) units that use it. A border is thus the stretch between two units
// from node to node, shared by both, as the app edits it.
import type { LineString, MultiPolygon } from 'geojson';
import { arcUsage, unitToFeature, writeUnitProps, type Coverage } from '../core/model';

export interface HubUnit {
  code: string;
  name: string;
  type: string;
  properties: Record<string, unknown>;
  geometry: MultiPolygon;
}

export interface HubBorder {
  /** The smaller code first. */
  unitA: string;
  /** null on the coverage's outer edge (the province edge, the coast). */
  unitB: string | null;
  geometry: LineString;
}

export function hubUnits(c: Coverage): HubUnit[] {
  return [...c.units.values()].map((u) => ({
    code: u.attrs.code,
    name: u.attrs.name,
    type: u.attrs.type ?? '',
    properties: writeUnitProps(u.attrs),
    geometry: unitToFeature(c, u).geometry,
  }));
}

/** One border per arc; an arc used by more than two units is not a coverage and is refused. */
export function hubBorders(c: Coverage): HubBorder[] {
  const { unitsByArc } = arcUsage(c);
  const codeOf = new Map([...c.units.values()].map((u) => [u.id, u.attrs.code]));
  return c.arcs.map((arc, i) => {
    const codes = [...new Set(unitsByArc[i]!.map((id) => codeOf.get(id)!))].sort();
    if (codes.length === 0 || codes.length > 2) {
      throw new Error(`arc ${i} is used by ${codes.length === 0 ? 'no unit' : `units ${codes.join(', ')}`}: not a border between at most two units`);
    }
    return { unitA: codes[0]!, unitB: codes[1] ?? null, geometry: { type: 'LineString', coordinates: arc.map((p) => [p[0], p[1]]) } };
  });
}
