// Rule: gap against a reference outline (the --outline option): outline minus the union of the units,
// one issue per polygon of the difference (details.source = 'outline'). The union comes from
// topojson-client's merge of the coverage (cheap on a coincident topology); the difference from Turf,
// run once per check on the outline and the union. Holes of the union inside the outline are part of
// the difference, so the validator drops its own gap issues that the outline covers.
import { merge } from 'topojson-client';
import { difference, featureCollection, feature } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Topology, MultiPolygon as TopoMultiPolygon } from 'topojson-specification';
import type { Coverage } from '../model';
import { lineLengthM, polygonAreaM2 } from '../geom/geodesic';
import { pointInPolygon } from '../geom/point-in-ring';
import { widthM } from '../geom/width';
import { issueId, type ValidationIssue } from '../validation/issue';
import { isSliver } from './sliver';
import { sortedCodes } from './unit-codes';

function unionOf(c: Coverage): MultiPolygon {
  const geometries: TopoMultiPolygon[] = [...c.units.values()].map((u) => ({ type: 'MultiPolygon', arcs: u.polygons as number[][][] }));
  const topo: Topology = { type: 'Topology', arcs: c.arcs as unknown as Topology['arcs'], objects: {} };
  return merge(topo, geometries) as MultiPolygon;
}

function polygonsOf(g: Polygon | MultiPolygon): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function outlineGapIssues(
  c: Coverage,
  outline: Polygon | MultiPolygon,
  toleranceM: number,
): { issues: ValidationIssue[]; covers: (p: readonly [number, number]) => boolean } {
  const covers = (p: readonly [number, number]) => polygonsOf(outline).some((poly) => pointInPolygon(p[0], p[1], poly));
  const union = unionOf(c);
  const diff = union.coordinates.length === 0 ? feature(outline) : difference(featureCollection([feature(outline), feature(union)]));
  if (!diff) return { issues: [], covers };
  const boxes = [...c.units.values()].map((u) => {
    const b = [Infinity, Infinity, -Infinity, -Infinity];
    for (const poly of u.polygons) {
      for (const ref of poly[0] ?? []) {
        for (const p of c.arcs[ref < 0 ? ~ref : ref]!) {
          b[0] = Math.min(b[0]!, p[0]);
          b[1] = Math.min(b[1]!, p[1]);
          b[2] = Math.max(b[2]!, p[0]);
          b[3] = Math.max(b[3]!, p[1]);
        }
      }
    }
    return { id: u.id, b };
  });
  const issues: ValidationIssue[] = [];
  for (const poly of polygonsOf(diff.geometry)) {
    const area = polygonAreaM2(poly);
    if (!(area > 0)) continue;
    const perimeter = poly.reduce((s, r) => s + lineLengthM(r), 0);
    const w = widthM(area, perimeter);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const p of poly[0]!) {
      minX = Math.min(minX, p[0]!);
      minY = Math.min(minY, p[1]!);
      maxX = Math.max(maxX, p[0]!);
      maxY = Math.max(maxY, p[1]!);
    }
    const ids = boxes.filter(({ b }) => b[0]! <= maxX && b[2]! >= minX && b[1]! <= maxY && b[3]! >= minY).map((x) => x.id);
    const at: [number, number] = [poly[0]![0]![0]!, poly[0]![0]![1]!];
    const units = sortedCodes(c, ids);
    const sliver = isSliver(w, toleranceM);
    const kind = sliver ? 'sliver' : 'gap';
    issues.push({
      id: issueId(kind, units, at, 'outline'),
      kind,
      severity: sliver ? 'warning' : 'error',
      units,
      unitIds: ids.sort(),
      areaM2: area,
      widthM: w,
      at,
      geometry: { type: 'Polygon', coordinates: poly },
      details: { of: 'gap', source: 'outline' },
    });
  }
  return { issues, covers };
}
