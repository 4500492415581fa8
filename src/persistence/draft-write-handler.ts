// What the save worker does with each message (draft-write.worker.ts only wires it to `self`), apart so
// that Node runs it as the worker does: saves and new drafts one at a time in the order they came, each
// on the connection kept for its database; the second copies (to OPFS and Cache Storage) in a queue of
// their own.
import { WorkspaceDb } from './db';
import { ConnectionWriter, toWire, type WriteRequest, type WriteResponse } from './draft-writer';
import { browserCopyFolders } from './copy-folders';
import { FolderMirror } from './mirror';

/** Handles the worker's messages, answering each through `post` (every failure as its wire error). */
export function writeRequestHandler(post: (m: WriteResponse) => void): (m: WriteRequest) => void {
  const writers = new Map<string, ConnectionWriter>();
  let copies: FolderMirror | null = null;
  // One write at a time, in the order they came: the session never sends the next before the last ended,
  // but two sessions (two drafts) might.
  let queue: Promise<void> = Promise.resolve();
  let copyQueue: Promise<void> = Promise.resolve();
  return (m) => {
    if (m.kind === 'copy') {
      // Copies have their own queue: a copy never waits for a save, nor a save for a copy.
      copyQueue = copyQueue.then(async () => {
        try {
          copies ??= new FolderMirror(browserCopyFolders());
          await copies.writeBytes(m.draftId, m.bytes);
          post({ id: m.id, ok: true, result: null });
        } catch (error) {
          post({ id: m.id, ok: false, error: toWire(error) });
        }
      });
      return;
    }
    queue = queue.then(async () => {
      try {
        let writer = writers.get(m.dbName);
        if (!writer) writers.set(m.dbName, (writer = new ConnectionWriter(new WorkspaceDb(m.dbName))));
        if (m.kind === 'create') {
          await writer.create(m.row, m.rows);
          post({ id: m.id, ok: true, result: null });
        } else post({ id: m.id, ok: true, result: await writer.write(m.draftId, m.rows, m.extras) });
      } catch (error) {
        post({ id: m.id, ok: false, error: toWire(error) });
      }
    });
  };
}
