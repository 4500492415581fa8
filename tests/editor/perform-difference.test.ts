// A change worked out in a worker comes back as a difference from the coverage the page sent: performed
// as one undo step on that very coverage, previewed without touching it, refused once the draft changed.
import { describe, expect, it } from 'vitest';
import { Editor } from '../../src/editor/editor';
import { inlineValidator } from '../../src/editor/validation-session';
import { actionApplyProposal } from '../../src/core/actions/apply-proposal';
import { diffCoverage } from '../../src/core/history/diff';
import { canUndo } from '../../src/core/history/history';
import { readUnitAttrs, type Coverage } from '../../src/core/model';
import { rect, row } from '../helpers/coverages';
import { RecordingMap } from '../helpers/fake-map';

function setup() {
  const editor = new Editor(inlineValidator());
  const map = new RecordingMap();
  editor.attachMap(map);
  const c = row();
  editor.load(c);
  // What the import worker sends back: 10003 replaced by a wider one. (structuredClone: it crossed a worker.)
  const f = rect('10003', 106.02, 20, 106.035, 20.01);
  const incoming = [{ attrs: readUnitAttrs(f.properties), geometry: { type: 'MultiPolygon' as const, coordinates: [f.geometry.coordinates] } }];
  const after = actionApplyProposal(incoming, { choices: new Map([['10003', 'theirs']]), snapM: 0 })(c);
  const diff = structuredClone(diffCoverage(c, after));
  return { editor, map, c, diff };
}

describe('performDifference', () => {
  it('performs the difference as one undo step, keeping every untouched unit the same object', () => {
    const { editor, c, diff } = setup();
    expect(editor.performDifference(c, diff, 'import')).toBe(true);
    const now = editor.coverage.get()!;
    expect(now).not.toBe(c);
    expect(now.units.get('10001')).toBe(c.units.get('10001'));
    expect(now.units.get('10003')).not.toBe(c.units.get('10003'));
    editor.undo();
    expect(editor.coverage.get()).toBe(c);
    expect(canUndo(editor.history.get()!)).toBe(false);
  });

  it('previews only the units the difference changes, and leaves the draft as it was', () => {
    const { editor, map, c, diff } = setup();
    editor.previewDifference(c, diff);
    expect(editor.coverage.get()).toBe(c);
    const shown = map.overlays.get('preview')!.features.map((x) => x.properties.id).sort();
    expect(shown).toEqual(Object.keys(diff.units).sort());
    expect(shown).not.toContain('10001');
  });

  it('refuses a difference worked out for a draft that has changed since', () => {
    const { editor, c, diff } = setup();
    // Any edit meanwhile (here one that only makes a new coverage object).
    expect(editor.perform(Object.assign((x: Coverage) => ({ ...x }), { disabled: () => false as const }), 'edit')).toBe(true);
    const edited = editor.coverage.get();
    expect(editor.performDifference(c, diff, 'import')).toBe(false);
    expect(editor.notice.get()).toEqual({ kind: 'refused', reason: 'draft-changed' });
    expect(editor.coverage.get()).toBe(edited);
  });
});
