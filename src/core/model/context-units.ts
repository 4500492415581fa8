// Units of the neighbouring provinces: read-only context around the draft's own coverage. A ward on a
// province border shares it with units of the next province; the record names them ("Xã X, tỉnh Y")
// instead of calling that border the province's outer boundary, and only the real edge (the coast, the
// national border) stays "outside". They are never edited, saved with the draft, or checked as units.
import type { MultiPolygon, Position as GeoPosition } from 'geojson';
import type { Coverage, Position } from './types';
import { singleArcs } from './arc-usage';

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

/** Vertices per piece of the coverage's edge when it is cut into boxes (shorter: tighter boxes, more of them). */
const EDGE_PIECE = 64;

/**
 * The context units near the draft's edge: those with a segment within `padDeg` of the coverage's edge
 * (its arcs used once: the province's outline, and borders that do not match), and any that start
 * inside the coverage (one lying wholly within it). What the map draws: a neighbouring province's units
 * merely inside the draft's bounding box were, for a large province, as many vertices as the draft.
 * Never what the checks compare with: a unit the draft lies inside (its border far from the draft's
 * edge) is left out, and the answer is for this coverage's edge only, not for the next edit's.
 */
export function contextNearCoverage(c: Coverage, context: ContextUnits, padDeg: number): ContextUnits {
  if (context.size === 0) return context;
  const pieces: { box: readonly [number, number, number, number]; arc: readonly Position[]; from: number; to: number }[] = [];
  for (const i of singleArcs(c)) {
    const arc = c.arcs[i]!;
    for (let from = 0; from + 1 < arc.length; from += EDGE_PIECE) {
      const to = Math.min(arc.length - 1, from + EDGE_PIECE);
      const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
      for (let j = from; j <= to; j++) {
        const p = arc[j]!;
        if (p[0] < box[0]) box[0] = p[0];
        if (p[1] < box[1]) box[1] = p[1];
        if (p[0] > box[2]) box[2] = p[0];
        if (p[1] > box[3]) box[3] = p[1];
      }
      pieces.push({ box: [box[0] - padDeg, box[1] - padDeg, box[2] + padDeg, box[3] + padDeg], arc, from, to });
    }
  }
  const meets = (b: readonly number[], x: readonly number[]) => b[0]! <= x[2]! && x[0]! <= b[2]! && b[1]! <= x[3]! && x[1]! <= b[3]!;
  /** Even-odd over the edge: a ray from p to the east crosses it an odd number of times when p is inside. */
  const inside = (p: Position): boolean => {
    let odd = false;
    for (const { box, arc, from, to } of pieces) {
      if (p[1] < box[1] || p[1] > box[3] || p[0] > box[2]) continue;
      for (let j = from; j < to; j++) {
        const a = arc[j]!, b = arc[j + 1]!;
        if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) odd = !odd;
      }
    }
    return odd;
  };
  const near = (u: ContextUnit): boolean => {
    const candidates = pieces.filter((x) => meets(x.box, u.bbox));
    if (candidates.length === 0) return false;
    for (const poly of u.polygons) {
      for (const ring of poly) {
        for (let j = 0; j + 1 < ring.length; j++) {
          const a = ring[j]!, b = ring[j + 1]!;
          const s = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
          if (candidates.some((x) => meets(x.box, s))) return true;
        }
      }
    }
    return false;
  };
  const kept = new Map<string, ContextUnit>();
  for (const [id, u] of context) {
    const first = u.polygons[0]?.[0]?.[0];
    if (near(u) || (first !== undefined && inside(first))) kept.set(id, u);
  }
  return kept.size === context.size ? context : kept;
}
