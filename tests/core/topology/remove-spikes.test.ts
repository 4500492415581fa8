// Exact zero-width spikes out of rings after noding (remove-spikes.ts): synthetic rings, then the real
// transfers that left them (found by an independent check): a square around a four-unit node of Quảng
// Ninh and around a three-unit node of Lâm Đồng left a 110.9 m and a 27.9 m out-and-back, which the
// checker called a self-intersection and the boundary record counted twice.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { hasSpike, ringWithoutSpikes, withoutSpikes } from '../../../src/core/topology/remove-spikes';
import { decodeTopologyFile, topologyFileFeatures } from '../../../src/io/topology-file';
import { coverageFromFeatures } from '../../../src/core/model/from-geojson';
import { actionTransferArea } from '../../../src/core/actions/geometry-edits';
import { unitGeometry } from '../../../src/core/geom/unit-measure';
import { validateCoverage } from '../../../src/core/validation';
import type { Coverage } from '../../../src/core/model/types';
import { ROOT } from '../../helpers/data';

const ring = (...xy: number[]): Position[] => {
  const out: Position[] = [];
  for (let i = 0; i < xy.length; i += 2) out.push([xy[i]!, xy[i + 1]!]);
  return [...out, out[0]!];
};

describe('ringWithoutSpikes', () => {
  it('keeps a ring with no spike as it is', () => {
    expect(ringWithoutSpikes(ring(0, 0, 2, 0, 2, 2, 0, 2))).toEqual(ring(0, 0, 2, 0, 2, 2, 0, 2));
  });
  it('removes an out-and-back of one or more vertices, and repeated vertices', () => {
    expect(ringWithoutSpikes(ring(0, 0, 2, 0, 3, 0, 2, 0, 2, 2, 0, 2))).toEqual(ring(0, 0, 2, 0, 2, 2, 0, 2));
    expect(ringWithoutSpikes(ring(0, 0, 2, 0, 2, 1, 2, 1, 2, 5, 2, 6, 2, 5, 2, 1, 2, 2, 0, 2))).toEqual(ring(0, 0, 2, 0, 2, 1, 2, 2, 0, 2));
  });
  it('removes a spike through the ring start, either side', () => {
    expect(ringWithoutSpikes(ring(0, 0, -1, -1, 0, 0, 2, 0, 2, 2, 0, 2))).toEqual(ring(0, 0, 2, 0, 2, 2, 0, 2));
    expect(ringWithoutSpikes(ring(-1, -1, 0, 0, 2, 0, 2, 2, 0, 2, 0, 0))).toEqual(ring(0, 0, 2, 0, 2, 2, 0, 2));
  });
  it('keeps a spike with any width, and gives null for a ring with no area left', () => {
    expect(ringWithoutSpikes(ring(0, 0, 2, 0, 3, 1e-12, 2, 0.000001, 2, 2, 0, 2))).toHaveLength(7);
    expect(ringWithoutSpikes(ring(0, 0, 1, 1, 0, 0))).toBeNull();
  });
});

function province(code: string): Coverage {
  const bytes = new Uint8Array(readFileSync(join(ROOT, 'public', 'data', 'provinces', `${code}.bin`)));
  return coverageFromFeatures(topologyFileFeatures(decodeTopologyFile(bytes, `${code}.bin`)) as never);
}

/** The one vertex all the given units share. */
function node(c: Coverage, ids: readonly string[]): Position {
  const sets = ids.map((id) => new Set(unitGeometry(c, id).coordinates.flat(2).map((p) => `${p[0]},${p[1]}`)));
  const hit = [...sets[0]!].find((k) => sets.every((s) => s.has(k)));
  if (!hit) throw new Error(`units ${ids.join(', ')} share no vertex`);
  return hit.split(',').map(Number);
}

function spikes(c: Coverage, id: string): number {
  let n = 0;
  for (const poly of unitGeometry(c, id).coordinates) for (const r of poly) {
    for (let i = 1; i + 1 < r.length; i++) if (r[i - 1]![0] === r[i + 1]![0] && r[i - 1]![1] === r[i + 1]![1]) n++;
  }
  return n;
}

describe('withoutSpikes', () => {
  it('leaves rings without a spike alone, repeated vertices and all (their removal is an offered edit)', () => {
    const g = { type: 'MultiPolygon' as const, coordinates: [[ring(0, 0, 2, 0, 2, 0, 2, 2, 0, 2)]] };
    expect(hasSpike(g.coordinates[0]![0]!)).toBe(false);
    expect(withoutSpikes(g)).toBe(g);
  });
  it('sees a spike through a repeated vertex, and cleans only that ring', () => {
    const spiked = ring(0, 0, 2, 0, 3, 0, 3, 0, 2, 0, 2, 2, 0, 2);
    const hole = ring(0.5, 0.5, 0.5, 0.5, 1, 0.5, 1, 1);
    expect(hasSpike(spiked)).toBe(true);
    const out = withoutSpikes({ type: 'MultiPolygon', coordinates: [[spiked, hole]] })!;
    expect(out.coordinates).toEqual([[ring(0, 0, 2, 0, 2, 2, 0, 2), hole]]);
    expect(out.coordinates[0]![1]).toBe(hole);
  });
});

describe('a transfer around a node leaves no out-and-back', () => {
  for (const t of [
    { code: '22', node: ['07132', '07168', '07180', '07183'], from: '07168', to: '07180', halfM: [60, 90] },
    { code: '68', node: ['24778', '24781', '24846'], from: '24778', to: '24781', halfM: [45, 60] },
  ]) {
    it(`province ${t.code}: ${t.from} gives a square around its node with ${t.node.join('/')} to ${t.to}`, () => {
      const c = province(t.code);
      const [x, y] = node(c, t.node) as [number, number];
      const before = new Set(validateCoverage(c).map((i) => i.id));
      for (const halfM of t.halfM) {
        const h = halfM / 111_320;
        const square = { type: 'Polygon' as const, coordinates: [[[x - h, y - h], [x + h, y - h], [x + h, y + h], [x - h, y + h], [x - h, y - h]]] };
        const move = actionTransferArea(square, t.from, t.to);
        expect(move.disabled(c)).toBe(false);
        const next = move(c);
        expect([spikes(next, t.from), spikes(next, t.to)]).toEqual([0, 0]);
        // No new error about either unit (the out-and-back was a self-intersection of both).
        const fresh = validateCoverage(next).filter((i) => i.severity === 'error' && !before.has(i.id) && i.unitIds.some((u) => u === t.from || u === t.to));
        expect(fresh.map((i) => `${i.kind} ${i.unitIds.join('/')}`)).toEqual([]);
      }
    }, 120_000);
  }
});
