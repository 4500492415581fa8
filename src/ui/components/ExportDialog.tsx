import { useEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from '../../editor/editor';
import { buildSubmission, geoJsonText, submissionFileName } from '../../io/submission';
import { writeAnyFile } from '../../io/formats';
import { validateCoverage } from '../../core/validation/validate';
import { useStore } from '../hooks/use-store';
import { useProvinceGrid } from '../hooks/use-province-grid';
import { useT } from '../i18n/language';
import { describeIoError } from '../i18n/io-error-text';
import { download } from './SaveStatus';

type Format = 'submission' | 'vn2000-geojson' | 'kml' | 'shapefile-wgs84' | 'shapefile-vn2000' | 'topojson';
const FORMATS: readonly Format[] = ['submission', 'vn2000-geojson', 'kml', 'shapefile-wgs84', 'shapefile-vn2000', 'topojson'];
const EXT: Record<Format, string> = {
  submission: 'geojson',
  'vn2000-geojson': 'geojson',
  kml: 'kml',
  'shapefile-wgs84': 'zip',
  'shapefile-vn2000': 'zip',
  topojson: 'topojson',
};

/** Export with the gate: errors in scope must be resolved or excepted (with a reason) first. */
export function ExportDialog({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const t = useT();
  const coverage = useStore(editor.coverage);
  const issues = useStore(editor.issues);
  const reviews = useStore(editor.reviews);
  const selection = useStore(editor.selection);
  const province = useStore(editor.province);
  const grid = useProvinceGrid(editor);
  const ref = useRef<HTMLDialogElement>(null);
  const [scope, setScope] = useState<'all' | 'unit'>(selection ? 'unit' : 'all');
  const [format, setFormat] = useState<Format>('submission');
  const [legalBasis, setLegalBasis] = useState(province?.resolution ?? '');
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const unitIds = scope === 'unit' && selection ? [selection] : undefined;
  const blocking = useMemo(
    () =>
      issues.filter(
        (i) =>
          i.severity === 'error' &&
          (!unitIds || i.unitIds.some((u) => unitIds.includes(u))) &&
          !['resolved', 'exception'].includes(reviews.get(i.id)?.status ?? 'open'),
      ),
    [issues, reviews, unitIds],
  );
  const exceptions = issues
    .filter((i) => reviews.get(i.id)?.status === 'exception' && (!unitIds || i.unitIds.some((u) => unitIds.includes(u))))
    .map((i) => ({ issueId: i.id, kind: i.kind, units: i.units, reason: reviews.get(i.id)!.reason }));

  const doExport = () => {
    if (!coverage) return;
    setMessage(null);
    const exportedAt = new Date().toISOString();
    const base = submissionFileName(coverage, { unitIds, exportedAt }, EXT[format]);
    if (format === 'submission') {
      const sub = buildSubmission(coverage, { exportedAt, unitIds, legalBasis: legalBasis.trim() || undefined, exceptions });
      // Export must be exactly what the checks saw: re-check the rounded coverage.
      const after = validateCoverage(sub.rounded, { toleranceM: editor.settings.get().toleranceM });
      const before = new Set(issues.filter((i) => i.severity === 'error').map((i) => i.id));
      const fresh = after.filter((i) => i.severity === 'error' && !before.has(i.id));
      if (fresh.length > 0) return setMessage(`${t.exportRecheckFailed} (${fresh.map((i) => i.id).join(', ')})`);
      const summary = {
        errors: after.filter((i) => i.severity === 'error').length,
        warnings: after.filter((i) => i.severity === 'warning').length,
        exceptions: exceptions.length,
        toleranceM: editor.settings.get().toleranceM,
      };
      const text = geoJsonText({ ...sub.collection, checkSummary: summary });
      download(new Blob([text], { type: 'application/geo+json' }), base);
      return setMessage(t.exportedAs(base));
    }
    const crs = format === 'vn2000-geojson' || format === 'shapefile-vn2000' ? grid ?? undefined : undefined;
    const r = writeAnyFile(base, coverage, { unitIds, crs });
    if (!r.ok) return setMessage(r.errors.map((e) => describeIoError(t, e)).join('\n'));
    download(new Blob([r.value.bytes as BlobPart]), base);
    setMessage(t.exportedAs(base) + (r.value.warnings.length ? ` — ${r.value.warnings.map((w) => describeIoError(t, w)).join('; ')}` : ''));
  };

  const unitName = selection ? coverage?.units.get(selection)?.attrs.fullName ?? selection : '';
  return (
    <dialog ref={ref} className="drafts-dialog" aria-label={t.exportTitle} onClose={onClose}>
      <header className="panel-head">
        <h2>{t.exportTitle}</h2>
        <button type="button" className="close" aria-label={t.close} onClick={() => ref.current?.close()}>
          ×
        </button>
      </header>
      <div className="attr-fields">
        <label>
          <span>{t.scope}</span>
          <select value={scope} onChange={(e) => setScope(e.target.value as 'all' | 'unit')}>
            <option value="all">{t.wholeDraft}</option>
            {selection ? <option value="unit">{t.selectedUnit(unitName)}</option> : null}
          </select>
        </label>
        <label>
          <span>{t.format}</span>
          <select value={format} onChange={(e) => setFormat(e.target.value as Format)}>
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {t.formats[f]}
              </option>
            ))}
          </select>
        </label>
        {format === 'submission' ? (
          <label>
            <span>{t.legalBasis}</span>
            <input value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} />
          </label>
        ) : null}
      </div>
      {blocking.length > 0 ? (
        <section role="alert" aria-label={t.gateTitle} className="import-errors">
          <strong>{t.gateTitle}</strong>
          <p>{t.gateText}</p>
          <ul>
            {blocking.map((i) => (
              <li key={i.id}>
                {t.kinds[i.kind] ?? i.kind} · {i.units.join(' / ')}{' '}
                <button
                  type="button"
                  onClick={() => {
                    ref.current?.close();
                    editor.selectIssue(i.id);
                  }}
                >
                  {t.openIssue}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p className="muted">{t.gateClear}</p>
      )}
      <div className="form-actions">
        <button type="button" className="primary" disabled={blocking.length > 0 || !coverage} onClick={doExport}>
          {t.download}
        </button>
      </div>
      {message ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}
    </dialog>
  );
}
