// Modes driven by neutral pointer events through the map port, in Node (no browser, no maplibre).
import { describe, expect, it } from 'vitest';
import { Editor } from '../../src/editor/editor';
import { inlineValidator } from '../../src/editor/validation-session';
import { readUnitAttrs, neighboursOf, coverageFromFeatures, type Coverage } from '../../src/core/model';
import { unitGeometry, unitAreaM2 } from '../../src/core/geom/unit-measure';
import { canUndo } from '../../src/core/history/history';
import { areaOf, row, threeAtNode, unit } from '../helpers/coverages';
import { RecordingMap } from '../helpers/fake-map';
import { validateCoverage } from '../../src/core/validation';
import { SHORTCUTS, TOOL_KEYS } from '../../src/editor/shortcuts';
import { actionMergeUnits } from '../../src/core/actions/merge-units';
import { actionTransferArea } from '../../src/core/actions/geometry-edits';

const press = (editor: Editor, key: string) => editor.key({ key, ctrl: false, shift: false, alt: false });

function setup() {
  const editor = new Editor(inlineValidator());
  const map = new RecordingMap();
  editor.attachMap(map);
  editor.load(row());
  return { editor, map };
}

describe('vertices mode', () => {
  it('a drag moves a shared node for both units, draws only the touched arcs meanwhile, and is one undo step', () => {
    const { editor, map } = setup();
    editor.select('10001');
    editor.setMode('vertices');
    const c = editor.coverage.get()!;
    const handles = map.overlays.get('handles')!.features;
    expect(handles.length).toBeGreaterThan(0);
    const node = handles.find((f) => f.properties.kind === 'vertex' && (f.geometry as { coordinates: number[] }).coordinates.join() === '106.01,20')!;
    const handle = { kind: 'vertex' as const, arc: node.properties.arc as number, index: node.properties.index as number };
    map.send('down', [106.01, 20], { handle });
    expect(map.dragPan).toBe(false);
    map.send('move', [106.0105, 20]);
    map.send('move', [106.011, 20]);
    // Nothing committed during the drag: the overlay shows the moved arcs.
    expect(editor.coverage.get()).toBe(c);
    expect(map.overlays.get('sketch')!.features.some((f) => f.properties.role === 'drag')).toBe(true);
    map.send('up', [106.011, 20]);
    expect(map.dragPan).toBe(true);
    const next = editor.coverage.get()!;
    expect(next).not.toBe(c);
    expect(areaOf(next, '10001')).toBeGreaterThan(areaOf(c, '10001'));
    expect(areaOf(next, '10002')).toBeLessThan(areaOf(c, '10002'));
    expect(editor.history.get()!.steps).toHaveLength(2);
    editor.undo();
    expect(editor.coverage.get()).toBe(c);
  });

  it('a press that travels less than CLICK_PX selects the vertex and moves nothing', () => {
    const { editor, map } = setup();
    editor.select('10001');
    editor.setMode('vertices');
    const c = editor.coverage.get()!;
    const node = map.overlays.get('handles')!.features.find((f) => f.properties.kind === 'vertex' && (f.geometry as { coordinates: number[] }).coordinates.join() === '106.01,20')!;
    const handle = { kind: 'vertex' as const, arc: node.properties.arc as number, index: node.properties.index as number };
    // 1 px = 1e-6° in the recording map: 3 px of travel, a hand that shakes on a click.
    map.send('down', [106.01, 20], { handle });
    map.send('move', [106.010002, 20.000002]);
    map.send('up', [106.010002, 20.000002]);
    map.send('click', [106.010002, 20.000002], { handle });
    expect(editor.coverage.get()).toBe(c);
    expect(canUndo(editor.history.get()!)).toBe(false);
    const active = map.overlays.get('handles')!.features.filter((f) => f.properties.active);
    expect(active.map((f) => (f.geometry as { coordinates: number[] }).coordinates.join())).toEqual(['106.01,20']);
    // Past the threshold the same gesture is a move.
    map.send('down', [106.01, 20], { handle });
    map.send('move', [106.010005, 20]);
    map.send('up', [106.010005, 20]);
    expect(editor.coverage.get()).not.toBe(c);
    expect(canUndo(editor.history.get()!)).toBe(true);
  });

  it('Escape during a drag changes nothing', () => {
    const { editor, map } = setup();
    editor.select('10001');
    editor.setMode('vertices');
    const c = editor.coverage.get()!;
    const node = map.overlays.get('handles')!.features.find((f) => f.properties.kind === 'vertex')!;
    map.send('down', [0, 0], { handle: { kind: 'vertex', arc: node.properties.arc as number, index: node.properties.index as number } });
    map.send('move', [106.005, 20.005]);
    expect(editor.key({ key: 'Escape', ctrl: false, shift: false, alt: false })).toBe(true);
    map.send('up', [106.005, 20.005]);
    expect(editor.coverage.get()).toBe(c);
    expect(canUndo(editor.history.get()!)).toBe(false);
  });
});

