import { useEffect, useState } from 'react';
import type { Editor } from '../../editor/editor';
import { checkAttributes, fullNameFor } from '../../core/actions/set-attributes';
import { neighboursOf } from '../../core/model/arc-usage';
import type { UnitType } from '../../core/model/types';
import { useStore } from '../hooks/use-store';
import { useLang, useT } from '../i18n/language';
import { formatNumber } from '../i18n/messages';
import { AttributeFields, type AttrDraft } from './AttributeFields';
import { FormFooter } from './FormFooter';

/** Asks for what a finished sketch still needs: a new unit's attributes, or the unit to transfer to. */
export function PendingForm({ editor }: { editor: Editor }) {
  const t = useT();
  const lang = useLang();
  const pending = useStore(editor.pending);
  const coverage = useStore(editor.coverage);
  const selection = useStore(editor.selection);
  const [draft, setDraft] = useState<AttrDraft>({ code: '', name: '', type: 'xa' });
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  // A new sketch starts a new form: nothing chosen for the last one carries over. Choosing a split's
  // part keeps the sketch's points, so what the user typed stays.
  const sketch = pending?.points;
  useEffect(() => {
    setDraft({ code: '', name: '', type: 'xa' });
    setTarget('');
    setError(null);
  }, [sketch]);
  if (!pending || !coverage) return null;

  if (pending.kind === 'transfer') {
    const neighbours = selection ? neighboursOf(coverage, selection) : [];
    return (
      <form
        className="pending"
        aria-label={t.transferTo}
        onSubmit={(e) => {
          e.preventDefault();
          if (!editor.completePending(null, target || neighbours[0]?.id || null)) setError(t.refused);
        }}
      >
        <label>
          <span>{t.transferTo}</span>
          <select value={target} onChange={(e) => setTarget(e.target.value)}>
            {neighbours.map((n) => (
              <option key={n.id} value={n.id}>
                {coverage.units.get(n.id)!.attrs.fullName}
              </option>
            ))}
          </select>
        </label>
        <FormFooter error={error} submitLabel={t.apply} onCancel={() => editor.setMode('browse')} />
      </form>
    );
  }

  return (
    <form
      className="pending"
      aria-label={t.newUnitForm}
      onSubmit={(e) => {
        e.preventDefault();
        const type = draft.type as UnitType;
        const attrs = {
          code: draft.code.trim(),
          name: draft.name.normalize('NFC').trim(),
          fullName: fullNameFor(type, draft.name),
          type,
          provinceCode: coverage.units.values().next().value?.attrs.provinceCode ?? null,
          officialAreaKm2: null,
          formedFrom: [],
          extra: {},
        };
        const reason = checkAttributes(coverage, attrs);
        if (reason) return setError(t.refusals[reason] ?? reason);
        if (!editor.completePending(attrs)) setError(t.refused);
      }}
    >
      <h3>{t.newUnitForm}</h3>
      {pending.split ? (
        <div className="split-side" role="group" aria-label={t.swapSplitPart}>
          <p className="hint">{t.splitSideHint}</p>
          <p data-testid="split-areas">
            {t.splitAreas(
              formatNumber(lang, pending.split.areasM2[pending.split.newPart] / 1e4, 2),
              formatNumber(lang, pending.split.areasM2[pending.split.newPart === 'a' ? 'b' : 'a'] / 1e4, 2),
            )}
          </p>
          <button type="button" onClick={() => editor.chooseSplitPart(pending.split!.newPart === 'a' ? 'b' : 'a')}>
            {t.swapSplitPart}
          </button>
        </div>
      ) : null}
      {pending.kind === 'new-unit' ? (
        <div className="form-actions">
          <button type="button" onClick={() => editor.addRing('part')}>
            {t.addPart}
          </button>
          <button type="button" onClick={() => editor.addRing('hole')}>
            {t.addHole}
          </button>
        </div>
      ) : null}
      <AttributeFields draft={draft} onChange={setDraft} />
      <FormFooter error={error} submitLabel={t.save} onCancel={() => editor.setMode('browse')} />
    </form>
  );
}
