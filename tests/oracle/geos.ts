// GEOS (3.13, compiled to WebAssembly by geos-wasm) as the independent engine our checks are compared
// with. Test-only: the product never ships GEOS. It answers, for a list of polygonal features:
// which pairs overlap and by how much (each connected piece), which enclosed gaps the union has (holes
// of the union, and with an outline, outline minus union; the union with the lines GEOS collapses
// hairlines into), and which features are invalid.
// Areas are measured on the WGS84 ellipsoid with GeographicLib directly, not through our code.
import initGeosJs from 'geos-wasm';
import { geojsonToGeosGeom, geosGeomToGeojson } from 'geos-wasm/helpers';
import * as geographiclib from 'geographiclib-geodesic';
import type { Feature, Geometry, LineString, MultiPolygon, Polygon, Position } from 'geojson';

type Geos = Awaited<ReturnType<typeof initGeosJs>>;
type Ptr = number;

let geosPromise: Promise<Geos> | null = null;
export function loadGeos(): Promise<Geos> {
  geosPromise ??= initGeosJs();
  return geosPromise;
}

const lib = (geographiclib as unknown as { default?: typeof geographiclib }).default ?? geographiclib;
const WGS84 = lib.Geodesic.WGS84;

// GEOS's edges are straight in lon/lat; a geodesic between the same ends bows off that line (~2 mm over
// 460 m), percents of a 2 cm sliver's area. Edges are measured in steps of at most 0.0001° along the line.
function ringArea(ring: readonly Position[]): number {
  const p = WGS84.Polygon(false);
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x, y] = [ring[i]![0]!, ring[i]![1]!];
    const [dx, dy] = [ring[i + 1]![0]! - x, ring[i + 1]![1]! - y];
    const steps = Math.ceil(Math.max(Math.abs(dx), Math.abs(dy)) / 1e-4);
    p.AddPoint(y, x);
    for (let k = 1; k < steps; k++) p.AddPoint(y + (dy * k) / steps, x + (dx * k) / steps);
  }
  return Math.abs(p.Compute(false, true).area ?? 0);
}

function ringPerimeter(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += WGS84.Inverse(ring[i]![1]!, ring[i]![0]!, ring[i + 1]![1]!, ring[i + 1]![0]!).s12 ?? 0;
  return s;
}

export interface OraclePiece {
  /** Sorted codes of the units involved (an overlap's pair; the units bordering a gap over ≥ 10 cm). */
  readonly units: readonly string[];
  /** Gaps: every unit that comes within 0.1 mm of it (a superset of units). */
  readonly touching?: readonly string[];
  readonly areaM2: number;
  /** 2·area / perimeter, m (the same width estimate as ours, on GEOS's geometry). */
  readonly widthM: number;
  /** The same, with hairs of the piece left out of its perimeter (see widthsOf); at least widthM. */
  readonly widthWithoutHairsM: number;
  readonly polygon: Polygon;
  /** A point inside the piece (GEOS PointOnSurface). */
  readonly inside: [number, number];
}

export interface OracleResult {
  readonly overlaps: readonly OraclePiece[];
  readonly gaps: readonly OraclePiece[];
  /** Codes of features GEOS finds invalid, with its reason. */
  readonly invalid: ReadonlyMap<string, string>;
}

export type CodedFeature = Feature<Polygon | MultiPolygon, { code: string } & Record<string, unknown>>;

/** The polygons of a (possibly collection) GEOS geometry, as GeoJSON polygons. */
function polygonsOf(geos: Geos, g: Ptr): Polygon[] {
  const gj = geosGeomToGeojson(g, geos) as Geometry;
  const out: Polygon[] = [];
  const visit = (x: Geometry) => {
    if (x.type === 'Polygon') out.push(x);
    else if (x.type === 'MultiPolygon') for (const c of x.coordinates) out.push({ type: 'Polygon', coordinates: c });
    else if (x.type === 'GeometryCollection') x.geometries.forEach(visit);
  };
  visit(gj);
  return out;
}

/** The lines of a GEOS result (OverlayNG keeps a part that collapsed to zero width as a line). */
function linesOf(geos: Geos, g: Ptr): LineString[] {
  const out: LineString[] = [];
  const visit = (x: Geometry) => {
    // Empty lines (a collection may hold them) are left out: the helper cannot write them back.
    if (x.type === 'LineString') {
      if (x.coordinates.length >= 2) out.push(x);
    } else if (x.type === 'MultiLineString') {
      for (const c of x.coordinates) if (c.length >= 2) out.push({ type: 'LineString', coordinates: c });
    } else if (x.type === 'GeometryCollection') x.geometries.forEach(visit);
  };
  visit(geosGeomToGeojson(g, geos) as Geometry);
  return out;
}

