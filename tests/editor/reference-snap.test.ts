// Snapping to reference layers (cadastral parcels, surveyed markers) through the editor and its modes,
// driven by pointer events on the recording map (10 px of reach = 1e-5°, about 1 m).
import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { Editor } from '../../src/editor/editor';
import { inlineValidator } from '../../src/editor/validation-session';
import { coverageFromFeatures, type Coverage } from '../../src/core/model';
import { unitGeometry } from '../../src/core/geom/unit-measure';
import { canUndo } from '../../src/core/history/history';
import { row, unit } from '../helpers/coverages';
import { RecordingMap } from '../helpers/fake-map';

const ALT = { keys: { alt: true, shift: false, ctrl: false, meta: false } };
const press = (editor: Editor, key: string) => editor.key({ key, ctrl: false, shift: false, alt: false });
const fc = (...geometries: Geometry[]): FeatureCollection => ({
  type: 'FeatureCollection',
  features: geometries.map((geometry): Feature => ({ type: 'Feature', properties: {}, geometry })),
});
const box = (x0: number, y0: number, x1: number, y1: number): Geometry => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});
/** A parcel just south of 10002, its north-west corner 0.6 m above 10002's southern edge; and one to the east of the units. */
const CORNER: [number, number] = [106.0112, 20.000006];
const parcels = { id: 'parcels', features: fc(box(CORNER[0], CORNER[1] - 0.002, CORNER[0] + 0.002, CORNER[1]), box(106.04, 20.002, 106.044, 20.006)) };

function setup(c: Coverage = row()) {
  const editor = new Editor(inlineValidator());
  const map = new RecordingMap();
  editor.attachMap(map);
  editor.load(c);
  return { editor, map };
}

const has = (c: Coverage, id: string, p: readonly [number, number]) =>
  unitGeometry(c, id)!.coordinates.flat(2).some((q) => q[0] === p[0] && q[1] === p[1]);

function handleAt(map: RecordingMap, at: readonly [number, number]) {
  const f = map.overlays.get('handles')!.features.find((h) => h.properties.kind === 'vertex' && (h.geometry as { coordinates: number[] }).coordinates.join() === at.join())!;
  return { kind: 'vertex' as const, arc: f.properties.arc as number, index: f.properties.index as number };
}

const snapMarks = (map: RecordingMap) =>
  map.overlays.get('sketch')!.features.filter((f) => f.properties.role === 'snap').map((f) => (f.geometry as { coordinates: number[] }).coordinates);

describe('dragging a vertex near a reference layer', () => {
  it('ends exactly on a parcel corner within reach, shown as the snap target meanwhile, for both units sharing it', () => {
    const { editor, map } = setup();
    editor.setReferenceSnap([parcels]);
    editor.select('10002');
    editor.setMode('vertices');
    const c = editor.coverage.get()!;
    map.send('down', [106.01, 20], { handle: handleAt(map, [106.01, 20]) });
    map.send('move', [106.0111, 20.00002]);
    // 4 px from the corner: the drag shows the corner as its target, like a border's.
    map.send('move', [106.011204, 20.000003]);
    expect(snapMarks(map)).toEqual([CORNER]);
    map.send('up', [106.011204, 20.000003]);
    const after = editor.coverage.get()!;
    expect(after).not.toBe(c);
    expect(has(after, '10001', CORNER)).toBe(true);
    expect(has(after, '10002', CORNER)).toBe(true);
    expect(editor.history.get()!.steps).toHaveLength(2);
  });

  it('with Alt held, or snapping off, the vertex stays where the pointer left it', () => {
    for (const how of ['alt', 'off'] as const) {
      const { editor, map } = setup();
      editor.setReferenceSnap([parcels]);
      if (how === 'off') editor.setSettings({ snapping: false });
      editor.select('10002');
      editor.setMode('vertices');
      const extra = how === 'alt' ? ALT : {};
      map.send('down', [106.01, 20], { handle: handleAt(map, [106.01, 20]) });
      map.send('move', [106.0111, 20.00002], extra);
      map.send('move', [106.011204, 20.000003], extra);
      expect(snapMarks(map), how).toEqual([]);
      map.send('up', [106.011204, 20.000003], extra);
      const after = editor.coverage.get()!;
      expect(has(after, '10002', [106.011204, 20.000003]), how).toBe(true);
      expect(has(after, '10002', CORNER), how).toBe(false);
    }
  });

  it('never onto a reference point the vertex\'s own arc already has: that would fold a segment to nothing', () => {
    // B was snapped to the marker before; A, dragged 2 px from it, is not put on top of B.
    const B: [number, number] = [106.01, 20.005008];
    const { editor, map } = setup(
      coverageFromFeatures([
        unit('10001', [[106, 20], [106.01, 20], [106.01, 20.005], B, [106.01, 20.01], [106, 20.01]]),
        unit('10002', [[106.01, 20], [106.02, 20], [106.02, 20.01], [106.01, 20.01], B, [106.01, 20.005]]),
      ]),
    );
    editor.setReferenceSnap([{ id: 'markers', features: fc({ type: 'Point', coordinates: [...B] }) }]);
    editor.select('10001');
    editor.setMode('vertices');
    map.send('down', [106.01, 20.005], { handle: handleAt(map, [106.01, 20.005]) });
    map.send('move', [106.01, 20.005006]);
    map.send('up', [106.01, 20.005006]);
    const after = editor.coverage.get()!;
    expect(has(after, '10001', [106.01, 20.005006])).toBe(true);
    expect(unitGeometry(after, '10001')!.coordinates.flat(2).filter((q) => q[0] === B[0] && q[1] === B[1])).toHaveLength(1);
  });
});

