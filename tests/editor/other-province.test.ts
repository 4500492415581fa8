// The units of a neighbouring province are not the draft's to take: a reshape of the province edge or a
// new unit drawn across it that would give a unit their land is refused, naming the unit and where; the
// same edit into land no unit holds (the sea) goes ahead.
import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { coverageFromFeatures } from '../../src/core/model';
import { makeContextUnit, type ContextUnits } from '../../src/core/model/context-units';
import type { Position } from '../../src/core/model/types';
import { readUnitAttrs } from '../../src/core/model';
import { foreignLandTaken } from '../../src/core/actions/edit-effects';
import { unitAreaM2 } from '../../src/core/geom/unit-measure';
import { Editor } from '../../src/editor/editor';
import { RecordingMap } from '../helpers/fake-map';

const box = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const unit = (code: string, ring: [number, number][]): Feature<Polygon> => ({
  type: 'Feature',
  properties: { code, name: code, fullName: `Xã ${code}`, type: 'xa' },
  geometry: { type: 'Polygon', coordinates: [ring] },
});
// 10001 and 10002 side by side; east of 10002, a unit of another province; south of everything, the sea.
const other = makeContextUnit({ code: '99001', fullName: 'Xã Bên Kia', provinceCode: '99', provinceName: 'Tỉnh Bên Cạnh', polygons: [[box(106.02, 20.0, 106.03, 20.01)]] });
const context: ContextUnits = new Map([[other.id, other]]);

function setup() {
  const editor = new Editor(null);
  const map = new RecordingMap();
  editor.attachMap(map);
  editor.load(coverageFromFeatures([unit('10001', box(106.0, 20.0, 106.01, 20.01)), unit('10002', box(106.01, 20.0, 106.02, 20.01))]));
  editor.setNeighbourProvinces({ status: 'ready', units: context, provinces: [{ code: '99', name: 'Tỉnh Bên Cạnh' }] });
  const draw = (pts: [number, number][]) => {
    for (const p of pts) map.send('click', p, { keys: { alt: true, shift: false, ctrl: false, meta: false } });
    editor.key({ key: 'Enter', ctrl: false, shift: false, alt: false });
  };
  return { editor, draw };
}

describe('land of a neighbouring province', () => {
  it('a reshape of the province edge into the next province is refused, naming the unit and where', () => {
    const { editor, draw } = setup();
    const before = editor.coverage.get();
    editor.select('10002');
    editor.setMode('reshape');
    draw([[106.02, 20.002], [106.025, 20.005], [106.02, 20.008]]);
    expect(editor.coverage.get()).toBe(before);
    expect(editor.notice.get()).toMatchObject({ kind: 'refused', reason: 'takes-other-province', where: { units: [other.id] } });
    const at = (editor.notice.get() as unknown as { where: { at: Position } }).where.at;
    expect(at[0]).toBeGreaterThan(106.02);
    expect(at[0]).toBeLessThan(106.025);
  });

  it('the same reshape out into the sea goes ahead', () => {
    const { editor, draw } = setup();
    const area = unitAreaM2(editor.coverage.get()!, '10002');
    editor.select('10002');
    editor.setMode('reshape');
    draw([[106.012, 20.0], [106.015, 19.995], [106.018, 20.0]]);
    expect(editor.notice.get()).toBeNull();
    expect(unitAreaM2(editor.coverage.get()!, '10002')).toBeGreaterThan(area);
  });

  it('a new unit drawn across the province edge is refused; drawn inside, it is offered', () => {
    const { editor, draw } = setup();
    const before = editor.coverage.get();
    editor.setMode('new-unit');
    draw([[106.018, 20.004], [106.024, 20.004], [106.024, 20.006], [106.018, 20.006]]);
    const attrs = readUnitAttrs({ code: '10009', name: 'Mới', fullName: 'Xã Mới', type: 'xa' });
    expect(editor.completePending(attrs)).toBe(false);
    expect(editor.coverage.get()).toBe(before);
    expect(editor.notice.get()).toMatchObject({ kind: 'refused', reason: 'takes-other-province', where: { units: [other.id] } });

    editor.setMode('new-unit');
    draw([[106.014, 20.004], [106.018, 20.004], [106.018, 20.006], [106.014, 20.006]]);
    expect(editor.completePending(attrs)).toBe(true);
    expect(editor.confirmation.get()?.annotation).toBe('new-unit-take');
  });

  it('counts no rounding along a shared edge as land taken', () => {
    const { editor } = setup();
    const c = editor.coverage.get()!;
    // 10002 grown by 1 mm over the province edge (narrower than the 0.1 m tolerance).
    const grown = coverageFromFeatures([unit('10001', box(106.0, 20.0, 106.01, 20.01)), unit('10002', box(106.01, 20.0, 106.02000001, 20.01))]);
    expect(foreignLandTaken(c, grown, context, 0.1)).toBeNull();
    const far = coverageFromFeatures([unit('10001', box(106.0, 20.0, 106.01, 20.01)), unit('10002', box(106.01, 20.0, 106.021, 20.01))]);
    expect(foreignLandTaken(c, far, context, 0.1)).toMatchObject({ unit: other.id });
  });
});