/**
 * The polygons of `area` cut apart by `lines`: the faces of its boundary and the lines, noded and
 * polygonized, that lie in it. Lines that cut nothing off (dangles) leave it whole.
 */
function cutBy(geos: Geos, s: Scope, area: Ptr, lines: readonly LineString[]): Polygon[] {
  if (lines.length === 0) return polygonsOf(geos, area);
  const edges = s.keep(geojsonToGeosGeom({ type: 'GeometryCollection', geometries: [geosGeomToGeojson(s.keep(geos.GEOSBoundary(area)), geos) as Geometry, ...lines] }, geos));
  // GEOSPolygonize takes an array of geometries (a pointer to pointers in the WebAssembly memory).
  const list = geos.Module._malloc(4);
  let faces: Polygon[];
  try {
    // Emscripten's setValue is (ptr, value, type); geos-wasm's typings swap the last two.
    (geos.Module.setValue as unknown as (ptr: number, value: number, type: string) => void)(list, s.keep(geos.GEOSUnaryUnion(edges)), 'i32');
    faces = polygonsOf(geos, s.keep(geos.GEOSPolygonize(list, 1)));
  } finally {
    geos.Module._free(list);
  }
  const prepared = geos.GEOSPrepare(area);
  try {
    return faces.filter((f) => geos.GEOSPreparedContains(prepared, s.keep(geojsonToGeosGeom({ type: 'Point', coordinates: pointOnSurface(geos, s, f) }, geos))) === 1);
  } finally {
    geos.GEOSPreparedGeom_destroy(prepared);
  }
}

/** A fold narrower than this (in degrees, ≈ 0.1 mm) is a hairline: a line, for GEOS and for us. */
const FOLD_WIDTH = 1e-9;

/**
 * The hairlines of the units' rings: where a ring runs out and back along itself (a spike whose two
 * sides lie within FOLD_WIDTH), the stretch both sides cover. GEOS's union may drop such a spike without
 * returning it as a line (seeds 759, 1195: a 1.6e-15°-wide spike across the mouth of a shrink strip); it
 * is still part of the unit's boundary and closes the strip it spans, as the lines GEOS does return do.
 */
function folds(features: readonly CodedFeature[]): LineString[] {
  const out: LineString[] = [];
  for (const f of features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const ring of polys.flat()) {
      // Without repeated vertices, and closed as a cycle.
      const pts = ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1]);
      if (pts.length > 1 && pts[0]![0] === pts.at(-1)![0] && pts[0]![1] === pts.at(-1)![1]) pts.pop();
      const n = pts.length;
      if (n < 3) continue;
      for (let i = 0; i < n; i++) {
        const p = pts[(i - 1 + n) % n]!;
        const v = pts[i]!;
        const q = pts[(i + 1) % n]!;
        const ax = v[0]! - p[0]!, ay = v[1]! - p[1]!, bx = q[0]! - v[0]!, by = q[1]! - v[1]!;
        if (ax * bx + ay * by >= 0) continue; // no reversal at v
        const la = Math.hypot(ax, ay);
        const lb = Math.hypot(bx, by);
        // The shorter leg's far end, and its distance from the longer leg's line.
        const [end, lateral] = la < lb ? [p, Math.abs(ax * by - ay * bx) / lb] : [q, Math.abs(ax * by - ay * bx) / la];
        if (lateral > FOLD_WIDTH) continue;
        out.push({ type: 'LineString', coordinates: [[end[0]!, end[1]!], [v[0]!, v[1]!]] });
      }
    }
  }
  return out;
}

function measure(p: Polygon): { areaM2: number; perimeterM: number } {
  let a = 0;
  let per = 0;
  p.coordinates.forEach((r, i) => {
    a += (i === 0 ? 1 : -1) * ringArea(r);
    per += ringPerimeter(r);
  });
  return { areaM2: Math.max(0, a), perimeterM: per };
}

function bboxOf(g: Polygon | MultiPolygon): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polys) for (const ring of poly) for (const p of ring) {
    if (p[0]! < b[0]) b[0] = p[0]!;
    if (p[1]! < b[1]) b[1] = p[1]!;
    if (p[0]! > b[2]) b[2] = p[0]!;
    if (p[1]! > b[3]) b[3] = p[1]!;
  }
  return b;
}