describe('draw modes', () => {
  it('refuses a new unit or a transfer area that crosses itself, where it does, and keeps its points', () => {
    for (const tool of ['new-unit', 'transfer'] as const) {
      const { editor, map } = setup();
      editor.select('10001');
      editor.setMode(tool);
      // A bow-tie: its sides cross at (106.05, 20.005).
      const bowTie: [number, number][] = [[106.04, 20], [106.06, 20.01], [106.06, 20], [106.04, 20.01]];
      for (const p of bowTie) map.send('click', p, { keys: { alt: true, shift: false, ctrl: false, meta: false } });
      editor.key({ key: 'Enter', ctrl: false, shift: false, alt: false });
      expect(editor.pending.get(), tool).toBeNull();
      expect(editor.notice.get()).toMatchObject({ kind: 'refused', reason: 'ring-crosses-itself', where: { units: [] } });
      const at = (editor.notice.get() as unknown as { where: { at: number[] } }).where.at;
      expect(at[0]).toBeCloseTo(106.05, 9);
      expect(at[1]).toBeCloseTo(20.005, 9);
      // Taking back the last point and drawing the corner where it belongs makes a polygon.
      editor.key({ key: 'Backspace', ctrl: false, shift: false, alt: false });
      editor.key({ key: 'Backspace', ctrl: false, shift: false, alt: false });
      map.send('click', [106.06, 20.01], { keys: { alt: true, shift: false, ctrl: false, meta: false } });
      map.send('click', [106.04, 20.01], { keys: { alt: true, shift: false, ctrl: false, meta: false } });
      editor.key({ key: 'Enter', ctrl: false, shift: false, alt: false });
      expect(editor.pending.get()?.kind, tool).toBe(tool);
    }
  });

  it('draws a new unit with two parts and a hole, then takes its attributes from the form', () => {
    const { editor, map } = setup();
    editor.setMode('new-unit');
    const ring = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]] as [number, number][];
    const clickAll = (pts: [number, number][]) => {
      for (const p of pts) map.send('click', p, { keys: { alt: true, shift: false, ctrl: false, meta: false } });
      editor.key({ key: 'Enter', ctrl: false, shift: false, alt: false });
    };
    clickAll(ring(106.04, 20, 106.06, 20.01));
    expect(editor.pending.get()?.kind).toBe('new-unit');
    editor.addRing('hole');
    clickAll(ring(106.045, 20.004, 106.05, 20.006));
    editor.addRing('part');
    clickAll(ring(106.07, 20, 106.08, 20.01));
    const attrs = readUnitAttrs({ code: '10009', name: 'Mới', fullName: 'Xã Mới', type: 'xa' });
    expect(editor.completePending(attrs)).toBe(true);
    const c = editor.coverage.get()!;
    const g = unitGeometry(c, '10009');
    expect(g.coordinates).toHaveLength(2);
    expect(g.coordinates.find((p) => p.length === 2)).toBeDefined(); // the part with its hole
    expect(unitAreaM2(c, '10009')).toBeGreaterThan(0);
    expect(editor.modeName.get()).toBe('browse');
  });

  it('splits the selected unit with a line snapped to its border (trace between border points)', () => {
    const { editor, map } = setup();
    editor.select('10002');
    editor.setMode('split');
    // Clicks within the snap tolerance (1e-5°) of the border land on it.
    map.send('click', [106.011, 20.000004]);
    map.send('click', [106.015, 20.005], { keys: { alt: true, shift: false, ctrl: false, meta: false } });
    map.send('click', [106.019, 20.009996]);
    editor.key({ key: 'Enter', ctrl: false, shift: false, alt: false });
    expect(editor.pending.get()?.kind).toBe('split');
    const attrs = readUnitAttrs({ code: '10009', name: 'Tách', fullName: 'Xã Tách', type: 'xa' });
    expect(editor.completePending(attrs)).toBe(true);
    const c = editor.coverage.get()!;
    const around = neighboursOf(c, '10009').map((n) => n.id);
    expect(around).toContain('10002');
    expect(around).toHaveLength(2);
    // Snapped points are interpolated on the border: sub-mm² differences.
    expect(areaOf(c, '10002') + areaOf(c, '10009')).toBeCloseTo(areaOf(row(), '10002'), 2);
  });

  it('a split line is checked as it is drawn: a click out of the unit is refused there; back on the border the parts show', () => {
    const { editor, map } = setup();
    editor.select('10002');
    editor.setMode('split');
    const alt = { keys: { alt: true, shift: false, ctrl: false, meta: false } };
    map.send('click', [106.011, 20.000004]);
    // Into 10003 (east of 106.02): refused at the click, naming where it leaves 10002; the point is taken back.
    map.send('click', [106.025, 20.005], alt);
    expect(editor.notice.get()).toEqual({ kind: 'refused', reason: 'line-outside-unit', where: { units: ['10002'], at: [106.02, expect.closeTo(20.0032143, 6)] } });
    expect(editor.pending.get()).toBeNull();
    // The line goes on from its first point: a point inside, then the border again. No Enter: the line
    // is complete there, checked, and both parts are shown.
    map.send('click', [106.015, 20.005], alt);
    expect(editor.pending.get()).toBeNull();
    map.send('click', [106.019, 20.009996]);
    const split = editor.pending.get()!.split!;
    expect(split.areasM2.a + split.areasM2.b).toBeCloseTo(areaOf(row(), '10002'), 0);
  });

  it('a split line is checked when it is finished, before any form; a click picks the new part', () => {
    const { editor, map } = setup();
    editor.select('10002');
    editor.setMode('split');
    // A line that ends inside the unit is refused at once, and the gesture ends.
    map.send('click', [106.011, 20.000004]);
    map.send('click', [106.015, 20.005], { keys: { alt: true, shift: false, ctrl: false, meta: false } });
    editor.key({ key: 'Enter', ctrl: false, shift: false, alt: false });
    expect(editor.notice.get()).toEqual({ kind: 'refused', reason: 'line-not-on-border' });
    expect(editor.pending.get()).toBeNull();
    // A good line: both parts are shown; part b (east of the diagonal here) would be the new unit.
    map.send('click', [106.011, 20.000004]);
    map.send('click', [106.019, 20.009996]);
    editor.key({ key: 'Enter', ctrl: false, shift: false, alt: false });
    const split = editor.pending.get()!.split!;
    expect(split.newPart).toBe('b');
    expect(split.areasM2.a + split.areasM2.b).toBeCloseTo(areaOf(row(), '10002'), 0);
    const roles = map.overlays.get('sketch')!.features.map((f) => f.properties.role);
    expect(roles).toEqual(expect.arrayContaining(['new-part', 'kept-part']));
    // A click inside part a makes it the new unit.
    const a = split.parts.a[0]!;
    const inside: [number, number] = [(a[0]![0] + a[1]![0] + a[2]![0]) / 3, (a[0]![1] + a[1]![1] + a[2]![1]) / 3];
    map.send('click', inside);
    expect(editor.pending.get()!.split!.newPart).toBe('a');
    const attrs = readUnitAttrs({ code: '10009', name: 'Tách', fullName: 'Xã Tách', type: 'xa' });
    expect(editor.completePending(attrs)).toBe(true);
    const c = editor.coverage.get()!;
    expect(areaOf(c, '10009')).toBeCloseTo(split.areasM2.a, 0);
    expect(areaOf(c, '10002')).toBeCloseTo(split.areasM2.b, 0);
  });

  it('refuses a reshape whose ends are not on a border, and says why', () => {
    const { editor, map } = setup();
    editor.setMode('reshape');
    map.send('click', [106.005, 20.005], { keys: { alt: true, shift: false, ctrl: false, meta: false } });
    map.send('click', [106.006, 20.006], { keys: { alt: true, shift: false, ctrl: false, meta: false } });
    editor.key({ key: 'Enter', ctrl: false, shift: false, alt: false });
    expect(editor.notice.get()).toEqual({ kind: 'refused', reason: 'line-not-on-border' });
    expect(canUndo(editor.history.get()!)).toBe(false);
    // The refused gesture is over: the next click starts a new line (one point), not a third point.
    map.send('click', [106.007, 20.007], { keys: { alt: true, shift: false, ctrl: false, meta: false } });
    const points = map.overlays.get('sketch')!.features.filter((f) => f.properties.role === 'vertex');
    expect(points).toHaveLength(1);
    expect(editor.notice.get()).toBeNull();
  });
});

