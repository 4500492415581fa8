// Bytes → text at the edge: UTF-8 must be valid UTF-8 (a Windows-1258 or UTF-16 file read as UTF-8 would
// silently turn Vietnamese letters into U+FFFD), and a byte-order mark is dropped. A refusal names the
// byte offset of the first bad sequence, so the user can find it in a hex viewer or an editor.
import type { IoError } from './errors';
import { LIMITS, overLimit } from './limits';

export type Input = string | ArrayBuffer | Uint8Array;

export function bytesOf(input: Input): Uint8Array {
  if (typeof input === 'string') return new TextEncoder().encode(input);
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

/**
 * Offset of the first byte of the first ill-formed UTF-8 sequence (overlong forms, surrogates, > U+10FFFF
 * and truncated sequences included, as TextDecoder's fatal mode refuses them), or -1 when all is well.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number, lo = 0x80, hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // beyond U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

function badUtf8(file: string, bytes: Uint8Array): IoError {
  const at = firstInvalidUtf8(bytes);
  const shown = Array.from(bytes.subarray(Math.max(at, 0), Math.max(at, 0) + 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return {
    code: 'bad-encoding', file,
    message: `not valid UTF-8: bytes ${shown} at byte offset ${at}`,
    values: { expected: 'UTF-8', offset: at },
  };
}

/** The file-size limit, checked before anything is decoded, unpacked or parsed. */
export function checkFileSize(file: string, size: number): IoError | null {
  return size > LIMITS.fileBytes ? overLimit(file, 'fileBytes', size) : null;
}

export function decodeUtf8(file: string, input: Input): string | IoError {
  if (typeof input === 'string') {
    if (input.length > LIMITS.fileBytes) return overLimit(file, 'fileBytes', `${input.length} characters`);
    return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  }
  const bytes = bytesOf(input);
  const big = checkFileSize(file, bytes.length);
  if (big) return big;
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    try {
      return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes);
    } catch {
      // A lone surrogate or an odd length: say so rather than hand on U+FFFD.
      return { code: 'bad-encoding', file, message: 'not valid UTF-16 (its byte-order mark says UTF-16)', values: { expected: 'UTF-16' } };
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return badUtf8(file, bytes);
  }
}

export function isIoError(v: unknown): v is IoError {
  return typeof v === 'object' && v !== null && 'code' in v && 'file' in v && 'message' in v;
}

/**
 * A plain decimal number (JSON's, with an optional leading +), else NaN: Number() would also take
 * "0x7A69", "0b1", "Infinity" and "" (0), which no survey file or dBase column means.
 */
export function decimalNumber(text: string): number {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
}
