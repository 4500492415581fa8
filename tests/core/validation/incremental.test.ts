// Seeded random edits: moving vertices of shared arcs (without crossing another border) never creates
// an overlap or a gap, and the incremental check always equals a full check of a fresh copy.
import { describe, expect, it } from 'vitest';
import { arcUsage, coverageFromFeatures, type Arc, type Coverage, type Position } from '../../../src/core/model';
import { revalidate, validateCoverage, type ValidationIssue } from '../../../src/core/validation';
import { intersectSegments } from '../../../src/core/geom/segment-intersection';
import { haiPhong } from '../../helpers/data';
import { freshCopy, seeded } from '../../helpers/coverage';

function moveVertex(c: Coverage, arc: number, index: number, to: Position): Coverage {
  const arcs = c.arcs.slice();
  const next: Position[] = arcs[arc]!.slice();
  next[index] = to;
  arcs[arc] = next as Arc;
  return { arcs, units: c.units };
}

/** True when the segments next to the moved vertex would meet any other segment of the coverage. */
function wouldTouch(c: Coverage, arc: number, index: number, to: Position): boolean {
  const a = c.arcs[arc]!;
  const news: [Position, Position][] = [
    [a[index - 1]!, to],
    [to, a[index + 1]!],
  ];
  const xs = [a[index - 1]![0], a[index + 1]![0], to[0]];
  const ys = [a[index - 1]![1], a[index + 1]![1], to[1]];
  const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
  for (let i = 0; i < c.arcs.length; i++) {
    const b = c.arcs[i]!;
    for (let k = 0; k + 1 < b.length; k++) {
      if (i === arc && k >= index - 2 && k <= index + 1) continue; // the moved segments and their neighbours
      const p = b[k]!, q = b[k + 1]!;
      if (Math.max(p[0], q[0]) < minX || Math.min(p[0], q[0]) > maxX || Math.max(p[1], q[1]) < minY || Math.min(p[1], q[1]) > maxY) continue;
      for (const [s0, s1] of news) if (intersectSegments(s0, s1, p, q).length > 0) return true;
    }
  }
  // Neighbouring segments of the same arc must not fold onto the new ones either.
  if (index >= 2 && intersectSegments(a[index - 2]!, a[index - 1]!, to, a[index + 1]!).length > 0) return true;
  if (index + 2 < a.length && intersectSegments(a[index - 1]!, to, a[index + 1]!, a[index + 2]!).length > 0) return true;
  return false;
}

const areaKinds = new Set(['overlap', 'gap', 'sliver']);
const areaIssues = (issues: readonly ValidationIssue[]) => issues.filter((i) => areaKinds.has(i.kind)).map((i) => i.id);

describe('incremental validation on Hải Phòng', () => {
  const start = coverageFromFeatures(haiPhong().features);
  const shared = arcUsage(start)
    .unitsByArc.map((u, i) => (u.length === 2 && start.arcs[i]!.length > 2 ? i : -1))
    .filter((i) => i >= 0);

  it('moves of vertices on shared arcs never create overlaps or gaps; incremental equals full', () => {
    const rnd = seeded(20250701);
    let c = start;
    let issues = validateCoverage(c);
    const before = areaIssues(issues);
    let moves = 0;
    while (moves < 12) {
      const arc = shared[Math.floor(rnd() * shared.length)]!;
      const a = c.arcs[arc]!;
      const index = 1 + Math.floor(rnd() * (a.length - 2));
      const p = a[index]!;
      // Up to a third of the shorter neighbouring segment, in a random direction.
      const reach = Math.min(Math.hypot(p[0] - a[index - 1]![0], p[1] - a[index - 1]![1]), Math.hypot(p[0] - a[index + 1]![0], p[1] - a[index + 1]![1])) / 3;
      const angle = rnd() * 2 * Math.PI;
      const to: Position = [p[0] + reach * Math.cos(angle), p[1] + reach * Math.sin(angle)];
      if (wouldTouch(c, arc, index, to)) continue;
      const next = moveVertex(c, arc, index, to);
      const inc = revalidate({ coverage: c, issues }, next, { arcs: [arc] });
      expect(inc).toEqual(validateCoverage(freshCopy(next)));
      expect(areaIssues(inc)).toEqual(before);
      c = next;
      issues = inc;
      moves++;
    }
  });

  it('incremental equals full for any vertex move, crossings and single arcs included', () => {
    const rnd = seeded(31);
    let c = start;
    let issues = validateCoverage(c);
    let changedAreaIssues = 0;
    for (let step = 0; step < 20; step++) {
      const arc = Math.floor(rnd() * c.arcs.length);
      const a = c.arcs[arc]!;
      if (a.length < 3) continue;
      const index = 1 + Math.floor(rnd() * (a.length - 2));
      const p = a[index]!;
      // Tiny moves, moves of up to ~200 m, and moves of up to ~2 km that cross neighbouring borders.
      const kind = rnd();
      const reach = kind < 0.3 ? 2e-6 : kind < 0.6 ? 2e-3 * rnd() : 2e-2 * rnd();
      const angle = rnd() * 2 * Math.PI;
      const next = moveVertex(c, arc, index, [p[0] + reach * Math.cos(angle), p[1] + reach * Math.sin(angle)]);
      const inc = revalidate({ coverage: c, issues }, next, { arcs: [arc] });
      expect(inc).toEqual(validateCoverage(freshCopy(next)));
      if (areaIssues(inc).join() !== areaIssues(issues).join()) changedAreaIssues++;
      c = next;
      issues = inc;
    }
    // The sequence must exercise the slow path: some moves do open overlaps or gaps.
    expect(changedAreaIssues).toBeGreaterThan(0);
  });

  it('finds the changed arcs itself when the hint is empty', () => {
    const a = start.arcs[shared[0]!]!;
    const p = a[1]!;
    const next = moveVertex(start, shared[0]!, 1, [p[0] + 1e-3, p[1] + 1e-3]);
    const inc = revalidate({ coverage: start, issues: validateCoverage(start) }, next, {});
    expect(inc).toEqual(validateCoverage(freshCopy(next)));
  });
});
