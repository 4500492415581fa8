// One source geometry of a reference layer, checked: any of GeoJSON's six kinds, or a GeometryCollection
// (nested ones too) split by kind. The lists are new; the positions are still the source's (the
// conversion to WGS 84 copies them, dropping Z and M). A geometry whose shape is wrong (a ring of three positions, an unclosed ring, a
// line of one position, an unknown type) is unreadable and left out with its reason; a position whose
// x or y is not a finite number (Infinity, NaN, or the null that JSON writers put for them, or text) is a
// fault of the file, refused by the caller with the feature named.
import type { Position } from 'geojson';
import { LIMITS } from './limits';
import type { ReferenceGeometry } from './reference-types';

/** Positions read so far in the file, against LIMITS.vertices. */
export class VertexCount {
  used = 0;
  /** False once the file has more positions than the limit. */
  take(n: number): boolean {
    this.used += n;
    return this.used <= LIMITS.vertices;
  }
}

export type GeometryReading =
  | { readonly kind: 'ok'; readonly geometries: readonly ReferenceGeometry[] }
  | { readonly kind: 'none'; readonly detail: string }
  | { readonly kind: 'unreadable'; readonly detail: string }
  | { readonly kind: 'not-finite'; readonly position: readonly unknown[] }
  | { readonly kind: 'too-many-vertices' };

/** Thrown inside the walk to stop at the first fault; never escapes this file. */
class Stop {
  constructor(readonly reading: Exclude<GeometryReading, { kind: 'ok' }>) {}
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeName(v: unknown): string {
  return JSON.stringify(v)?.slice(0, 40) ?? String(v);
}

class Walk {
  readonly points: Position[] = [];
  readonly lines: Position[][] = [];
  readonly polygons: Position[][][] = [];
  /** Kinds in the order first met, for a collection's output order. */
  readonly order: ('point' | 'line' | 'polygon')[] = [];

  constructor(private readonly budget: VertexCount) {}

  private list(v: unknown, what: string): unknown[] {
    if (!Array.isArray(v)) throw new Stop({ kind: 'unreadable', detail: `${what} is not a list` });
    return v;
  }

  position(p: unknown): Position {
    if (!Array.isArray(p) || p.length < 2) throw new Stop({ kind: 'unreadable', detail: `position ${typeName(p)} is not a list of two or more numbers` });
    const [x, y] = p as unknown[];
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) throw new Stop({ kind: 'not-finite', position: p });
    // Not copied here: the conversion to WGS 84 makes every position a new [lon, lat] (Z and M dropped).
    return p as Position;
  }

  positions(v: unknown, what: string, atLeast: number): Position[] {
    const list = this.list(v, what);
    if (!this.budget.take(list.length)) throw new Stop({ kind: 'too-many-vertices' });
    if (list.length < atLeast) throw new Stop({ kind: 'unreadable', detail: `${what} with ${list.length} positions (at least ${atLeast} needed)` });
    return list.map((p) => this.position(p));
  }

  polygon(v: unknown): Position[][] {
    const rings = this.list(v, 'polygon');
    if (rings.length === 0) throw new Stop({ kind: 'unreadable', detail: 'polygon without rings' });
    return rings.map((r) => {
      const ring = this.positions(r, 'ring', 4);
      const a = ring[0]!, b = ring[ring.length - 1]!;
      // Closing it would be a silent repair of a file the user cannot see: said instead.
      if (a[0] !== b[0] || a[1] !== b[1]) throw new Stop({ kind: 'unreadable', detail: 'ring is not closed' });
      return ring;
    });
  }

  private seen(kind: 'point' | 'line' | 'polygon'): void {
    if (!this.order.includes(kind)) this.order.push(kind);
  }

