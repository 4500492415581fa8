// A province's coverage as the hub stores it: each unit's MultiPolygon, and each arc of the topology (its
// border runs joined: core/topology/join-arcs.ts) as a border between the units that use it. A border is thus the stretch between two units
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
  /** Further units using the same stretch (an overlap in the data), in code order; usually none. */
  otherUnits: string[];
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

/**
 * One border per arc that has a length (source data leaves zero-length arcs at some nodes: a point is no
 * border). An arc more than two units use (an overlap in the data) is still a border, of its two
 * smallest codes, with the others in `otherUnits`: the province loads, and the hub refuses proposals on it.
 */
export function hubBorders(c: Coverage): HubBorder[] {
  const { unitsByArc } = arcUsage(c);
  const codeOf = new Map([...c.units.values()].map((u) => [u.id, u.attrs.code]));
  const out: HubBorder[] = [];
  c.arcs.forEach((arc, i) => {
    const codes = [...new Set(unitsByArc[i]!.map((id) => codeOf.get(id)!))].sort();
    if (codes.length === 0 || arc.every((p) => p[0] === arc[0]![0] && p[1] === arc[0]![1])) return;
    out.push({ unitA: codes[0]!, unitB: codes[1] ?? null, otherUnits: codes.slice(2), geometry: { type: 'LineString', coordinates: arc.map((p) => [p[0], p[1]]) } });
  });
  return out;
}
