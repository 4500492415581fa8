// Web Worker: reads and previews an imported file off the main thread, so a bomb or a giant file never
// freezes the tab; the page cancels by terminating it. The logic is in import-session.ts.
import type { ImportRequest, ImportResponse } from './import-protocol';
import { ImportSession } from './import-session';

const scope = self as unknown as { onmessage: ((e: MessageEvent<ImportRequest>) => void) | null; postMessage(m: ImportResponse): void };
const session = new ImportSession((m) => scope.postMessage(m));
// Requests are handled one at a time, in order: a re-read never overlaps the read before it.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e) => {
  queue = queue.then(() => session.handle(e.data));
};
