// The boundary record against GEOS (tests/oracle/borders.ts): for every border of a unit, the length the
// record gives is within 0.5 % (or 1 m) of GEOS's length of boundary ∩ buffer(neighbour, 0.1 m) in UTM
// (less what also lies in another neighbour's buffer, which the record may give to either),
// the stretch along no unit likewise, every characteristic point lies where one of GEOS's stretches
// ends and every end has a point, and no leg is 0 m. On the real data, after Thành Đông's transfer, and after seeded random edits.
import { describe, expect, it } from 'vitest';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { arcIndex, coverageFromFeatures, coverageToFeatureCollection, type Coverage } from '../../../src/core/model';
import { arcUsage } from '../../../src/core/model/arc-usage';
import { actionTransferArea } from '../../../src/core/actions/geometry-edits';
import { actionReshapeBorder } from '../../../src/core/actions/reshape-border';
import { unitAreaM2 } from '../../../src/core/geom/unit-measure';
import { actionRemoveDuplicateVertices } from '../../../src/core/actions/remove-duplicate-vertices';
import { walkUnit } from '../../../src/core/report/ring-walk';
import { legsOf } from '../../../src/core/report/boundary-legs';
import { numberPoints } from '../../../src/core/report/characteristic-points';
import { OUTSIDE } from '../../../src/core/report/faces-across';
import { bordersOfLegs } from '../../../src/core/report/neighbour-borders';
import { distanceM } from '../../../src/core/geom/geodesic';
import { geosBorders } from '../../oracle/borders';
import { haiPhong, sonLa } from '../../helpers/data';
import { mulberry32 } from '../../helpers/random';
import { randomAction } from '../../helpers/random-edits';
import { NO_CONTEXT, type ContextUnits } from '../../../src/core/model/context-units';
import { neighbourProvinces } from '../../helpers/provinces';

type Coded = Feature<Polygon | MultiPolygon, Record<string, unknown>>;

interface Record_ {
  readonly lengths: Map<string, number>;
  readonly points: { lon: number; lat: number; units: readonly string[]; outside: boolean }[];
  readonly legLengths: number[];
}

/** The record's borders by neighbour code ('outside' for none), points and leg lengths. */
function record(c: Coverage, unitId: string, context: ContextUnits = NO_CONTEXT): Record_ {
  const walk = walkUnit(c, unitId, { context });
  const rings = legsOf(walk, OUTSIDE);
  const code = (id: string) => context.get(id)?.code ?? c.units.get(id)!.attrs.code;
  const lengths = new Map(bordersOfLegs(rings).map((b) => [code(b.id), b.lengthM]));
  let outside = 0;
  for (const r of rings) for (const l of r.legs) for (const run of l.runs) if (run.neighbour === null) outside += run.lengthM;
  if (outside > 0) lengths.set('outside', outside);
  const points = numberPoints(walk).map((p) => ({ lon: p.lon, lat: p.lat, units: p.units.map(code), outside: p.outside }));
  return { lengths, points, legLengths: rings.flatMap((r) => r.legs.map((l) => l.lengthM)) };
}

/**
 * Every disagreement between the record of one unit and GEOS, as readable lines (empty: they agree).
 * A unit GEOS finds invalid (a random move can make a ring cross itself; the checker reports it) has no
 * well-defined border lengths, and in a unit under 1 m wide (a random split can cut off a 74 m sliver)
 * both sides lie in each other's buffers, so GEOS's stretches do not end at its corners: neither is
 * compared.
 */
async function disagreements(c: Coverage, features: readonly Coded[], unitId: string, context: ContextUnits = NO_CONTEXT): Promise<string[]> {
  const code = c.units.get(unitId)!.attrs.code;
  const ours = record(c, unitId, context);
  const geos = await geosBorders(features, code, 0.1, ours.points.map((p) => [p.lon, p.lat]));
  if (!geos.valid || geos.widthM < 1) return [];
  const out: string[] = [];
  for (const k of new Set([...ours.lengths.keys(), ...geos.lengths.keys()])) {
    const a = ours.lengths.get(k) ?? 0;
    const b = geos.lengths.get(k) ?? 0;
    const low = b - (geos.ambiguous.get(k) ?? 0);
    const slack = Math.max(1, 0.005 * b);
    if (a < low - slack || a > b + slack) out.push(`${code}|${k}: record ${a.toFixed(2)} m, GEOS ${low.toFixed(2)}–${b.toFixed(2)} m`);
  }
  // Points: each where a GEOS stretch ends (within 2 m: a stretch ends where the boundary leaves the
  // neighbour's 0.1 m buffer), or, where two borders meet at a shallow angle and the ends drift along
  // it, on the borders of every unit it names; every stretch end has a point within 2 m plus the length
  // GEOS found in two buffers at once.
  ours.points.forEach((p, i) => {
    if (geos.ends.some((e) => distanceM([p.lon, p.lat], [e.at[0]!, e.at[1]!]) < 2)) return;
    const far = p.units.filter((u) => u !== code && !((geos.probes[i]!.get(u) ?? Infinity) <= 0.11));
    if (far.length > 0) out.push(`${code}: point ${p.lon},${p.lat} (${p.units.join('/')}) ends no GEOS stretch and is not on ${far.join(', ')}`);
  });
  for (const e of geos.ends) {
    const reach = 2 + (geos.ambiguous.get(e.code) ?? 0);
    if (!ours.points.some((p) => distanceM([p.lon, p.lat], [e.at[0]!, e.at[1]!]) < reach)) out.push(`${code}: GEOS stretch along ${e.code} ends at ${e.at.join(',')} with no point`);
  }
  if (ours.legLengths.some((l) => !(l > 0))) out.push(`${code}: a leg of 0 m`);
  return out;
}

