// Areas and lengths on the WGS84 ellipsoid (GeographicLib, Karney 2013). Turf's area is spherical and
// off by up to ~0.5 % at Vietnam's latitudes; official areas are ellipsoidal, so we measure the same way.
import * as geographiclib from 'geographiclib-geodesic';
import type { MultiPolygon, Polygon } from 'geojson';

type Pos = readonly number[];

// Node's ESM loader cannot see the named exports of this minified UMD bundle (the CLI runs under Node),
// bundlers can: take them from the CommonJS default when there is one.
const lib = (geographiclib as unknown as { default?: typeof geographiclib }).default ?? geographiclib;
const { Geodesic } = lib;
const WGS84 = Geodesic.WGS84;

/**
 * Longest edge measured as one geodesic, in degrees (≈ 55 m). Edges are straight in lon/lat (GeoJSON, the
 * overlay, GEOS); the geodesic between the same ends bows off that line, ~2 mm over 460 m at 22° N. On a
 * 2 cm-wide sliver along such an edge that is percents of its area, and it changed with where the overlay
 * split the edge (a node on it): longer edges are measured in steps along the line.
 */
const STEP_DEG = 0.0005;

/** Unsigned area in m² of a closed ring of [lon, lat] positions (closing position optional). */
export function ringAreaM2(ring: readonly Pos[]): number {
  const poly = WGS84.Polygon(false);
  const n = ring.length;
  const closed = n > 1 && ring[0]![0] === ring[n - 1]![0] && ring[0]![1] === ring[n - 1]![1];
  const last = closed ? n - 1 : n;
  if (last < 3) return 0;
  for (let i = 0; i < last; i++) {
    const x = ring[i]![0]!, y = ring[i]![1]!;
    poly.AddPoint(y, x);
    const next = ring[(i + 1) % last]!;
    const dx = next[0]! - x, dy = next[1]! - y;
    const steps = Math.ceil(Math.max(Math.abs(dx), Math.abs(dy)) / STEP_DEG);
    for (let k = 1; k < steps; k++) poly.AddPoint(y + (dy * k) / steps, x + (dx * k) / steps);
  }
  return Math.abs(poly.Compute(false, true).area ?? 0);
}

/** Shell minus holes, m². */
export function polygonAreaM2(rings: readonly (readonly Pos[])[]): number {
  let area = 0;
  rings.forEach((ring, i) => {
    area += i === 0 ? ringAreaM2(ring) : -ringAreaM2(ring);
  });
  return area;
}

export function geometryAreaM2(g: Polygon | MultiPolygon): number {
  if (g.type === 'Polygon') return polygonAreaM2(g.coordinates);
  return g.coordinates.reduce((sum, p) => sum + polygonAreaM2(p), 0);
}

/** Geodesic distance in metres between two [lon, lat] positions. */
export function distanceM(a: Pos, b: Pos): number {
  return WGS84.Inverse(a[1]!, a[0]!, b[1]!, b[0]!, Geodesic.DISTANCE).s12 ?? 0;
}

/** Geodesic length in metres of a polyline. */
export function lineLengthM(line: readonly Pos[]): number {
  let len = 0;
  for (let i = 1; i < line.length; i++) len += distanceM(line[i - 1]!, line[i]!);
  return len;
}

/** Geodesic length in metres of every ring of a (multi)polygon, holes included. */
export function geometryPerimeterM(g: Polygon | MultiPolygon): number {
  let s = 0;
  for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) for (const ring of poly) s += lineLengthM(ring);
  return s;
}