describe('drawing near a reference layer', () => {
  it('a new unit drawn with clicks near a parcel edge gets its points exactly on that edge', () => {
    const { editor, map } = setup();
    editor.setReferenceSnap([parcels]);
    editor.setMode('new-unit');
    // The hover shows where the click will land, as for a border.
    map.send('move', [106.041, 20.002004]);
    expect(snapMarks(map)).toEqual([[expect.closeTo(106.041, 12), 20.002]]);
    map.send('click', [106.041, 20.002004]);
    map.send('click', [106.043, 20.001996]);
    map.send('click', [106.042, 20.0005], ALT);
    press(editor, 'Enter');
    const points = editor.pending.get()!.points;
    expect(points).toHaveLength(3);
    expect(points[0]![1]).toBe(20.002);
    expect(points[1]![1]).toBe(20.002);
    expect(points[0]![0]).toBeCloseTo(106.041, 12);
    expect(points[1]![0]).toBeCloseTo(106.043, 12);
    expect(points[2]).toEqual([106.042, 20.0005]);
  });

  it('with Alt held, or snapping off, clicks stay where they are', () => {
    for (const how of ['alt', 'off'] as const) {
      const { editor, map } = setup();
      editor.setReferenceSnap([parcels]);
      if (how === 'off') editor.setSettings({ snapping: false });
      editor.setMode('new-unit');
      const extra = how === 'alt' ? ALT : {};
      map.send('move', [106.041, 20.002004], extra);
      expect(snapMarks(map), how).toEqual([]);
      map.send('click', [106.041, 20.002004], extra);
      map.send('click', [106.043, 20.001996], extra);
      map.send('click', [106.042, 20.0005], extra);
      press(editor, 'Enter');
      expect(editor.pending.get()!.points, how).toEqual([[106.041, 20.002004], [106.043, 20.001996], [106.042, 20.0005]]);
    }
  });

  it('a unit border vertex nearer than a reference vertex wins; a nearer reference vertex wins over the border vertex', () => {
    const { editor, map } = setup();
    // A marker 0.6 m east of the 10001|10002 top node (106.01, 20.01).
    editor.setReferenceSnap([{ id: 'markers', features: fc({ type: 'Point', coordinates: [106.010006, 20.01] }) }]);
    editor.setMode('reshape');
    map.send('click', [106.010002, 20.010001]);
    map.send('click', [106.010005, 20.010001]);
    const drawn = map.overlays.get('sketch')!.features.filter((f) => f.properties.role === 'vertex').map((f) => (f.geometry as { coordinates: number[] }).coordinates);
    expect(drawn).toEqual([[106.01, 20.01], [106.010006, 20.01]]);
  });

  it('layers not passed (hidden, or not snappable) are not snapped to', () => {
    const { editor, map } = setup();
    const markers = { id: 'markers', features: fc({ type: 'Point', coordinates: [106.05, 20.05] }, { type: 'Point', coordinates: [106.06, 20.04] }) };
    editor.setReferenceSnap([parcels, markers]);
    editor.setReferenceSnap([markers]);
    editor.setMode('new-unit');
    map.send('click', [106.041, 20.002004]);
    map.send('click', [106.050004, 20.05]);
    editor.setReferenceSnap([]);
    map.send('click', [106.060004, 20.04]);
    press(editor, 'Enter');
    expect(editor.pending.get()!.points).toEqual([[106.041, 20.002004], [106.05, 20.05], [106.060004, 20.04]]);
  });
});

