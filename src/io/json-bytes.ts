// JSON straight from UTF-8 bytes, for the command line's big files. Decoding the whole country first
// makes a 163 M-character string, two bytes per character because of the Vietnamese names (324 MiB),
// held beside the bytes and the parsed value; here only the strings in the file are ever decoded.
//
// It is a fast path, not a second parser to trust: it returns the very value JSON.parse would, or
// null for anything it does not take on (invalid JSON, a byte-order mark, a "__proto__" key, nesting
// deeper than `maxDepth`), and the caller then goes the text way, which gives the usual messages.
// Numbers: a plain decimal of at most 15 digits is m / 10^k with m and 10^k exact doubles, so one
// correctly rounded division, the same double as JSON.parse's correctly rounded conversion; any
// other number is converted by Number() from its text, which also rounds correctly.

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const fatal = new TextDecoder('utf-8', { fatal: true });

class NotHere extends Error {}
const NOT_HERE = new NotHere();

let b: Uint8Array = new Uint8Array(0);
let i = 0;
let maxDepth = 0;

function ws(): void {
  for (;;) {
    const c = b[i];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return;
  }
}

/** Skips digits; returns how many. */
function digits(): number {
  const s = i;
  for (let c = b[i]!; c >= 0x30 && c <= 0x39; c = b[++i]!);
  return i - s;
}

function number(): number {
  const s = i;
  const neg = b[i] === 0x2d;
  if (neg) i++;
  // One pass for the common case: digits, an optional fraction, no exponent, at most 15 digits.
  const intStart = i;
  let m = 0;
  let c = b[i]!;
  while (c >= 0x30 && c <= 0x39) {
    m = m * 10 + (c - 0x30);
    c = b[++i]!;
  }
  const nInt = i - intStart;
  // No digits, or a leading zero followed by more digits: not JSON.
  if (nInt === 0 || (nInt > 1 && b[intStart] === 0x30)) throw NOT_HERE;
  let nFrac = 0;
  if (c === 0x2e) {
    const fracStart = ++i;
    c = b[i]!;
    while (c >= 0x30 && c <= 0x39) {
      m = m * 10 + (c - 0x30);
      c = b[++i]!;
    }
    nFrac = i - fracStart;
    if (nFrac === 0) throw NOT_HERE;
  }
  if (c !== 0x65 && c !== 0x45 && nInt + nFrac <= 15) {
    const v = nFrac === 0 ? m : m / POW10[nFrac]!;
    return neg ? -v : v;
  }
  if (c === 0x65 || c === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (digits() === 0) throw NOT_HERE;
  }
  let text = '';
  for (let k = s; k < i; k++) text += String.fromCharCode(b[k]!);
  return Number(text);
}

function string(): string {
  i++; // the opening quote
  const s = i;
  let ascii = true;
  let escaped = false;
  for (;;) {
    const c = b[i];
    if (c === undefined || c < 0x20) throw NOT_HERE; // unterminated, or a raw control character
    if (c === 0x22) break;
    if (c === 0x5c) {
      escaped = true;
      i += 2;
      continue;
    }
    if (c >= 0x80) ascii = false;
    i++;
  }
  const e = i++;
  try {
    // Escapes are rare (file names, quotes in notes): JSON.parse of the token itself reads them.
    if (escaped) return JSON.parse(fatal.decode(b.subarray(s - 1, e + 1))) as string;
    if (ascii && e - s < 64) {
      let out = '';
      for (let k = s; k < e; k++) out += String.fromCharCode(b[k]!);
      return out;
    }
    return fatal.decode(b.subarray(s, e));
  } catch {
    throw NOT_HERE; // invalid UTF-8 or a bad escape: the text path says which
  }
}

function literal(word: readonly number[], v: boolean | null): boolean | null {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) throw NOT_HERE;
  i += word.length;
  return v;
}

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

function value(depth: number): unknown {
  ws();
  const c = b[i];
  if (c === 0x7b) return object(depth + 1);
  if (c === 0x5b) return array(depth + 1);
  if (c === 0x22) return string();
  if (c === 0x74) return literal(TRUE, true);
  if (c === 0x66) return literal(FALSE, false);
  if (c === 0x6e) return literal(NULL, null);
  if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) return number();
  throw NOT_HERE;
}

function array(depth: number): unknown[] {
  if (depth > maxDepth) throw NOT_HERE;
  i++;
  ws();
  if (b[i] === 0x5d) {
    i++;
    return [];
  }
  const first = value(depth);
  // A position [x, y]: made as a literal, a packed array of two doubles, like JSON.parse's.
  ws();
  if (typeof first === 'number' && b[i] === 0x2c) {
    const at = i;
    i++;
    ws();
    const c = b[i];
    if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) {
      const second = number();
      ws();
      if (b[i] === 0x5d) {
        i++;
        return [first, second];
      }
    }
    i = at;
  }
  const out: unknown[] = [first];
  for (;;) {
    ws();
    const c = b[i++];
    if (c === 0x2c) {
      out.push(value(depth));
      continue;
    }
    if (c === 0x5d) return out;
    throw NOT_HERE;
  }
}

function object(depth: number): Record<string, unknown> {
  if (depth > maxDepth) throw NOT_HERE;
  i++;
  const out: Record<string, unknown> = {};
  ws();
  if (b[i] === 0x7d) {
    i++;
    return out;
  }
  for (;;) {
    ws();
    if (b[i] !== 0x22) throw NOT_HERE;
    const key = string();
    // Assignment would set the prototype where JSON.parse makes an own property.
    if (key === '__proto__') throw NOT_HERE;
    ws();
    if (b[i++] !== 0x3a) throw NOT_HERE;
    out[key] = value(depth);
    ws();
    const c = b[i++];
    if (c === 0x2c) continue;
    if (c === 0x7d) return out;
    throw NOT_HERE;
  }
}

/** JSON.parse of the UTF-8 text in `bytes`, or null: then decode and JSON.parse (same value, or the error). */
export function parseJsonBytes(bytes: Uint8Array, depthLimit: number): { readonly value: unknown } | null {
  if (bytes[0] === 0xef) return null; // a UTF-8 byte-order mark (or invalid): the text path strips it
  b = bytes;
  i = 0;
  maxDepth = depthLimit;
  try {
    const v = value(0);
    ws();
    return i === b.length ? { value: v } : null;
  } catch (e) {
    if (e instanceof NotHere) return null;
    throw e;
  } finally {
    b = new Uint8Array(0); // not kept alive by this module
  }
}
