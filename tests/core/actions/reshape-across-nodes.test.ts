// Reshape along a real border cut into several arcs: the ends may lie on different arcs of it.
import { describe, expect, it } from 'vitest';
import { coverageFromFeatures, type Coverage } from '../../../src/core/model';
import { arcUsage } from '../../../src/core/model/arc-usage';
import { actionReshapeBorder } from '../../../src/core/actions/reshape-border';
import { actionRemoveDuplicateVertices } from '../../../src/core/actions/remove-duplicate-vertices';
import { unitAreaM2 } from '../../../src/core/geom/unit-measure';
import { validateCoverage } from '../../../src/core/validation';
import { ringPositions } from '../../../src/core/topology/rings';
import { haiPhong } from '../../helpers/data';
import { snapshot } from '../report/helpers';

const errors = (c: Coverage) =>
  validateCoverage(c)
    .filter((i) => i.severity === 'error')
    .map((i) => i.id)
    .sort();

/** Two border vertices of Thành Đông–Nam Sách on different arcs, k vertices apart along the ring. */
function acrossNodes(c: Coverage): { line: [number, number][]; arcs: number } {
  const users = arcUsage(c).unitsByArc;
  const ring = c.units.get('10507')!.polygons[0]![0]!;
  const border = (r: number) => {
    const u = users[r < 0 ? ~r : r]!;
    return u.length === 2 && u.includes('10606');
  };
  // A run of consecutive refs on the Nam Sách border, at least three arcs long.
  for (let s = 0; s < ring.length; s++) {
    const run = [];
    for (let i = s; i < s + ring.length && border(ring[i % ring.length]!); i++) run.push(ring[i % ring.length]!);
    const long = run.filter((r) => c.arcs[r < 0 ? ~r : r]!.length >= 3);
    if (long.length >= 3) {
      const pts = ringPositions(c, run);
      const i = Math.floor(pts.length * 0.3);
      const j = Math.floor(pts.length * 0.7);
      const p = pts[i]!;
      const q = pts[j]!;
      const mid: [number, number] = [(pts[Math.floor((i + j) / 2)]![0] + (p[0] + q[0]) / 2) / 2, (pts[Math.floor((i + j) / 2)]![1] + (p[1] + q[1]) / 2) / 2];
      return { line: [[p[0], p[1]], mid, [q[0], q[1]]], arcs: run.length };
    }
  }
  throw new Error('no multi-arc border');
}

describe('reshape across the nodes of a border', () => {
  for (const clean of [false, true]) {
    it(`Thành Đông–Nam Sách ${clean ? 'after the duplicate clean-up' : 'as loaded (zero-length arcs too)'}`, () => {
      const raw = coverageFromFeatures(haiPhong().features);
      const c = clean ? actionRemoveDuplicateVertices()(raw) : raw;
      const { line, arcs } = acrossNodes(c);
      expect(arcs).toBeGreaterThanOrEqual(3);
      const before = snapshot(c);
      const action = actionReshapeBorder(line, 1e-9);
      expect(action.disabled(c)).toBe(false);
      const after = action(c);
      expect(snapshot(c)).toBe(before);
      // Only the two units change, by the same area; no new overlap or gap anywhere.
      const d1 = unitAreaM2(after, '10507') - unitAreaM2(c, '10507');
      const d2 = unitAreaM2(after, '10606') - unitAreaM2(c, '10606');
      expect(Math.abs(d1)).toBeGreaterThan(1);
      expect(d1 + d2).toBeCloseTo(0, 1);
      for (const id of c.units.keys()) if (id !== '10507' && id !== '10606') expect(unitAreaM2(after, id), id).toBeCloseTo(unitAreaM2(c, id), 6);
      expect(errors(after)).toEqual(errors(c));
    });
  }
});
