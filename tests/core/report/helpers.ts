// Small inline coverages for the report tests (DESIGN.md habit 12: build, do not mock).
import type { Feature, Polygon } from 'geojson';
import { coverageFromFeatures, type Coverage } from '../../../src/core/model';

export function box(code: string, fullName: string, x0: number, y0: number, x1: number, y1: number, extra: Record<string, unknown> = {}): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name: fullName.replace(/^(Xã|Phường) /, ''), fullName, type: fullName.startsWith('Phường') ? 'phuong' : 'xa', ...extra },
    geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] },
  };
}

/**
 * 10003 across the top; 10001 (bottom left) and 10002 (bottom right) below it; the outside south and
 * west. 10001's corners: three faces meet at its NW (10001, 10003, outside), NE (10001, 10002, 10003)
 * and SE (10001, 10002, outside) corners; only two at its SW corner.
 */
export function tee(): Coverage {
  // 10003's bottom edge needs the vertex where 10001 and 10002 meet, or the borders would not be shared.
  const top = box('10003', 'Xã Bắc Hà', 106.0, 20.02, 106.04, 20.03);
  top.geometry.coordinates[0]!.splice(1, 0, [106.02, 20.02]);
  return coverageFromFeatures([
    box('10001', 'Xã Đông Hoà', 106.0, 20.0, 106.02, 20.02),
    box('10002', 'Phường Tây Sơn', 106.02, 20.0, 106.04, 20.02),
    top,
  ]);
}

/** 10001 with an island to its south-east, 10002 to the east of its main part. */
export function withIsland(): Coverage {
  const main = box('10001', 'Xã Đảo Ngọc', 106.0, 20.0, 106.02, 20.02);
  const geometry = {
    type: 'MultiPolygon' as const,
    coordinates: [main.geometry.coordinates, [[[106.03, 19.98], [106.035, 19.98], [106.035, 19.985], [106.03, 19.985], [106.03, 19.98]]]],
  };
  return coverageFromFeatures([{ ...main, geometry }, box('10002', 'Phường Tây Sơn', 106.02, 20.0, 106.04, 20.02)]);
}

export function snapshot(c: Coverage): string {
  return JSON.stringify({ arcs: c.arcs, units: [...c.units.entries()] });
}
