// Where a backup is checked: in a worker in the browser (one per check, ended after it, so the parsed
// file's memory goes with it), in the calling thread in Node and tests. Both run checkBackupText.
import { BackupRefused, checkBackupText, type CheckedBackup } from './backup-check';
import type { BackupCheckRequest, BackupCheckResponse } from './backup-check-worker-protocol';

export type BackupChecker = (file: Blob, onProgress?: (done: number, total: number) => void) => Promise<CheckedBackup>;

export const checkInThread: BackupChecker = async (file, onProgress) => checkBackupText(await file.text(), onProgress);

export const checkInWorker: BackupChecker = (file, onProgress) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./backup-check.worker.ts', import.meta.url), { type: 'module' });
    const end = () => worker.terminate();
    worker.onmessage = (e: MessageEvent<BackupCheckResponse>) => {
      const m = e.data;
      if (m.kind === 'progress') return onProgress?.(m.done, m.total);
      end();
      if (m.kind === 'done') resolve(m.result);
      else if (m.kind === 'refused') reject(new BackupRefused(m.code, m.detail));
      else reject(new Error(`backup check failed: ${m.error}`));
    };
    // A worker that dies (out of memory on a giant file) must not leave the import waiting for ever.
    worker.onerror = (e) => {
      end();
      reject(new Error(`backup check failed: ${e.message || 'the worker stopped'}`));
    };
    worker.onmessageerror = () => {
      end();
      reject(new Error('backup check failed: its result could not be read'));
    };
    const msg: BackupCheckRequest = { file };
    worker.postMessage(msg);
  });