describe('reshape refusals', () => {
  it('a line that runs into a third unit names it and where', () => {
    const { editor, map } = setup();
    editor.setMode('reshape');
    // From the 10001|10002 border (x = 106.01) bowing east past 10002|10003 (x = 106.02) and back.
    map.send('click', [106.01, 20.002]);
    map.send('click', [106.025, 20.005], { keys: { alt: true, shift: false, ctrl: false, meta: false } });
    map.send('click', [106.01, 20.008]);
    editor.key({ key: 'Enter', ctrl: false, shift: false, alt: false });
    const n = editor.notice.get();
    expect(n?.kind === 'refused' && n.reason).toBe('self-intersection');
    const where = n?.kind === 'refused' ? n.where : undefined;
    expect(where?.units).toEqual(['10003']);
    expect(where!.at[0]).toBeCloseTo(106.02, 9);
    expect(canUndo(editor.history.get()!)).toBe(false);
  });
});

describe('reshape across a node where the neighbour changes', () => {
  const alt = { keys: { alt: true, shift: false, ctrl: false, meta: false } };
  const enter = (editor: Editor) => editor.key({ key: 'Enter', ctrl: false, shift: false, alt: false });
  function three() {
    const editor = new Editor(inlineValidator());
    const map = new RecordingMap();
    editor.attachMap(map);
    editor.load(threeAtNode());
    editor.select('10001');
    editor.setMode('reshape');
    return { editor, map };
  }

  it('outward from the 10001–10002 border to the 10001–10003 border: 10001 takes land from both, one undo step', () => {
    const { editor, map } = three();
    const c = editor.coverage.get()!;
    // The ends snap onto the borders (within 1e-5°); the middle is placed freely.
    map.send('click', [106.010004, 20.005]);
    map.send('click', [106.015, 20.005], alt);
    map.send('click', [106.015, 20.015], alt);
    map.send('click', [106.010004, 20.015]);
    enter(editor);
    const after = editor.coverage.get()!;
    expect(after).not.toBe(c);
    expect(editor.notice.get()).toBeNull();
    expect(editor.confirmation.get()).toBeNull();
    expect(areaOf(after, '10002')).toBeLessThan(areaOf(c, '10002'));
    expect(areaOf(after, '10003')).toBeLessThan(areaOf(c, '10003'));
    expect(areaOf(after, '10001') - areaOf(c, '10001')).toBeCloseTo(areaOf(c, '10002') - areaOf(after, '10002') + areaOf(c, '10003') - areaOf(after, '10003'), 3);
    expect(editor.modeName.get()).toBe('browse');
    editor.undo();
    expect(editor.coverage.get()).toBe(c);
  });

  it('inward across the node: each neighbour takes the land next to its border, one undo step', () => {
    const { editor, map } = three();
    const c = editor.coverage.get()!;
    map.send('click', [106.009996, 20.005]);
    map.send('click', [106.005, 20.005], alt);
    map.send('click', [106.005, 20.015], alt);
    map.send('click', [106.009996, 20.015]);
    enter(editor);
    const after = editor.coverage.get()!;
    expect(editor.notice.get()).toBeNull();
    expect(after).not.toBe(c);
    const gainB = areaOf(after, '10002') - areaOf(c, '10002');
    const gainC = areaOf(after, '10003') - areaOf(c, '10003');
    // Half each: the node's border runs on to the line at (106.005, 20.01).
    expect(gainB / gainC).toBeCloseTo(1, 3);
    expect(areaOf(c, '10001') - areaOf(after, '10001')).toBeCloseTo(gainB + gainC, 3);
    expect(editor.modeName.get()).toBe('browse');
    expect(editor.history.get()!.index).toBe(1);
    editor.undo();
    expect(editor.coverage.get()).toBe(c);
  });

  it('out and back in across the node: refused, naming both neighbours and the node; the gesture ends', () => {
    const { editor, map } = three();
    const c = editor.coverage.get()!;
    // Out into 10002, back into 10001 across their border, up to the 10001–10003 border.
    map.send('click', [106.010004, 20.002]);
    map.send('click', [106.015, 20.002], alt);
    map.send('click', [106.015, 20.006], alt);
    map.send('click', [106.005, 20.006], alt);
    map.send('click', [106.005, 20.015], alt);
    map.send('click', [106.009996, 20.015]);
    enter(editor);
    expect(editor.coverage.get()).toBe(c);
    const n = editor.notice.get();
    expect(n?.kind === 'refused' && n.reason).toBe('several-neighbours');
    const where = n?.kind === 'refused' ? n.where : undefined;
    expect([...where!.units].sort()).toEqual(['10002', '10003']);
    expect(where!.at).toEqual([106.01, 20.01]);
    expect(map.overlays.get('sketch')!.features.filter((f) => f.properties.role === 'vertex')).toHaveLength(0);
  });
});