describe('record of Thành Đông (10507) against GEOS', () => {
  const c = coverageFromFeatures(haiPhong().features);
  // GEOS 3.13, boundary ∩ buffer(neighbour, 0.1 m) in UTM 48N, from the bundled GeoJSON.
  const geosBefore = { '10606': 8845.9, '10525': 5924.3, '10532': 3548.0, '10543': 2246.2, '10642': 1780.4, '10837': 814.7 };
  // After taking a 90 m square around the middle vertex of the longest 10507–10606 arc from 10606.
  const geosAfter = { ...geosBefore, '10606': 8930.6 };

  function transferred(): Coverage {
    const users = arcUsage(c).unitsByArc;
    const shared = c.arcs
      .map((_, i) => i)
      .filter((i) => users[i]!.includes('10507') && users[i]!.includes('10606'))
      .sort((a, b) => c.arcs[b]!.length - c.arcs[a]!.length);
    const arc = c.arcs[shared[0]!]!;
    const p = arc[Math.floor(arc.length / 2)]!;
    const d = 0.0004;
    const square: Polygon = { type: 'Polygon', coordinates: [[[p[0] - d, p[1] - d], [p[0] + d, p[1] - d], [p[0] + d, p[1] + d], [p[0] - d, p[1] + d], [p[0] - d, p[1] - d]]] };
    const action = actionTransferArea(square, '10606', '10507');
    expect(action.disabled(c)).toBe(false);
    return action(c);
  }

  function expectRecord(cov: Coverage, geos: Record<string, number>) {
    const r = record(cov, '10507');
    expect([...r.lengths.keys()].sort()).toEqual(Object.keys(geos).sort()); // no "outside" stretch at all
    for (const [k, v] of Object.entries(geos)) expect(Math.abs(r.lengths.get(k)! - v) / v, k).toBeLessThan(0.005);
    // Six points, each where Thành Đông and two neighbours meet; none "outside the province".
    expect(r.points.map((p) => p.units.join('/'))).toEqual([
      '10507/10606/10642', '10507/10606/10837', '10507/10525/10837', '10507/10525/10532', '10507/10532/10543', '10507/10543/10642',
    ]);
    expect(r.points.every((p) => !p.outside)).toBe(true);
    expect(r.legLengths).toHaveLength(6);
  }

  it('before any edit: six points, six legs, Nam Sách 8,846 m, nothing along the province edge', () => {
    expectRecord(c, geosBefore);
  });

  it('after a transfer on the Nam Sách border: the same six points, the border 85 m longer', () => {
    expectRecord(transferred(), geosAfter);
  });
});

describe('record of every unit against GEOS', () => {
  it('Hải Phòng: every border of all 114 units, every point', { timeout: 600_000 }, async () => {
    const fc = haiPhong();
    const c = coverageFromFeatures(fc.features);
    const found: string[] = [];
    for (const id of c.units.keys()) found.push(...(await disagreements(c, fc.features, id)));
    expect(found).toEqual([]);
  });

  it('Sơn La: the units of its two overlaps (88,400 and 67,300 m²) and their neighbours', { timeout: 600_000 }, async () => {
    const fc = sonLa();
    const c = coverageFromFeatures(fc.features);
    const around = new Set(['03970', '04000', '03997']);
    for (const id of [...around]) for (const b of bordersOfLegs(legsOf(walkUnit(c, id), OUTSIDE))) around.add(b.id);
    expect(around.size).toBeGreaterThan(8);
    const found: string[] = [];
    for (const id of around) found.push(...(await disagreements(c, fc.features, id)));
    expect(found).toEqual([]);
  });
});

