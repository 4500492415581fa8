// The import worker's logic, apart from the worker itself so that Node tests drive it with plain
// messages: reads the file in pieces (reporting progress), refuses one past the size limit before
// reading a byte, runs previewImport and keeps the bytes and the layer for the next request.
import { actionApplyProposal, type IncomingUnit, type ProposalDecision } from '../core/actions/apply-proposal';
import { diffCoverage } from '../core/history/diff';
import type { Coverage } from '../core/model/types';
import { describe } from '../io/errors';
import { importedCoverage, previewImport, type ImportPhase } from '../io/import-preview';
import type { ImportedLayer } from '../io/import-types';
import { checkFileSize } from '../io/text';
import type { ImportRequest, ImportResponse } from './import-protocol';

export type Post = (m: ImportResponse) => void;

/** Reads a Blob into one array, telling `progress` at most about every hundredth of the way. */
export async function readBlob(blob: Blob, progress: (done: number, total: number) => void): Promise<Uint8Array> {
  const out = new Uint8Array(blob.size);
  const reader = blob.stream().getReader();
  let at = 0;
  let told = -1;
  progress(0, blob.size);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // A file that grew while it was read: what it holds now is not what its size said.
    if (at + value.length > out.length) throw new Error(`the file changed while it was read (more than ${blob.size} bytes)`);
    out.set(value, at);
    at += value.length;
    const step = Math.floor((at / Math.max(1, blob.size)) * 100);
    if (step !== told) {
      told = step;
      progress(at, blob.size);
    }
  }
  return at === out.length ? out : out.subarray(0, at);
}

export class ImportSession {
  private bytes: Uint8Array | null = null;
  private layer: ImportedLayer | null = null;
  /** The draft the last read was compared with, and the units read: what an apply works on. */
  private against: { readonly coverage: Coverage | null; readonly incoming: readonly IncomingUnit[] } | null = null;

  constructor(private readonly post: Post) {}

  async handle(r: ImportRequest): Promise<void> {
    try {
      if (r.kind === 'read') await this.read(r);
      else if (r.kind === 'apply') this.apply(r.id, r.decision);
      else this.build(r.id);
    } catch (e) {
      this.post({ kind: 'failed', id: r.id, error: describe(e) });
    }
  }

  private async read(r: Extract<ImportRequest, { kind: 'read' }>): Promise<void> {
    const progress = (phase: ImportPhase, done: number, total: number) => this.post({ kind: 'progress', id: r.id, phase, done, total });
    this.layer = null;
    this.against = null;
    if (r.file) {
      this.bytes = null;
      // Past the size limit the file is refused before a byte of it is read.
      const big = checkFileSize(r.fileName, r.file.size);
      if (big) return this.post({ kind: 'preview', id: r.id, ok: false, errors: [big] });
      this.bytes = await readBlob(r.file, (done, total) => progress('read', done, total));
    }
    if (!this.bytes) throw new Error('no file has been read');
    const result = previewImport({ fileName: r.fileName, bytes: this.bytes, options: r.options, coverage: r.coverage, toleranceM: r.toleranceM }, progress);
    if (!result.ok) return this.post({ kind: 'preview', id: r.id, ok: false, errors: result.errors });
    this.layer = result.layer;
    this.against = { coverage: r.coverage, incoming: result.preview.incoming };
    this.post({ kind: 'preview', id: r.id, ok: true, preview: result.preview });
  }

  /**
   * Applying a file rebuilds the topology of every unit it replaces (seconds for a big file): here, not
   * on the page. Only the difference crosses back; the page applies it to the very coverage it sent.
   */
  private apply(id: number, decision: ProposalDecision): void {
    const c = this.against?.coverage;
    if (!this.against || !c) throw new Error('no file has been read without fault against an open draft');
    this.post({ kind: 'progress', id, phase: 'apply', done: 0, total: 0 });
    const action = actionApplyProposal(this.against.incoming, decision);
    const refusal = action.disabled(c);
    if (refusal) return this.post({ kind: 'applied', id, ok: false, refusal });
    this.post({ kind: 'applied', id, ok: true, diff: diffCoverage(c, action(c)) });
  }

  private build(id: number): void {
    if (!this.layer) throw new Error('no file has been read without fault');
    this.post({ kind: 'progress', id, phase: 'build', done: 0, total: 0 });
    this.post({ kind: 'built', id, coverage: importedCoverage(this.layer) });
  }
}
