// GEOS's reading of a unit's borders, for the boundary record: for each other unit, how much of this
// unit's boundary runs within a tolerance of it (length of boundary ∩ buffer(neighbour)), how much runs
// along nothing (the outside), and where those stretches end (the points where the face across
// changes). Measured in UTM on GEOS's geometry, with no code of ours in the way: an independent
// computation from the GeoJSON alone.
import proj4 from 'proj4';
import { geojsonToGeosGeom, geosGeomToGeojson } from 'geos-wasm/helpers';
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { lengthOf, loadGeos, Scope } from './geos';

export interface GeosBorders {
  /** Neighbour code → metres of common border; 'outside' → metres along no unit. */
  readonly lengths: ReadonlyMap<string, number>;
  /**
   * Neighbour code → metres of that border that also lie within the tolerance of another neighbour
   * (near a junction where two borders meet at a shallow angle both buffers hold the boundary): the
   * record may give that part to either, so its length for the neighbour lies in
   * [lengths − ambiguous, lengths].
   */
  readonly ambiguous: ReadonlyMap<string, number>;
  /** Ends of the stretches longer than 2 × the tolerance, [lon, lat], with the stretch's neighbour code. */
  readonly ends: readonly { readonly at: Position; readonly code: string }[];
  /** For each probe point given: neighbour code → distance (m) from the probe to that unit's boundary. */
  readonly probes: readonly ReadonlyMap<string, number>[];
  /** GEOS's validity of the unit: the record of an invalid unit is not compared. */
  readonly valid: boolean;
  /** 2 · area / perimeter of the unit, m: below a few tolerances both sides lie in one buffer. */
  readonly widthM: number;
}

type Coded = Feature<Polygon | MultiPolygon, Record<string, unknown>>;

function project(g: Polygon | MultiPolygon, f: (p: Position) => Position): Polygon | MultiPolygon {
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(f)) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((pp) => pp.map((r) => r.map(f))) };
}

function lines(g: Geometry): Position[][] {
  if (g.type === 'LineString') return [g.coordinates];
  if (g.type === 'MultiLineString') return g.coordinates;
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(lines);
  return [];
}

function bbox(g: Polygon | MultiPolygon): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  for (const r of rings) for (const p of r) {
    b[0] = Math.min(b[0], p[0]!); b[1] = Math.min(b[1], p[1]!);
    b[2] = Math.max(b[2], p[0]!); b[3] = Math.max(b[3], p[1]!);
  }
  return b;
}

export async function geosBorders(
  features: readonly Coded[],
  code: string,
  toleranceM: number,
  probePoints: readonly Position[] = [],
  codeField = 'code',
): Promise<GeosBorders> {
  const geos = await loadGeos();
  const s = new Scope(geos);
  try {
    const subject = features.find((f) => String(f.properties?.[codeField]) === code);
    if (!subject) throw new Error(`no unit ${code}`);
    const b = bbox(subject.geometry);
    const zone = Math.floor(((b[0] + b[2]) / 2 + 180) / 6) + 1;
    const utm = proj4('EPSG:4326', `+proj=utm +zone=${zone} +datum=WGS84 +units=m +no_defs`);
    const fwd = (p: Position) => utm.forward([p[0]!, p[1]!]);
    const inv = (p: Position) => utm.inverse([p[0]!, p[1]!]);
    const pad = (toleranceM * 2) / 111_000;
    const shape = s.keep(geojsonToGeosGeom(project(subject.geometry, fwd), geos));
    const valid = geos.GEOSisValid(shape) === 1;
    const areaPtr = geos.Module._malloc(8);
    geos.GEOSArea(shape, areaPtr);
    const widthM = (2 * geos.Module.getValue(areaPtr, 'double')) / lengthOf(geos, shape);
    geos.Module._free(areaPtr);
    const boundary = s.keep(geos.GEOSBoundary(shape));
    const lengths = new Map<string, number>();
    const ambiguous = new Map<string, number>();
    const pieces: { code: string; piece: number; buffer: number }[] = [];
    const probes = probePoints.map(() => new Map<string, number>());
    const probeGeoms = probePoints.map((p) => s.keep(geojsonToGeosGeom({ type: 'Point', coordinates: fwd(p) }, geos)));
    const dist = geos.Module._malloc(8);
    const ends: { at: Position; code: string }[] = [];
    const buffers: number[] = [];
    const collectEnds = (piece: number, of: string) => {
      const merged = s.keep(geos.GEOSLineMerge(piece));
      for (const l of lines(geosGeomToGeojson(merged, geos) as Geometry)) {
        const first = l[0]!, last = l[l.length - 1]!;
        if (first[0] === last[0] && first[1] === last[1]) continue;
        let len = 0;
        for (let i = 0; i + 1 < l.length; i++) len += Math.hypot(l[i + 1]![0]! - l[i]![0]!, l[i + 1]![1]! - l[i]![1]!);
        if (len > 2 * toleranceM) ends.push({ at: inv(first), code: of }, { at: inv(last), code: of });
      }
    };
    for (const f of features) {
      const other = String(f.properties?.[codeField]);
      if (other === code) continue;
      const o = bbox(f.geometry);
      if (o[0] > b[2] + pad || b[0] > o[2] + pad || o[1] > b[3] + pad || b[1] > o[3] + pad) continue;
      const shapeOther = s.keep(geojsonToGeosGeom(project(f.geometry, fwd), geos));
      const buffer = s.keep(geos.GEOSBuffer(shapeOther, toleranceM, 8));
      const outline = s.keep(geos.GEOSBoundary(shapeOther));
      probeGeoms.forEach((g, i) => {
        geos.GEOSDistance(g, outline, dist);
        probes[i]!.set(other, geos.Module.getValue(dist, 'double'));
      });
      buffers.push(buffer);
      const piece = s.keep(geos.GEOSIntersection(boundary, buffer));
      const len = lengthOf(geos, piece);
      if (len > 0) {
        lengths.set(other, len);
        pieces.push({ code: other, piece, buffer });
        collectEnds(piece, other);
      }
    }
    geos.Module._free(dist);
    for (const x of pieces) {
      let shared = 0;
      for (const y of pieces) if (y !== x) shared += lengthOf(geos, s.keep(geos.GEOSIntersection(x.piece, y.buffer)));
      ambiguous.set(x.code, shared);
    }
    let outside = boundary;
    for (const buf of buffers) outside = s.keep(geos.GEOSDifference(outside, buf));
    const outLen = lengthOf(geos, outside);
    if (outLen > 0) {
      lengths.set('outside', outLen);
      collectEnds(outside, 'outside');
    }
    return { lengths, ambiguous, ends, probes, valid, widthM };
  } finally {
    s.free();
  }
}