describe('record across the province border against GEOS', () => {
  it('Hải Phòng with its neighbouring provinces: each border with the next province named, only the coast outside', { timeout: 600_000 }, async () => {
    const fc = haiPhong();
    const c = coverageFromFeatures(fc.features);
    const { context, features: contextFeatures } = neighbourProvinces(fc, '31');
    // The units on the province's edge: those whose record, without the neighbouring provinces, has
    // a stretch along no unit.
    const edge = [...c.units.keys()].filter((id) => record(c, id).lengths.has('outside'));
    const named = new Set<string>();
    let outsideBefore = 0;
    let outsideAfter = 0;
    for (const id of edge) {
      outsideBefore += record(c, id).lengths.get('outside')!;
      const r = record(c, id, context);
      outsideAfter += r.lengths.get('outside') ?? 0;
      for (const k of r.lengths.keys()) if (context.has(`\0ctx:${k}`)) named.add(k);
    }
    // Measured: 51 edge units; 96 units of Quảng Ninh, Bắc Ninh, Hưng Yên and Ninh Bình named; the
    // outside shrinks from the whole province edge to the coast and the islands.
    // Measured: 41 units on the edge; 39 units of Quảng Ninh, Bắc Ninh and Hưng Yên named across it
    // (Ninh Bình's box meets Hải Phòng's, none of its units touches); the stretch along no unit falls
    // from 879 km (the whole edge, islands included) to 567 km (the coast and the islands).
    expect(edge).toHaveLength(41);
    expect(named.size).toBe(39);
    expect(new Set([...named].map((k) => context.get(`\0ctx:${k}`)!.provinceCode))).toEqual(new Set(['22', '24', '33']));
    expect(outsideBefore - outsideAfter).toBeGreaterThan(300_000);
    const features = [...fc.features, ...contextFeatures];
    const found: string[] = [];
    for (const id of edge) found.push(...(await disagreements(c, features, id, context)));
    expect(found).toEqual([]);
  });
});

/** A unit is touched by an edit when its rings or any arc they use changed (a move changes only arcs). */
function changed(before: Coverage, after: Coverage, id: string): boolean {
  const u = after.units.get(id)!;
  if (u !== before.units.get(id)) return true;
  return u.polygons.some((p) => p.some((r) => r.some((ref) => after.arcs[arcIndex(ref)] !== before.arcs[arcIndex(ref)])));
}

describe('record after seeded random edits, against GEOS after each edit', () => {
  const start = coverageFromFeatures(haiPhong().features);

  // Seeds 31 and 7 also with the neighbouring provinces' units as context: their edits touch units on
  // the province's edge (31: 11887; 7: 10633, 10714, 11239, 11411, 11503), read against Quảng Ninh, Bắc
  // Ninh and Hưng Yên (GEOS gets their polygons too).
  const around = neighbourProvinces(haiPhong(), '31');
  for (const [seed, withContext] of [[5, false], [2026, false], [30, false], [31, false], [31, true], [7, true]] as const) {
    const context = withContext ? around.context : NO_CONTEXT;
    it(`seed ${seed}${withContext ? ', with the neighbouring provinces' : ''}: the units each edit touched and their neighbours`, { timeout: 600_000 }, async () => {
      const rand = mulberry32(seed);
      let c = start;
      const applied: string[] = [];
      for (let n = 0; applied.length < 6 && n < 200; n++) {
        const op = randomAction(rand, c, n);
        if (!op || op.action.disabled(c)) continue;
        const before = c;
        c = op.action(c);
        applied.push(op.name);
        const touched = new Set([...c.units.keys()].filter((id) => changed(before, c, id)));
        for (const id of [...touched]) for (const b of bordersOfLegs(legsOf(walkUnit(c, id), OUTSIDE))) if (c.units.has(b.id)) touched.add(b.id);
        const features = [...coverageToFeatureCollection(c).features, ...(withContext ? around.features : [])];
        const found: string[] = [];
        for (const id of touched) found.push(...(await disagreements(c, features, id, context)));
        expect(found, `after ${applied.join(', ')}`).toEqual([]);
      }
      expect(applied).toHaveLength(6);
    });
  }
});

describe('record after an inward reshape across a node whose straight cut is blocked, against GEOS', () => {
  // The border between the two neighbours runs on from the node to the nearest point of the line in
  // sight (reshape-border.ts): the record of every unit that changed, and of their neighbours, must
  // still have its points at the new nodes and its legs as GEOS measures them.
  const start = actionRemoveDuplicateVertices()(coverageFromFeatures(haiPhong().features));
  for (const [id, line] of [
    ['11755', [[106.52245, 20.705733], [106.519207, 20.733287]]],
    ['11329', [[106.711677, 20.855969], [106.70378, 20.877179]]],
  ] as const) {
    it(`an inward chord of ${id}`, { timeout: 600_000 }, async () => {
      const action = actionReshapeBorder(line.map((p) => [p[0], p[1]]), 1e-7, id);
      expect(action.disabled(start)).toBe(false);
      const c = action(start);
      // (The rebuild renumbers arcs: the units that changed are those whose area did.)
      const touched = new Set([...c.units.keys()].filter((u) => Math.abs(unitAreaM2(c, u) - unitAreaM2(start, u)) > 0.01));
      expect(touched.size).toBe(3);
      for (const u of [...touched]) for (const b of bordersOfLegs(legsOf(walkUnit(c, u), OUTSIDE))) if (c.units.has(b.id)) touched.add(b.id);
      const features = coverageToFeatureCollection(c).features;
      const found: string[] = [];
      for (const u of touched) found.push(...(await disagreements(c, features as Coded[], u)));
      expect(found).toEqual([]);
    });
  }
});
