// Regressions found in review: stale check results after a draft switch, edits in a read-only tab,
// Ctrl+Z while sketching, racing draft opens, import id collisions, transfers to non-neighbours.
import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { Editor } from '../../src/editor/editor';
import { Workspace } from '../../src/editor/workspace';
import type { ValidatorPort, ValidationRequest } from '../../src/editor/validator-port';
import type { ValidationIssue } from '../../src/core/validation/issue';
import { DexieDraftStore } from '../../src/persistence';
import { readUnitAttrs } from '../../src/core/model';
import { actionSetAttributes } from '../../src/core/actions/set-attributes';
import { actionApplyProposal } from '../../src/core/actions/apply-proposal';
import { actionTransferArea } from '../../src/core/actions/geometry-edits';
import { row } from '../helpers/coverages';
import { RecordingMap } from '../helpers/fake-map';
import { testProvinces } from '../helpers/province-source';

/** A validator whose answers the test releases by hand. */
function manualValidator() {
  const calls: { request: ValidationRequest; resolve: (i: readonly ValidationIssue[]) => void }[] = [];
  const port: ValidatorPort = {
    setReference: () => undefined,
    setContext: () => undefined,
    check: (request) => new Promise((resolve) => calls.push({ request, resolve })),
    dispose: () => undefined,
  };
  return { port, calls };
}

const fakeIssue = (id: string): ValidationIssue => ({ id, kind: 'gap', severity: 'error', units: ['10001'], unitIds: ['10001'], at: [106, 20], geometry: { type: 'Point', coordinates: [106, 20] } });

describe('review fixes', () => {
  it('a check still running on the previous draft never lands on the next one', async () => {
    const v = manualValidator();
    const editor = new Editor(v.port);
    editor.load(row());
    expect(v.calls).toHaveLength(1);
    editor.load(row());
    v.calls[0]!.resolve([fakeIssue('old')]);
    await new Promise((r) => setTimeout(r, 0));
    expect(editor.issues.get()).toEqual([]);
    // The next check is a full one of the new coverage, not a diff from the old draft.
    expect(v.calls[1]?.request.kind).toBe('full');
  });

  it('a read-only tab refuses edits and says why', () => {
    const editor = new Editor(null);
    editor.load(row());
    editor.readOnly.set(true);
    expect(editor.perform(actionSetAttributes('10001', { name: 'X' }), 'set-attributes')).toBe(false);
    expect(editor.notice.get()).toEqual({ kind: 'refused', reason: 'read-only' });
  });

  it('Ctrl+Z while sketching takes back the last point, not an earlier edit', () => {
    const editor = new Editor(null);
    const map = new RecordingMap();
    editor.attachMap(map);
    editor.load(row());
    editor.perform(actionSetAttributes('10001', { name: 'X' }), 'set-attributes');
    editor.setMode('reshape');
    map.send('click', [106.001, 20.001]);
    map.send('click', [106.002, 20.002]);
    editor.key({ key: 'z', ctrl: true, shift: false, alt: false });
    expect(editor.coverage.get()!.units.get('10001')!.attrs.name).toBe('X');
    expect(map.overlays.get('sketch')!.features.filter((f) => f.properties.role === 'vertex')).toHaveLength(1);
  });

  it('Ctrl+Z in a drawing tool with nothing drawn undoes the last edit and keeps the tool', () => {
    for (const tool of ['reshape', 'split', 'transfer', 'new-unit'] as const) {
      const editor = new Editor(null);
      editor.attachMap(new RecordingMap());
      editor.load(row());
      editor.select('10001');
      editor.perform(actionSetAttributes('10001', { name: 'X' }), 'set-attributes');
      editor.setMode(tool);
      expect(editor.key({ key: 'z', ctrl: true, shift: false, alt: false })).toBe(true);
      expect(editor.coverage.get()!.units.get('10001')!.attrs.name, tool).not.toBe('X');
      expect(editor.modeName.get()).toBe(tool);
      editor.key({ key: 'Z', ctrl: true, shift: true, alt: false });
      expect(editor.coverage.get()!.units.get('10001')!.attrs.name, tool).toBe('X');
      expect(editor.modeName.get()).toBe(tool);
    }
  });

  it('two draft opens racing each other leave one session, writing only the draft on screen', async () => {
    const store = new DexieDraftStore({ dbName: `race-${Math.random().toString(36).slice(2)}`, locks: null, channel: null, storage: null, throttleMs: 0 });
    const editor = new Editor(null);
    const ws = new Workspace(editor, store, testProvinces(async () => row()), { firstProvince: '31' });
    const a = await store.create({ name: 'A', province: '31', dataVersion: 't', base: row() });
    const b = await store.create({ name: 'B', province: '31', dataVersion: 't', base: row() });
    await Promise.all([ws.open(a.id), ws.open(b.id)]);
    expect(ws.currentDraft.get()?.id).toBe(b.id);
    editor.perform(actionSetAttributes('10001', { name: 'Chỉ B' }), 'set-attributes');
    await ws.flush();
    const name = async (id: string) => {
      const o = await store.open(id, { mode: 'read-only' });
      const h = o.history;
      const n = h.steps[h.index]!.coverage.units.get('10001')!.attrs.name;
      await o.session.close();
      return n;
    };
    expect(await name(b.id)).toBe('Chỉ B');
    expect(await name(a.id)).toBe('N10001');
    store.close();
  });

  it('an imported unit whose code a recoded unit once had is added beside it, not over it', () => {
    const c = actionSetAttributes('10002', { code: '10099' })(row());
    const incoming = [{ attrs: readUnitAttrs({ code: '10002', name: 'Cũ', type: 'xa' }), geometry: { type: 'MultiPolygon' as const, coordinates: [[[[106.05, 20], [106.06, 20], [106.06, 20.01], [106.05, 20.01], [106.05, 20]]]] } }];
    const next = actionApplyProposal(incoming, { choices: new Map(), snapM: 0 })(c);
    expect(next.units.size).toBe(4);
    expect([...next.units.values()].map((u) => u.attrs.code).sort()).toEqual(['10001', '10002', '10003', '10099']);
    const noCode = [{ ...incoming[0]!, attrs: readUnitAttrs({ name: 'Không mã' }) }];
    expect(actionApplyProposal(noCode, { choices: new Map(), snapM: 0 }).disabled(c)).toBe('code-format');
  });

  it('a transfer only goes to a neighbour', () => {
    const area: Polygon = { type: 'Polygon', coordinates: [[[106.001, 20.001], [106.002, 20.001], [106.002, 20.002], [106.001, 20.001]]] };
    expect(actionTransferArea(area, '10001', '10003').disabled(row())).toBe('not-neighbours');
  });
});
