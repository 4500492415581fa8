// The order of snap targets between the units' borders and the reference layers.
import { describe, expect, it } from 'vitest';
import { snapPoint, snapped } from '../../src/editor/snap';
import { buildReferenceSnapIndex } from '../../src/core/geom/reference-snap';
import { row } from '../helpers/coverages';

const TOL = 1e-5;
const markers = (...points: [number, number][]) =>
  buildReferenceSnapIndex([
    { id: 'markers', features: { type: 'FeatureCollection', features: points.map((coordinates) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates } })) } },
  ]);
const line = (...coordinates: [number, number][]) =>
  buildReferenceSnapIndex([{ id: 'roads', features: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates } }] } }]);

describe('snapPoint with reference layers', () => {
  it('a reference vertex wins over a nearer unit edge', () => {
    // 2e-6° from the top edge of 10002, 8e-6° from the marker.
    const s = snapPoint(row(), [106.015, 20.010002], TOL, true, { reference: markers([106.015, 20.01001]) });
    expect(s).toMatchObject({ at: [106.015, 20.01001], target: null, reference: { kind: 'vertex', layer: 'markers', feature: 0 } });
    expect(snapped(s)).toBe(true);
  });

  it('a unit vertex wins over a nearer reference edge', () => {
    // A road 1e-6° from the pointer; the 10001|10002 node 4e-6° from it.
    const s = snapPoint(row(), [106.010004, 20.010001], TOL, true, { reference: line([106.009, 20.010002], [106.011, 20.010002]) });
    expect(s.at).toEqual([106.01, 20.01]);
    expect(s.target?.kind).toBe('vertex');
    expect(s.reference).toBeNull();
  });

  it('between edges the nearer wins, either way', () => {
    const road = line([106.013, 20.010006], [106.017, 20.010006]);
    // 2e-6° below the road, 4e-6° above the border: the road.
    expect(snapPoint(row(), [106.015, 20.010004], TOL, true, { reference: road })).toMatchObject({ target: null, reference: { kind: 'edge' }, at: [expect.closeTo(106.015, 12), 20.010006] });
    // 2e-6° above the border, 4e-6° below the road: the border.
    const s = snapPoint(row(), [106.015, 20.010002], TOL, true, { reference: road });
    expect(s.target?.kind).toBe('segment');
    expect(s.reference).toBeNull();
    expect(s.at[1]).toBe(20.01);
  });

  it('a tie between a unit vertex and a reference vertex goes to the unit: the borders share the point', () => {
    const s = snapPoint(row(), [106.010003, 20.01], TOL, true, { reference: markers([106.01, 20.01]) });
    expect(s.target).toMatchObject({ kind: 'vertex', at: [106.01, 20.01] });
    expect(s.reference).toBeNull();
  });

  it('with snapping off nothing snaps; without an index only the borders do', () => {
    const ref = markers([106.015, 20.01001]);
    expect(snapPoint(row(), [106.015, 20.010008], TOL, false, { reference: ref })).toEqual({ at: [106.015, 20.010008], target: null, reference: null });
    expect(snapPoint(row(), [106.015, 20.010008], TOL, true).target?.kind).toBe('segment');
    expect(snapPoint(row(), [106.015, 20.05], TOL, true, { reference: ref })).toEqual({ at: [106.015, 20.05], target: null, reference: null });
  });
});
