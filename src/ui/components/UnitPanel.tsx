import { useMemo } from 'react';
import type { Editor } from '../../editor/editor';
import { summarizeUnit } from '../../editor/unit-summary';
import { useStore } from '../hooks/use-store';
import { useLang, useT } from '../i18n/language';
import { formatNumber } from '../i18n/messages';

export function UnitPanel({ editor }: { editor: Editor }) {
  const t = useT();
  const lang = useLang();
  const coverage = useStore(editor.coverage);
  const selected = useStore(editor.selection);
  const summary = useMemo(
    () => (coverage && selected ? summarizeUnit(coverage, selected) : null),
    [coverage, selected],
  );

  if (!summary) {
    return (
      <section className="panel" aria-label={t.unitDetails}>
        <p className="hint">{t.noSelection}</p>
      </section>
    );
  }
  const a = summary.attrs;
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
            {f.district ? <span className="muted"> — {f.district}</span> : null}
          </li>
        ))}
      </ul>
      <h3>{t.neighbours}</h3>
      {summary.neighbours.length === 0 ? <p className="hint">{t.noNeighbours}</p> : null}
      <ul className="neighbours" aria-label={t.neighbours}>
        {summary.neighbours.map((n) => (
          <li key={n.id}>
            <button type="button" className="link" onClick={() => editor.select(n.id)}>
              {n.fullName}
            </button>
            <span className="muted">
              {' '}
              {formatNumber(lang, n.sharedBorderM, 0)} {t.m} {t.sharedBorder}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
