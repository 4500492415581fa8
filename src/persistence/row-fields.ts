// Checks of single stored fields, for rows that come from outside the app's own writes: a backup file,
// or a database written by an older or damaged build. Each returns a fresh, well-typed value built from
// the input's own properties (never the input object itself, never its prototype) or throws a RowFault
// naming where the field is. Pure: no database, no DOM, so it runs in a worker and in Node.
import type { BackupFaultCode } from '../editor/draft-store-port';
import { UNIT_TYPES, type FormedFrom, type Polygon, type UnitAttrs } from '../core/model/types';
import type { StoredUnit } from './rows';

export class RowFault extends Error {
  override readonly name = 'RowFault';
  constructor(readonly code: BackupFaultCode, readonly where: string, readonly detail: string) {
    super(`${where}: ${detail}`);
  }
}

/**
 * Lengths past which a field is damage, not data. A name of 50 MB froze the drafts screen; real names are
 * a few dozen characters. Ids are UUIDs or unit codes; issue ids carry a few unit codes and a location.
 */
export const LIMITS = {
  id: 200,
  /** Unit ids and codes come from imported files: generous, a stored draft must not stop opening. */
  unitId: 1_000,
  issueId: 2_000,
  name: 500,
  province: 100,
  dataVersion: 200,
  text: 10_000,
  /** Arcs per coverage: Hải Phòng has ~1,400, the whole country a few tens of thousands. */
  arcs: 10_000_000,
  /** Nesting of free attribute values (extra). */
  depth: 32,
} as const;

export type Obj = Record<string, unknown>;

export function fail(code: BackupFaultCode, where: string, detail: string): never {
  throw new RowFault(code, where, detail);
}

function show(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (x === null || typeof x !== 'object') return String(x);
  return Array.isArray(x) ? 'a list' : 'an object';
}

export function obj(x: unknown, where: string, code: BackupFaultCode): Obj {
  if (!x || typeof x !== 'object' || Array.isArray(x)) fail(code, where, `is ${show(x)}, not an object`);
  return x as Obj;
}

export function list(x: unknown, where: string, code: BackupFaultCode): readonly unknown[] {
  if (!Array.isArray(x)) fail(code, where, `is ${show(x)}, not a list`);
  return x;
}

/** An own property: a key like "__proto__" or "constructor" in a JSON object is data, never inherited. */
export function own(o: Obj, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

export function text(x: unknown, where: string, max: number, code: BackupFaultCode): string {
  if (typeof x !== 'string') fail(code, where, `is ${show(x)}, not text`);
  if (x.length > max) fail(code, where, `is ${x.length} characters long (at most ${max})`);
  return x;
}

/** An identifier: non-empty text, and never "__proto__", which turns a plain object's key into its prototype. */
export function key(x: unknown, where: string, code: BackupFaultCode, max: number = LIMITS.id): string {
  const s = text(x, where, max, code);
  if (s.length === 0) fail(code, where, 'is empty');
  if (s === '__proto__') fail('forbidden-key', where, 'is "__proto__"');
  return s;
}

export function int(x: unknown, where: string, code: BackupFaultCode, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) fail(code, where, `is ${show(x)}, not a whole number in ${min}..${max}`);
  return x;
}

export function finite(x: unknown, where: string, code: BackupFaultCode): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) fail(code, where, `is ${show(x)}, not a finite number`);
  return x;
}

/**
 * Packed [lon, lat, lon, lat, ...] in WGS84 degrees. A stored typed array is checked and kept (no copy: the
 * open path reads 88k vertices); a JSON list is checked and packed.
 */
export function coords(x: unknown, where: string): Float64Array {
  const ok = x instanceof Float64Array || Array.isArray(x);
  if (!ok) fail('coordinate', where, `is ${show(x)}, not a list of coordinates`);
  const a = x as ArrayLike<unknown>;
  if (a.length % 2 !== 0) fail('coordinate', where, `has ${a.length} numbers, not lon/lat pairs`);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    const lim = i % 2 === 0 ? 180 : 90;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < -lim || v > lim) {
      fail('coordinate', `${where}[${i}]`, `${i % 2 === 0 ? 'longitude' : 'latitude'} ${show(v)} is not a number in -${lim}..${lim}`);
    }
  }
  return x instanceof Float64Array ? x : Float64Array.from(a as ArrayLike<number>);
}

