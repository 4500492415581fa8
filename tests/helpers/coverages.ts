// Tiny inline coverages for action tests (DESIGN.md habit 12: build, do not mock).
import type { Feature, Polygon } from 'geojson';
import { coverageFromFeatures, unitToFeature, type Coverage } from '../../src/core/model';
import { geometryAreaM2 } from '../../src/core/geom/geodesic';

export function rect(code: string, x0: number, y0: number, x1: number, y1: number): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name: `N${code}`, fullName: `Xã N${code}`, type: 'xa' },
    geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] },
  };
}

/** Three units in a row, 0.01° (≈1 km) tall: 10001 | 10002 | 10003. */
export function row(): Coverage {
  return coverageFromFeatures([
    rect('10001', 106, 20, 106.01, 20.01),
    rect('10002', 106.01, 20, 106.02, 20.01),
    rect('10003', 106.02, 20, 106.03, 20.01),
  ]);
}

export function unit(code: string, ring: [number, number][]): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name: `N${code}`, fullName: `Xã N${code}`, type: 'xa' },
    geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]!]] },
  };
}

/**
 * 10001 (west, 0.01° × 0.02°) | 10002 (south-east) and 10003 (north-east) above it: the three meet at
 * (106.01, 20.01). With `east`, 10004 lies east of 10002 (10002, 10003 and 10004 meet at (106.02, 20.01)).
 */
export function threeAtNode(east = false): Coverage {
  return coverageFromFeatures([
    unit('10001', [[106, 20], [106.01, 20], [106.01, 20.01], [106.01, 20.02], [106, 20.02]]),
    unit('10002', [[106.01, 20], [106.02, 20], [106.02, 20.01], [106.01, 20.01]]),
    unit('10003', east
      ? [[106.01, 20.01], [106.02, 20.01], [106.03, 20.01], [106.03, 20.02], [106.01, 20.02]]
      : [[106.01, 20.01], [106.02, 20.01], [106.02, 20.02], [106.01, 20.02]]),
    ...(east ? [unit('10004', [[106.02, 20], [106.03, 20], [106.03, 20.01], [106.02, 20.01]])] : []),
  ]);
}

export function areaOf(c: Coverage, id: string): number {
  return geometryAreaM2(unitToFeature(c, c.units.get(id)!).geometry);
}

export function totalArea(c: Coverage): number {
  let s = 0;
  for (const id of c.units.keys()) s += areaOf(c, id);
  return s;
}
