// A stretch of a province's outer edge (a border with another province) takes a new course: found
// within its arc vertex for vertex, even where the arc repeats a vertex or the stretch runs across the
// start of a ring, and only that part of the arc changes. Tiny inline coverages.
import type { MultiPolygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { reviseStretch } from '../../src/server/revise-border';
import type { HubUnit } from '../../src/server/province-borders';

const unit = (code: string, ring: Position[]): HubUnit => ({
  code, name: `Xã ${code}`, type: 'xã', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [[ring]] },
});
const line = (coordinates: Position[]) => ({ type: 'LineString' as const, coordinates });
const ringOf = (g: MultiPolygon) => g.coordinates[0]![0]!;
const vertices = (g: MultiPolygon) => [...new Set(ringOf(g).map((p) => p.join(',')))].sort();

describe('reviseStretch', () => {
  // Two units side by side; the right unit's east side is the province's edge, with a repeated vertex.
  const left = unit('00001', [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]);
  const right = unit('00002', [[1, 0], [2, 0], [2, 0.25], [2, 0.5], [2, 0.5], [2, 0.75], [2, 1], [1, 1], [1, 0]]);
  const stretch = line([[2, 0.25], [2, 0.5], [2, 0.75]]);
  const course = line([[2, 0.25], [2.1, 0.5], [2, 0.75]]);

  it('splices the course into the arc in either direction, over a repeated vertex, and leaves the rest', () => {
    for (const [s, c] of [[stretch, course], [line([...stretch.coordinates].reverse()), line([...course.coordinates].reverse())]] as const) {
      const out = reviseStretch([left, right], s, c);
      expect(out.ok).toBe(true);
      if (!out.ok) return;
      const r = ringOf(out.units.find((u) => u.code === '00002')!.geometry);
      expect(r).toContainEqual([2.1, 0.5]);
      expect(r).not.toContainEqual([2, 0.5]);
      for (const kept of [[2, 0], [2, 0.25], [2, 0.75], [2, 1]]) expect(r).toContainEqual(kept);
      // The left unit keeps its vertices (its ring may start elsewhere once rebuilt).
      expect(vertices(out.units.find((u) => u.code === '00001')!.geometry)).toEqual(vertices(left.geometry));
    }
  });

  it('takes a stretch with a vertex the arc lacks, on the arc within tolerance, and refuses one off it', () => {
    // The other province cuts the segment (2, 0.5)-(2, 0.75) with a vertex of its own, 5 cm off.
    const extra = line([[2, 0.25], [2, 0.5], [2 + 0.05 / 104_000, 0.6], [2, 0.75]]);
    const out = reviseStretch([left, right], extra, course);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const r = ringOf(out.units.find((u) => u.code === '00002')!.geometry);
    expect(r).toContainEqual([2.1, 0.5]);
    expect(r).not.toContainEqual([2, 0.5]);
    const off = line([[2, 0.25], [2, 0.5], [2.001, 0.6], [2, 0.75]]);
    expect(reviseStretch([left, right], off, course)).toMatchObject({ ok: false, issues: [] });
    // Leaving out a vertex the arc has between the ends is not the arc's stretch either.
    expect(reviseStretch([left, right], line([[2, 0.25], [2, 0.75]]), course)).toMatchObject({ ok: false, issues: [] });
  });

  it('runs across the start of a ring', () => {
    const island = unit('00003', [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]);
    const out = reviseStretch([island], line([[0, 1], [0, 0], [1, 0]]), line([[0, 1], [-0.1, -0.1], [1, 0]]));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const r = ringOf(out.units[0]!.geometry);
    expect(r).toContainEqual([-0.1, -0.1]);
    expect(r).not.toContainEqual([0, 0]);
    expect(r).toHaveLength(5);
  });

  it('refuses a stretch no arc holds, and a course the checker finds an error in', () => {
    const gone = reviseStretch([left, right], line([[2, 0.25], [2.05, 0.5], [2, 0.75]]), course);
    expect(gone).toMatchObject({ ok: false, issues: [] });
    // Into the left unit: the right unit's ring crosses the shared border.
    const into = reviseStretch([left, right], stretch, line([[2, 0.25], [0.5, 0.5], [2, 0.75]]));
    expect(into.ok).toBe(false);
    if (into.ok) return;
    expect(into.issues.length).toBeGreaterThan(0);
    expect(into.issues.some((i) => i.units.includes('00001'))).toBe(true);
  });

  it('does not change its input', () => {
    const before = JSON.stringify([left, right, stretch, course]);
    reviseStretch([left, right], stretch, course);
    expect(JSON.stringify([left, right, stretch, course])).toBe(before);
  });
});
