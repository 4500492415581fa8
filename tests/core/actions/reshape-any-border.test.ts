// Reshape along any border of a unit: a line from the A–B border to the A–C border, across the node
// where A, B and C meet. Outward, A takes the area from B and C; inward, the B–C border runs on from
// the node to the nearest point of the line and each takes the land next to its own border. GEOS checks
// that every result is a coverage, and the areas that moved.
import { describe, expect, it } from 'vitest';
import { coverageFromFeatures, coverageToFeatureCollection, neighboursOf, type Coverage } from '../../../src/core/model';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Position } from '../../../src/core/model/types';
import { actionReshapeBorder, reshapeCrossing } from '../../../src/core/actions/reshape-border';
import { geometryAreaM2 } from '../../../src/core/geom/geodesic';
import { validateCoverage } from '../../../src/core/validation';
import { booleanOp, oracle, type CodedFeature } from '../../oracle/geos';
import { areaOf, row, threeAtNode, unit } from '../../helpers/coverages';
import { snapshot } from '../report/helpers';
import { haiPhong } from '../../helpers/data';
import { inwardAcrossNode, outwardAcrossNode } from '../../helpers/reshape-lines';
import { actionRemoveDuplicateVertices } from '../../../src/core/actions/remove-duplicate-vertices';

const A = '10001';
const B = '10002';
const C = '10003';
const D = '10004';
const TOL = 1e-9;

