import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Position } from 'geojson';
import { labelPoint } from '../../../src/core/geom/label-point';
import { polygonAreaM2 } from '../../../src/core/geom/geodesic';

const square = (x: number, y: number, w: number, h = w): Position[][] => [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]];
const inBox = (p: Position | null, x: number, y: number, w: number, h = w) => !!p && p[0]! > x && p[0]! < x + w && p[1]! > y && p[1]! < y + h;

describe('labelPoint', () => {
  it('puts the label inside the only polygon, hole or not', () => {
    const ring: Position[][] = [...square(106, 20, 0.1), [[106.02, 20.02], [106.02, 20.08], [106.08, 20.08], [106.08, 20.02], [106.02, 20.02]]];
    const p = labelPoint({ type: 'MultiPolygon', coordinates: [ring] });
    expect(inBox(p, 106, 20, 0.1)).toBe(true);
    expect(inBox(p, 106.02, 20.02, 0.06)).toBe(false);
  });

  it('puts it in the clearly largest part', () => {
    const g: MultiPolygon = { type: 'MultiPolygon', coordinates: [square(106, 20, 0.01), square(107, 20, 0.1)] };
    expect(inBox(labelPoint(g), 107, 20, 0.1)).toBe(true);
  });

  it('decides nearly equal parts by the geodesic area, whatever their order', () => {
    // Same size in degrees; the one nearer the equator is larger on the ground (by about 6 %: within
    // the margin where the rough measure does not decide).
    const south = square(106, 10, 0.1);
    const north = square(106, 20, 0.1, 0.1);
    expect(polygonAreaM2(south)).toBeGreaterThan(polygonAreaM2(north));
    expect(inBox(labelPoint({ type: 'MultiPolygon', coordinates: [north, south] }), 106, 10, 0.1)).toBe(true);
    expect(inBox(labelPoint({ type: 'MultiPolygon', coordinates: [south, north] }), 106, 10, 0.1)).toBe(true);
  });

  it('does not change its input, and gives null for no polygon', () => {
    const g: MultiPolygon = { type: 'MultiPolygon', coordinates: [square(106, 20, 0.01), square(107, 20, 0.1)] };
    const before = JSON.stringify(g);
    labelPoint(g);
    expect(JSON.stringify(g)).toBe(before);
    expect(labelPoint({ type: 'MultiPolygon', coordinates: [] })).toBeNull();
  });
});