describe('snapping the selected vertex (J) to a reference layer', () => {
  it('moves it onto a surveyed marker within reach, for every unit sharing it, as one undo step; then nothing is in reach', () => {
    // A vertex inside the 10001|10002 border (not a node, where other arcs' ends would already be taken).
    const { editor, map } = setup(
      coverageFromFeatures([
        unit('10001', [[106, 20], [106.01, 20], [106.01, 20.005], [106.01, 20.01], [106, 20.01]]),
        unit('10002', [[106.01, 20], [106.02, 20], [106.02, 20.01], [106.01, 20.01], [106.01, 20.005]]),
      ]),
    );
    const marker: [number, number] = [106.010003, 20.005004];
    editor.setReferenceSnap([{ id: 'markers', features: fc({ type: 'Point', coordinates: [...marker] }) }]);
    editor.select('10001');
    editor.setMode('vertices');
    map.send('click', [106.01, 20.005], { handle: handleAt(map, [106.01, 20.005]) });
    const c = editor.coverage.get()!;
    press(editor, 'J');
    const after = editor.coverage.get()!;
    expect(has(after, '10001', marker)).toBe(true);
    expect(has(after, '10002', marker)).toBe(true);
    expect(has(after, '10001', [106.01, 20.005])).toBe(false);
    // Already on the marker: J again is no empty undo step but "nothing in reach".
    press(editor, 'J');
    expect(editor.coverage.get()).toBe(after);
    expect(editor.notice.get()).toEqual({ kind: 'refused', reason: 'nothing-in-reach' });
    editor.undo();
    expect(editor.coverage.get()).toBe(c);
    expect(canUndo(editor.history.get()!)).toBe(false);
  });

  it('says nothing is in reach when the marker\'s layer is hidden', () => {
    const { editor, map } = setup();
    editor.setReferenceSnap([{ id: 'markers', features: fc({ type: 'Point', coordinates: [106.010003, 20.010004] }) }]);
    editor.setReferenceSnap([]);
    editor.select('10001');
    editor.setMode('vertices');
    map.send('click', [106.01, 20.01], { handle: handleAt(map, [106.01, 20.01]) });
    const c = editor.coverage.get()!;
    expect(editor.snapActiveVertex()).toBe(false);
    expect(editor.coverage.get()).toBe(c);
    expect(editor.notice.get()).toEqual({ kind: 'refused', reason: 'nothing-in-reach' });
  });
});

