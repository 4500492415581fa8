// The clean-up of repeated vertices is offered on the duplicate-vertex warnings, previewed, applied as
// one undo step, and never applied without the user.
import { describe, expect, it, vi } from 'vitest';
import { Editor } from '../../src/editor/editor';
import { inlineValidator } from '../../src/editor/validation-session';
import { coverageFromFeatures } from '../../src/core/model';
import { fixOptions } from '../../src/editor/fixes';
import { canUndo } from '../../src/core/history/history';
import { haiPhong } from '../helpers/data';
import { RecordingMap } from '../helpers/fake-map';

describe('duplicate-vertex fix', () => {
  it('offers "remove 714", previews every repeated vertex, applies once, undoes once', async () => {
    const editor = new Editor(inlineValidator());
    const map = new RecordingMap();
    editor.attachMap(map);
    const c = coverageFromFeatures(haiPhong().features);
    editor.load(c);
    await vi.waitFor(() => expect(editor.issues.get().some((i) => i.kind === 'duplicate-vertex')).toBe(true), { timeout: 60_000 });
    const dups = editor.issues.get().filter((i) => i.kind === 'duplicate-vertex');
    expect(dups).toHaveLength(114);
    // Loading changed nothing: the data is cleaned only when the user applies the fix.
    expect(editor.coverage.get()).toBe(c);
    const options = fixOptions(c, dups[0]!, 0.1);
    expect(options.map((o) => o.fix)).toEqual([{ kind: 'dedupe', unit: dups[0]!.unitIds[0], vertices: 714, zeroLengthArcs: 474 }]);
    expect(editor.previewFix(dups[0]!.id, options[0]!.fix)).toBe(false);
    const pieces = map.overlays.get('preview')!.features.filter((f) => f.properties.role === 'piece');
    expect(pieces).toHaveLength(114);
    expect(editor.coverage.get()).toBe(c);
    expect(editor.applyPreview()).toBe(true);
    await vi.waitFor(() => expect(editor.issues.get().some((i) => i.kind === 'duplicate-vertex')).toBe(false), { timeout: 60_000 });
    expect(editor.issues.get().filter((i) => i.severity === 'error').map((i) => i.kind).sort()).toEqual(['gap', 'overlap']);
    editor.undo();
    expect(editor.coverage.get()).toBe(c);
    expect(canUndo(editor.history.get()!)).toBe(false);
  });
});
