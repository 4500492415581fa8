import { useMemo, useState } from 'react';
import type { Editor } from '../../editor/editor';
import { searchKey } from '../../core/text/fold';
import { useStore } from '../hooks/use-store';
import { useT } from '../i18n/language';

interface Entry {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly fullName: string;
  readonly type: string;
  readonly key: string;
  /** Old units it was formed from: officers often know their old commune's name, not the new one. */
  readonly old: readonly { readonly name: string; readonly key: string }[];
}

/** Whether the entry matches, and which old unit's name matched when its own names did not. */
function match(e: Entry, q: string): { ok: boolean; via?: string } {
  if (q === '' || e.key.includes(q)) return { ok: true };
  const old = e.old.find((o) => o.key.includes(q));
  return old ? { ok: true, via: old.name } : { ok: false };
}

export function UnitBrowser({ editor }: { editor: Editor }) {
  const t = useT();
  const coverage = useStore(editor.coverage);
  const selected = useStore(editor.selection);
  const [query, setQuery] = useState('');

  // From the units alone: an edit of geometry keeps the same units map, and rebuilding the sorted list
  // after every vertex moved cost tens of milliseconds before the edit's save could start.
  const units = coverage?.units;
  const entries = useMemo<Entry[]>(() => {
    if (!units) return [];
    const list = [...units.values()].map((u) => ({
      id: u.id,
      code: u.attrs.code,
      name: u.attrs.name,
      fullName: u.attrs.fullName,
      type: u.attrs.type ?? 'unknown',
      key: searchKey(`${u.attrs.fullName} ${u.attrs.name} ${u.attrs.code}`),
      old: u.attrs.formedFrom.map((f) => ({ name: f.name, key: searchKey(f.name) })),
    }));
    return list.sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.code.localeCompare(b.code));
  }, [units]);

  const q = searchKey(query);
  const shown = entries.flatMap((e) => {
    const m = match(e, q);
    return m.ok ? [{ ...e, via: m.via }] : [];
  });

  return (
    <section className="browser" aria-label={t.unitBrowser}>
      <label className="search">
        <span>{t.search}</span>
        <input
          type="search"
          value={query}
          placeholder={t.searchPlaceholder}
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      <p className="count" role="status">
        {t.unitCount(shown.length, entries.length)}
      </p>
      {shown.length === 0 && entries.length > 0 ? <p className="empty">{t.noMatch}</p> : null}
      <ul className="unit-list" aria-label={t.unitBrowser}>
        {shown.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              className={`unit-item type-${e.type}`}
              aria-pressed={selected === e.id}
              onClick={() => editor.select(e.id)}
            >
              <span className="unit-name">
                {e.fullName}
                {e.via ? <span className="via"> ← {e.via}</span> : null}
              </span>
              <span className="unit-code">{e.code}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