export class Scope {
  private readonly ptrs: Ptr[] = [];
  constructor(private readonly geos: Geos) {}
  keep(p: Ptr): Ptr {
    if (!p) throw new Error('GEOS returned null (a TopologyException or invalid input)');
    this.ptrs.push(p);
    return p;
  }
  free(): void {
    for (const p of this.ptrs) this.geos.GEOSGeom_destroy(p);
    this.ptrs.length = 0;
  }
}

/** Half the width of the hairs an opening trims, in degrees (about 5 mm). */
const HAIR_DEG = 4.5e-8;

/**
 * Mean width of a piece, 2·area/perimeter, read twice: with the piece's own perimeter, and with the
 * perimeter of its morphological opening (shrink by a hair, grow back), which leaves out hairs: wedges
 * under about a centimetre wide hanging off the piece where two edges meet at a tiny angle over tens of
 * metres. A hair has next to no area but adds twice its length to the perimeter, so a 2 m² piece 0.34 m
 * wide with a 47 m hair reads 0.04 m wide. Whether a hair stays attached to its piece at a vertex or
 * comes off as a piece of its own is a matter of noding a hair differently: either reading is fair.
 */
function widthsOf(geos: Geos, s: Scope, p: Polygon, m: { areaM2: number; perimeterM: number }): { widthM: number; widthWithoutHairsM: number } {
  const width = (perimeterM: number) => (perimeterM > 0 ? (2 * m.areaM2) / perimeterM : 0);
  const g = s.keep(geojsonToGeosGeom(p, geos));
  const opened = polygonsOf(geos, s.keep(geos.GEOSBuffer(s.keep(geos.GEOSBuffer(g, -HAIR_DEG, 8)), HAIR_DEG, 8)));
  const openedPerimeterM = opened.reduce((t, q) => t + measure(q).perimeterM, 0);
  // A piece that is all hair keeps its own reading.
  return { widthM: width(m.perimeterM), widthWithoutHairsM: openedPerimeterM > 0 ? width(Math.min(openedPerimeterM, m.perimeterM)) : width(m.perimeterM) };
}

function pointOnSurface(geos: Geos, s: Scope, p: Polygon): [number, number] {
  const g = s.keep(geojsonToGeosGeom(p, geos));
  const pt = geosGeomToGeojson(s.keep(geos.GEOSPointOnSurface(g)), geos) as { coordinates: number[] };
  return [pt.coordinates[0]!, pt.coordinates[1]!];
}

function withinDistance(geos: Geos, a: Ptr, b: Ptr, d: number): boolean {
  const ptr = geos.Module._malloc(8);
  try {
    geos.GEOSDistance(a, b, ptr);
    return geos.Module.getValue(ptr, 'double') <= d;
  } finally {
    geos.Module._free(ptr);
  }
}

export function lengthOf(geos: Geos, g: Ptr): number {
  const ptr = geos.Module._malloc(8);
  try {
    geos.GEOSLength(g, ptr);
    return geos.Module.getValue(ptr, 'double');
  } finally {
    geos.Module._free(ptr);
  }
}

function validityReason(geos: Geos, g: Ptr): string | null {
  if (geos.GEOSisValid(g) === 1) return null;
  const ptr = geos.GEOSisValidReason(g) as unknown as number;
  const text = geos.Module.UTF8ToString(ptr);
  geos.GEOSFree(ptr);
  return text;
}

/**
 * Overlaps (pairwise intersections, one piece per polygon of the result), gaps (holes of the union, plus
 * outline minus union when an outline is given) and invalid features. Invalid features are repaired
 * with GEOSMakeValid before the overlay, as a reviewer running GEOS would have to.
 */
