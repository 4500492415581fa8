// The characteristic points (điểm đặc trưng) of a unit's boundary, as a boundary record lists them
// (Thông tư 48/2014/TT-BTNMT):
// - nodes where three or more faces meet on the unit's rings. Faces are units, plus the outside of the
//   coverage wherever an arc is used by one unit only, so the point where two units' border reaches the
//   province edge (or the coast) counts: the unit, its neighbour and the outside meet there;
// - boundary markers (mốc) the user placed on the unit's border.
// Numbering: rings in record order (largest polygon first, shell before holes), each ring walked
// clockwise as seen on the map from its northernmost point (westernmost among equals); see ring-walk.ts.
//
// Grid coordinates come from a converter the caller injects (core does not know VN-2000's parameters;
// io/vn2000.ts does). It returns [easting, northing] in metres, like io's wgs84ToVn2000 with axis 'en';
// the record follows the Vietnamese survey convention X = northing, Y = easting, rounded to 0.01 m.
import type { Coverage, Position } from '../model/types';
import { GAP, OUTSIDE } from './faces-across';
import { stationNumbers, walkUnit, type Station, type WalkedRing, type WalkOptions } from './ring-walk';

export type { BoundaryMarker } from './ring-walk';

/** [lon, lat] WGS84 → [easting, northing] in metres of the record's grid (e.g. VN-2000 TM-3). */
export type GridConverter = (lonLat: Position) => readonly [number, number];

export interface CharacteristicPoint {
  /** 1-based number in walk order. */
  readonly number: number;
  readonly kind: 'node' | 'marker';
  readonly lon: number;
  readonly lat: number;
  /** Northing (X in the Vietnamese convention), m, 0.01 m; null without a grid converter. */
  readonly x: number | null;
  /** Easting (Y), m, 0.01 m; null without a grid converter. */
  readonly y: number | null;
  /** Ids of the units meeting here, sorted (this unit included). */
  readonly units: readonly string[];
  /** True when the outside of the coverage (province edge, coast, unmatched border) meets here too. */
  readonly outside: boolean;
  /** True when a gap (land no unit covers, enclosed by units) meets here too. */
  readonly gap: boolean;
  /** The user's marker at this point; a marker placed on a node keeps kind 'node'. */
  readonly marker: { readonly id: string; readonly name: string } | null;
  /** Index of the ring in walk order (0 = the main shell); the first ring met on when rings share it. */
  readonly ring: number;
}

export interface PointOptions extends WalkOptions {
  readonly toGrid?: GridConverter;
}

const cm = (v: number) => Math.round(v * 100) / 100;

/** Points of already walked rings, numbered from 1 across rings in walk order (stationNumbers). */
export function numberPoints(walk: readonly WalkedRing[], toGrid?: GridConverter): CharacteristicPoint[] {
  const numbers = stationNumbers(walk);
  const out: CharacteristicPoint[] = [];
  // A point met on several rings: the faces of all, a node if any is, the marker placed on any.
  const faces = new Map<number, Set<string>>();
  const node = new Set<number>();
  const markers = new Map<number, NonNullable<Station['marker']>>();
  walk.forEach((ring, r) =>
    ring.stations.forEach((s, k) => {
      const n = numbers[r]![k]!;
      faces.set(n, new Set([...(faces.get(n) ?? []), ...s.faces]));
      if (s.node) node.add(n);
      if (s.marker && !markers.has(n)) markers.set(n, s.marker);
    }),
  );
  walk.forEach((ring, r) => {
    ring.stations.forEach((s, k) => {
      const n = numbers[r]![k]!;
      if (n <= out.length) return; // numbered on an earlier ring
      const p = ring.vertices[s.index]!;
      const grid = toGrid ? toGrid(p) : null;
      const all = faces.get(n)!;
      const marker = markers.get(n) ?? null;
      out.push({
        number: n,
        kind: node.has(n) ? 'node' : 'marker',
        lon: p[0],
        lat: p[1],
        x: grid ? cm(grid[1]) : null,
        y: grid ? cm(grid[0]) : null,
        units: [...all].filter((f) => f !== OUTSIDE && f !== GAP).sort(),
        outside: all.has(OUTSIDE),
        gap: all.has(GAP),
        marker: marker ? { id: marker.id, name: marker.name } : null,
        ring: r,
      });
    });
  });
  return out;
}

export function characteristicPoints(c: Coverage, unitId: string, options: PointOptions = {}): CharacteristicPoint[] {
  return numberPoints(walkUnit(c, unitId, options), options.toGrid);
}