describe('edits that ask first', () => {
  it('a reshape that pinches a unit into two parts is shown and asked; cancel changes nothing, confirm is one step', () => {
    const { editor, map } = setup();
    editor.setMode('reshape');
    const c = editor.coverage.get()!;
    const draw = () => {
      // From the 10001|10002 border through 10002's south-east corner (a vertex: snapped) and back.
      map.send('click', [106.010004, 20.002]);
      map.send('click', [106.020004, 20.000004]);
      map.send('click', [106.010004, 20.008]);
      editor.key({ key: 'Enter', ctrl: false, shift: false, alt: false });
    };
    draw();
    const asked = editor.confirmation.get()!;
    expect(asked.annotation).toBe('reshape');
    expect(asked.moreParts).toEqual([{ id: '10002', before: 1, after: 2 }]);
    expect([...asked.units].sort()).toEqual(['10001', '10002']);
    expect(map.overlays.get('preview')!.features.map((f) => f.properties.id).sort()).toEqual(['10001', '10002']);
    expect(editor.coverage.get()).toBe(c);
    editor.cancelEdit();
    expect(editor.confirmation.get()).toBeNull();
    expect(editor.coverage.get()).toBe(c);
    expect(canUndo(editor.history.get()!)).toBe(false);
    editor.setMode('reshape');
    draw();
    expect(editor.confirmEdit()).toBe(true);
    expect(editor.coverage.get()!.units.get('10002')!.polygons).toHaveLength(2);
    expect(editor.history.get()!.index).toBe(1);
    editor.undo();
    expect(editor.coverage.get()).toBe(c);
  });

  it('a reshape that cuts land off along the outer edge says how much leaves the province and asks', () => {
    const { editor, map } = setup();
    editor.select('10002');
    editor.setMode('reshape');
    const c = editor.coverage.get()!;
    // Inside 10002 from its southern edge (the province's edge here) up and back down to it.
    map.send('click', [106.012, 20]);
    map.send('click', [106.015, 20.003]);
    map.send('click', [106.018, 20]);
    editor.key({ key: 'Enter', ctrl: false, shift: false, alt: false });
    const asked = editor.confirmation.get()!;
    expect(asked).not.toBeNull();
    expect(asked.moreParts).toEqual([]);
    // The cut-off triangle: 0.006° × 0.003° / 2 at 20° N, about 10.4 ha.
    expect(asked.landLeftM2).toBeGreaterThan(1.03e5);
    expect(asked.landLeftM2).toBeLessThan(1.06e5);
    expect(asked.units).toEqual(['10002']);
    expect(editor.coverage.get()).toBe(c);
    editor.cancelEdit();
    expect(editor.coverage.get()).toBe(c);
    expect(canUndo(editor.history.get()!)).toBe(false);
  });

  it('a transfer that would leave a unit in two parts is shown and asked; cancel changes nothing', () => {
    const { editor, map } = setup();
    editor.select('10002');
    editor.setMode('transfer');
    const alt = { keys: { alt: true, shift: false, ctrl: false, meta: false } };
    // A strip right across 10002: what is left of it would be a northern and a southern piece.
    for (const p of [[106.005, 20.004], [106.025, 20.004], [106.025, 20.006], [106.005, 20.006]] as [number, number][]) map.send('click', p, alt);
    editor.key({ key: 'Enter', ctrl: false, shift: false, alt: false });
    const c = editor.coverage.get()!;
    expect(editor.completePending(null, '10001')).toBe(true);
    const asked = editor.confirmation.get()!;
    expect(asked.moreParts).toEqual([{ id: '10002', before: 1, after: 2 }]);
    expect(editor.coverage.get()).toBe(c);
    expect(map.overlays.get('preview')!.features.map((f) => f.properties.id)).toEqual(expect.arrayContaining(['10002', '10001']));
    editor.cancelEdit();
    expect(editor.confirmation.get()).toBeNull();
    expect(editor.coverage.get()).toBe(c);
    expect(canUndo(editor.history.get()!)).toBe(false);
  });

  it('a merge is previewed and done only when confirmed, as one undo step', () => {
    const { editor } = setup();
    const c = editor.coverage.get()!;
    expect(editor.performOrAsk(actionMergeUnits('10001', '10002'), 'merge', { always: true, show: ['10001'] })).toBe(false);
    expect(editor.coverage.get()).toBe(c);
    expect(editor.confirmation.get()!.units).toEqual(['10001']);
    expect(editor.confirmEdit()).toBe(true);
    expect(editor.coverage.get()!.units.has('10002')).toBe(false);
    editor.undo();
    expect(editor.coverage.get()).toBe(c);
  });

  it('a new unit drawn over two units offers to take the area from them; confirmed, nothing overlaps', () => {
    const { editor, map } = setup();
    editor.setMode('new-unit');
    const alt = { keys: { alt: true, shift: false, ctrl: false, meta: false } };
    for (const p of [[106.005, 20.002], [106.015, 20.002], [106.015, 20.006], [106.005, 20.006]] as [number, number][]) map.send('click', p, alt);
    editor.key({ key: 'Enter', ctrl: false, shift: false, alt: false });
    const c = editor.coverage.get()!;
    const attrs = readUnitAttrs({ code: '10009', name: 'Mới', fullName: 'Xã Mới', type: 'xa' });
    expect(editor.completePending(attrs)).toBe(true);
    const asked = editor.confirmation.get()!;
    expect(asked.annotation).toBe('new-unit-take');
    expect([...asked.units].sort()).toEqual(['10001', '10002', '10009']);
    expect(editor.coverage.get()).toBe(c);
    expect(editor.confirmEdit()).toBe(true);
    const after = editor.coverage.get()!;
    expect(areaOf(after, '10009')).toBeGreaterThan(0);
    expect(areaOf(after, '10001') + areaOf(after, '10002') + areaOf(after, '10009')).toBeCloseTo(areaOf(c, '10001') + areaOf(c, '10002'), 0);
    expect(validateCoverage(after).filter((i) => i.kind === 'overlap' || i.kind === 'gap')).toEqual([]);
  });

  it('an edit that leaves every unit whole is done at once', () => {
    const { editor } = setup();
    const square = { type: 'Polygon' as const, coordinates: [[[106.008, 20.004], [106.012, 20.004], [106.012, 20.006], [106.008, 20.006], [106.008, 20.004]]] };
    expect(editor.performOrAsk(actionTransferArea(square, '10002', '10001'), 'transfer')).toBe(true);
    expect(editor.confirmation.get()).toBeNull();
  });
});

