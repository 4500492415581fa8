// JSON.parse with a nesting limit. V8's JSON.parse itself copes with a million nested arrays, but what
// comes after it (JSON.stringify in a message, topojson-client, structured clone to a worker) recurses
// and overflows the stack. So the text's depth is measured first, in one pass that skips strings.
import type { IoError } from './errors';
import { LIMITS, overLimit } from './limits';

const OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d, OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, QUOTE = 0x22, BACKSLASH = 0x5c;

/** Offset at which `text` goes deeper than `max` levels, or -1. Unbalanced text is left to JSON.parse. */
export function depthExceededAt(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Skip the string: a bracket inside it is data.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > max) return i;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return -1;
}

/** The parsed value, or 'not-json' / 'too-large' (nesting) naming the file and the offset. */
export function parseJson(file: string, text: string): { readonly value: unknown } | IoError {
  const at = depthExceededAt(text, LIMITS.jsonDepth);
  if (at >= 0) return overLimit(file, 'jsonDepth', `at character ${at}`);
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    return { code: 'not-json', file, message: e instanceof Error ? e.message : String(e) };
  }
}
