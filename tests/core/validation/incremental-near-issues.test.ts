// Seeded vertex moves close to the overlaps and gaps of Hải Phòng, where the incremental check reuses the
// previous overlay in its finer ways (an arc outside the overlay swept near a face; an arc that crosses
// another elsewhere keeping its crossings): every incremental result must equal a full check of a fresh
// copy, and the sequence must take both the reuse paths and the rebuild path.
import { describe, expect, it } from 'vitest';
import { coverageFromFeatures, type Arc, type Coverage, type Position } from '../../../src/core/model';
import { revalidate, validateCoverage } from '../../../src/core/validation';
import { cachedAnalysis } from '../../../src/core/validation/analysis';
import { haiPhong } from '../../helpers/data';
import { freshCopy, seeded } from '../../helpers/coverage';

function moveVertex(c: Coverage, arc: number, index: number, to: Position): Coverage {
  const arcs = c.arcs.slice();
  const next: Position[] = arcs[arc]!.slice();
  next[index] = to;
  arcs[arc] = next as Arc;
  return { arcs, units: c.units };
}

/** Interior vertices (arc, index) within `radius` degrees of any of the points. */
function verticesNear(c: Coverage, points: readonly (readonly [number, number])[], radius: number): [number, number][] {
  const out: [number, number][] = [];
  c.arcs.forEach((a, arc) => {
    for (let i = 1; i + 1 < a.length; i++) {
      if (points.some((p) => Math.abs(a[i]![0] - p[0]) <= radius && Math.abs(a[i]![1] - p[1]) <= radius)) out.push([arc, i]);
    }
  });
  return out;
}

/** Whether the box of the points meets any face box (minX, minY, maxX, maxY per face). */
function nearFace(faceBoxes: Float64Array, pts: readonly Position[]): boolean {
  const xs = pts.map((q) => q[0]!);
  const ys = pts.map((q) => q[1]!);
  for (let f = 0; f < faceBoxes.length / 4; f++) {
    if (Math.min(...xs) <= faceBoxes[4 * f + 2]! && Math.max(...xs) >= faceBoxes[4 * f]! && Math.min(...ys) <= faceBoxes[4 * f + 3]! && Math.max(...ys) >= faceBoxes[4 * f + 1]!) return true;
  }
  return false;
}

describe('incremental validation near overlaps and gaps', () => {
  it('equals a full check for moves of 2 cm to 200 m next to every area issue', () => {
    const start = coverageFromFeatures(haiPhong().features);
    let c = start;
    let issues = validateCoverage(c);
    const at = issues.filter((i) => i.kind === 'overlap' || i.kind === 'gap' || i.kind === 'sliver').map((i) => i.at);
    expect(at.length).toBeGreaterThan(0);
    // Half the moves on the overlay's own arcs near the issues, half on arcs it leaves out that run
    // through the boxes of its faces (the box test alone would rebuild for those).
    const onOverlay = verticesNear(start, at, 0.003);
    const a0 = cachedAnalysis(start)!;
    const outside = new Set(a0.overlay.suspect);
    const boxes = a0.faceBoxes;
    const offOverlay: [number, number][] = [];
    start.arcs.forEach((a, arc) => {
      if (outside.has(arc)) return;
      for (let i = 1; i + 1 < a.length; i++) if (nearFace(boxes, [a[i - 1]!, a[i]!, a[i + 1]!])) offOverlay.push([arc, i]);
    });
    expect(offOverlay.length).toBeGreaterThan(0);
    const rnd = seeded(4242);
    const paths = { kept: 0, patched: 0, rebuilt: 0, keptNearFace: 0, patchedWithCrossings: 0 };
    for (let step = 0; step < 30; step++) {
      const pool = step % 2 === 0 ? onOverlay : offOverlay;
      const [arc, index] = pool[Math.floor(rnd() * pool.length)]!;
      const p = c.arcs[arc]![index]!;
      const reach = 2e-7 * 10 ** (4 * rnd());
      const angle = rnd() * 2 * Math.PI;
      const next = moveVertex(c, arc, index, [p[0] + reach * Math.cos(angle), p[1] + reach * Math.sin(angle)]);
      const inc = revalidate({ coverage: c, issues }, next, { arcs: [arc] });
      expect(inc).toEqual(validateCoverage(freshCopy(next)));
      const prev = cachedAnalysis(c)!;
      const before = prev.overlay;
      const after = cachedAnalysis(next)!.overlay;
      if (after === before) {
        paths.kept++;
        if (!before.suspect.includes(arc) && nearFace(prev.faceBoxes, [c.arcs[arc]![index - 1]!, p, next.arcs[arc]![index]!, c.arcs[arc]![index + 1]!])) paths.keptNearFace++;
      } else if (after.g.edgeU === before.g.edgeU) {
        paths.patched++;
        if (prev.rawConflicts.some((k) => k.arcA === arc || k.arcB === arc)) paths.patchedWithCrossings++;
      } else paths.rebuilt++;
      c = next;
      issues = inc;
    }
    expect(paths.keptNearFace).toBeGreaterThan(0);
    expect(paths.patchedWithCrossings).toBeGreaterThan(0);
    expect(paths.rebuilt).toBeGreaterThan(0);
  });

  it('notices a shared border swept over a whole overlap without crossing it', () => {
    // A and B share the border x = 106.001 (with a vertex halfway up); C is an island inside A near it.
    // Moving that vertex west sweeps the border over all of C: C now overlaps B, not A, though no
    // segment crossed another and the border stays outside the overlay.
    const x = (k: number) => 106 + k * 0.001;
    const y = (k: number) => 21 + k * 0.001;
    const unit = (code: string, ring: [number, number][]) => ({
      type: 'Feature' as const,
      properties: { code, name: code, type: 'xa' },
      geometry: { type: 'Polygon' as const, coordinates: [[...ring, ring[0]!].map(([i, j]) => [x(i), y(j)])] },
    });
    const start = coverageFromFeatures([
      unit('00001', [[0, 0], [1, 0], [1, 0.5], [1, 1], [0, 1]]),
      unit('00002', [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0.5]]),
      unit('00003', [[0.8, 0.45], [0.9, 0.45], [0.9, 0.55], [0.8, 0.55]]),
    ]);
    const issues = validateCoverage(start);
    expect(issues.filter((i) => i.kind === 'overlap').map((i) => i.units)).toEqual([['00001', '00003']]);
    const arc = start.arcs.findIndex((a) => a.length === 3 && a.some((q) => q[0] === x(1) && q[1] === y(0.5)));
    expect(arc).toBeGreaterThanOrEqual(0);
    const index = start.arcs[arc]!.findIndex((q) => q[0] === x(1) && q[1] === y(0.5));
    const next = moveVertex(start, arc, index, [x(0.7), y(0.5)]);
    const inc = revalidate({ coverage: start, issues }, next, { arcs: [arc] });
    expect(inc).toEqual(validateCoverage(freshCopy(next)));
    expect(inc.filter((i) => i.kind === 'overlap').map((i) => i.units)).toEqual([['00002', '00003']]);
  });
});
