// The save worker: runs each save's transaction on its own connection to the drafts database, off the
// main thread (see draft-writer.ts; the handling itself is draft-write-handler.ts).
import type { WriteRequest, WriteResponse } from './draft-writer';
import { writeRequestHandler } from './draft-write-handler';

const handle = writeRequestHandler((m: WriteResponse) => (self as unknown as { postMessage(m: WriteResponse): void }).postMessage(m));

self.onmessage = (e: MessageEvent<WriteRequest>) => handle(e.data);
