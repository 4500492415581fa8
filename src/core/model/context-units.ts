// Units of the neighbouring provinces: read-only context around the draft's own coverage. A ward on a
// province border shares it with units of the next province; the record names them ("Xã X, tỉnh Y")
// instead of calling that border the province's outer boundary, and only the real edge (the coast, the
// national border) stays "outside". They are never edited, saved with the draft, or checked as units.
import type { MultiPolygon, Position as GeoPosition } from 'geojson';
import type { Coverage, Position } from './types';

/** Ids of context units are kept apart from the draft's unit ids, which are free text. */
export const CONTEXT_ID_PREFIX = '\0ctx:';

export interface ContextUnit {
  /** CONTEXT_ID_PREFIX + code. */
  readonly id: string;
  readonly code: string;
  /** "Xã Quảng La" */
  readonly fullName: string;
  readonly provinceCode: string;
  /** "Tỉnh Quảng Ninh" */
  readonly provinceName: string;
  /** MultiPolygon coordinates: polygons → rings (closed) → [lon, lat]. */
  readonly polygons: readonly (readonly (readonly Position[])[])[];
  /** [west, south, east, north] of all rings. */
  readonly bbox: readonly [number, number, number, number];
}

/** A context unit from its attributes and rings; the id and the bounding box are derived. */
export function makeContextUnit(u: Omit<ContextUnit, 'id' | 'bbox'>): ContextUnit {
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of u.polygons) {
    for (const ring of poly) {
      for (const p of ring) {
        if (p[0] < bbox[0]) bbox[0] = p[0];
        if (p[1] < bbox[1]) bbox[1] = p[1];
        if (p[0] > bbox[2]) bbox[2] = p[0];
        if (p[1] > bbox[3]) bbox[3] = p[1];
      }
    }
  }
  return { ...u, id: contextId(u.code), bbox };
}

/** Context units by id. */
export type ContextUnits = ReadonlyMap<string, ContextUnit>;

export const NO_CONTEXT: ContextUnits = new Map();

export function contextId(code: string): string {
  return CONTEXT_ID_PREFIX + code;
}

export function isContextId(id: string): boolean {
  return id.startsWith(CONTEXT_ID_PREFIX);
}

/**
 * The name a record gives a context unit: its full name and its province, the province's type word in
 * lower case as it reads inside a sentence ("Xã Quảng La, tỉnh Quảng Ninh"; "Phường X, thành phố Hà Nội").
 */
export function contextUnitLabel(u: ContextUnit): string {
  const province = u.provinceName ? u.provinceName.charAt(0).toLocaleLowerCase('vi') + u.provinceName.slice(1) : u.provinceCode;
  return `${u.fullName}, ${province}`;
}

/** The unit's shape as GeoJSON (a fresh object; the unit's own arrays are shared, never to be mutated). */
export function contextUnitGeometry(u: ContextUnit): MultiPolygon {
  return { type: 'MultiPolygon', coordinates: u.polygons as unknown as GeoPosition[][][] };
}

/** The name of a unit of the draft or of the context, as the record and the unit panel print it. */
export function neighbourLabel(c: Coverage, context: ContextUnits, id: string): { code: string; fullName: string } {
  const ctx = context.get(id);
  if (ctx) return { code: ctx.code, fullName: contextUnitLabel(ctx) };
  const a = c.units.get(id)?.attrs;
  return { code: a?.code || id, fullName: a?.fullName || a?.name || id };
}

/**
 * The context without units the draft itself holds (same code): a draft that took in a neighbour's
 * units, or a province opened as its own neighbour, must not see those units twice.
 */
export function contextBeside(c: Coverage, context: ContextUnits): ContextUnits {
  if (context.size === 0) return context;
  const own = new Set<string>();
  for (const u of c.units.values()) own.add(u.attrs.code);
  let dropped = false;
  const kept = new Map<string, ContextUnit>();
  for (const [id, u] of context) {
    if (own.has(u.code)) dropped = true;
    else kept.set(id, u);
  }
  return dropped ? kept : context;
}
