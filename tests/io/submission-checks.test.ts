// The exported Hải Phòng submission file, read back as a reviewer would, passes the checks with the same
// result as the draft: the same errors (kind, units, area within 0.1 %), nothing new from the rounding.
import { describe, expect, it } from 'vitest';
import { coverageFromFeatures, neighboursOf } from '../../src/core/model';
import { validateCoverage } from '../../src/core/validation';
import { buildSubmission, geoJsonText } from '../../src/io/submission';
import { readGeoJson } from '../../src/io/geojson';
import { haiPhong } from '../helpers/data';

describe('the exported submission file', () => {
  it('gives the same check results as the draft', () => {
    const draft = coverageFromFeatures(haiPhong().features);
    const text = geoJsonText(buildSubmission(draft, { exportedAt: '2026-11-22T00:00:00Z' }).collection);
    const read = readGeoJson('31_Hai_Phong.geojson', text);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(read.value.features).toHaveLength(114);
    const back = coverageFromFeatures(read.value.features);
    const summary = (c: typeof draft) =>
      validateCoverage(c)
        .filter((i) => i.severity === 'error')
        .map((i) => ({ kind: i.kind, units: i.units.join('+'), area: i.areaM2 ?? 0 }));
    const before = summary(draft);
    const after = summary(back);
    expect(after.map((i) => [i.kind, i.units])).toEqual(before.map((i) => [i.kind, i.units]));
    after.forEach((i, k) => expect(Math.abs(i.area - before[k]!.area) / before[k]!.area).toBeLessThan(0.001));
    // Neighbours still share their borders after the 7-decimal rounding.
    const pairs = (c: typeof draft) =>
      [...c.units.keys()].flatMap((id) => neighboursOf(c, id).map((n) => `${id}|${n.id}`)).sort();
    expect(pairs(back)).toEqual(pairs(draft));
  });
});
