// Properties of a reference feature: bounded like every import's (property-bounds.ts: names, lengths,
// nesting, "__proto__" as a plain name), then flat, because a map label or a popup shows a value, not a
// structure: text, numbers, booleans and null stay as they are; lists and objects become their JSON text.
// Nothing is renamed or interpreted (a unit's code, name or formedFrom mean nothing here).
import type { IoError } from './errors';
import { LIMITS, overLimit } from './limits';
import { own } from './own-props';
import { boundProperties } from './property-bounds';
import type { FeatureLabel, ReferenceValue } from './reference-types';

export interface ReferenceProps {
  readonly props: Record<string, ReferenceValue>;
  readonly warnings: readonly IoError[];
}

function flat(v: unknown): ReferenceValue | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  // A non-finite number cannot be stored as JSON (it would read back as null): its text keeps it.
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  return JSON.stringify(v) ?? null;
}

/** A fresh flat copy of a feature's properties ({} when there are none), or 'too-large' naming the feature. */
export function referenceProperties(file: string, feature: number, raw: unknown): ReferenceProps | IoError {
  const bounded = boundProperties(file, feature, raw);
  if ('code' in bounded) return bounded;
  const entries: [string, ReferenceValue][] = [];
  for (const [k, v] of Object.entries(bounded.props)) {
    const value = flat(v);
    if (value === undefined) continue;
    // Each part was bounded; their JSON text together is bounded the same way.
    if (typeof value === 'string' && value.length > LIMITS.textChars) return overLimit(file, 'textChars', value.length, { feature, field: k.slice(0, 80) });
    entries.push([k, value]);
  }
  // fromEntries defines own data properties: "__proto__" stays a name (and is faster than one by one).
  return { props: Object.fromEntries(entries), warnings: bounded.warnings };
}

/** "feature 3 (NAME "Xã A")", or "feature 3": how a message names a feature. */
export function featureText(index: number, label: FeatureLabel | null): string {
  return label ? `feature ${index} (${label.field} ${JSON.stringify(label.value)})` : `feature ${index}`;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/[^a-z0-9]/g, '');

/** Names (folded) that say what a feature is, most telling first: its name, then its id or code. */
const LABEL_NAMES = ['name', 'ten', 'tenhc', 'tendonvi', 'label', 'id', 'fid', 'objectid', 'code', 'ma', 'maxa', 'sohieu', 'sothua'];

/**
 * A function giving what names a feature in a message, beside its index: its name, id or code property
 * (case, diacritics and punctuation ignored: "NAME", "Tên", "OBJECTID") and that property's value (at
 * most 80 characters), or null when it has none. One per file: it remembers the rank of each property
 * name, as the features of a file mostly share theirs (50,000 parcels took 3 s without).
 */
export function referenceLabeller(): (props: Record<string, unknown>) => FeatureLabel | null {
  const rankOf = new Map<string, number>();
  const rank = (k: string): number => {
    let r = rankOf.get(k);
    if (r !== undefined) return r;
    r = LABEL_NAMES.indexOf(fold(k));
    // Bounded: a hostile file may give every feature names of its own.
    if (rankOf.size < 10_000) rankOf.set(k, r);
    return r;
  };
  return (props) => {
    let best: FeatureLabel | null = null;
    let bestRank = LABEL_NAMES.length;
    for (const k of Object.keys(props)) {
      const r = rank(k);
      if (r < 0 || r >= bestRank) continue;
      const v = own(props, k);
      if ((typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isFinite(v))) {
        best = { field: k.slice(0, 80), value: String(v).slice(0, 80) };
        bestRank = r;
      }
    }
    return best;
  };
}
