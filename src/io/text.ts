// Bytes → text at the edge: UTF-8 must be valid UTF-8 (a Windows-1258 or UTF-16 file read as UTF-8 would
// silently turn Vietnamese letters into U+FFFD), and a byte-order mark is dropped.
import type { IoError } from './errors';

export type Input = string | ArrayBuffer | Uint8Array;

export function bytesOf(input: Input): Uint8Array {
  if (typeof input === 'string') return new TextEncoder().encode(input);
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

export function decodeUtf8(file: string, input: Input): string | IoError {
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const bytes = bytesOf(input);
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (e) {
    return { code: 'bad-encoding', file, message: `not valid UTF-8 (${e instanceof Error ? e.message : String(e)})`, values: { expected: 'UTF-8' } };
  }
}

export function isIoError(v: unknown): v is IoError {
  return typeof v === 'object' && v !== null && 'code' in v && 'file' in v && 'message' in v;
}
