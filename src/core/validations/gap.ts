// Rule: gap. Land enclosed by the coverage that no unit covers: the bounded faces of the overlay that no
// unit covers (the holes of the union), one issue per connected gap, with the units whose borders
// surround it. A gap narrower than the tolerance is a sliver (warning).
import type { Coverage } from '../model';
import { widthM } from '../geom/width';
import { faceAreaM2, faceHalfEdgeLengthsM, faceHalfEdges, faceLocation, facesToMultiPolygon } from '../validation/face-measure';
import { issueId, type ValidationIssue } from '../validation/issue';
import type { Overlay } from '../validation/overlay';
import type { ArcUse } from '../validation/arc-uses';
import { isSliver } from './sliver';
import { sortedCodes } from './unit-codes';

export function gapIssues(
  c: Coverage,
  ov: Overlay,
  uses: readonly (readonly ArcUse[])[],
  toleranceM: number,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const f of ov.faces) {
    if (f.count !== 0) continue;
    const area = faceAreaM2(f);
    if (!(area > 0)) continue;
    const around = new Set<string>();
    let perimeter = 0;
    const lengths = faceHalfEdgeLengthsM(ov, f);
    for (const l of lengths) perimeter += l;
    for (const h of faceHalfEdges(ov, f)) {
      for (const s of ov.g.sources[h >> 1]!) for (const u of uses[s.arc] ?? []) around.add(u.unit);
    }
    const w = widthM(area, perimeter);
    const sliver = isSliver(w, toleranceM);
    const at = faceLocation(f);
    const units = sortedCodes(c, around);
    const kind = sliver ? 'sliver' : 'gap';
    issues.push({
      id: issueId(kind, units, at, sliver ? 'gap' : undefined),
      kind,
      severity: sliver ? 'warning' : 'error',
      units,
      unitIds: [...around].sort(),
      areaM2: area,
      widthM: w,
      at,
      geometry: facesToMultiPolygon([f]),
      details: { of: 'gap' },
    });
  }
  return issues;
}
