import { describe, expect, it } from 'vitest';
import { courseChange } from '../../../src/core/hub/course-change';
import { geometryAreaM2 } from '../../../src/core/geom/geodesic';

const tri = (ring: number[][]) => geometryAreaM2({ type: 'Polygon', coordinates: [ring] });

describe('what a proposed course changes', () => {
  const current: [number, number][] = [[106.6, 20.8], [106.61, 20.8], [106.62, 20.8]];

  it('is nothing for the same course', () => {
    expect(courseChange(current, current)).toEqual({ areaM2: 0, maxShiftM: 0 });
  });

  it('counts both lobes of a course that crosses the border, whichever side gains', () => {
    const proposed: [number, number][] = [[106.6, 20.8], [106.605, 20.801], [106.615, 20.799], [106.62, 20.8]];
    const { areaM2, maxShiftM } = courseChange(current, proposed);
    const north = tri([[106.6, 20.8], [106.61, 20.8], [106.605, 20.801], [106.6, 20.8]]);
    const south = tri([[106.61, 20.8], [106.62, 20.8], [106.615, 20.799], [106.61, 20.8]]);
    // The two lobes are equal and opposite: a signed sum would say 0.
    expect(areaM2).toBeCloseTo(north + south, 3);
    expect(areaM2).toBeGreaterThan(10_000);
    // 0.001° of latitude is about 110.6 m.
    expect(maxShiftM).toBeGreaterThan(110);
    expect(maxShiftM).toBeLessThan(111.5);
  });
});