describe('typed coordinates', () => {
  it('a clicked vertex moves to typed coordinates for every unit sharing it, as one undo step', () => {
    const { editor, map } = setup();
    editor.select('10001');
    editor.setMode('vertices');
    const node = map.overlays.get('handles')!.features.find((f) => f.properties.kind === 'vertex' && (f.geometry as { coordinates: number[] }).coordinates.join() === '106.01,20')!;
    const handle = { kind: 'vertex' as const, arc: node.properties.arc as number, index: node.properties.index as number };
    expect(editor.moveActiveVertex([106.0101, 20])).toBe(false); // nothing clicked yet
    map.send('down', [106.01, 20], { handle });
    map.send('up', [106.01, 20]);
    expect(editor.activeVertex.get()).toEqual({ arc: handle.arc, index: handle.index });
    const c = editor.coverage.get()!;
    expect(editor.moveActiveVertex([106.0101, 20])).toBe(true);
    expect(editor.coverage.get()!.arcs[handle.arc]![handle.index]).toEqual([106.0101, 20]);
    expect(areaOf(editor.coverage.get()!, '10001')).toBeGreaterThan(areaOf(c, '10001'));
    expect(editor.history.get()!.index).toBe(1);
    editor.setMode('browse');
    expect(editor.activeVertex.get()).toBeNull();
  });
});

