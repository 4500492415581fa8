// An import or export fault in the user's words: file, feature and field, the phrase for its code (for a
// passed limit, which limit), and the technical detail.
import type { IoError } from '../../io/errors';
import type { Messages } from './messages';

export function describeIoError(t: Messages, e: IoError): string {
  const where = [e.feature !== undefined ? t.featureAt(e.feature) : null, e.field ? t.fieldAt(e.field) : null].filter(Boolean).join(', ');
  // A limit names which one was passed: "nested too deeply" says more than "too large".
  const name = e.code === 'too-large' && typeof e.values?.limit === 'string' ? e.values.limit : null;
  const phrase = name ? t.ioErrors[`too-large/${name}`] : undefined;
  const limit = phrase && name && typeof e.values?.max === 'number' ? `${phrase} (${t.limitMax(name, e.values.max)})` : phrase;
  return `${e.file}${where ? ` (${where})` : ''}: ${limit ?? t.ioErrors[e.code] ?? e.code} — ${e.message}`;
}
