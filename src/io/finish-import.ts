// The checks every importer shares, at the edge: polygon geometry only, well-formed finite coordinates,
// a known coordinate system (asking when the numbers look like VN-2000 metres), lon/lat in range, unique
// codes; and the limits of limits.ts (features, vertices, property names and values). Input is treated
// as untrusted `unknown`; output features are new objects whose properties are plain own data.
import type { MultiPolygon, Polygon } from 'geojson';
import { readUnitAttrs, type PolygonalFeature } from '../core/model';
import type { SourceCrs } from './crs';
import { toLonLat } from './crs';
import { describe, fail, ok, type IoError, type IoResult } from './errors';
import type { ImportedLayer, ImportOptions, SkippedFeature } from './import-types';
import { LIMITS, overLimit } from './limits';
import { decideCrs, VIETNAM } from './decide-crs';
import { boundProperties } from './property-bounds';
import { normaliseProps } from './props';

/** The unit's text attributes as readUnitAttrs reads them (besides the code field). */
const TEXT_KEYS = ['maxa', 'name', 'fullName', 'tenhc'] as const;

export interface RawFeature {
  /** Index in the source (feature number, record number, placemark number). */
  readonly index: number;
  readonly geometry: unknown;
  readonly properties: unknown;
}

/**
 * What a reader's parse step gives, before any check of geometry kinds or codes: the step the unit
 * import (finishImport) and the reference layers (reference-finish.ts) share.
 */
export interface SourceFeatures {
  readonly raw: readonly RawFeature[];
  /** The coordinate system the file names (a .prj, a GeoJSON `crs` member), or null. */
  readonly declared: SourceCrs | null;
  /** What reading found worth saying (a .dbf's renamed column, a .prj's TOWGS84). */
  readonly warnings: readonly IoError[];
}

/** Stop listing after this many faults of one kind: the first ones are enough to act on. */
const MAX_LISTED = 50;

type Ring = number[][];
type Rings = Ring[];

