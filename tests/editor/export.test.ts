// The export's decisions outside React: the gate over the worker's issues (and waiting while they are
// stale), the exceptions, the re-check of the rounded copy and the summary written with a submission.
import { describe, expect, it, vi } from 'vitest';
import { Editor } from '../../src/editor/editor';
import {
  checkSummary, EXPORT_EXTENSION, EXPORT_FORMATS, exportExceptions, exportGate, exportOnGrid, newErrorsAfterRounding,
} from '../../src/editor/export';
import type { Review } from '../../src/editor/draft-store-port';
import type { ValidatorPort, ValidationRequest } from '../../src/editor/validator-port';
import type { ValidationIssue } from '../../src/core/validation/issue';
import { actionSetAttributes } from '../../src/core/actions/set-attributes';
import { row } from '../helpers/coverages';

function issue(id: string, severity: 'error' | 'warning', unitIds: string[]): ValidationIssue {
  return { id, kind: 'overlap', severity, units: unitIds, unitIds, at: [106, 20], geometry: { type: 'Point', coordinates: [106, 20] } };
}
const review = (status: Review['status'], reason = ''): Review => ({ status, reason, author: '', time: 0 });

const A = issue('overlap:1+2', 'error', ['u1', 'u2']);
const B = issue('gap:3', 'error', ['u3']);
const W = issue('sliver:1', 'warning', ['u1']);

describe('exportGate', () => {
  it('blocks on open errors in scope, not on warnings, resolved or excepted ones', () => {
    const none = new Map<string, Review>();
    expect(exportGate({ issues: [A, B, W], reviews: none, current: true })).toEqual({ status: 'blocked', blocking: [A, B] });
    expect(exportGate({ issues: [A, B, W], reviews: new Map([[A.id, review('resolved')], [B.id, review('exception', 'agreed')]]), current: true })).toEqual({ status: 'clear' });
    // One unit exported: only its errors count.
    expect(exportGate({ issues: [A, B, W], reviews: none, unitIds: ['u3'], current: true })).toEqual({ status: 'blocked', blocking: [B] });
    expect(exportGate({ issues: [A, W], reviews: none, unitIds: ['u3'], current: true })).toEqual({ status: 'clear' });
  });

  it('waits while the issues are not the answer for the coverage as it is', () => {
    expect(exportGate({ issues: [], reviews: new Map(), current: false })).toEqual({ status: 'checking' });
  });

  it('stays shut when the check failed', () => {
    expect(exportGate({ issues: [], reviews: new Map(), current: false, checkError: 'boom' })).toEqual({ status: 'failed', message: 'boom' });
  });
});

describe('export data', () => {
  it('lists the exceptions in scope with their reasons', () => {
    const reviews = new Map([[A.id, review('exception', 'agreed')], [B.id, review('exception', 'coast')], [W.id, review('resolved')]]);
    expect(exportExceptions([A, B, W], reviews)).toEqual([
      { issueId: A.id, kind: 'overlap', units: ['u1', 'u2'], reason: 'agreed' },
      { issueId: B.id, kind: 'overlap', units: ['u3'], reason: 'coast' },
    ]);
    expect(exportExceptions([A, B, W], reviews, ['u3']).map((e) => e.issueId)).toEqual([B.id]);
  });

  it('finds the errors the rounded copy has that the draft had not', () => {
    const C = issue('overlap:5+6', 'error', ['u5', 'u6']);
    expect(newErrorsAfterRounding([A, B], [A, B, W])).toEqual([]);
    expect(newErrorsAfterRounding([A, W], [A, C, issue('sliver:9', 'warning', ['u9'])])).toEqual([C.id]);
  });

  it('summarises the checks of the exported copy', () => {
    expect(checkSummary([A, B, W], 2, 0.5)).toEqual({ errors: 2, warnings: 1, exceptions: 2, toleranceM: 0.5 });
  });

  it('knows the file extension and the grid of each format', () => {
    for (const f of EXPORT_FORMATS) expect(EXPORT_EXTENSION[f]).toMatch(/^[a-z]+$/);
    expect(EXPORT_FORMATS.filter(exportOnGrid)).toEqual(['vn2000-geojson', 'shapefile-vn2000']);
  });
});

/** A validator whose answers the test releases one by one. */
function manualValidator() {
  const calls: { request: ValidationRequest; resolve: (v: readonly ValidationIssue[]) => void; reject: (e: Error) => void }[] = [];
  const port: ValidatorPort = {
    setReference: () => undefined,
    setContext: () => undefined,
    check: (request) => new Promise((resolve, reject) => calls.push({ request, resolve, reject })),
    dispose: () => undefined,
  };
  return { port, calls };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('Editor.exportGate', () => {
  it('uses the worker’s issues, and waits while a check runs', async () => {
    const v = manualValidator();
    const editor = new Editor(v.port);
    const c = row();
    editor.load(c);
    expect(editor.exportGate()).toEqual({ status: 'checking' });
    const err = issue('overlap:10001+10002', 'error', [...c.units.keys()].slice(0, 2));
    v.calls[0]!.resolve([err]);
    await settle();
    expect(editor.exportGate()).toEqual({ status: 'blocked', blocking: [err] });

    // An edit: the issues are stale until the worker answers for it.
    editor.perform(actionSetAttributes([...c.units.keys()][2]!, { name: 'Khác' }), 'rename');
    expect(editor.exportGate()).toEqual({ status: 'checking' });
    v.calls[1]!.resolve([]);
    await settle();
    expect(editor.exportGate()).toEqual({ status: 'clear' });

    editor.perform(actionSetAttributes([...c.units.keys()][2]!, { name: 'Lại khác' }), 'rename');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined); // the editor logs the failure
    v.calls[2]!.reject(new Error('worker died'));
    await settle();
    expect(editor.exportGate()).toEqual({ status: 'failed', message: 'worker died' });
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });

  it('checks the export’s copy in the validator without touching the draft’s issues', async () => {
    const v = manualValidator();
    const editor = new Editor(v.port);
    const c = row();
    editor.load(c);
    v.calls[0]!.resolve([]);
    await settle();
    const copy = editor.checkCopy(c);
    expect(v.calls[1]!.request).toEqual({ kind: 'copy', coverage: c });
    v.calls[1]!.resolve([A]);
    expect(await copy).toEqual([A]);
    expect(editor.issues.get()).toEqual([]);
    expect(editor.exportGate()).toEqual({ status: 'clear' });
  });
});
