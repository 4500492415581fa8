// A full check's coverage crosses to the validation worker packed: what the worker checks is the same
// coverage, and the arcs' buffers move instead of being copied.
import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { coverageFromFeatures } from '../../src/core/model';
import { diffCoverage } from '../../src/core/history/diff';
import { actionSetAttributes } from '../../src/core/actions/set-attributes';
import { wireRequest } from '../../src/workers/validation-client';
import { fromWire } from '../../src/workers/validation-wire';
import { validateCoverage } from '../../src/core/validation';

function square(code: string, x0: number): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name: code, fullName: `Xã ${code}` },
    geometry: { type: 'Polygon', coordinates: [[[x0, 0], [x0 + 1.0000001, 0], [x0 + 1, 1], [x0, 1], [x0, 0]]] },
  };
}

const cross = <T>(x: { request: T; transfer: Transferable[] }) => structuredClone(x.request, { transfer: x.transfer });

describe('validation requests on the wire', () => {
  const c = coverageFromFeatures([square('10001', 106), square('10002', 107.0000001)]);

  it('a full check arrives as the same coverage, its arcs moved, and is checked the same', () => {
    const wire = wireRequest({ kind: 'full', coverage: c });
    expect(wire.transfer).toHaveLength(2);
    const got = fromWire(cross(wire));
    expect((wire.transfer[0] as ArrayBuffer).byteLength).toBe(0); // moved, not copied
    if (got.kind !== 'full') throw new Error(`expected a full request, got ${got.kind}`);
    expect(got.coverage.arcs).toEqual(c.arcs);
    expect([...got.coverage.units.values()]).toEqual([...c.units.values()]);
    expect(validateCoverage(got.coverage)).toEqual(validateCoverage(c));
  });

  it('a copy keeps its kind; a diff goes as it is', () => {
    expect(fromWire(cross(wireRequest({ kind: 'copy', coverage: c }))).kind).toBe('copy');
    const diff = diffCoverage(c, actionSetAttributes('10001', { name: 'Mới' })(c));
    const wire = wireRequest({ kind: 'diff', diff });
    expect(wire.transfer).toEqual([]);
    expect(fromWire(cross(wire))).toEqual({ kind: 'diff', diff });
  });
});
