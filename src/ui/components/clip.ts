/**
 * Text cut to at most `max` characters, with an ellipsis. Stored names and backup details are shown as
 * plain text; a 100,000-character name must not lay out (or freeze) the drafts screen.
 */
export function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
