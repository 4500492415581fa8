// Every province's bundled data loads into the hub: each arc with a length is one border, whatever the
// data holds (zero-length arcs at nodes, stretches that three units use where the data overlaps).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arcUsage } from '../../src/core/model';
import { unitsFromTopologyBytes } from '../../src/io/topology-file';
import { PROVINCES_DIR } from '../../src/server/load-province';
import { hubBorders } from '../../src/server/province-borders';

const index = JSON.parse(readFileSync(join(PROVINCES_DIR, 'index.json'), 'utf8')) as { provinces: { code: string; file: string }[] };

describe('the hub\'s borders of every province', () => {
  it('are one per arc with a length, keeping every unit that uses it', () => {
    const overlapping: string[] = [];
    for (const p of index.provinces) {
      const c = unitsFromTopologyBytes(readFileSync(join(PROVINCES_DIR, p.file)), p.file);
      const borders = hubBorders(c);
      const { unitsByArc } = arcUsage(c);
      const withLength = c.arcs.filter((a, i) => unitsByArc[i]!.length > 0 && a.some((q) => q[0] !== a[0]![0] || q[1] !== a[0]![1]));
      expect(borders.length, p.code).toBe(withLength.length);
      for (const b of borders) {
        expect(b.geometry.coordinates.some((q) => q[0] !== b.geometry.coordinates[0]![0] || q[1] !== b.geometry.coordinates[0]![1]), p.code).toBe(true);
        const codes = [b.unitA, b.unitB, ...b.otherUnits].filter((x) => x !== null);
        expect([...codes].sort(), p.code).toEqual(codes);
      }
      for (const b of borders) if (b.otherUnits.length > 0) overlapping.push(`${p.code}: ${[b.unitA, b.unitB, ...b.otherUnits].join('/')}`);
    }
    expect(index.provinces).toHaveLength(34);
    // In the bundled data (2025) one stretch of 2.2 km in Lào Cai is used by three units; before zero-
    // length arcs were dropped, 15 provinces failed to load on such arcs at triple nodes.
    expect(overlapping).toEqual(['15: 02647/02683/02746']);
  });
});
