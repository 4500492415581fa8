import { useEffect, useRef, useState } from 'react';
import type { Editor } from '../../editor/editor';
import {
  checkSummary, EXPORT_FORMATS, exportExceptions, exportOnGrid as onGrid, newErrorsAfterRounding, type ExportFormat,
} from '../../editor/export';
import { buildSubmission, geoJsonText } from '../../io/submission';
import { exportGridNote, provinceExportFileName, provinceFields, writeProvinceExport, type GridNote } from '../../io/province-export';
import { useStore } from '../hooks/use-store';
import { useT } from '../i18n/language';
import { describeIoError } from '../i18n/io-error-text';
import { download } from './SaveStatus';

/** Which grid and datum shift a VN-2000 export uses, and what other software may do with it. */
function GridNoteText({ note }: { note: GridNote }) {
  const t = useT();
  return (
    <p className="muted">
      {t.exportGridNote(note.epsg ? `${note.name} (EPSG:${note.epsg})` : note.name)}
      {note.epsg5194 ? ` ${t.exportEpsg5194}` : null}
    </p>
  );
}

/** Export with the gate: errors in scope must be resolved or excepted (with a reason) first. */
export function ExportDialog({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const t = useT();
  const coverage = useStore(editor.coverage);
  const issues = useStore(editor.issues);
  const reviews = useStore(editor.reviews);
  const selection = useStore(editor.selection);
  const province = useStore(editor.province);
  // The gate reads the check's state: re-render when it changes.
  useStore(editor.checkState);
  const ref = useRef<HTMLDialogElement>(null);
  const [scope, setScope] = useState<'all' | 'unit'>(selection ? 'unit' : 'all');
  const [format, setFormat] = useState<ExportFormat>('submission');
  const [legalBasis, setLegalBasis] = useState(province?.resolution ?? '');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const unitIds = scope === 'unit' && selection ? [selection] : undefined;
  const gate = editor.exportGate(unitIds);

  const doExport = async () => {
    // Every export is made for the draft's province: its code, name, resolution and meridian.
    if (!coverage || !province || gate.status !== 'clear') return;
    setMessage(null);
    const exportedAt = new Date().toISOString();
    if (format === 'submission') {
      const base = provinceExportFileName(format, coverage, province, { unitIds, exportedAt });
      const exceptions = exportExceptions(issues, reviews, unitIds);
      const sub = buildSubmission(coverage, { exportedAt, unitIds, exceptions, ...provinceFields(province, legalBasis) });
      // Export must be exactly what the checks saw: the rounded coverage is checked again, in the worker.
      setBusy(true);
      let after;
      try {
        after = await editor.checkCopy(sub.rounded);
      } catch (e) {
        return setMessage(t.gateCheckFailed(e instanceof Error ? e.message : String(e)));
      } finally {
        setBusy(false);
      }
      const fresh = newErrorsAfterRounding(issues, after);
      if (fresh.length > 0) return setMessage(`${t.exportRecheckFailed} (${fresh.join(', ')})`);
      const summary = checkSummary(after, exceptions.length, editor.settings.get().toleranceM);
      const text = geoJsonText({ ...sub.collection, checkSummary: summary });
      download(new Blob([text], { type: 'application/geo+json' }), base);
      return setMessage(t.exportedAs(base));
    }
    // The VN-2000 formats are written on the province's meridian; all but TopoJSON carry the national fields.
    const r = writeProvinceExport(format, coverage, province, { unitIds, exportedAt, legalBasis });
    if (!r.ok) return setMessage(r.errors.map((e) => describeIoError(t, e)).join('\n'));
    download(new Blob([r.value.bytes as BlobPart]), r.value.fileName);
    setMessage(t.exportedAs(r.value.fileName) + (r.value.warnings.length ? ` — ${r.value.warnings.map((w) => describeIoError(t, w)).join('; ')}` : ''));
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
          <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t.formats[f]}
              </option>
            ))}
          </select>
        </label>
        {onGrid(format) && province && coverage ? <GridNoteText note={exportGridNote(province, coverage, unitIds)} /> : null}
        {format !== 'topojson' ? (
          <label>
            <span>{t.legalBasis}</span>
            <input value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} />
          </label>
        ) : null}
      </div>
      {gate.status === 'blocked' ? (
        <section role="alert" aria-label={t.gateTitle} className="import-errors">
          <strong>{t.gateTitle}</strong>
          <p>{t.gateText}</p>
          <ul>
            {gate.blocking.map((i) => (
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
      ) : gate.status === 'checking' ? (
        <p className="muted" role="status">
          {t.gateChecking}
        </p>
      ) : gate.status === 'failed' ? (
        <p className="import-errors" role="alert">
          {t.gateCheckFailed(gate.message)}
        </p>
      ) : (
        <p className="muted">{t.gateClear}</p>
      )}
      <div className="form-actions">
        <button type="button" className="primary" disabled={gate.status !== 'clear' || !coverage || !province || busy} onClick={() => void doExport()}>
          {t.download}
        </button>
      </div>
      {busy || message ? (
        <p className="notice" role="status">
          {busy ? t.exportChecking : message}
        </p>
      ) : null}
    </dialog>
  );
}