const rectM2 = (x0: number, y0: number, x1: number, y1: number) =>
  geometryAreaM2({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
const ids = (c: Coverage) => [...c.units.keys()];
const total = (c: Coverage, units: readonly string[]) => units.reduce((s, id) => s + areaOf(c, id), 0);

/** GEOS: no overlap, no gap, every unit valid. */
async function expectCoverage(c: Coverage): Promise<void> {
  const r = await oracle(coverageToFeatureCollection(c).features as CodedFeature[]);
  expect(r.overlaps.map((o) => `${o.units.join('/')} ${o.areaM2} m²`)).toEqual([]);
  expect(r.gaps.map((g) => `${g.units.join('/')} ${g.areaM2} m²`)).toEqual([]);
  expect([...r.invalid]).toEqual([]);
  expect(validateCoverage(c).filter((i) => i.severity === 'error')).toEqual([]);
}

/** GEOS's overlaps and gaps over 1 m² among `around` (rounded m²), and its invalid units. */
async function geosPieces(c: Coverage, around: readonly string[]) {
  const fc = coverageToFeatureCollection(c).features.filter((f) => around.includes(String(f.id)));
  const r = await oracle(fc as CodedFeature[]);
  const fmt = (p: { units: readonly string[]; areaM2: number }) => `${p.units.join('/')} ${Math.round(p.areaM2)}`;
  return { overlaps: r.overlaps.filter((p) => p.areaM2 > 1).map(fmt).sort(), gaps: r.gaps.filter((p) => p.areaM2 > 1).map(fmt).sort(), invalid: [...r.invalid.keys()].sort() };
}

describe('reshape across a node where the neighbour changes', () => {
  // From the A–B border east into B, north across the B–C border into C, back west to the A–C border.
  const outward: Position[] = [[106.01, 20.005], [106.015, 20.005], [106.015, 20.015], [106.01, 20.015]];

  it('outward: A takes the area from B and C, each losing exactly its part; borders stay shared', async () => {
    const c = threeAtNode();
    const before = snapshot(c);
    const action = actionReshapeBorder(outward, TOL);
    expect(action.disabled(c)).toBe(false);
    const after = action(c);
    expect(snapshot(c)).toBe(before); // the input is not touched
    // B loses 106.01–106.015 × 20.005–20.01, C the same strip above the node: A gains both.
    const fromB = rectM2(106.01, 20.005, 106.015, 20.01);
    const fromC = rectM2(106.01, 20.01, 106.015, 20.015);
    // (Within 1e-4: a border cut at a new vertex bends its geodesic edges by millimetres.)
    const near = (x: number, y: number) => expect(Math.abs(x - y) / y).toBeLessThan(1e-4);
    near(areaOf(c, B) - areaOf(after, B), fromB);
    near(areaOf(c, C) - areaOf(after, C), fromC);
    near(areaOf(after, A) - areaOf(c, A), fromB + fromC);
    expect(Math.abs(total(after, ids(c)) - total(c, ids(c))) / total(c, ids(c))).toBeLessThan(1e-6);
    // B and C still border A, and each other; the three borders are shared arcs.
    expect(neighboursOf(after, A).map((n) => n.id).sort()).toEqual([B, C]);
    expect(neighboursOf(after, B).map((n) => n.id).sort()).toEqual([A, C]);
    await expectCoverage(after);
  });

  it('outward, drawn the other way round (from A–C to A–B): the same result', () => {
    const c = threeAtNode();
    const a = actionReshapeBorder(outward, TOL)(c);
    const b = actionReshapeBorder([...outward].reverse(), TOL)(c);
    expect(areaOf(b, A)).toBeGreaterThan(areaOf(c, A) + 1e5);
    for (const id of ids(c)) expect(areaOf(b, id), id).toBeCloseTo(areaOf(a, id), 3);
  });

  it('works with the unit named by the selection when the ends lie on several units', () => {
    const c = threeAtNode();
    // Both ends are on A's boundary only (B and C each touch one end): A is found without a selection.
    expect(actionReshapeBorder(outward, TOL, null).disabled(c)).toBe(false);
    expect(actionReshapeBorder(outward, TOL, A).disabled(c)).toBe(false);
  });

  it('inward: each neighbour takes the land next to its own border, cut at the node; GEOS agrees', async () => {
    const c = threeAtNode();
    const inward: Position[] = [[106.01, 20.005], [106.005, 20.005], [106.005, 20.015], [106.01, 20.015]];
    const before = snapshot(c);
    const action = actionReshapeBorder(inward, TOL);
    expect(action.disabled(c)).toBe(false);
    expect(reshapeCrossing(c, inward, TOL)).toBeNull();
    const after = action(c);
    expect(snapshot(c)).toBe(before);
    // The B–C border runs on from the node (106.01, 20.01) to the nearest point of the line, (106.005,
    // 20.01): B takes 106.005–106.01 × 20.005–20.01, C the strip above it.
    const toB = rectM2(106.005, 20.005, 106.01, 20.01);
    const toC = rectM2(106.005, 20.01, 106.01, 20.015);
    const near = (x: number, y: number) => expect(Math.abs(x - y) / y).toBeLessThan(1e-4);
    near(areaOf(after, B) - areaOf(c, B), toB);
    near(areaOf(after, C) - areaOf(c, C), toC);
    near(areaOf(c, A) - areaOf(after, A), toB + toC);
    // GEOS: what B and C gained is A's former land, and exactly those two rectangles.
    const geom = (cov: Coverage, id: string) => coverageToFeatureCollection(cov).features.find((f) => String(f.id) === id)!.geometry as MultiPolygon;
    const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
    for (const [id, r] of [[B, rect(106.005, 20.005, 106.01, 20.01)], [C, rect(106.005, 20.01, 106.01, 20.015)]] as const) {
      const gained = (await booleanOp('difference', geom(after, id), geom(c, id)))!;
      near(geometryAreaM2(gained), geometryAreaM2(r));
      // Nothing of either outside the other (GEOS returns an empty polygon or none).
      const none = (g: MultiPolygon | null) => (g ? geometryAreaM2(g) : 0);
      expect(none(await booleanOp('difference', gained, r))).toBeLessThan(0.01);
      expect(none(await booleanOp('difference', r, gained))).toBeLessThan(0.01);
    }
    expect(neighboursOf(after, A).map((n) => n.id).sort()).toEqual([B, C]);
    expect(neighboursOf(after, B).map((n) => n.id).sort()).toEqual([A, C]);
    await expectCoverage(after);
  });

  it('inward, drawn the other way round: the same result', () => {
    const c = threeAtNode();
    const inward: Position[] = [[106.01, 20.005], [106.005, 20.005], [106.005, 20.015], [106.01, 20.015]];
    const a = actionReshapeBorder(inward, TOL)(c);
    const b = actionReshapeBorder([...inward].reverse(), TOL)(c);
    expect(areaOf(b, A)).toBeLessThan(areaOf(c, A) - 1e5);
    for (const id of ids(c)) expect(areaOf(b, id), id).toBeCloseTo(areaOf(a, id), 3);
  });

  it('inward past two nodes and the outer edge: each unit across takes its own stretch', async () => {
    // A is 10001 of the row-like coverage below: west of it nothing (the province's edge), east B then C.
    const c = threeAtNode();
    // From A's south edge (outside across) up inside A, to the A–C border: across the outer edge,
    // past the corner (106.01, 20) where B starts, and the node where C starts.
    const line: Position[] = [[106.004, 20], [106.004, 20.003], [106.007, 20.003], [106.007, 20.015], [106.01, 20.015]];
    const after = actionReshapeBorder(line, TOL)(c);
    expect(after).not.toBe(c);
    // The outer edge moves in by the strip south of y = 20.003 east of x = 106.004 up to where B's
    // border's continuation meets the line; B and C take land; the province loses that strip.
    expect(areaOf(after, B)).toBeGreaterThan(areaOf(c, B) + 1e4);
    expect(areaOf(after, C)).toBeGreaterThan(areaOf(c, C) + 1e4);
    const lostA = areaOf(c, A) - areaOf(after, A);
    const gainedBC = areaOf(after, B) - areaOf(c, B) + areaOf(after, C) - areaOf(c, C);
    expect(lostA).toBeGreaterThan(gainedBC);
    await expectCoverage(after);
  });

  it('inward where a node\'s border cannot run straight on to the nearest point of the line (a spike of B is in the way): it runs to the nearest point in sight', async () => {
    // B reaches into A with a spike just south of the node (106.01, 20.01) where B gives way to C.
    const spiked = coverageFromFeatures([
      unit(A, [[106, 20], [106.01, 20], [106.01, 20.006], [106.005, 20.011], [106.01, 20.009], [106.01, 20.01], [106.01, 20.02], [106, 20.02]]),
      unit(B, [[106.01, 20], [106.02, 20], [106.02, 20.01], [106.01, 20.01], [106.01, 20.009], [106.005, 20.011], [106.01, 20.006]]),
      unit(C, [[106.01, 20.01], [106.02, 20.01], [106.02, 20.02], [106.01, 20.02]]),
    ]);
    // The nearest point of the line to the node is (106.004, 20.01): the straight border from the node
    // to it would cut through the spike. The node can see the line only above the spike's tip
    // (106.005, 20.011): from y ≈ 20.0112 on. (The part east of the line is the smaller: it is cut off.)
    const line: Position[] = [[106.01, 20.003], [106.004, 20.003], [106.004, 20.018], [106.01, 20.018]];
    expect(reshapeCrossing(spiked, line, TOL)).toBeNull();
    const before = snapshot(spiked);
    const after = actionReshapeBorder(line, TOL)(spiked);
    expect(snapshot(spiked)).toBe(before);
    // A gives up all it held east of the line; B and C share it, nothing goes outside.
    const near = (x: number, y: number) => expect(Math.abs(x - y) / y).toBeLessThan(1e-4);
    near(areaOf(after, A), rectM2(106, 20, 106.01, 20.02) - rectM2(106.004, 20.003, 106.01, 20.018));
    expect(Math.abs(total(after, [A, B, C]) - total(spiked, [A, B, C])) / total(spiked, [A, B, C])).toBeLessThan(1e-6);
    // The B–C border runs on from the node to the line above the spike's tip: B takes everything
    // below that cut (around its spike), C the strip above it, a little less than all above y = 20.01.
    const spike = geometryAreaM2({ type: 'Polygon', coordinates: [[[106.01, 20.006], [106.005, 20.011], [106.01, 20.009], [106.01, 20.006]]] });
    const gainB = areaOf(after, B) - areaOf(spiked, B);
    const gainC = areaOf(after, C) - areaOf(spiked, C);
    expect(gainB).toBeGreaterThan(rectM2(106.004, 20.003, 106.01, 20.01) - spike);
    expect(gainC).toBeGreaterThan(0.9 * rectM2(106.004, 20.01, 106.01, 20.018));
    expect(gainC).toBeLessThan(rectM2(106.004, 20.01, 106.01, 20.018));
    expect(neighboursOf(after, B).map((n) => n.id).sort()).toEqual([A, C]);
    await expectCoverage(after);
  });

  it('inward past a gap between the two neighbours: the land beside the gap goes to them, the gap does not grow', () => {
    // B and C leave a thin gap between them where they reach A (106.01, 20.0099–20.0101).
    const gapped = coverageFromFeatures([
      unit(A, [[106, 20], [106.01, 20], [106.01, 20.0099], [106.01, 20.0101], [106.01, 20.02], [106, 20.02]]),
      unit(B, [[106.01, 20], [106.02, 20], [106.02, 20.01], [106.01, 20.0099]]),
      unit(C, [[106.01, 20.0101], [106.02, 20.01], [106.02, 20.02], [106.01, 20.02]]),
    ]);
    const gapM2 = (c: Coverage) => validateCoverage(c).filter((i) => i.kind === 'gap').reduce((sum, i) => sum + (i.areaM2 ?? 0), 0);
    const line: Position[] = [[106.01, 20.005], [106.005, 20.005], [106.005, 20.015], [106.01, 20.015]];
    const action = actionReshapeBorder(line, TOL);
    expect(action.disabled(gapped)).toBe(false);
    const after = action(gapped);
    const lost = areaOf(gapped, A) - areaOf(after, A);
    expect(lost).toBeGreaterThan(0.99 * rectM2(106.005, 20.005, 106.01, 20.015));
    // Everything A gave up went to B and C: none to no unit, so the gap is as large as before.
    expect(Math.abs(areaOf(after, B) - areaOf(gapped, B) + areaOf(after, C) - areaOf(gapped, C) - lost) / lost).toBeLessThan(1e-6);
    expect(gapM2(gapped)).toBeGreaterThan(1000);
    expect(Math.abs(gapM2(after) - gapM2(gapped)) / gapM2(gapped)).toBeLessThan(1e-6);
  });

  it('partly out and partly in across the node: refused the same way', () => {
    const c = threeAtNode();
    // Out into B, back into A across the A–B border, to the A–C border: A would lose land by B and C.
    const mixed: Position[] = [[106.01, 20.002], [106.015, 20.002], [106.015, 20.006], [106.005, 20.006], [106.005, 20.015], [106.01, 20.015]];
    expect(actionReshapeBorder(mixed, TOL).disabled(c)).toBe('several-neighbours');
  });

  it('a line that runs into a unit not along the replaced stretch is refused with its name and where', () => {
    const c = threeAtNode(true);
    const into: Position[] = [[106.01, 20.005], [106.025, 20.005], [106.015, 20.015], [106.01, 20.015]];
    const why = reshapeCrossing(c, into, TOL)!;
    expect(why.refusal).toBe('self-intersection');
    expect(why.units).toEqual([D]);
    expect(why.at[0]).toBeCloseTo(106.02, 12);
    expect(why.at[1]).toBeCloseTo(20.005, 12);
  });

  it('a line that leaves the province through B is refused', () => {
    const c = threeAtNode();
    const out: Position[] = [[106.01, 20.005], [106.03, 20.005], [106.015, 20.015], [106.01, 20.015]];
    expect(actionReshapeBorder(out, TOL).disabled(c)).toBe('self-intersection');
  });

  it('a line that cuts B in two leaves it in two parts, still a coverage', async () => {
    const c = threeAtNode();
    // Out to B's eastern edge (the province's), along it, then into C and back to the A–C border.
    const pinch: Position[] = [[106.01, 20.004], [106.02, 20.004], [106.02, 20.006], [106.015, 20.015], [106.01, 20.015]];
    const action = actionReshapeBorder(pinch, TOL);
    expect(action.disabled(c)).toBe(false);
    const after = action(c);
    expect(after.units.get(B)!.polygons).toHaveLength(2);
    expect(after.units.get(A)!.polygons).toHaveLength(1);
    expect(Math.abs(total(after, ids(c)) - total(c, ids(c))) / total(c, ids(c))).toBeLessThan(1e-6);
    await expectCoverage(after);
  });
});

describe('reshape that pinches a unit', () => {
  it('along one border: a line through the far corner of 10002 leaves it in two parts, not a ring touching itself', async () => {
    const c = row();
    const pinch: Position[] = [[106.01, 20.002], [106.02, 20], [106.01, 20.008]];
    const action = actionReshapeBorder(pinch, TOL);
    expect(action.disabled(c)).toBe(false);
    const after = action(c);
    expect(after.units.get('10002')!.polygons).toHaveLength(2);
    expect(Math.abs(total(after, ids(c)) - total(c, ids(c))) / total(c, ids(c))).toBeLessThan(1e-6);
    await expectCoverage(after);
  });
});

describe('on the real data: Thành Đông across a node where its neighbour changes', () => {

  it('inward: Thành Đông gives each neighbour the land next to its border; by GEOS the gains are exactly what it lost, no new overlap or gap', async () => {
    const c = coverageFromFeatures(haiPhong().features);
    const td = '10507';
    const { line, node, before: b, after: a } = inwardAcrossNode(c, td);
    const after = actionReshapeBorder(line, 1e-9, td)(c);
    expect(after).not.toBe(c);
    const three = [td, a, b];
    for (const id of c.units.keys()) if (!three.includes(id)) expect(areaOf(after, id), id).toBeCloseTo(areaOf(c, id), 6);
    const geom = (cov: Coverage, id: string) => coverageToFeatureCollection(cov).features.find((f) => String(f.id) === id)!.geometry as MultiPolygon;
    const m2 = (g: MultiPolygon | null) => (g ? geometryAreaM2(g) : 0);
    const lost = (await booleanOp('difference', geom(c, td), geom(after, td)))!;
    const toA = (await booleanOp('difference', geom(after, a), geom(c, a)))!;
    const toB = (await booleanOp('difference', geom(after, b), geom(c, b)))!;
    // Both neighbours gain (the line runs 25 m inside for 150 m each side of the node: about 3,750 m² each).
    expect(m2(toA)).toBeGreaterThan(1000);
    expect(m2(toB)).toBeGreaterThan(1000);
    // What they gained is what Thành Đông lost, nothing else: GEOS's differences leave under 1 m².
    const gains = (await booleanOp('union', toA, toB))!;
    expect(Math.abs(m2(gains) - m2(lost)) / m2(lost)).toBeLessThan(1e-6);
    expect(m2(await booleanOp('difference', lost, gains))).toBeLessThan(1);
    expect(m2(await booleanOp('difference', gains, lost))).toBeLessThan(1);
    expect(m2(await booleanOp('intersection', toA, toB))).toBeLessThan(1);
    // Our geodesic areas agree with those of GEOS's pieces.
    expect(Math.abs(areaOf(c, td) - areaOf(after, td) - m2(lost)) / m2(lost)).toBeLessThan(1e-4);
    expect(Math.abs(areaOf(after, a) - areaOf(c, a) - m2(toA)) / m2(toA)).toBeLessThan(1e-4);
    // The border between the two neighbours now runs on from the node: they still meet there.
    const nodeOnBoth = [a, b].every((id) => coverageToFeatureCollection(after).features.find((f) => String(f.id) === id)!.geometry.coordinates.flat(3).some((v, i, arr) => i % 2 === 0 && v === node[0] && arr[i + 1] === node[1]));
    expect(nodeOnBoth).toBe(true);
    const around = [...new Set([...three, ...three.flatMap((id) => neighboursOf(c, id).map((n) => n.id))])];
    expect(await geosPieces(after, around)).toEqual(await geosPieces(c, around));
  }, 120_000);
  // Straight inward chords across a node that the first version refused (5 % of 400 sampled on Hải
  // Phòng): the border bends across the straight run from the node to the nearest point of the chord,
  // so the cut goes to the nearest point of the chord the node can see.
  const blocked: readonly [string, readonly string[], Position[]][] = [
    ['11755', ['11779', '11842'], [[106.52245, 20.705733], [106.519207, 20.733287]]],
    ['11329', ['11560', '11411'], [[106.711677, 20.855969], [106.70378, 20.877179]]],
    ['11002', ['11020', '10891'], [[106.265906, 20.909533], [106.274693, 20.916448]]],
  ];
  for (const [id, across, line] of blocked) {
    it(`inward chord of ${id} whose straight cut at the node is blocked: accepted, each of ${across.join(' and ')} gains, GEOS finds no new overlap or gap`, async () => {
      const c = actionRemoveDuplicateVertices()(coverageFromFeatures(haiPhong().features));
      const action = actionReshapeBorder(line, 1e-7, id);
      expect(action.disabled(c)).toBe(false);
      const after = action(c);
      const changed = [id, ...across];
      for (const u of across) expect(areaOf(after, u), u).toBeGreaterThan(areaOf(c, u) + 1);
      expect(Math.abs(total(after, changed) - total(c, changed)) / total(c, changed)).toBeLessThan(1e-6);
      for (const u of c.units.keys()) if (!changed.includes(u)) expect(areaOf(after, u), u).toBeCloseTo(areaOf(c, u), 6);
      const around = [...new Set([...changed, ...changed.flatMap((u) => neighboursOf(c, u).map((n) => n.id))])];
      expect(await geosPieces(after, around)).toEqual(await geosPieces(c, around));
    }, 120_000);
  }
  it('inward where a neighbour\'s border runs on the unit\'s without sharing it (11002 and 10532): that neighbour gets its land, no gap opens', async () => {
    // Found by review: 10532's border lies on 11002's for 448 m but is drawn with other vertices, so the
    // two are not one arc; the land there went to no unit and opened a 10,643 m² gap.
    const c = actionRemoveDuplicateVertices()(coverageFromFeatures(haiPhong().features));
    const line: Position[] = [[106.316093, 20.918018], [106.31851563089413, 20.91843722781301], [106.3195614691873, 20.91956178909166], [106.321165, 20.916998]];
    const action = actionReshapeBorder(line, 1e-9, '11002');
    expect(action.disabled(c)).toBe(false);
    const after = action(c);
    const changed = ['11002', '10532', '10537'];
    expect(areaOf(after, '10532') - areaOf(c, '10532')).toBeGreaterThan(5000);
    expect(areaOf(after, '10537') - areaOf(c, '10537')).toBeGreaterThan(5000);
    expect(Math.abs(total(after, changed) - total(c, changed)) / total(c, changed)).toBeLessThan(1e-6);
    const errors = (cov: Coverage) => validateCoverage(cov).filter((i) => i.severity === 'error').map((i) => i.id).sort();
    expect(errors(after)).toEqual(errors(c));
  }, 120_000);
  it('outward: Thành Đông grows by what the two neighbours lose; GEOS finds no new overlap or gap', async () => {
    const c = coverageFromFeatures(haiPhong().features);
    const td = '10507';
    const { line, before: b, after: a } = outwardAcrossNode(c, td);
    const action = actionReshapeBorder(line, 1e-9, td);
    const after = action(c);
    const three = [td, a, b];
    const gain = areaOf(after, td) - areaOf(c, td);
    expect(gain).toBeGreaterThan(100);
    expect(areaOf(after, a)).toBeLessThan(areaOf(c, a));
    expect(areaOf(after, b)).toBeLessThan(areaOf(c, b));
    expect(Math.abs(total(after, three) - total(c, three)) / total(c, three)).toBeLessThan(1e-6);
    for (const id of c.units.keys()) if (!three.includes(id)) expect(areaOf(after, id), id).toBeCloseTo(areaOf(c, id), 6);
    // The three units and their neighbours, before and after, by GEOS: the same overlaps and gaps.
    const around = [...new Set([...three, ...three.flatMap((id) => neighboursOf(c, id).map((n) => n.id))])];
    expect(await geosPieces(after, around)).toEqual(await geosPieces(c, around));
    const errors = (cov: Coverage) => validateCoverage(cov).filter((i) => i.severity === 'error').map((i) => i.id).sort();
    expect(errors(after)).toEqual(errors(c));
  }, 120_000);
});