  /** Adds the parts of `g` to the kind lists. */
  geometry(g: unknown, depth: number): void {
    if (!isObject(g)) throw new Stop({ kind: 'unreadable', detail: `geometry ${typeName(g)} is not an object` });
    const c = g.coordinates;
    switch (g.type) {
      case 'Point':
        this.seen('point');
        if (!this.budget.take(1)) throw new Stop({ kind: 'too-many-vertices' });
        this.points.push(this.position(c));
        return;
      case 'MultiPoint':
        this.seen('point');
        this.points.push(...this.positions(c, 'MultiPoint', 0));
        return;
      case 'LineString':
        this.seen('line');
        this.lines.push(this.positions(c, 'line', 2));
        return;
      case 'MultiLineString':
        this.seen('line');
        for (const line of this.list(c, 'MultiLineString')) this.lines.push(this.positions(line, 'line', 2));
        return;
      case 'Polygon':
        this.seen('polygon');
        this.polygons.push(this.polygon(c));
        return;
      case 'MultiPolygon':
        this.seen('polygon');
        for (const p of this.list(c, 'MultiPolygon')) this.polygons.push(this.polygon(p));
        return;
      case 'GeometryCollection':
        if (depth >= LIMITS.jsonDepth) throw new Stop({ kind: 'unreadable', detail: 'geometry collections nested too deeply' });
        for (const part of this.list(g.geometries, 'GeometryCollection')) this.geometry(part, depth + 1);
        return;
      default:
        throw new Stop({ kind: 'unreadable', detail: `geometry type ${typeName(g.type)}` });
    }
  }
}

/** The one geometry a walk of a plain (not collection) geometry of `type` read. */
function plain(type: ReferenceGeometry['type'], walk: Walk): ReferenceGeometry {
  switch (type) {
    case 'Point':
      return { type, coordinates: walk.points[0]! };
    case 'MultiPoint':
      return { type, coordinates: walk.points };
    case 'LineString':
      return { type, coordinates: walk.lines[0]! };
    case 'MultiLineString':
      return { type, coordinates: walk.lines };
    case 'Polygon':
      return { type, coordinates: walk.polygons[0]! };
    case 'MultiPolygon':
      return { type, coordinates: walk.polygons };
  }
}

/**
 * `g` as reference geometries: one of the same type for a plain geometry (an empty Multi* is no
 * geometry), one per kind for a collection (a single part keeps its single type: Point, LineString,
 * Polygon). Counts its positions against the file's vertex limit.
 */
export function readReferenceGeometry(g: unknown, budget: VertexCount): GeometryReading {
  if (g === null || g === undefined) return { kind: 'none', detail: 'no geometry' };
  const walk = new Walk(budget);
  try {
    walk.geometry(g, 0);
  } catch (e) {
    if (e instanceof Stop) return e.reading;
    throw e;
  }
  const type = (g as { type: ReferenceGeometry['type'] | 'GeometryCollection' }).type;
  if (type !== 'GeometryCollection') {
    // Kept as the file has it: a MultiPoint of one point stays a MultiPoint.
    if (walk.points.length + walk.lines.length + walk.polygons.length === 0) return { kind: 'none', detail: `empty ${type}` };
    return { kind: 'ok', geometries: [plain(type, walk)] };
  }
  const geometries: ReferenceGeometry[] = [];
  for (const kind of walk.order) {
    if (kind === 'point' && walk.points.length) geometries.push(walk.points.length === 1 ? { type: 'Point', coordinates: walk.points[0]! } : { type: 'MultiPoint', coordinates: walk.points });
    if (kind === 'line' && walk.lines.length) geometries.push(walk.lines.length === 1 ? { type: 'LineString', coordinates: walk.lines[0]! } : { type: 'MultiLineString', coordinates: walk.lines });
    if (kind === 'polygon' && walk.polygons.length) geometries.push(walk.polygons.length === 1 ? { type: 'Polygon', coordinates: walk.polygons[0]! } : { type: 'MultiPolygon', coordinates: walk.polygons });
  }
  return geometries.length ? { kind: 'ok', geometries } : { kind: 'none', detail: 'empty GeometryCollection' };
}