describe('tool shortcuts', () => {

  it('letters choose tools; a tool for the selected unit says so when none is selected', () => {
    const { editor } = setup();
    expect(press(editor, 'v')).toBe(true);
    expect(editor.modeName.get()).toBe('browse');
    expect(editor.notice.get()).toEqual({ kind: 'refused', reason: 'no-selection' });
    editor.select('10001');
    for (const [key, mode] of Object.entries(TOOL_KEYS)) {
      press(editor, key.toUpperCase());
      expect(editor.modeName.get(), key).toBe(mode);
    }
    // Every key in the help panel's table that names a tool is one the editor acts on.
    for (const s of SHORTCUTS.filter((x) => x.action.startsWith('mode:'))) expect(TOOL_KEYS[s.keys.toLowerCase()]).toBe(s.action.slice(5));
  });

  it('G turns snapping off and on, in any tool, as the help panel says', () => {
    const { editor } = setup();
    const key = SHORTCUTS.find((s) => s.action === 'toggle-snap')!.keys;
    expect(key).toBe('G');
    const on = editor.settings.get().snapping;
    expect(press(editor, 'g')).toBe(true);
    expect(editor.settings.get().snapping).toBe(!on);
    editor.setMode('reshape');
    press(editor, 'G');
    expect(editor.settings.get().snapping).toBe(on);
    expect(editor.modeName.get()).toBe('reshape');
  });
});