export async function oracle(features: readonly CodedFeature[], outline?: Polygon | MultiPolygon): Promise<OracleResult> {
  const geos = await loadGeos();
  const s = new Scope(geos);
  try {
    const invalid = new Map<string, string>();
    const geoms = features.map((f) => {
      let g = s.keep(geojsonToGeosGeom(f.geometry, geos));
      const why = validityReason(geos, g);
      if (why !== null) {
        invalid.set(f.properties.code, why);
        // MakeValid may return a collection with lines in it: keep its polygons.
        const polys = polygonsOf(geos, s.keep(geos.GEOSMakeValid(g)));
        g = s.keep(geojsonToGeosGeom({ type: 'MultiPolygon', coordinates: polys.map((p) => p.coordinates) }, geos));
      }
      return g;
    });
    const boxes = features.map((f) => bboxOf(f.geometry));
    const overlaps: OraclePiece[] = [];
    for (let i = 0; i < features.length; i++) {
      for (let j = i + 1; j < features.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (a[0] > b[2] || b[0] > a[2] || a[1] > b[3] || b[1] > a[3]) continue;
        if (geos.GEOSIntersects(geoms[i]!, geoms[j]!) !== 1) continue;
        const inter = s.keep(geos.GEOSIntersection(geoms[i]!, geoms[j]!));
        const units = [features[i]!.properties.code, features[j]!.properties.code].sort();
        for (const p of polygonsOf(geos, inter)) {
          const m = measure(p);
          if (m.areaM2 <= 0) continue;
          overlaps.push({ units, areaM2: m.areaM2, ...widthsOf(geos, s, p, m), polygon: p, inside: pointOnSurface(geos, s, p) });
        }
      }
    }
    const collection = s.keep(geojsonToGeosGeom({ type: 'GeometryCollection', geometries: features.map((f) => f.geometry) }, geos));
    const repaired = invalid.size > 0 ? s.keep(geos.GEOSMakeValid(collection)) : collection;
    const union = s.keep(geos.GEOSUnaryUnion(repaired));
    // When its exact noding fails, GEOS's overlay snaps (within about 1e-10°) and collapses a hairline of
    // a unit narrower than that into a line, which it returns beside the polygons. The line is part of the
    // union: where it spans a strip's mouth (as the spikes GEOS's own buffered differences leave at the
    // ends of a shrink strip do), the strip is enclosed, as it is when the noding is exact and the hairline
    // stays a polygon. The unary union drops such lines; uniting the units one at a time keeps them, and
    // the complement is cut along them (seeds 5157, 10222).
    const collapsed: LineString[] = folds(features);
    let acc = geoms[0];
    for (let i = 1; acc !== undefined && i < geoms.length; i++) {
      const u = s.keep(geos.GEOSUnion(acc, geoms[i]!));
      collapsed.push(...linesOf(geos, u));
      // Without the empty polygons a collection may hold: the helper cannot write them back.
      const kept = polygonsOf(geos, u).filter((p) => (p.coordinates[0]?.length ?? 0) >= 4);
      acc = s.keep(geojsonToGeosGeom({ type: 'MultiPolygon', coordinates: kept.map((p) => p.coordinates) }, geos));
    }
    // Enclosed gaps are the bounded parts of the complement: a box around everything minus the union,
    // without the part that reaches the box. (Holes of the union's polygons are not enough: two units
    // touching at two points enclose land that lies in no polygon's hole.)
    let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
    for (const b of boxes) {
      bx0 = Math.min(bx0, b[0]);
      by0 = Math.min(by0, b[1]);
      bx1 = Math.max(bx1, b[2]);
      by1 = Math.max(by1, b[3]);
    }
    const box: Polygon = { type: 'Polygon', coordinates: [[[bx0 - 0.01, by0 - 0.01], [bx1 + 0.01, by0 - 0.01], [bx1 + 0.01, by1 + 0.01], [bx0 - 0.01, by1 + 0.01], [bx0 - 0.01, by0 - 0.01]]] };
    const complement = cutBy(geos, s, s.keep(geos.GEOSDifference(s.keep(geojsonToGeosGeom(box, geos)), union)), collapsed);
    const holes: Polygon[] = complement
      .filter((p) => !p.coordinates[0]!.some((q) => q[0] === bx0 - 0.01 || q[0] === bx1 + 0.01))
      .map((p) => ({ type: 'Polygon', coordinates: [p.coordinates[0]!] }));
    // Islands of the union inside a gap are holes of the gap polygon: keep them.
    for (const h of holes) {
      const full = complement.find((p) => p.coordinates[0] === h.coordinates[0]);
      if (full) h.coordinates.push(...full.coordinates.slice(1));
    }
    if (outline) {
      // Outline minus union already holds the enclosed gaps inside the outline: keep only the others.
      const o = s.keep(geojsonToGeosGeom(outline, geos));
      const prepared = geos.GEOSPrepare(o);
      const outsideOutline = holes.filter((h) => {
        const pt = s.keep(geojsonToGeosGeom({ type: 'Point', coordinates: pointOnSurface(geos, s, h) }, geos));
        return geos.GEOSPreparedContains(prepared, pt) !== 1;
      });
      geos.GEOSPreparedGeom_destroy(prepared);
      holes.length = 0;
      holes.push(...outsideOutline, ...cutBy(geos, s, s.keep(geos.GEOSDifference(o, union)), collapsed));
    }
    const gaps: OraclePiece[] = [];
    for (const p of holes) {
      const m = measure(p);
      if (m.areaM2 <= 0) continue;
      const g = s.keep(geojsonToGeosGeom(p, geos));
      const near = s.keep(geos.GEOSBuffer(s.keep(geos.GEOSBoundary(g)), 1e-9, 2));
      const gb = bboxOf(p);
      const around: string[] = [];
      const touching: string[] = [];
      features.forEach((f, i) => {
        const b = boxes[i]!;
        if (b[0] > gb[2] || gb[0] > b[2] || b[1] > gb[3] || gb[1] > b[3]) return;
        // The gap's ring comes out of GEOS's own noding, so "borders it" is read with a margin: a unit
        // borders the gap when its boundary runs within 1e-9° (0.1 mm) of the gap's over more than
        // 1e-6° (≈ 10 cm); it touches the gap when it comes within 1e-9° at all.
        if (!withinDistance(geos, geoms[i]!, g, 1e-9)) return;
        touching.push(f.properties.code);
        const common = s.keep(geos.GEOSIntersection(s.keep(geos.GEOSBoundary(geoms[i]!)), near));
        if (lengthOf(geos, common) > 1e-6) around.push(f.properties.code);
      });
      gaps.push({ units: around.sort(), touching: touching.sort(), areaM2: m.areaM2, ...widthsOf(geos, s, p, m), polygon: p, inside: pointOnSurface(geos, s, p) });
    }
    return { overlaps, gaps, invalid };
  } finally {
    s.free();
  }
}