describe('tracing along a reference layer', () => {
  // A parcel east of the units with a vertex in the middle of each side: Q0 … Q7 anticlockwise.
  const Q: [number, number][] = [
    [106.04, 20.002], [106.042, 20.002], [106.044, 20.002], [106.044, 20.004],
    [106.044, 20.006], [106.042, 20.006], [106.04, 20.006], [106.04, 20.004],
  ];
  const octagon = { id: 'parcels', features: fc({ type: 'Polygon', coordinates: [[...Q, Q[0]!]] }) };
  const sketchPoints = (map: RecordingMap) =>
    map.overlays.get('sketch')!.features.filter((f) => f.properties.role === 'vertex').map((f) => (f.geometry as { coordinates: number[] }).coordinates);

  it('two clicks on corners of a parcel two vertices apart follow its side, through the vertex between', () => {
    const { editor, map } = setup();
    editor.setReferenceSnap([octagon]);
    editor.setMode('new-unit');
    map.send('click', [106.040004, 20.002003]);
    map.send('click', [106.043996, 20.002004]);
    // Shown at once, before the sketch is finished.
    expect(sketchPoints(map)).toEqual([Q[0], Q[1], Q[2]]);
    // On round the shorter way, from the corner to a point inside the north side; then into the parcel.
    map.send('click', [106.0431, 20.006004]);
    map.send('click', [106.041, 20.005], ALT);
    press(editor, 'Enter');
    const points = editor.pending.get()!.points;
    expect(points.slice(0, 5)).toEqual([Q[0], Q[1], Q[2], Q[3], Q[4]]);
    expect(points[5]![1]).toBe(20.006);
    expect(points[5]![0]).toBeCloseTo(106.0431, 12);
    expect(points[6]).toEqual([106.041, 20.005]);
    // The layer's features are as they were.
    expect(octagon.features.features[0]!.geometry).toEqual({ type: 'Polygon', coordinates: [[...Q, Q[0]!]] });
  });

  it('clicks on two different parcels, or one with Alt held, cut straight across', () => {
    const { editor, map } = setup();
    const far = box(106.05, 20.002, 106.054, 20.006);
    editor.setReferenceSnap([{ id: 'parcels', features: fc({ type: 'Polygon', coordinates: [[...Q, Q[0]!]] }, far) }]);
    editor.setMode('new-unit');
    map.send('click', [106.044004, 20.004]);
    map.send('click', [106.050004, 20.004]);
    map.send('click', [106.050004, 20.006003]);
    map.send('click', [106.040004, 20.002], ALT);
    map.send('click', [106.044, 20.002], ALT);
    expect(sketchPoints(map)).toEqual([Q[3], [106.05, 20.004], [106.05, 20.006], [106.040004, 20.002], [106.044, 20.002]]);
  });

  it('reshapes a border along a parcel between two of its corners on the border: the border runs through the corner between', () => {
    // A parcel across the 10001|10002 border (x = 106.01): its corners P0 and P2 lie on it, P1 in
    // 10002, P3 further into 10001 (so the way through P1 is the shorter).
    const P: [number, number][] = [[106.01, 20.003], [106.012, 20.004], [106.01, 20.005], [106.006, 20.004]];
    const { editor, map } = setup();
    editor.setReferenceSnap([{ id: 'parcels', features: fc({ type: 'Polygon', coordinates: [[...P, P[0]!]] }) }]);
    editor.setMode('reshape');
    const before = editor.coverage.get()!;
    map.send('click', [106.010004, 20.003002]);
    map.send('click', [106.009996, 20.004998]);
    press(editor, 'Enter');
    const after = editor.coverage.get()!;
    expect(after).not.toBe(before);
    for (const id of ['10001', '10002']) {
      expect(has(after, id, P[1]!), id).toBe(true);
      expect(has(after, id, P[3]!), id).toBe(false);
    }
    expect(editor.history.get()!.steps).toHaveLength(2);
  });

  it('a split whose trace along a parcel leaves the unit is refused at the click, all of whose points are taken back', () => {
    // A parcel whose ring crosses from 10002 into 10001 between its corners R0 and R2.
    const R: [number, number][] = [[106.012, 20.004], [106.008, 20.005], [106.012, 20.006], [106.016, 20.005]];
    const { editor, map } = setup();
    editor.setReferenceSnap([{ id: 'parcels', features: fc({ type: 'Polygon', coordinates: [[...R, R[0]!]] }) }]);
    editor.select('10002');
    editor.setMode('split');
    map.send('click', [106.011, 20.000004]);
    map.send('click', [106.012004, 20.004]);
    map.send('click', [106.011996, 20.006]);
    const n = editor.notice.get();
    expect(n?.kind === 'refused' && n.reason).toBe('line-outside-unit');
    expect(sketchPoints(map)).toEqual([[expect.closeTo(106.011, 12), 20], R[0]]);
  });
});
