// Rule: gap against a reference outline (the --outline option): the outline minus the union of the
// units, one issue per polygon of the difference (details.source = 'outline'). The union is read off the
// overlay (union-rings.ts), so overlapping or duplicated units leave it right; the difference is one
// Turf call on the outline and that union. Holes of the union inside the outline are part of the
// difference, so the validator drops its own gap issues that the outline covers. Each piece names the
// units whose border it runs along (none for an island no unit reaches) and is located inside itself.
import { difference, featureCollection, feature } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Coverage } from '../model';
import { lineLengthM, polygonAreaM2 } from '../geom/geodesic';
import { interiorPoint } from '../geom/interior-point';
import { pointInPolygon } from '../geom/point-in-ring';
import { widthM } from '../geom/width';
import { issueId, type ValidationIssue } from '../validation/issue';
import type { ArcUse } from '../validation/arc-uses';
import type { Overlay } from '../validation/overlay';
import { segmentKey, unionRings } from '../validation/union-rings';
import { isSliver } from './sliver';
import { sortedCodes } from './unit-codes';

function polygonsOf(g: Polygon | MultiPolygon): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function outlineGapIssues(
  c: Coverage,
  ov: Overlay,
  uses: readonly (readonly ArcUse[])[],
  outline: Polygon | MultiPolygon,
  toleranceM: number,
): { issues: ValidationIssue[]; covers: (p: readonly [number, number]) => boolean } {
  const covers = (p: readonly [number, number]) => polygonsOf(outline).some((poly) => pointInPolygon(p[0], p[1], poly));
  const { union, unitsAlong } = unionRings(ov, uses);
  const diff = union.coordinates.length === 0 ? feature(outline) : difference(featureCollection([feature(outline), feature(union)]));
  if (!diff) return { issues: [], covers };
  const issues: ValidationIssue[] = [];
  for (const poly of polygonsOf(diff.geometry)) {
    const area = polygonAreaM2(poly);
    if (!(area > 0)) continue;
    const perimeter = poly.reduce((s, r) => s + lineLengthM(r), 0);
    const w = widthM(area, perimeter);
    const ids = new Set<string>();
    for (const r of poly) for (let i = 0; i + 1 < r.length; i++) for (const u of unitsAlong.get(segmentKey(r[i]!, r[i + 1]!)) ?? []) ids.add(u);
    const at = interiorPoint(poly) ?? [poly[0]![0]![0]!, poly[0]![0]![1]!];
    const units = sortedCodes(c, ids);
    const sliver = isSliver(w, toleranceM);
    const kind = sliver ? 'sliver' : 'gap';
    issues.push({
      id: issueId(kind, units, at, 'outline'),
      kind,
      severity: sliver ? 'warning' : 'error',
      units,
      unitIds: [...ids].sort(),
      areaM2: area,
      widthM: w,
      at,
      geometry: { type: 'Polygon', coordinates: poly },
      details: { of: 'gap', source: 'outline' },
    });
  }
  return { issues, covers };
}
