import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from '../../editor/editor';
import { actionSetAttributes } from '../../core/actions/set-attributes';
import { actionMergeUnits } from '../../core/actions/merge-units';
import type { UnitType } from '../../core/model/types';
import { AttributeFields, type AttrDraft } from './AttributeFields';
import { FormFooter } from './FormFooter';
import { summarizeUnit } from '../../editor/unit-summary';
import { useStore } from '../hooks/use-store';
import { useLang, useT } from '../i18n/language';
import { formatNumber } from '../i18n/messages';

/** `mergeAsked` changes when the merge key is pressed: the merge choice takes the focus. */
export function UnitPanel({ editor, onReport, mergeAsked = 0 }: { editor: Editor; onReport: (unitId: string) => void; mergeAsked?: number }) {
  const t = useT();
  const lang = useLang();
  // Deferred: the summary walks the unit's whole boundary (120–160 ms for a large unit of Lâm Đồng).
  // After an edit React shows the last summary at once and works the new one out in a later task, so
  // the edit's save, the map and the pointer do not wait for it. The coverage, the selection and the
  // neighbouring provinces are deferred as one value, so every render shows one moment of the editor:
  // deferred apart, an edit that selects another unit showed it on the coverage before the edit, as
  // "nothing selected" when the unit is new (a split) or with its neighbours before the edit (a merge
  // clicked then was refused).
  const live = useStore(editor.coverage);
  const liveSelected = useStore(editor.selection);
  const liveProvinces = useStore(editor.neighbourProvinces);
  const { coverage, selected, provinces } = useDeferredValue(
    useMemo(() => ({ coverage: live, selected: liveSelected, provinces: liveProvinces }), [live, liveSelected, liveProvinces]),
  );
  const summary = useMemo(
    () => (coverage && selected ? summarizeUnit(coverage, selected, provinces.status === 'ready' ? provinces.units : undefined) : null),
    [coverage, selected, provinces],
  );

  if (!summary) {
    return (
      <section className="panel" aria-label={t.unitDetails}>
        <p className="hint">{t.noSelection}</p>
      </section>
    );
  }
  const a = summary.attrs;
  // A unit of another province is named, never merged with.
  const mergeable = summary.neighbours.filter((n) => !n.otherProvince);
  // Round before choosing the sign, so a tiny negative difference does not print as "-0,0 %".
  const diff = summary.areaDifferencePct === null ? null : Math.round(summary.areaDifferencePct * 10) / 10 || 0;
  return (
    <section className="panel" aria-label={t.unitDetails}>
      <header className="panel-head">
        <h2>{a.fullName}</h2>
        <button type="button" className="close" aria-label={t.close} onClick={() => editor.select(null)}>
          ×
        </button>
      </header>
      <dl className="props">
        <dt>{t.code}</dt>
        <dd data-field="code">{a.code}</dd>
        <dt>{t.fullName}</dt>
        <dd data-field="fullName">{a.fullName}</dd>
        <dt>{t.type}</dt>
        <dd data-field="type">{t.types[a.type ?? 'unknown']}</dd>
        <dt>{t.officialArea}</dt>
        <dd data-field="officialArea">
          {a.officialAreaKm2 === null ? '—' : `${formatNumber(lang, a.officialAreaKm2)} ${t.km2}`}
        </dd>
        <dt>{t.geodesicArea}</dt>
        <dd data-field="geodesicArea">{`${formatNumber(lang, summary.areaM2 / 1e6, 3)} ${t.km2}`}</dd>
        <dt>{t.areaDifference}</dt>
        <dd data-field="areaDifference">{diff === null ? '—' : `${diff > 0 ? '+' : ''}${formatNumber(lang, diff, 1)} %`}</dd>
      </dl>
      <h3>{t.formedFrom}</h3>
      <ul className="formed-from" aria-label={t.formedFrom}>
        {a.formedFrom.map((f) => (
          <li key={`${f.code}-${f.kind}`}>
            {f.name} <span className={`kind kind-${f.kind}`}>({f.kind === 'full' ? t.full : t.partial})</span>
            {f.province ? <span className="muted"> — {f.province}</span> : null}
          </li>
        ))}
      </ul>
      <button type="button" className="secondary" onClick={() => onReport(summary.id)}>
        {t.record}
      </button>
      <UnitIssues editor={editor} unitId={summary.id} />
      <AttributeEditor key={`${summary.id}-${a.code}-${a.name}-${a.type}`} editor={editor} unitId={summary.id} draft={{ code: a.code, name: a.name, type: a.type ?? 'xa' }} />
      <h3>{t.neighbours}</h3>
      {summary.neighbours.length === 0 ? <p className="hint">{t.noNeighbours}</p> : null}
      <ul className="neighbours" aria-label={t.neighbours}>
        {summary.neighbours.map((n) => (
          <li key={n.id}>
            {n.otherProvince ? (
              <span className="other-province" title={t.otherProvince}>
                {n.fullName}
              </span>
            ) : (
              <button type="button" className="link" onClick={() => editor.select(n.id)}>
                {n.fullName}
              </button>
            )}
            <span className="muted">
              {' '}
              {formatNumber(lang, n.sharedBorderM, 0)} {t.m} {t.sharedBorder}
            </span>
          </li>
        ))}
      </ul>
      {provinces.status === 'loading' ? <p className="hint">{t.neighbourProvincesLoading}</p> : null}
      {provinces.status === 'unavailable' ? <p className="hint warning">{t.neighbourProvincesUnavailable(provinces.file, provinces.message)}</p> : null}
      {mergeable.length > 0 ? <MergeForm key={summary.id} editor={editor} unitId={summary.id} neighbours={mergeable} asked={mergeAsked} /> : null}
    </section>
  );
}

