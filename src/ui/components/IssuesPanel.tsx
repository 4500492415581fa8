import { useMemo, useState } from 'react';
import { contextUnitLabel } from '../../core/model/context-units';
import { issueShown, type Editor } from '../../editor/editor';
import { fixKey, fixOptions, type Fix } from '../../editor/fixes';
import type { ValidationIssue } from '../../core/validation/issue';
import { searchKey } from '../../core/text/fold';
import { useStore } from '../hooks/use-store';
import { useLang, useT } from '../i18n/language';
import { formatNumber } from '../i18n/messages';

export function IssuesPanel({ editor }: { editor: Editor }) {
  const t = useT();
  const lang = useLang();
  const issues = useStore(editor.issues);
  const state = useStore(editor.checkState);
  const coverage = useStore(editor.coverage);
  const reviews = useStore(editor.reviews);
  const selected = useStore(editor.selectedIssue);
  const settings = useStore(editor.settings);
  const toleranceM = settings.toleranceM;
  const [severity, setSeverity] = useState('');
  const [kind, setKind] = useState('');
  const [unit, setUnit] = useState('');

  // Names come from the units alone: an edit of geometry keeps the same units map.
  const units = coverage?.units;
  const names = useMemo(() => {
    const m = new Map<string, string>();
    if (units) for (const u of units.values()) m.set(u.id, u.attrs.fullName || u.attrs.code);
    return m;
  }, [units]);
  // Issue lines name units by code: the draft's, and across the province's edge the neighbouring province's.
  const provinces = useStore(editor.neighbourProvinces);
  const codeNames = useMemo(() => {
    const m = new Map<string, string>();
    if (provinces.status === 'ready') for (const u of provinces.units.values()) m.set(u.code, contextUnitLabel(u));
    if (units) for (const u of units.values()) m.set(u.attrs.code || u.id, u.attrs.fullName || u.attrs.code);
    return m;
  }, [units, provinces]);

  const q = searchKey(unit);
  const shown = issues.filter(
    (i) =>
      (severity === '' || i.severity === severity) &&
      (kind === '' || i.kind === kind) &&
      (q === '' || i.unitIds.some((id) => searchKey(`${id} ${names.get(id) ?? ''}`).includes(q)) || i.units.some((c) => c.includes(q))),
  );
  const errors = issues.filter((i) => i.severity === 'error').length;
  const hidden = issues.filter((i) => !issueShown(i, settings)).length;
  const kinds = [...new Set(issues.map((i) => i.kind))];
  // One group per kind, kinds with errors first, each with its count; a warning kind can be hidden.
  const groups = kinds
    .map((k) => ({ kind: k, items: shown.filter((i) => i.kind === k), error: issues.some((i) => i.kind === k && i.severity === 'error') }))
    .filter((g) => g.items.length > 0)
    .sort((a, b) => Number(b.error) - Number(a.error));
  const toggle = (k: string) =>
    editor.setSettings({ hiddenKinds: settings.hiddenKinds.includes(k) ? settings.hiddenKinds.filter((x) => x !== k) : [...settings.hiddenKinds, k] });

  return (
    <section className="issues" aria-label={t.checks}>
      {state.status === 'checking' && state.full ? <progress className="check-progress" aria-label={t.checking} /> : null}
      <p className="check-state" role="status">
        {state.status === 'checking' ? t.checking : state.status === 'ready' ? t.checkedIn(state.ms) : state.status === 'error' ? `${t.checkFailed}: ${state.message}` : ''}
      </p>
      <p className="counts" data-testid="issue-counts">
        <strong>{errors}</strong> {t.errors} · <strong>{issues.length - errors}</strong> {t.warnings}
        {hidden > 0 ? ` (${t.hiddenCount(hidden)})` : ''}
      </p>
      <IssueLegend />
      <label className="inline">
        <span>{t.tolerance}</span>
        <input
          type="number"
          min="0"
          step="0.01"
          defaultValue={toleranceM}
          key={toleranceM}
          onBlur={(e) => {
            const v = Number(e.target.value);
            if (Number.isFinite(v) && v >= 0 && v !== toleranceM) editor.setSettings({ toleranceM: v });
            else e.target.value = String(toleranceM);
          }}
        />
      </label>
      <div className="filters">
        <label>
          <span>{t.filterSeverity}</span>
          <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
            <option value="">{t.all}</option>
            <option value="error">{t.severity.error}</option>
            <option value="warning">{t.severity.warning}</option>
          </select>
        </label>
        <label>
          <span>{t.filterKind}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">{t.all}</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t.kinds[k] ?? k}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          <span>{t.filterUnit}</span>
          <input type="search" value={unit} onChange={(e) => setUnit(e.target.value)} />
        </label>
      </div>
      {shown.length === 0 && state.status === 'ready' ? <p className="hint">{t.noIssues}</p> : null}
      <div className="issue-list" role="list" aria-label={t.issueList}>
        {groups.map((g) => {
          const isHidden = !g.error && settings.hiddenKinds.includes(g.kind);
          return (
            <section key={g.kind} className="issue-group" role="listitem" aria-label={t.kinds[g.kind] ?? g.kind}>
              <header className="issue-group-head">
                <h3>
                  {t.kinds[g.kind] ?? g.kind} <span className="muted">({g.items.length})</span>
                </h3>
                {g.error ? null : (
                  <button type="button" aria-pressed={isHidden} onClick={() => toggle(g.kind)}>
                    {isHidden ? t.showKind : t.hideKind}
                  </button>
                )}
              </header>
              {t.kindHelp[g.kind] ? <p className="hint kind-help">{t.kindHelp[g.kind]}</p> : null}
              {isHidden ? null : (
                <ul aria-label={t.kinds[g.kind] ?? g.kind}>
                  {g.items.map((i) => (
                    <li key={i.id} className={`issue sev-${i.severity}${selected === i.id ? ' selected' : ''}`}>
                      <button type="button" className="issue-head" aria-expanded={selected === i.id} onClick={() => editor.selectIssue(selected === i.id ? null : i.id)}>
                        <span className="issue-kind">{t.kinds[i.kind] ?? i.kind}</span>
                        <span className="issue-units">{i.units.join(' / ')}</span>
                        <span className="issue-size">
                          {i.areaM2 !== undefined ? `${formatNumber(lang, i.areaM2, i.areaM2 < 10 ? 1 : 0)} ${t.m2}` : ''}
                          {i.widthM !== undefined ? ` · ${formatNumber(lang, i.widthM, i.widthM < 1 ? 3 : 1)} ${t.m}` : ''}
                        </span>
                        <span className={`review review-${reviews.get(i.id)?.status ?? 'open'}`}>{t.statusLabel[reviews.get(i.id)?.status ?? 'open']}</span>
                      </button>
                      {selected === i.id ? <IssueDetail editor={editor} issue={i} names={names} codeNames={codeNames} /> : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </section>
  );
}

/** What each symbol on the map means; the swatches use the map style's colours. */
function IssueLegend() {
  const t = useT();
  const items: [string, string][] = [
    ['overlap', 'swatch fill overlap'],
    ['gap', 'swatch fill gap'],
    ['sliver', 'swatch fill sliver'],
    ['line', 'swatch line'],
    ['pointError', 'swatch dot error'],
    ['pointWarning', 'swatch dot warning'],
    ['selected', 'swatch selected'],
    ['preview', 'swatch fill preview'],
    ['previewPoint', 'swatch ring preview'],
  ];
  return (
    <details className="legend">
      <summary>{t.legend}</summary>
      <ul>
        {items.map(([key, cls]) => (
          <li key={key}>
            <span className={cls} aria-hidden="true" /> {t.legendItems[key]}
          </li>
        ))}
      </ul>
    </details>
  );
}

function IssueDetail({ editor, issue, names, codeNames }: { editor: Editor; issue: ValidationIssue; names: ReadonlyMap<string, string>; codeNames: ReadonlyMap<string, string> }) {
  const t = useT();
  const lang = useLang();
  const coverage = useStore(editor.coverage);
  const preview = useStore(editor.preview);
  const reviews = useStore(editor.reviews);
  const [reason, setReason] = useState(reviews.get(issue.id)?.reason ?? '');
  const [error, setError] = useState(false);
  const toleranceM = useStore(editor.settings).toleranceM;
  const options = useMemo(() => (coverage ? fixOptions(coverage, issue, toleranceM) : []), [coverage, issue, toleranceM]);
  const name = (id: string) => names.get(id) ?? id;
  const label = (f: Fix) => {
    switch (f.kind) {
      case 'assign':
        return t.assignTo(name(f.unit));
      case 'fill':
        return t.fillInto(name(f.unit));
      case 'cede':
        return t.cedeFrom(name(f.unit));
      case 'split':
        return t.splitMiddle;
      case 'snap':
        return t.snapOnto(name(f.other), name(f.unit));
      case 'dedupe':
        return t.removeDuplicates(formatNumber(lang, f.vertices, 0), formatNumber(lang, f.zeroLengthArcs, 0));
    }
  };
  const review = reviews.get(issue.id);
  return (
    <div className="issue-detail">
      <p className="muted">
        {issue.units.map((code, k) => (
          <span key={code}>
            {k > 0 ? ' · ' : ''}
            {code} {codeNames.get(code) ?? ''}
          </span>
        ))}
        <br />
        {t.area}: {issue.areaM2 !== undefined ? `${formatNumber(lang, issue.areaM2, 1)} ${t.m2}` : '—'} · {t.width}:{' '}
        {issue.widthM !== undefined ? `${formatNumber(lang, issue.widthM, 3)} ${t.m}` : '—'} · {issue.at[0].toFixed(5)}, {issue.at[1].toFixed(5)}
        {issue.kind === 'merger-consistency' && typeof issue.details?.oldName === 'string' ? (
          <>
            <br />
            {t.mergerDetail(
              issue.details.oldName,
              formatNumber(lang, Number(issue.details.shareInside) * 100, 0),
              formatNumber(lang, Number(issue.details.threshold) * 100, 0),
              issue.details.referenceYear === null || issue.details.referenceYear === undefined ? '—' : String(issue.details.referenceYear),
            )}
          </>
        ) : null}
        {issue.details?.of === 'border' ? (
          <>
            <br />
            {t.borderStretch(formatNumber(lang, Number(issue.details.lengthM), 1), formatNumber(lang, Number(issue.details.maxDistanceM), 3), Number(issue.details.pieces))}
          </>
        ) : null}
      </p>
      {options.length > 0 ? (
        <div className="fixes" role="group" aria-label={t.fixes}>
          {options.map((o) => (
            <button key={fixKey(o.fix)} type="button" aria-pressed={preview?.issueId === issue.id && fixKey(preview.fix) === fixKey(o.fix)} onClick={() => editor.previewFix(issue.id, o.fix)}>
              {label(o.fix)} {o.longest ? <span className="muted">{t.longest}</span> : null}
            </button>
          ))}
        </div>
      ) : null}
      {preview?.issueId === issue.id ? (
        <div className="preview-actions">
          <span>
            {t.preview}: {label(preview.fix)}
          </span>
          <button type="button" className="primary" onClick={() => editor.applyPreview()}>
            {t.apply}
          </button>
          <button type="button" onClick={() => editor.cancelPreview()}>
            {t.cancel}
          </button>
        </div>
      ) : null}
      <label className="reason">
        <span>{t.exceptionReason}</span>
        <textarea value={reason} rows={2} onChange={(e) => setReason(e.target.value)} />
      </label>
      {error ? <p className="notice" role="alert">{t.reasonRequired}</p> : null}
      <div className="review-actions">
        <button
          type="button"
          onClick={() => {
            const ok = editor.review(issue.id, 'exception', reason);
            setError(!ok);
          }}
        >
          {t.markException}
        </button>
        {review ? (
          <button type="button" onClick={() => editor.review(issue.id, 'open')}>
            {t.reopen}
          </button>
        ) : null}
      </div>
    </div>
  );
}
