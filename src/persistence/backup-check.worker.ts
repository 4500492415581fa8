// Web Worker: reads and checks a backup file off the main thread. A big backup (every draft's history
// and versions rebuilt) takes seconds; the page keeps drawing and shows the progress meanwhile.
// It lives beside the checker, not in workers/: the backup format is persistence's, and workers/ may not
// import persistence (DESIGN.md §2). It imports no Dexie.
import { BackupRefused, checkBackupText } from './backup-check';
import type { BackupCheckRequest, BackupCheckResponse } from './backup-check-worker-protocol';

const scope = self as unknown as { onmessage: ((e: MessageEvent<BackupCheckRequest>) => void) | null; postMessage(m: BackupCheckResponse, transfer?: Transferable[]): void };

scope.onmessage = (e) => {
  void (async () => {
    try {
      const text = await e.data.file.text();
      const result = checkBackupText(text, (done, total) => scope.postMessage({ kind: 'progress', done, total }));
      // The typed arrays move to the page instead of being copied.
      const buffers = new Set<ArrayBuffer>();
      for (const d of result.drafts) {
        for (const a of d.arcs) buffers.add(a.coords.buffer as ArrayBuffer);
        for (const s of d.steps) for (const a of s.diff.arcs) buffers.add(a.coords.buffer as ArrayBuffer);
        for (const v of d.versions) buffers.add(v.data.coords.buffer as ArrayBuffer).add(v.data.offsets.buffer as ArrayBuffer);
      }
      scope.postMessage({ kind: 'done', result }, [...buffers]);
    } catch (err) {
      if (err instanceof BackupRefused) scope.postMessage({ kind: 'refused', code: err.code, detail: err.detail });
      else scope.postMessage({ kind: 'failed', error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    }
  })();
};