function UnitIssues({ editor, unitId }: { editor: Editor; unitId: string }) {
  const t = useT();
  const issues = useStore(editor.issues).filter((i) => i.unitIds.includes(unitId));
  if (issues.length === 0) return null;
  return (
    <>
      <h3>{t.unitIssues}</h3>
      <ul className="unit-issues" aria-label={t.unitIssues}>
        {issues.map((i) => (
          <li key={i.id}>
            <button type="button" className={`link sev-${i.severity}`} onClick={() => editor.selectIssue(i.id)}>
              {t.kinds[i.kind] ?? i.kind} · {i.units.join(' / ')}
              {/* Several findings of one kind for one unit (merger check: one per old commune) differ by the old unit. */}
              {typeof i.details?.oldName === 'string' && i.details.oldName ? ` · ${i.details.oldName}` : null}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function AttributeEditor({ editor, unitId, draft: initial }: { editor: Editor; unitId: string; draft: AttrDraft }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        {t.editAttributes}
      </button>
    );
  }
  return (
    <form
      className="attr-form"
      aria-label={t.editAttributes}
      onSubmit={(e) => {
        e.preventDefault();
        const action = actionSetAttributes(unitId, { code: draft.code.trim(), name: draft.name, type: draft.type as UnitType });
        const reason = action.disabled(editor.coverage.get()!);
        if (reason) return setError(t.refusals[reason] ?? reason);
        editor.perform(action, 'set-attributes');
        setOpen(false);
      }}
    >
      <AttributeFields draft={draft} onChange={setDraft} />
      <FormFooter error={error} submitLabel={t.save} onCancel={() => setOpen(false)} />
    </form>
  );
}

function MergeForm({ editor, unitId, neighbours, asked }: { editor: Editor; unitId: string; neighbours: readonly { id: string; fullName: string }[]; asked: number }) {
  const t = useT();
  const [other, setOther] = useState(neighbours[0]?.id ?? '');
  const choice = useRef<HTMLSelectElement>(null);
  const seen = useRef(asked);
  useEffect(() => {
    if (asked === seen.current) return;
    seen.current = asked;
    choice.current?.focus();
  }, [asked]);
  return (
    <form
      className="merge-form"
      aria-label={t.mergeWith}
      onSubmit={(e) => {
        e.preventDefault();
        // A merge is shown and asked first: it removes a unit.
        editor.performOrAsk(actionMergeUnits(unitId, other), 'merge', { always: true, show: [unitId] });
      }}
    >
      <label>
        <span>{t.mergeWith}</span>
        <select ref={choice} value={other} onChange={(e) => setOther(e.target.value)}>
          {neighbours.map((n) => (
            <option key={n.id} value={n.id}>
              {n.fullName}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{t.merge}</button>
    </form>
  );
}