describe('tools and undo', () => {
  it('undo and redo keep "edit vertices"; the next drag edits again', () => {
    const { editor, map } = setup();
    editor.select('10001');
    editor.setMode('vertices');
    const node = map.overlays.get('handles')!.features.find((f) => f.properties.kind === 'vertex' && (f.geometry as { coordinates: number[] }).coordinates.join() === '106.01,20')!;
    const handle = { kind: 'vertex' as const, arc: node.properties.arc as number, index: node.properties.index as number };
    const drag = (to: number) => {
      map.send('down', [106.01, 20], { handle });
      map.send('move', [to, 20]);
      map.send('up', [to, 20]);
    };
    drag(106.011);
    const c1 = editor.coverage.get();
    editor.undo();
    expect(editor.modeName.get()).toBe('vertices');
    expect(map.dragPan).toBe(true);
    expect(map.overlays.get('handles')!.features.length).toBeGreaterThan(0);
    editor.redo();
    expect(editor.modeName.get()).toBe('vertices');
    expect(editor.coverage.get()).toBe(c1);
    editor.undo();
    drag(106.012);
    expect(editor.coverage.get()).not.toBe(c1);
    expect(editor.history.get()!.index).toBe(1);
  });

  it('a read-only tab says so for undo and for every editing tool', () => {
    const { editor, map } = setup();
    editor.select('10001');
    editor.setMode('vertices');
    const node = map.overlays.get('handles')!.features.find((f) => f.properties.kind === 'vertex')!;
    map.send('down', [106.01, 20], { handle: { kind: 'vertex', arc: node.properties.arc as number, index: node.properties.index as number } });
    map.send('move', [106.011, 20]);
    map.send('up', [106.011, 20]);
    editor.setMode('browse');
    editor.readOnly.set(true);
    editor.undo();
    expect(editor.notice.get()).toEqual({ kind: 'refused', reason: 'read-only' });
    editor.notice.set(null);
    for (const tool of ['reshape', 'split', 'new-unit', 'transfer', 'vertices'] as const) {
      editor.setMode(tool);
      expect(editor.modeName.get(), tool).toBe('browse');
      expect(editor.notice.get(), tool).toEqual({ kind: 'refused', reason: 'read-only' });
      editor.notice.set(null);
    }
  });
});