/** GEOS buffer of a geometry by `metres` (negative shrinks), in degrees scaled at the geometry's latitude. */
export async function bufferM(g: Polygon | MultiPolygon, metres: number): Promise<Polygon | MultiPolygon | null> {
  const geos = await loadGeos();
  const s = new Scope(geos);
  try {
    const b = bboxOf(g);
    const lat = ((b[1] + b[3]) / 2) * (Math.PI / 180);
    // Buffer in a local frame where one unit is one metre both ways, then map back.
    const k = 111_320;
    const toLocal = (p: Position) => [(p[0]! - b[0]) * k * Math.cos(lat), (p[1]! - b[1]) * k];
    const fromLocal = (p: Position) => [b[0] + p[0]! / (k * Math.cos(lat)), b[1] + p[1]! / k];
    const mapGeom = (x: Polygon | MultiPolygon, f: (p: Position) => number[]): Polygon | MultiPolygon =>
      x.type === 'Polygon'
        ? { type: 'Polygon', coordinates: x.coordinates.map((r) => r.map(f)) }
        : { type: 'MultiPolygon', coordinates: x.coordinates.map((pp) => pp.map((r) => r.map(f))) };
    const local = s.keep(geojsonToGeosGeom(mapGeom(g, toLocal), geos));
    const out = polygonsOf(geos, s.keep(geos.GEOSBuffer(local, metres, 8)));
    if (out.length === 0) return null;
    const mp: MultiPolygon = { type: 'MultiPolygon', coordinates: out.map((p) => p.coordinates) };
    return mapGeom(mp, fromLocal);
  } finally {
    s.free();
  }
}

/** A boolean operation of GEOS on two geometries; null when the result has no area. */
export async function booleanOp(op: 'union' | 'intersection' | 'difference', a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): Promise<MultiPolygon | null> {
  const geos = await loadGeos();
  const s = new Scope(geos);
  try {
    const ga = s.keep(geojsonToGeosGeom(a, geos));
    const gb = s.keep(geojsonToGeosGeom(b, geos));
    const r = s.keep(op === 'union' ? geos.GEOSUnion(ga, gb) : op === 'intersection' ? geos.GEOSIntersection(ga, gb) : geos.GEOSDifference(ga, gb));
    const polys = polygonsOf(geos, r);
    return polys.length === 0 ? null : { type: 'MultiPolygon', coordinates: polys.map((p) => p.coordinates) };
  } finally {
    s.free();
  }
}

/** The dissolved outline of the features (GEOS unary union). */
export async function dissolve(features: readonly CodedFeature[]): Promise<MultiPolygon> {
  const geos = await loadGeos();
  const s = new Scope(geos);
  try {
    const c = s.keep(geojsonToGeosGeom({ type: 'GeometryCollection', geometries: features.map((f) => f.geometry) }, geos));
    const polys = polygonsOf(geos, s.keep(geos.GEOSUnaryUnion(c)));
    return { type: 'MultiPolygon', coordinates: polys.map((p) => p.coordinates) };
  } finally {
    s.free();
  }
}
