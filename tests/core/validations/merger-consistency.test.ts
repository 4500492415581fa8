// Merger consistency: a planted fault in a constructed case is found; on the real data the findings are
// listed (and printed) and each agrees with its own definition; ids are deterministic; inputs untouched.
import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { coverageFromFeatures, type FormedFrom } from '../../../src/core/model';
import { mergerConsistency, mergerConsistencyIssues } from '../../../src/core/validations/merger-consistency';
import type { OldUnitCollection } from '../../../src/core/report/merger/old-units';
import { haiPhong } from '../../helpers/data';
import { oldUnitsLayer } from '../report/old-units';

function rect(x0: number, y0: number, x1: number, y1: number): Polygon {
  return { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
}

const row = (name: string, kind: 'full' | 'partial', code: string): FormedFrom => ({ code, name, kind, province: 'Tỉnh Hà Nam Ninh' });

function newUnit(code: string, name: string, g: Polygon, formedFrom: FormedFrom[]): Feature<Polygon> {
  return { type: 'Feature', properties: { code, name, fullName: `Xã ${name}`, type: 'xa', formedFrom }, geometry: g };
}

function oldUnit(id: string, name: string, g: Polygon): Feature<Polygon> {
  return { type: 'Feature', properties: { id, name, district: 'Huyện Kim Sơn', province: 'Hà Nam Ninh' }, geometry: g };
}

// New: A = [106.00, 106.02], B = [106.02, 106.04]. Old: O1, O2 inside A; O3 inside B; O4 straddles the
// border (half in each). Planted fault: B lists O2 "full", but O2 lies in A, which does not list it.
function planted() {
  const c = coverageFromFeatures([
    newUnit('20001', 'An', rect(106.0, 20.0, 106.02, 20.02), [row('Xã Một', 'full', '901'), row('Phường Bốn', 'partial', '904')]),
    newUnit('20002', 'Bình', rect(106.02, 20.0, 106.04, 20.02), [row('Xã Ba', 'full', '903'), row('Xã Hai', 'full', '902'), row('Xã Bốn', 'partial', '904')]),
  ]);
  const old: OldUnitCollection = {
    type: 'FeatureCollection',
    features: [
      oldUnit('o1', 'Xã Một', rect(106.0, 20.0, 106.01, 20.01)),
      oldUnit('o2', 'Xã Hai', rect(106.0, 20.01, 106.015, 20.02)),
      oldUnit('o3', 'Xã Ba', rect(106.025, 20.0, 106.04, 20.02)),
      oldUnit('o4', 'Xã Bốn', rect(106.01, 20.0, 106.03, 20.01)),
    ],
  };
  return { c, old };
}

describe('merger consistency on a constructed case', () => {
  it('finds the planted fault: a listed old unit outside, and its land taken by a unit that does not list it', () => {
    const { c, old } = planted();
    const issues = mergerConsistencyIssues(c, old, { referenceYear: 1990 });
    expect(issues.map((i) => [i.units[0], i.details?.finding, i.details?.oldIds, i.details?.shareInside])).toEqual([
      ['20001', 'unlisted-taken', 'o2', 1],
      ['20002', 'full-outside', 'o2', 0],
    ]);
    expect(issues.every((i) => i.severity === 'warning' && i.kind === 'merger-consistency')).toBe(true);
    expect(issues[0]!.details).toMatchObject({ listedIn: '20002', referenceYear: 1990, referenceVerticesPerUnit: 5, threshold: 0.5 });
    expect(issues[1]!.details).toMatchObject({ oldCode: '902', listedKind: 'full' });
    expect(issues[0]!.geometry).toEqual({ type: 'MultiPolygon', coordinates: [rect(106.0, 20.01, 106.015, 20.02).coordinates] });
  });

  it('reports the share of each partial old unit inside (matched without the type word: Phường Bốn = Xã Bốn)', () => {
    const { c, old } = planted();
    const s = mergerConsistency(c, old);
    const a = s.units.find((u) => u.code === '20001')!;
    const b = s.units.find((u) => u.code === '20002')!;
    expect(a.listed.map((l) => [l.row.name, l.status, l.old.map((o) => o.id)])).toEqual([
      ['Xã Một', 'ok', ['o1']],
      ['Phường Bốn', 'ok', ['o4']],
    ]);
    expect(a.listed[1]!.shareInside).toBeCloseTo(0.5, 9);
    expect(b.listed[2]!.shareInside).toBeCloseTo(0.5, 9);
    expect(a.listed[0]!.shareInside).toBeCloseTo(1, 12);
    expect(s.rows).toEqual({ total: 5, matched: 5, notFound: 0, ambiguous: 0, otherDistrict: 0 });
  });

  it('follows the threshold: a stricter one flags the half-inside partial as nothing, a full one below it', () => {
    const { c, old } = planted();
    // O4 listed "full" by A: half of it inside → full-outside only when the threshold exceeds one half.
    const units = [...c.units.values()];
    const a = units[0]!;
    const c2 = { arcs: c.arcs, units: new Map(c.units).set(a.id, { ...a, attrs: { ...a.attrs, formedFrom: [a.attrs.formedFrom[0]!, { ...a.attrs.formedFrom[1]!, kind: 'full' as const }] } }) };
    const at = (t: number) => mergerConsistencyIssues(c2, old, { threshold: t }).filter((i) => i.units[0] === '20001' && i.details?.finding === 'full-outside');
    expect(at(0.4)).toHaveLength(0);
    expect(at(0.6).map((i) => i.details?.oldIds)).toEqual(['o4']);
    expect(() => mergerConsistencyIssues(c, old, { threshold: 1.5 })).toThrow(RangeError);
  });

  it('lists rows without an old polygon as unmatched, and ambiguous names with their candidates', () => {
    const { c, old } = planted();
    const twin = oldUnit('o5', 'Xã Một', rect(106.05, 20.0, 106.06, 20.01));
    twin.properties = { ...twin.properties, district: 'Huyện Yên Khánh' };
    const u = [...c.units.values()][0]!;
    const rows = [...u.attrs.formedFrom, row('Xã Không Có', 'full', '999')];
    const c2 = { arcs: c.arcs, units: new Map(c.units).set(u.id, { ...u, attrs: { ...u.attrs, formedFrom: rows } }) };
    const s = mergerConsistency(c2, { ...old, features: [...old.features, twin] }, { unitIds: [u.id] });
    const listed = s.units[0]!.listed;
    expect(listed[0]!.old.map((o) => o.id)).toEqual(['o1']); // the code order (901 between 904 and 904) tells the twins apart
    expect(listed[2]).toMatchObject({ match: 'not-found', status: 'unmatched', shareInside: null });
    expect(s.rows).toMatchObject({ total: 3, matched: 2, notFound: 1 });
  });

  it('tells namesakes apart by the code order, then by the overlap; none overlapping stays ambiguous', () => {
    const { c, old } = planted();
    // A second "Xã Một" in another district, overlapping A more than o1 does.
    const twin = oldUnit('o5', 'Xã Một', rect(106.0, 20.0, 106.02, 20.01));
    twin.properties = { ...twin.properties, district: 'Huyện Yên Khánh' };
    const withTwin = { ...old, features: [...old.features, twin] };
    const listedFor = (formedFrom: FormedFrom[], layer: OldUnitCollection) => {
      const u = [...c.units.values()][0]!;
      const c2 = { arcs: c.arcs, units: new Map(c.units).set(u.id, { ...u, attrs: { ...u.attrs, formedFrom } }) };
      return mergerConsistency(c2, layer, { unitIds: [u.id] }).units[0]!.listed[0]!;
    };
    // Code 901 sits between codes whose names match only Kim Sơn units (902 Xã Hai, 903 Xã Ba): o1.
    expect(listedFor([row('Xã Một', 'full', '901'), row('Phường Bốn', 'partial', '904')], withTwin).old.map((o) => o.id)).toEqual(['o1']);
    // A code with no neighbours to go by: the namesake overlapping the unit most.
    expect(listedFor([row('Xã Một', 'full', 'x')], withTwin).old.map((o) => o.id)).toEqual(['o5']);
    // Namesakes neither of which overlaps the unit: ambiguous, both listed.
    const far = (id: string, x: number) => oldUnit(id, 'Xã Năm', rect(x, 21.0, x + 0.01, 21.01));
    const l = listedFor([row('Xã Năm', 'full', 'y')], { ...old, features: [...old.features, far('o6', 106.0), far('o7', 106.1)] });
    expect(l).toMatchObject({ match: 'ambiguous', status: 'unmatched' });
    expect(l.old.map((o) => o.id)).toEqual(['o6', 'o7']);
  });

  it('gives the same ids every time and does not mutate its input', () => {
    const { c, old } = planted();
    const before = JSON.stringify({ arcs: c.arcs, units: [...c.units.entries()], old });
    const a = mergerConsistencyIssues(c, old);
    const b = mergerConsistencyIssues(planted().c, planted().old);
    expect(a.map((i) => i.id)).toEqual(b.map((i) => i.id));
    expect(new Set(a.map((i) => i.id)).size).toBe(a.length);
    expect(JSON.stringify({ arcs: c.arcs, units: [...c.units.entries()], old })).toBe(before);
  });
});

describe('merger consistency on the real data (new Hải Phòng, old 2008 communes)', () => {
  const c = coverageFromFeatures(haiPhong().features);
  const old = oldUnitsLayer();
  const summary = mergerConsistency(c, old, { referenceYear: 2008 });
  const issues = mergerConsistencyIssues(c, old, { referenceYear: 2008 });

  it('lists its findings, each consistent with its definition', () => {
    const rowCount = [...c.units.values()].reduce((s, u) => s + u.attrs.formedFrom.length, 0);
    const r = summary.rows;
    expect(r.total).toBe(rowCount);
    expect(r.matched + r.notFound + r.ambiguous + r.otherDistrict).toBe(r.total);
    expect(summary.reference.units).toBe(old.features.length);
    expect(summary.units).toHaveLength(c.units.size);
    for (const u of summary.units) {
      expect(u.failed).toEqual([]);
      for (const l of u.listed) {
        if (l.status === 'full-outside') expect(l.row.kind === 'full' && l.shareInside! < summary.threshold).toBe(true);
        if (l.status === 'partial-missing') expect(l.row.kind === 'partial' && l.shareInside! <= summary.missingShare).toBe(true);
        if (l.status === 'unmatched') expect(l.match).not.toBe('matched');
        if (l.shareInside !== null) expect(l.shareInside).toBeGreaterThanOrEqual(0);
        if (l.shareInside !== null) expect(l.shareInside).toBeLessThanOrEqual(1 + 1e-9);
      }
      const listedIds = new Set(u.listed.filter((l) => l.match === 'matched').flatMap((l) => l.old.map((o) => o.id)));
      for (const x of u.unlisted) {
        expect(x.shareInside).toBeGreaterThan(summary.threshold);
        expect(listedIds.has(x.old.id)).toBe(false);
      }
    }
    const units = (f: string) => new Set(issues.filter((i) => i.details?.finding === f).map((i) => i.units[0])).size;
    const count = (f: string) => issues.filter((i) => i.details?.finding === f).length;
    const findings = {
      rows: r,
      referenceVerticesPerUnit: Math.round(summary.reference.verticesPerUnit * 10) / 10,
      fullOutside: { issues: count('full-outside'), units: units('full-outside') },
      partialMissing: { issues: count('partial-missing'), units: units('partial-missing') },
      unlistedTaken: { issues: count('unlisted-taken'), units: units('unlisted-taken') },
      unlistedUnmapped: { issues: count('unlisted-unmapped'), units: units('unlisted-unmapped') },
    };
    console.log(`merger consistency on Hải Phòng: ${JSON.stringify(findings)}`);
    expect(issues.length).toBe(
      summary.units.reduce((s, u) => s + u.unlisted.length + u.listed.filter((l) => l.status === 'full-outside' || l.status === 'partial-missing').length, 0),
    );
    // The reference states its coarseness: about 18 vertices per commune (geodata/README.md).
    expect(summary.reference.verticesPerUnit).toBeGreaterThan(15);
    expect(summary.reference.verticesPerUnit).toBeLessThan(21);
  });

  it('reports An Thượng (formed 2019, after the reference) as unmatched for Thành Đông', () => {
    const td = summary.units.find((u) => u.code === '10507')!;
    const anThuong = td.listed.find((l) => l.row.name === 'Xã An Thượng')!;
    expect(anThuong.status).toBe('unmatched');
    // Its predecessors are in the reference, inside Thành Đông, and named by no mapping row.
    expect(td.unlisted.every((x) => x.listedIn.length === 0)).toBe(true);
  });

  it('issue ids are unique and every issue carries the reference coarseness', () => {
    expect(new Set(issues.map((i) => i.id)).size).toBe(issues.length);
    for (const i of issues) expect(i.details).toMatchObject({ referenceYear: 2008, referenceVerticesPerUnit: Math.round(summary.reference.verticesPerUnit) });
  });
});