describe('snapping the selected vertex (J)', () => {
  // A and B with a 0.4 m gap between them (4e-6°, 4 px in the recording map, within the 10 px reach).
  function gapSetup() {
    const editor = new Editor(inlineValidator());
    const map = new RecordingMap();
    editor.attachMap(map);
    editor.load(
      coverageFromFeatures([
        unit('10001', [[106, 20], [106.01, 20], [106.01, 20.005], [106.01, 20.01], [106, 20.01]]),
        unit('10002', [[106.010004, 20], [106.02, 20], [106.02, 20.01], [106.010004, 20.01]]),
      ]),
    );
    editor.select('10001');
    editor.setMode('vertices');
    const select = (at: [number, number]) => {
      const f = map.overlays.get('handles')!.features.find((h) => h.properties.kind === 'vertex' && (h.geometry as { coordinates: number[] }).coordinates.join() === at.join())!;
      map.send('click', at, { handle: { kind: 'vertex', arc: f.properties.arc as number, index: f.properties.index as number } });
    };
    return { editor, map, select };
  }
  const has = (c: Coverage, id: string, p: [number, number]) =>
    unitGeometry(c, id)!.coordinates.flat(2).some((q) => q[0] === p[0] && q[1] === p[1]);

  it('moves the vertex onto the nearest other border, which gets the vertex too: one undo step', () => {
    const { editor, select } = gapSetup();
    const c = editor.coverage.get()!;
    select([106.01, 20.005]);
    press(editor, 'J');
    const after = editor.coverage.get()!;
    expect(after).not.toBe(c);
    // The vertex now lies on B's edge, and B's edge has a vertex at the same place: they meet there.
    expect(has(after, '10001', [106.010004, 20.005])).toBe(true);
    expect(has(after, '10002', [106.010004, 20.005])).toBe(true);
    expect(has(after, '10001', [106.01, 20.005])).toBe(false);
    expect(editor.modeName.get()).toBe('vertices');
    editor.undo();
    expect(editor.coverage.get()).toBe(c);
  });

  it('a drag that snaps onto the inside of another border\'s edge is allowed: both borders get the vertex', () => {
    const { editor, map } = gapSetup();
    const c = editor.coverage.get()!;
    const f = map.overlays.get('handles')!.features.find((h) => h.properties.kind === 'vertex' && (h.geometry as { coordinates: number[] }).coordinates.join() === '106.01,20.005')!;
    map.send('down', [106.01, 20.005], { handle: { kind: 'vertex', arc: f.properties.arc as number, index: f.properties.index as number } });
    map.send('move', [106.01, 20.00502]); // 20 px: a drag
    map.send('move', [106.010003, 20.005]);
    map.send('up', [106.010003, 20.005]);
    const after = editor.coverage.get()!;
    expect(after).not.toBe(c);
    expect(has(after, '10001', [106.010004, 20.005])).toBe(true);
    expect(has(after, '10002', [106.010004, 20.005])).toBe(true);
  });

  it('with no other border within reach it changes nothing and says so', () => {
    const { editor, select } = gapSetup();
    const c = editor.coverage.get()!;
    select([106, 20.01]);
    press(editor, 'J');
    expect(editor.coverage.get()).toBe(c);
    expect(canUndo(editor.history.get()!)).toBe(false);
    expect(editor.notice.get()).toEqual({ kind: 'refused', reason: 'nothing-in-reach' });
  });

  it('never onto its own arc\'s end node (3 px away): that would fold a segment to nothing; says nothing is in reach', () => {
    // Found by review: the node is a vertex of the other arcs that meet there, so it was the nearest
    // target, and the snap left a duplicate vertex (two new warnings) as an undo step.
    const editor = new Editor(inlineValidator());
    const map = new RecordingMap();
    editor.attachMap(map);
    editor.load(
      coverageFromFeatures([
        unit('10001', [[106, 20], [106.01, 20], [106.01, 20.009997], [106.01, 20.01], [106.01, 20.02], [106, 20.02]]),
        unit('10002', [[106.01, 20], [106.02, 20], [106.02, 20.01], [106.01, 20.01], [106.01, 20.009997]]),
        unit('10003', [[106.01, 20.01], [106.02, 20.01], [106.02, 20.02], [106.01, 20.02]]),
      ]),
    );
    editor.select('10001');
    editor.setMode('vertices');
    const f = map.overlays.get('handles')!.features.find((h) => h.properties.kind === 'vertex' && (h.geometry as { coordinates: number[] }).coordinates.join() === '106.01,20.009997')!;
    map.send('click', [106.01, 20.009997], { handle: { kind: 'vertex', arc: f.properties.arc as number, index: f.properties.index as number } });
    const c = editor.coverage.get()!;
    press(editor, 'J');
    expect(editor.coverage.get()).toBe(c);
    expect(editor.notice.get()).toEqual({ kind: 'refused', reason: 'nothing-in-reach' });
  });

  it('is listed in the shortcuts help, with the record and merge keys', () => {
    const listed = SHORTCUTS.map((s) => s.action);
    expect(listed).toEqual(expect.arrayContaining(['snap-vertex', 'record', 'merge']));
  });
});
