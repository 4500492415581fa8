// The opening the data scripts share: where the repository is, their command-line options, and a data
// error that stops a script with its message and exit 1 instead of a stack trace.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const geodataDir = dirname(fileURLToPath(import.meta.url));
export const root = join(geodataDir, '..');

/** The value after `--name` on the command line, else the fallback. */
export function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export const flag = (name) => process.argv.includes(name);

/** A fault in the data or the options: the message names the file, the feature and the field. */
export class DataError extends Error {}

/**
 * Runs a script's main: a DataError (or one of the `known` error classes, e.g. the decoder's own)
 * prints `<name> failed: <message>` and exits 1; anything else is a bug and keeps its stack trace.
 */
export function runScript(name, main, known = []) {
  try {
    main();
  } catch (e) {
    if (e instanceof DataError || known.some((k) => e instanceof k)) {
      console.error(`${name} failed: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}
