// The import dialog's reading of one file, through the import worker: what state it is in (working with
// progress, refused with faults, ready with a preview, cancelled, failed), a cancel that terminates the
// worker, re-reads with other options, and the topology for a new draft. The dialog only renders this.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProposalDecision } from '../../core/actions/apply-proposal';
import type { Coverage } from '../../core/model/types';
import type { IoError } from '../../io/errors';
import type { ImportPhase, ImportPreview, ImportReadOptions } from '../../io/import-preview';
import { ImportCancelled, importWorker, type ApplyAnswer, type ImportJob } from '../../workers/import-client';

export type ImportState =
  | { readonly kind: 'working'; readonly phase: ImportPhase; readonly done: number; readonly total: number }
  | { readonly kind: 'refused'; readonly errors: readonly IoError[] }
  | { readonly kind: 'ready'; readonly preview: ImportPreview }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'crashed'; readonly error: string };

export interface ImportJobHandle {
  readonly state: ImportState;
  /** Stops whatever the worker does; nothing has been changed. */
  cancel(): void;
  /** The topology of the file read, built in the worker (null when cancelled or failed). */
  build(): Promise<Coverage | null>;
  /**
   * The file applied to the draft as it was when the dialog opened (`basis`), worked out in the worker:
   * the difference or a refusal (null when cancelled or failed).
   */
  apply(decision: ProposalDecision): Promise<ApplyAnswer | null>;
  readonly basis: Coverage | null;
}

export function useImportJob(file: File, options: ImportReadOptions, coverage: Coverage | null, toleranceM: number): ImportJobHandle {
  const [job, setJob] = useState<ImportJob | null>(null);
  const [state, setState] = useState<ImportState>({ kind: 'working', phase: 'read', done: 0, total: file.size });
  // One worker per file; closing the dialog (unmount) terminates it, whatever it is doing.
  useEffect(() => {
    const j = importWorker();
    setJob(j);
    return () => j.cancel();
  }, [file]);
  const ended = useCallback((e: unknown) => {
    setState(e instanceof ImportCancelled ? { kind: 'cancelled' } : { kind: 'crashed', error: e instanceof Error ? e.message : String(e) });
  }, []);
  // The file crosses to the worker once; later reads (another coordinate system) reuse its bytes there.
  const sentTo = useRef<ImportJob | null>(null);
  // The draft and tolerance of the first read serve the re-reads too: the dialog is modal, nothing edits.
  const context = useRef({ coverage, toleranceM });
  useEffect(() => {
    if (!job) return;
    const withFile = sentTo.current !== job;
    sentTo.current = job;
    let current = true;
    const progress = (phase: ImportPhase, done: number, total: number) => {
      if (current) setState({ kind: 'working', phase, done, total });
    };
    progress(withFile ? 'read' : 'parse', 0, withFile ? file.size : 0);
    job.read({ file: withFile ? file : undefined, fileName: file.name, options, ...context.current }, progress).then(
      (a) => {
        if (current) setState(a.ok ? { kind: 'ready', preview: a.preview } : { kind: 'refused', errors: a.errors });
      },
      (e: unknown) => {
        if (current) ended(e);
      },
    );
    return () => {
      current = false;
    };
  }, [job, options, file, ended]);
  const cancel = useCallback(() => job?.cancel(), [job]);
  const build = useCallback(async () => {
    if (!job || state.kind !== 'ready') return null;
    const ready = state;
    try {
      const c = await job.build((phase, done, total) => setState({ kind: 'working', phase, done, total }));
      setState(ready);
      return c;
    } catch (e) {
      ended(e);
      return null;
    }
  }, [job, ended, state]);
  const apply = useCallback(async (decision: ProposalDecision) => {
    if (!job || state.kind !== 'ready') return null;
    const ready = state;
    try {
      const a = await job.apply(decision, (phase, done, total) => setState({ kind: 'working', phase, done, total }));
      setState(ready);
      return a;
    } catch (e) {
      ended(e);
      return null;
    }
  }, [job, ended, state]);
  return { state, cancel, build, apply, basis: context.current.coverage };
}
