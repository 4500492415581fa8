// Near-coincident borders are one warning per pair of units, not one per crumb (issue 15, point 4).
import { describe, expect, it } from 'vitest';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { coverageFromFeatures } from '../../../src/core/model';
import { validateCoverage } from '../../../src/core/validation';
import { haiPhong } from '../../helpers/data';
import { mulberry32 } from '../../helpers/random';
import { arcUses } from '../../../src/core/validation/arc-uses';
import { lineLengthM } from '../../../src/core/geom/geodesic';

type F = Feature<Polygon | MultiPolygon, Record<string, unknown>>;

/** Hải Phòng with 10525's copy of its border with 10507 re-written with ±1 mm of noise, as another tool would. */
function rewritten(): F[] {
  const fs = haiPhong().features as F[];
  const a = fs.find((f) => f.properties.code === '10507')!;
  const shared = new Set<string>();
  const polys = (g: Polygon | MultiPolygon): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
  for (const poly of polys(a.geometry)) for (const r of poly) for (const p of r) shared.add(`${p[0]} ${p[1]}`);
  const rand = mulberry32(5);
  return fs.map((f) => {
    if (f.properties.code !== '10525') return f;
    const g = f.geometry;
    const move = (r: Position[]) => {
      const out = r.map((p, i) => (i > 0 && i < r.length - 1 && shared.has(`${p[0]} ${p[1]}`) ? [p[0]! + (rand() - 0.5) * 2e-8, p[1]! + (rand() - 0.5) * 2e-8] : p));
      return out;
    };
    return { ...f, geometry: g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(move) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(move)) } };
  });
}

describe('near-coincident borders', () => {
  it('give one warning for the pair, with the stretch length and the largest distance', () => {
    const issues = validateCoverage(coverageFromFeatures(rewritten()));
    const pair = issues.filter((i) => i.units.includes('10507') && i.units.includes('10525') && i.units.length === 2);
    expect(pair.map((i) => [i.kind, i.severity, i.details?.of])).toEqual([['sliver', 'warning', 'border']]);
    const d = pair[0]!.details!;
    expect(Number(d.pieces)).toBeGreaterThan(20);
    // The two borders are at most √2 mm apart by construction (±1 mm in each coordinate, ~0.11 m/µ°).
    expect(Number(d.maxDistanceM)).toBeGreaterThan(0);
    expect(Number(d.maxDistanceM)).toBeLessThan(0.003);
    // The stretch is the whole shared border: its length is that of the arcs the two units share.
    const c = coverageFromFeatures(haiPhong().features as F[]);
    const uses = arcUses(c).byArc;
    let shared = 0;
    uses.forEach((u, i) => {
      const units = u.map((x) => x.unit).sort().join('+');
      if (units === '10507+10525') shared += lineLengthM(c.arcs[i]!);
    });
    expect(shared).toBeGreaterThan(1000);
    // (The pieces' half-perimeter misses only the stubs at the two ends: about 1 % here.)
    expect(Number(d.lengthM) / shared).toBeGreaterThan(0.97);
    expect(Number(d.lengthM) / shared).toBeLessThan(1.03);
    expect(pair[0]!.id).toBe('sliver/border:10507+10525');
    // No zero-area crumb is an issue of its own anywhere.
    expect(issues.filter((i) => i.areaM2 !== undefined && i.areaM2 <= 0)).toEqual([]);
  });
});
