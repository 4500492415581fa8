// The map draws only the neighbouring provinces' units near the draft's edge; the checks get them all,
// so what they report does not depend on what is drawn.
import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { coverageFromFeatures } from '../../src/core/model';
import { makeContextUnit, type ContextUnit, type ContextUnits } from '../../src/core/model/context-units';
import type { Position } from '../../src/core/model/types';
import { Editor } from '../../src/editor/editor';
import type { ValidatorPort } from '../../src/editor/validator-port';
import { RecordingMap } from '../helpers/fake-map';

function square(code: string, x0: number, y0: number, size: number): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name: code, fullName: `Xã ${code}` },
    geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]] },
  };
}

const box = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const ctx = (code: string, ring: Position[]): ContextUnit =>
  makeContextUnit({ code, fullName: `Xã ${code}`, provinceCode: '99', provinceName: 'Tỉnh Khác', polygons: [[ring]] });

/** A map that records the context units it was given to draw. */
class ContextMap extends RecordingMap {
  drawn: string[] = [];
  override setContextUnits(units: ContextUnits): void {
    this.drawn = [...units.values()].map((u) => u.code).sort();
  }
}

function contextValidator(): ValidatorPort & { context: string[] } {
  const v = {
    context: [] as string[],
    setReference: () => undefined,
    setContext: (units: ContextUnits) => void (v.context = [...units.values()].map((u) => u.code).sort()),
    check: () => Promise.resolve([]),
    dispose: () => undefined,
  };
  return v;
}

// A large unit around everything, one beside the first draft's east edge, one beside the second's.
const large = ctx('large', box(-5, -5, 5, 5));
const east = ctx('east', box(1, 0, 2, 1));
const west = ctx('west', box(-3, 0, -2, 1));
const units: ContextUnits = new Map([large, east, west].map((u) => [u.id, u]));
const ready = { status: 'ready' as const, units, provinces: [{ code: '99', name: 'Tỉnh Khác' }] };

describe('the neighbouring provinces’ units', () => {
  it('are all checked; the map draws those near the draft’s edge', () => {
    const v = contextValidator();
    const e = new Editor(v);
    const map = new ContextMap();
    e.attachMap(map);
    e.load(coverageFromFeatures([square('01001', 0, 0, 1)]));
    e.setNeighbourProvinces(ready);
    expect(v.context).toEqual(['east', 'large', 'west']);
    expect(map.drawn).toEqual(['east']);
  });

  it('another draft of the province draws those near its own edge', () => {
    const e = new Editor(contextValidator());
    const map = new ContextMap();
    e.attachMap(map);
    e.load(coverageFromFeatures([square('01001', 0, 0, 1)]));
    e.setNeighbourProvinces(ready);
    e.load(coverageFromFeatures([square('01001', -2, 0, 1)]));
    expect(map.drawn).toEqual(['west']);
    const later = new ContextMap();
    e.attachMap(later);
    expect(later.drawn).toEqual(['west']);
  });
});