/** Rings of arc references (TopoJSON: ~i is arc i reversed), every one naming an arc below arcCount. */
export function polygons(x: unknown, where: string, arcCount: number): Polygon[] {
  return list(x, where, 'unit').map((p, i) =>
    list(p, `${where}[${i}]`, 'unit').map((r, j) => {
      const ring = list(r, `${where}[${i}][${j}]`, 'unit');
      if (ring.length === 0) fail('unit', `${where}[${i}][${j}]`, 'is an empty ring');
      return ring.map((ref, k) => {
        const w = `${where}[${i}][${j}][${k}]`;
        if (typeof ref !== 'number' || !Number.isInteger(ref)) fail('arc-reference', w, `${show(ref)} is not an arc reference`);
        const arc = ref < 0 ? ~ref : ref;
        if (arc >= arcCount) fail('arc-reference', w, `refers to arc ${arc}, but there are ${arcCount} arcs`);
        return ref;
      });
    }),
  );
}

const nullableText = (x: unknown, where: string, max: number): string | null => (x === null || x === undefined ? null : text(x, where, max, 'unit'));

function formedFrom(x: unknown, where: string): FormedFrom[] {
  return list(x ?? [], where, 'unit').map((f, i) => {
    const w = `${where}[${i}]`;
    const o = obj(f, w, 'unit');
    const kind = own(o, 'kind');
    if (kind !== 'full' && kind !== 'partial') fail('unit', `${w}.kind`, `is ${show(kind)}, not "full" or "partial"`);
    const province = nullableText(own(o, 'province'), `${w}.province`, LIMITS.text);
    return {
      code: text(own(o, 'code'), `${w}.code`, LIMITS.unitId, 'unit'),
      name: text(own(o, 'name'), `${w}.name`, LIMITS.text, 'unit'),
      kind,
      ...(province !== null ? { province } : {}),
    };
  });
}

/** JSON-like data (free attributes, settings): copied with own keys only, bounded in depth and size. */
export function plainData(x: unknown, where: string, code: BackupFaultCode, depth = 0): unknown {
  if (depth > LIMITS.depth) fail(code, where, `is nested deeper than ${LIMITS.depth} levels`);
  // undefined and NaN cannot come from JSON but may sit in a stored attribute: data, not damage.
  if (x === null || x === undefined || typeof x === 'boolean' || typeof x === 'number') return x;
  if (typeof x === 'string') return text(x, where, 1_000_000, code);
  if (Array.isArray(x)) return x.map((v, i) => plainData(v, `${where}[${i}]`, code, depth + 1));
  if (typeof x === 'object') {
    // fromEntries defines own data properties: a key "__proto__" stays a key (the import keeps such columns).
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plainData(v, `${where}.${k}`, code, depth + 1)]));
  }
  return fail(code, where, `is ${typeof x}, not data`);
}

export function unitAttrs(x: unknown, where: string): UnitAttrs {
  const o = obj(x, where, 'unit');
  const type = own(o, 'type') ?? null;
  if (type !== null && !UNIT_TYPES.includes(type as never)) fail('unit', `${where}.type`, `is ${show(type)}, not a unit type`);
  const area = own(o, 'officialAreaKm2') ?? null;
  return {
    code: text(own(o, 'code'), `${where}.code`, LIMITS.unitId, 'unit'),
    name: text(own(o, 'name'), `${where}.name`, LIMITS.text, 'unit'),
    fullName: text(own(o, 'fullName'), `${where}.fullName`, LIMITS.text, 'unit'),
    type: type as UnitAttrs['type'],
    provinceCode: nullableText(own(o, 'provinceCode'), `${where}.provinceCode`, LIMITS.unitId),
    officialAreaKm2: area === null ? null : finite(area, `${where}.officialAreaKm2`, 'unit'),
    formedFrom: formedFrom(own(o, 'formedFrom'), `${where}.formedFrom`),
    extra: obj(plainData(own(o, 'extra') ?? {}, `${where}.extra`, 'unit'), `${where}.extra`, 'unit') as Record<string, unknown>,
  };
}

export function storedUnit(x: unknown, where: string, arcCount: number): StoredUnit {
  const o = obj(x, where, 'unit');
  return {
    id: key(own(o, 'id'), `${where}.id`, 'unit', LIMITS.unitId),
    attrs: unitAttrs(own(o, 'attrs'), `${where}.attrs`),
    polygons: polygons(own(o, 'polygons'), `${where}.polygons`, arcCount),
  };
}
