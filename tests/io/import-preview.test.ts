// What an import shows before the user decides, computed by the function the import worker runs
// (here in Node, no worker): the comparison with the open draft, the units without a usable code and
// the overlaps applying would make, named by both units with their area. Results are plain data.
import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { importedCoverage, previewImport } from '../../src/io/import-preview';
import { row, rect } from '../helpers/coverages';

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const fc = (...features: Feature<Polygon>[]) => enc({ type: 'FeatureCollection', features });

describe('previewImport', () => {
  it('compares each unit with the draft and finds nothing wrong with a proposal that fits', () => {
    const phases: string[] = [];
    const r = previewImport({ fileName: 'a.geojson', bytes: fc(rect('10002', 106.01, 20, 106.02, 20.01), rect('10004', 106.03, 20, 106.04, 20.01)), coverage: row(), toleranceM: 0.1 }, (p) => phases.push(p));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.preview.rows.map((x) => [x.code, x.ourId])).toEqual([['10002', '10002'], ['10004', null]]);
    expect(r.preview.problems).toEqual({ badCodes: [], overlaps: [], moreOverlaps: 0 });
    // What crosses to the page survives a structured clone as it is.
    expect(structuredClone(r.preview)).toEqual(r.preview);
    expect(phases).toContain('compare');
  });

  it('names two units of the file that overlap each other, with the area and a point of it', () => {
    // 10004 and 10005 share 0.005° × 0.01° ≈ 523 m × 1,106 m.
    const r = previewImport({ fileName: 'b.geojson', bytes: fc(rect('10004', 106.03, 20, 106.04, 20.01), rect('10005', 106.035, 20, 106.045, 20.01)), coverage: row(), toleranceM: 0.1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [o, ...rest] = r.preview.problems.overlaps;
    expect(rest).toEqual([]);
    expect([o!.a.code, o!.a.source, o!.b.code, o!.b.source]).toEqual(['10004', 'theirs', '10005', 'theirs']);
    expect(o!.areaM2).toBeGreaterThan(0.5e6);
    expect(o!.areaM2).toBeLessThan(0.65e6);
    expect(o!.at![0]).toBeGreaterThan(106.035);
    expect(o!.at![0]).toBeLessThan(106.04);
  });

  it('names the unit of ours a new unit would overlap, but not the one it replaces', () => {
    const r = previewImport({ fileName: 'c.geojson', bytes: fc(rect('10002', 106.005, 20, 106.02, 20.01)), coverage: row(), toleranceM: 0.1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.preview.problems.overlaps.map((o) => [o.a.code, o.b.code, o.b.source, o.b.ref])).toEqual([['10002', '10001', 'ours', '10001']]);
  });

  it('leaves out overlaps no wider than the tolerance (slivers that snapping fixes)', () => {
    // 3e-7° ≈ 3 cm into the neighbour.
    const r = previewImport({ fileName: 'd.geojson', bytes: fc(rect('10002', 106.01 - 3e-7, 20, 106.02, 20.01)), coverage: row(), toleranceM: 0.1 });
    expect(r.ok && r.preview.problems.overlaps).toEqual([]);
  });

  it('lists the units without a 5-digit code, which applying refuses', () => {
    const noCode = rect('', 106.1, 20, 106.11, 20.01);
    const r = previewImport({ fileName: 'e.geojson', bytes: fc(rect('10004', 106.03, 20, 106.04, 20.01), noCode, rect('12', 106.2, 20, 106.21, 20.01)), coverage: row(), toleranceM: 0.1 });
    expect(r.ok && r.preview.problems.badCodes.map((b) => [b.index, b.code])).toEqual([[1, ''], [2, '12']]);
  });

  it('without an open draft, compares nothing and still checks the file against itself', () => {
    const r = previewImport({ fileName: 'f.geojson', bytes: fc(rect('10004', 106.03, 20, 106.04, 20.01), rect('10005', 106.035, 20, 106.045, 20.01)), coverage: null, toleranceM: 0.1 });
    expect(r.ok && r.preview.rows).toEqual([]);
    expect(r.ok && r.preview.problems.overlaps.length).toBe(1);
  });

  it('returns the faults of a file it refuses, and builds the topology of one it reads', () => {
    const bad = previewImport({ fileName: 'g.geojson', bytes: new TextEncoder().encode('['.repeat(100_000)), coverage: null, toleranceM: 0.1 });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]).toMatchObject({ code: 'too-large', file: 'g.geojson', values: { limit: 'jsonDepth' } });
    const good = previewImport({ fileName: 'h.geojson', bytes: fc(rect('10004', 106.03, 20, 106.04, 20.01), rect('10005', 106.04, 20, 106.05, 20.01)), coverage: null, toleranceM: 0.1 });
    expect(good.ok).toBe(true);
    if (!good.ok) return;
    const c = importedCoverage(good.layer);
    expect([...c.units.values()].map((u) => u.attrs.code)).toEqual(['10004', '10005']);
  });
});
