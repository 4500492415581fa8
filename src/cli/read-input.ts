// An input file of the command line, read whole, after what can be known without reading it: that it is
// a regular file (a device such as /dev/zero reports size 0 and never ends; a FIFO may never answer) and
// that it is within the size limit. The reason for a refusal is returned, in one line.
import { readFileSync, statSync } from 'node:fs';
import { formatIoError } from '../io/errors';
import { checkFileSize } from '../io/text';

export interface InputFs {
  readonly readFileSync: (path: string) => Uint8Array;
  readonly statSync: (path: string) => { isFile(): boolean; size: number };
}

const NODE_FS: InputFs = { readFileSync, statSync };

/** The file's bytes, or why it cannot be read (`name` is how messages call it). */
export function readInputFile(path: string, name: string, fs: InputFs = NODE_FS): { bytes: Uint8Array } | { problem: string } {
  try {
    const st = fs.statSync(path);
    if (!st.isFile()) return { problem: `${name}: is not a regular file` };
    const big = checkFileSize(name, st.size);
    if (big) return { problem: formatIoError(big) };
    return { bytes: fs.readFileSync(path) };
  } catch (e) {
    return { problem: `${name}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
}
