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

export function areaOf(c: Coverage, id: string): number {
  return geometryAreaM2(unitToFeature(c, c.units.get(id)!).geometry);
}

export function totalArea(c: Coverage): number {
  let s = 0;
  for (const id of c.units.keys()) s += areaOf(c, id);
  return s;
}