/** Faults of a file, at most MAX_LISTED of each code listed (reference-finish.ts lists its own so too). */
export class Faults {
  readonly list: IoError[] = [];
  private readonly counts = new Map<string, number>();
  add(e: IoError): void {
    const n = (this.counts.get(e.code) ?? 0) + 1;
    this.counts.set(e.code, n);
    if (n <= MAX_LISTED) this.list.push(e);
  }
  /** Number of faults of each code beyond what was listed. */
  notes(file: string): IoError[] {
    const out: IoError[] = [];
    for (const [code, n] of this.counts) {
      if (n > MAX_LISTED) {
        out.push({ code: code as IoError['code'], file, message: `${n - MAX_LISTED} more not listed`, values: { more: n - MAX_LISTED } });
      }
    }
    return out;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function geometryType(g: unknown): string {
  if (g === null || g === undefined) return 'null';
  if (!isObject(g)) return typeof g;
  return typeof g.type === 'string' ? g.type : 'unknown';
}

/** Polygons of a geometry, or null when it is not polygonal (a collection counts when all its parts are). */
function polygonsOf(g: unknown, depth = 0): unknown[] | null {
  if (!isObject(g) || depth > 4) return null;
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return Array.isArray(g.coordinates) ? [...(g.coordinates as unknown[])] : [g.coordinates];
  if (g.type === 'GeometryCollection' && Array.isArray(g.geometries) && g.geometries.length > 0) {
    const out: unknown[] = [];
    for (const part of g.geometries as unknown[]) {
      const p = polygonsOf(part, depth + 1);
      if (!p) return null;
      out.push(...p);
    }
    return out;
  }
  return null;
}

/** Counts positions across the whole file, so that the vertex limit stops reading at once. */
class VertexBudget {
  used = 0;
  take(n: number): boolean {
    this.used += n;
    return this.used <= LIMITS.vertices;
  }
}

/** Structure check of one polygon's rings: arrays of ≥ 4 finite 2D+ positions, closed. Returns a reason or rings. */
function readRings(poly: unknown, budget: VertexBudget): Rings | string | null {
  if (!Array.isArray(poly) || poly.length === 0) return 'polygon without rings';
  const rings: Rings = [];
  for (const ring of poly as unknown[]) {
    if (!Array.isArray(ring)) return 'ring is not an array';
    if (!budget.take(ring.length)) return null;
    if (ring.length < 4) return `ring with ${ring.length} positions (at least 4 needed)`;
    const out: Ring = [];
    for (const p of ring as unknown[]) {
      if (!Array.isArray(p) || p.length < 2) return 'position is not an array of numbers';
      const x = p[0], y = p[1];
      if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
        return `position [${String(x)}, ${String(y)}] is not a pair of finite numbers`;
      }
      out.push([x, y]);
    }
    const a = out[0]!, b = out[out.length - 1]!;
    if (a[0] !== b[0] || a[1] !== b[1]) return 'ring is not closed';
    rings.push(out);
  }
  return rings;
}

interface Parsed {
  readonly index: number;
  readonly polygons: Rings[];
  readonly properties: Record<string, unknown>;
}

export function finishImport(
  file: string,
  raw: readonly RawFeature[],
  declaredCrs: SourceCrs | null,
  options: ImportOptions = {},
): IoResult<ImportedLayer> {
  const faults = new Faults();
  const warnings: IoError[] = [];
  const skipped: SkippedFeature[] = [];
  const parsed: Parsed[] = [];
  const budget = new VertexBudget();
  if (raw.length > LIMITS.features) return fail(overLimit(file, 'features', raw.length));

  for (const f of raw) {
    const polys = polygonsOf(f.geometry);
    if (!polys) {
      const geometryType_ = geometryType(f.geometry);
      skipped.push({ feature: f.index, geometryType: geometryType_ });
      const e: IoError = {
        code: 'not-polygon', file, feature: f.index,
        message: `geometry ${geometryType_} is not a Polygon or MultiPolygon`, values: { geometryType: geometryType_ },
      };
      if (options.skipNonPolygon) warnings.push(e);
      else faults.add(e);
      continue;
    }
    const polygons: Rings[] = [];
    let bad: string | null = null;
    for (const p of polys) {
      const rings = readRings(p, budget);
      if (rings === null) return fail(overLimit(file, 'vertices', `at least ${budget.used}`, { feature: f.index }));
      if (typeof rings === 'string') {
        bad = rings;
        break;
      }
      polygons.push(rings);
    }
    if (bad !== null) {
      faults.add({ code: 'bad-coordinates', file, feature: f.index, message: bad });
      continue;
    }
    // Bounded before normalised: normalising parses JSON text, which must not be a 50 MB string.
    const bounded = boundProperties(file, f.index, f.properties);
    if ('code' in bounded) return fail(bounded);
    warnings.push(...bounded.warnings);
    // The unit's own attributes are text or numbers; an object or a list there cannot be read as one,
    // and is said rather than dropped (the unit would quietly lose its code).
    for (const k of [options.codeField ?? 'code', ...TEXT_KEYS]) {
      const v = Object.hasOwn(bounded.props, k) ? bounded.props[k] : undefined;
      if (v !== null && typeof v === 'object') {
        warnings.push({ code: 'value-changed', file, feature: f.index, field: k, message: `${k} is ${Array.isArray(v) ? 'a list' : 'an object'}, not text: left empty`, values: { property: k } });
      }
    }
    parsed.push({ index: f.index, polygons, properties: normaliseProps(bounded.props) });
  }
  if (faults.list.length) return fail([...faults.list, ...faults.notes(file)]);
  if (parsed.length === 0) {
    return fail({ code: 'empty', file, message: 'no polygon features', values: { skipped: skipped.length } });
  }

  // Coordinate system: the user's choice, else what the file names, else what the numbers look like.
  const decided = decideCrs(file, samplePositions(parsed), declaredCrs, options.fromCrs);
  if ('code' in decided) return fail(decided);
  const { crs, crsFrom } = decided;

  let project: (p: readonly number[]) => [number, number];
  try {
    project = toLonLat(crs);
  } catch (e) {
    return fail({ code: 'unknown-crs', file, message: describe(e) });
  }

  const features: PolygonalFeature[] = [];
  let outside = 0;
  for (const p of parsed) {
    let badPos: number[] | null = null;
    let projError = '';
    let inVietnam = true;
    const coordinates = p.polygons.map((rings) =>
      rings.map((ring) =>
        ring.map((pos) => {
          let q: [number, number];
          try {
            q = crs.kind === 'wgs84' ? [pos[0]!, pos[1]!] : project(pos);
          } catch (e) {
            // proj4 throws on points it cannot project: reported below as this feature's out-of-range fault.
            projError = describe(e);
            q = [Number.NaN, Number.NaN];
          }
          if (!(Math.abs(q[0]) <= 180 && Math.abs(q[1]) <= 90)) badPos ??= pos;
          else if (q[0] < VIETNAM.west || q[0] > VIETNAM.east || q[1] < VIETNAM.south || q[1] > VIETNAM.north) inVietnam = false;
          return q;
        }),
      ),
    );
    if (badPos) {
      const b: number[] = badPos;
      faults.add({
        code: 'out-of-range', file, feature: p.index,
        message: `position [${b[0]}, ${b[1]}] is outside lon ±180 / lat ±90 after conversion${projError ? ` (${projError})` : ''}`, values: { x: b[0]!, y: b[1]! },
      });
      continue;
    }
    if (!inVietnam) outside++;
    const geometry: Polygon | MultiPolygon =
      coordinates.length === 1 ? { type: 'Polygon', coordinates: coordinates[0]! } : { type: 'MultiPolygon', coordinates };
    features.push({ type: 'Feature', properties: p.properties, geometry });
  }
  if (faults.list.length) return fail([...faults.list, ...faults.notes(file)]);
  if (outside > 0) {
    warnings.push({ code: 'out-of-range', file, message: `${outside} feature(s) lie partly outside Vietnam`, values: { features: outside } });
  }

  const dup = duplicateCodes(file, features, parsed.map((p) => p.index), options.codeField);
  if (dup.length) {
    if (options.allowDuplicateCodes) warnings.push(...dup);
    else return fail(dup);
  }
  return ok({ features, crs, crsFrom, skipped }, warnings);
}

function samplePositions(parsed: readonly Parsed[]): number[][] {
  const out: number[][] = [];
  for (const p of parsed) for (const rings of p.polygons) for (const ring of rings) for (const pos of ring) out.push(pos);
  return out;
}

function duplicateCodes(file: string, features: readonly PolygonalFeature[], indexes: readonly number[], codeField?: string): IoError[] {
  const byCode = new Map<string, number[]>();
  features.forEach((f, i) => {
    const code = readUnitAttrs(f.properties, codeField).code;
    if (code === '') return;
    const list = byCode.get(code) ?? [];
    list.push(indexes[i]!);
    byCode.set(code, list);
  });
  const out: IoError[] = [];
  for (const [code, list] of byCode) {
    if (list.length > 1) {
      out.push({ code: 'duplicate-code', file, feature: list[1]!, field: codeField ?? 'code', message: `code ${code} is used by features ${list.join(', ')}`, values: { unitCode: code, features: list } });
    }
  }
  return out;
}
