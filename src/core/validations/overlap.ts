// Rule: overlap. Two units whose interiors intersect. One issue per PAIR of units and per class (wider
// than the tolerance: 'overlap', error; narrower: 'sliver', warning), gathering all the pair's connected
// pieces of that class. Why per pair: a border drawn twice 1 mm apart crosses itself into dozens of
// lens-shaped pieces, which are one conflict to resolve between two units; the pair is also how GEOS
// reference figures are stated. Each piece (faces of the overlay joined across shared edges) is classed
// by its own width, so a real overlap and a hair-thin sliver of the same pair stay apart.
import type { Coverage } from '../model';
import { faceAreaM2, faceLocation, facesToMultiPolygon, piecePerimeterM } from '../validation/face-measure';
import { issueId, type ValidationIssue } from '../validation/issue';
import type { Overlay } from '../validation/overlay';
import { widthM } from '../geom/width';
import { isSliver } from './sliver';
import { sortedCodes } from './unit-codes';

interface Piece {
  readonly faces: number[];
  readonly areaM2: number;
  readonly widthM: number;
}

function piecesOf(ov: Overlay, faceIds: readonly number[], areas: Map<number, number>): Piece[] {
  const inPair = new Set(faceIds);
  const parent = new Map<number, number>(faceIds.map((f) => [f, f]));
  const find = (f: number): number => {
    let r = f;
    while (parent.get(r)! !== r) r = parent.get(r)!;
    parent.set(f, r);
    return r;
  };
  for (const fi of faceIds) {
    const f = ov.faces[fi]!;
    for (const c of [f.cycle, ...f.holes]) {
      for (const h of ov.g.cycles[c]!.halfEdges) {
        const other = ov.faceOfCycle[ov.g.cycleOf[h ^ 1]!]!;
        if (other >= 0 && other !== fi && inPair.has(other)) parent.set(find(fi), find(other));
      }
    }
  }
  const groups = new Map<number, number[]>();
  for (const fi of faceIds) {
    const r = find(fi);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(fi);
  }
  return [...groups.values()].map((faces) => {
    const area = faces.reduce((s, fi) => s + areas.get(fi)!, 0);
    return { faces, areaM2: area, widthM: widthM(area, piecePerimeterM(ov, new Set(faces))) };
  });
}

export function overlapIssues(c: Coverage, ov: Overlay, toleranceM: number): ValidationIssue[] {
  const byPair = new Map<string, { ids: [string, string]; faces: number[] }>();
  ov.faces.forEach((f, fi) => {
    if (f.count < 2) return;
    for (let i = 0; i < f.units.length; i++) {
      for (let j = i + 1; j < f.units.length; j++) {
        const ids: [string, string] = [f.units[i]!, f.units[j]!];
        const key = ids.join('\u0000');
        let p = byPair.get(key);
        if (!p) byPair.set(key, (p = { ids, faces: [] }));
        p.faces.push(fi);
      }
    }
  });
  const areas = new Map<number, number>();
  ov.faces.forEach((f, fi) => {
    if (f.count >= 2) areas.set(fi, faceAreaM2(f));
  });
  const issues: ValidationIssue[] = [];
  for (const { ids, faces } of byPair.values()) {
    const pieces = piecesOf(ov, faces, areas).filter((p) => p.areaM2 > 0);
    for (const sliver of [false, true]) {
      const cls = pieces.filter((p) => isSliver(p.widthM, toleranceM) === sliver);
      if (cls.length === 0) continue;
      const largest = cls.reduce((a, b) => (b.areaM2 > a.areaM2 ? b : a));
      const mainFace = largest.faces.reduce((a, b) => (areas.get(b)! > areas.get(a)! ? b : a));
      const at = faceLocation(ov.faces[mainFace]!);
      const units = sortedCodes(c, ids);
      const kind = sliver ? 'sliver' : 'overlap';
      issues.push({
        id: issueId(kind, units, at, sliver ? 'overlap' : undefined),
        kind,
        severity: sliver ? 'warning' : 'error',
        units,
        unitIds: [...ids].sort(),
        areaM2: cls.reduce((s, p) => s + p.areaM2, 0),
        widthM: Math.max(...cls.map((p) => p.widthM)),
        at,
        geometry: facesToMultiPolygon(cls.flatMap((p) => p.faces.map((fi) => ov.faces[fi]!))),
        details: { of: 'overlap', pieces: cls.length },
      });
    }
  }
  return issues;
}
