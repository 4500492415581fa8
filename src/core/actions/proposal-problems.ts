// What is wrong with a neighbour's proposal before it is applied, and where: incoming units that have no
// 5-digit code (applying refuses them: 'code-format') and the places where an incoming unit would overlap
// another incoming unit or one of our units it does not replace. Overlaps are not a refusal (validation
// reports them after the import and the user resolves them, DESIGN.md §1), but the user sees them first,
// named by the two units with the overlapping area. Codes and numbers only; the UI words them.
import type { MultiPolygon } from 'geojson';
import type { Coverage } from '../model/types';
import { bboxesOverlap, geometryBBox, type BBox } from '../geom/bbox';
import { intersection } from '../geom/boolean';
import { geometryAreaM2, geometryPerimeterM } from '../geom/geodesic';
import { labelPoint } from '../geom/label-point';
import { unitGeometry } from '../geom/unit-measure';
import { widthM } from '../geom/width';
import type { IncomingUnit } from './apply-proposal';

/** One side of an overlap: an incoming unit (by its index in the file's order) or one of ours. */
export interface ProposalSide {
  readonly source: 'theirs' | 'ours';
  /** Index among the incoming units (theirs) or our unit id (ours). */
  readonly ref: number | string;
  readonly code: string;
  readonly fullName: string;
}

export interface ProposalOverlap {
  readonly a: ProposalSide;
  readonly b: ProposalSide;
  readonly areaM2: number;
  /** Mean width of the overlap (2·area / perimeter), m. */
  readonly widthM: number;
  /** A point of the overlap, [lon, lat]. */
  readonly at: readonly [number, number] | null;
}

export interface ProposalProblems {
  /** Incoming units whose code is not 5 digits (by index, with the name they carry). */
  readonly badCodes: readonly { readonly index: number; readonly code: string; readonly fullName: string }[];
  /** Overlaps wider than the tolerance, largest first, at most MAX_OVERLAPS. */
  readonly overlaps: readonly ProposalOverlap[];
  /** Overlaps found beyond those listed. */
  readonly moreOverlaps: number;
}

export const MAX_OVERLAPS = 50;

interface Candidate {
  readonly side: ProposalSide;
  readonly geometry: MultiPolygon;
  readonly box: BBox;
}

/**
 * Problems of taking every incoming unit (the dialog's default choice). `onPair` is told how many
 * candidate pairs have been measured (for progress); pieces no wider than `toleranceM` are slivers that
 * snapping fixes and are left out.
 */
export function proposalProblems(
  c: Coverage | null,
  incoming: readonly IncomingUnit[],
  toleranceM: number,
  onPair: (done: number, total: number) => void = () => undefined,
): ProposalProblems {
  const badCodes = incoming.flatMap((u, index) => (/^\d{5}$/.test(u.attrs.code) ? [] : [{ index, code: u.attrs.code, fullName: u.attrs.fullName }]));
  const theirs: Candidate[] = incoming.map((u, index) => ({
    side: { source: 'theirs', ref: index, code: u.attrs.code, fullName: u.attrs.fullName },
    geometry: u.geometry,
    box: geometryBBox(u.geometry),
  }));
  const replaced = new Set(incoming.map((u) => u.attrs.code));
  const ours: Candidate[] = [];
  if (c) {
    for (const u of c.units.values()) {
      if (replaced.has(u.attrs.code)) continue;
      const geometry = unitGeometry(c, u.id);
      ours.push({ side: { source: 'ours', ref: u.id, code: u.attrs.code, fullName: u.attrs.fullName }, geometry, box: geometryBBox(geometry) });
    }
  }
  const pairs: [Candidate, Candidate][] = [];
  theirs.forEach((a, i) => {
    for (let j = i + 1; j < theirs.length; j++) if (bboxesOverlap(a.box, theirs[j]!.box)) pairs.push([a, theirs[j]!]);
    for (const b of ours) if (bboxesOverlap(a.box, b.box)) pairs.push([a, b]);
  });
  const found: ProposalOverlap[] = [];
  pairs.forEach(([a, b], k) => {
    onPair(k, pairs.length);
    let piece: MultiPolygon | null;
    try {
      piece = intersection(a.geometry, b.geometry);
    } catch {
      // polyclip gives up on some degenerate inputs; validation after the import still measures the pair.
      piece = null;
    }
    if (!piece) return;
    const areaM2 = geometryAreaM2(piece);
    const width = widthM(areaM2, geometryPerimeterM(piece));
    if (width <= toleranceM) return;
    const at = labelPoint(piece);
    found.push({ a: a.side, b: b.side, areaM2, widthM: width, at: at ? [at[0]!, at[1]!] : null });
  });
  onPair(pairs.length, pairs.length);
  found.sort((x, y) => y.areaM2 - x.areaM2);
  return { badCodes, overlaps: found.slice(0, MAX_OVERLAPS), moreOverlaps: Math.max(0, found.length - MAX_OVERLAPS) };
}
