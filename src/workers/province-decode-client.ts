// Decodes province files in the province-decode worker; one worker for the tab, started on first use.
import type { Coverage } from '../core/model/types';
import { unpackCoverage } from '../core/model/packed';
import type { DecodeRequest, DecodeResponse } from './province-decode-protocol';

export type DecodeUnits = (bytes: Uint8Array<ArrayBuffer>, file: string) => Promise<Coverage>;

export function workerDecodeUnits(): DecodeUnits {
  let worker: Worker | null = null;
  let next = 1;
  const pending = new Map<number, { resolve: (c: Coverage) => void; reject: (e: Error) => void }>();
  const fail = (err: Error) => {
    worker?.terminate();
    worker = null; // started again for the next file
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const start = (): Worker => {
    if (worker) return worker;
    const w = new Worker(new URL('./province-decode.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<DecodeResponse>) => {
      const p = pending.get(e.data.id);
      if (!p) return;
      pending.delete(e.data.id);
      if (e.data.ok) p.resolve(unpackCoverage(e.data.coverage));
      else p.reject(new Error(e.data.error));
    };
    w.onerror = (e) => fail(new Error(`the province decoder stopped: ${e.message || 'unknown error'}`));
    w.onmessageerror = () => fail(new Error('the province decoder sent what could not be read'));
    return (worker = w);
  };
  return (bytes, file) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      const msg: DecodeRequest = { id, bytes, file };
      try {
        start().postMessage(msg, [bytes.buffer]);
      } catch (e) {
        pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
}
