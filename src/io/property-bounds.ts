// One feature's properties, bounded and made plain data before anything else sees them: at most
// LIMITS.properties names, each name and text value at most LIMITS.textChars characters, nesting at most
// LIMITS.jsonDepth. The copy is built with own data properties (so "__proto__" and "constructor" are
// names like any other), boxed strings and numbers become plain ones, and two characters become U+FFFD
// with a warning: a lone UTF-16 surrogate (JSON "\ud800" can carry one, no UTF-8 file can) and NUL
// (JSON can carry it, but GDAL, dBase and C programs end the text there). So every writer encodes
// exactly the text the user was shown, and every GIS reads it back whole.
import type { IoError } from './errors';
import { LIMITS, overLimit } from './limits';
import { setOwn } from './own-props';

const UNSAFE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

export interface BoundedProps {
  readonly props: Record<string, unknown>;
  readonly warnings: readonly IoError[];
}

class Refusal {
  constructor(readonly error: IoError) {}
}

/** A bounded copy of `props` ({} when it is not an object), or 'too-large' naming the feature and field. */
export function boundProperties(file: string, feature: number | string, raw: unknown): BoundedProps | IoError {
  const warnings: IoError[] = [];
  const props: Record<string, unknown> = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const names = Object.keys(props);
  if (names.length > LIMITS.properties) return overLimit(file, 'properties', names.length, { feature });

  const text = (s: string, field: string): string => {
    if (s.length > LIMITS.textChars) throw new Refusal(overLimit(file, 'textChars', s.length, { feature, field: field.slice(0, 80) }));
    if (!UNSAFE.test(s)) return s;
    warnings.push({ code: 'value-changed', file, feature, field: field.slice(0, 80), message: 'NUL or a lone UTF-16 surrogate read as U+FFFD', values: { replaced: 'U+FFFD' } });
    return s.replace(UNSAFE_ALL, '\uFFFD');
  };
  const value = (v: unknown, field: string, depth: number): unknown => {
    if (depth > LIMITS.jsonDepth) throw new Refusal(overLimit(file, 'jsonDepth', undefined, { feature, field: field.slice(0, 80) }));
    if (typeof v === 'string') return text(v, field);
    if (v instanceof String || v instanceof Number || v instanceof Boolean) return value(v.valueOf(), field, depth);
    if (Array.isArray(v)) return v.map((x) => value(x, field, depth + 1));
    if (typeof v === 'object' && v !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) setOwn(out, text(k, field), value(x, field, depth + 1));
      return out;
    }
    return v;
  };
  try {
    // fromEntries defines own data properties as setOwn does, several times faster on 50,000 features.
    const entries: [string, unknown][] = [];
    for (const name of names) {
      const key = text(name, name);
      entries.push([key, value(props[name], key, 1)]);
    }
    return { props: Object.fromEntries(entries), warnings };
  } catch (e) {
    if (e instanceof Refusal) return e.error;
    throw e;
  }
}
