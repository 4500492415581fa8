import { useEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from '../../editor/editor';
import type { Workspace } from '../../editor/workspace';
import { readAnyFile, type ReadOptions } from '../../io/formats';
import type { IoResult } from '../../io/errors';
import type { ImportedLayer } from '../../io/import-types';
import { vn2000, WGS84 } from '../../io/vn2000';
import { crsLabel } from '../../io/crs';
import { TM3_MERIDIANS } from '../../io/vn2000-zones';
import { readUnitAttrs } from '../../core/model/attributes';
import { coverageFromFeatures } from '../../core/model/from-geojson';
import { actionApplyProposal, compareProposal, type Choice, type IncomingUnit } from '../../core/actions/apply-proposal';
import { useStore } from '../hooks/use-store';
import { useLang, useT } from '../i18n/language';
import { formatNumber } from '../i18n/messages';
import { describeIoError } from '../i18n/io-error-text';

function meridianLabel(lon0: number): string {
  const d = Math.floor(lon0);
  const m = Math.round((lon0 - d) * 60);
  return `${d}°${String(m).padStart(2, '0')}′`;
}

/** Reads a file the user chose or dropped, asks what the file cannot tell, then applies or makes a draft. */
export function ImportDialog({ editor, workspace, file, onClose }: { editor: Editor; workspace: Workspace; file: File; onClose: () => void }) {
  const t = useT();
  const lang = useLang();
  const coverage = useStore(editor.coverage);
  const settings = useStore(editor.settings);
  const ref = useRef<HTMLDialogElement>(null);
  const [bytes, setBytes] = useState<Uint8Array | null>(null);
  const [options, setOptions] = useState<ReadOptions>({});
  const [lon0, setLon0] = useState(105.75);
  const [choices, setChoices] = useState<Map<string, Choice>>(new Map());
  const [snapM, setSnapM] = useState(String(Math.max(settings.toleranceM, 0.1)));
  const [message, setMessage] = useState<string | null>(null);

  const [progress, setProgress] = useState(0);
  const reader = useRef<FileReader | null>(null);
  useEffect(() => {
    ref.current?.showModal();
    // FileReader (not file.arrayBuffer) so a large file shows progress and can be cancelled.
    const r = new FileReader();
    reader.current = r;
    r.onprogress = (e) => setProgress(e.lengthComputable ? e.loaded / e.total : 0);
    r.onload = () => setBytes(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => setMessage(`${file.name}: ${r.error?.message ?? t.ioErrors['bad-coordinates']}`);
    r.onabort = () => setMessage(`${file.name}: ${t.cancelled} ${t.nothingChanged}`);
    r.readAsArrayBuffer(file);
    return () => {
      if (r.readyState === FileReader.LOADING) r.abort();
    };
    // The reader belongs to this file; the language of its messages does not restart it.
  }, [file]);

  const result: IoResult<ImportedLayer> | null = useMemo(() => (bytes ? readAnyFile(file.name, bytes, options) : null), [bytes, file.name, options]);
  const incoming: IncomingUnit[] = useMemo(() => {
    if (!result?.ok) return [];
    return result.value.features.map((f) => ({
      attrs: readUnitAttrs(f.properties),
      geometry: f.geometry.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [f.geometry.coordinates] } : f.geometry,
    }));
  }, [result]);
  const rows = useMemo(() => (coverage && incoming.length ? compareProposal(coverage, incoming) : []), [coverage, incoming]);

  const close = () => {
    editor.cancelPreview();
    ref.current?.close();
  };
  const choiceOf = (code: string): Choice => choices.get(code) ?? 'theirs';
  const decision = () => ({ choices: new Map(rows.filter((r) => r.ourId).map((r) => [r.code, choiceOf(r.code)])), snapM: Math.max(0, Number(snapM) || 0) });

  let body: React.ReactNode = (
    <div role="status">
      <p>
        {t.reading} {file.size > 0 ? `${Math.round(progress * 100)} %` : ''}
      </p>
      <progress value={progress} max={1} aria-label={t.reading} />{' '}
      <button type="button" onClick={() => reader.current?.abort()}>
        {t.cancel}
      </button>
    </div>
  );
  if (message && !bytes) body = null;
  if (result && !result.ok) {
    // The file cannot tell its coordinate system: VN-2000-looking metres, a Shapefile without .prj, or an
    // unknown system. The user chooses.
    const crs = result.errors.find((e) => e.code === 'crs-unconfirmed' || e.code === 'missing-prj' || e.code === 'unknown-crs');
    const nonPolygon = result.errors.length > 0 && result.errors.every((e) => e.code === 'not-polygon');
    body = (
      <>
        <div role="alert" className="import-errors">
          <strong>{t.importFailed}</strong>
          <ul>
            {result.errors.slice(0, 50).map((e, i) => (
              <li key={i}>{describeIoError(t, e)}</li>
            ))}
          </ul>
          {result.errors.length > 50 ? <p>… +{result.errors.length - 50}</p> : null}
        </div>
        {crs ? (
          <form
            aria-label={t.confirmCrs}
            onSubmit={(e) => {
              e.preventDefault();
              setOptions({ ...options, fromCrs: vn2000(lon0, crs.values?.axis === 'ne' ? 'ne' : 'en') });
            }}
          >
            <label>
              <span>{t.meridian}</span>
              <select value={lon0} onChange={(e) => setLon0(Number(e.target.value))}>
                {TM3_MERIDIANS.map((m) => (
                  <option key={m} value={m}>
                    {meridianLabel(m)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">{t.useVn2000}</button>
            {crs.code !== 'crs-unconfirmed' ? (
              <button type="button" onClick={() => setOptions({ ...options, fromCrs: WGS84 })}>
                {t.useWgs84}
              </button>
            ) : null}
          </form>
        ) : null}
        {nonPolygon ? (
          <button type="button" onClick={() => setOptions({ ...options, skipNonPolygon: true })}>
            {t.skipNonPolygon}
          </button>
        ) : null}
      </>
    );
  } else if (result?.ok) {
    body = (
      <>
        <p>{t.importSummary(result.value.features.length, crsLabel(result.value.crs))}</p>
        {result.warnings.length ? (
          <ul className="muted">
            {result.warnings.map((w, i) => (
              <li key={i}>{describeIoError(t, w)}</li>
            ))}
          </ul>
        ) : null}
        <h3>{t.proposal}</h3>
        <table className="drafts">
          <thead>
            <tr>
              <th>{t.code}</th>
              <th>{t.fullName}</th>
              <th>{t.areaOurs}</th>
              <th>{t.areaTheirs}</th>
              <th>{t.areaDifference}</th>
              <th>{t.maxDistance}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.code} aria-label={r.code}>
                <td>{r.code}</td>
                <td>{r.fullName}</td>
                <td>{r.ourAreaM2 === null ? '—' : `${formatNumber(lang, r.ourAreaM2 / 1e6, 4)} ${t.km2}`}</td>
                <td>{`${formatNumber(lang, r.theirAreaM2 / 1e6, 4)} ${t.km2}`}</td>
                <td>{r.ourAreaM2 === null ? '—' : `${r.theirAreaM2 >= r.ourAreaM2 ? '+' : ''}${formatNumber(lang, r.theirAreaM2 - r.ourAreaM2, 0)} ${t.m2}`}</td>
                <td>{r.maxDistanceM === null ? '—' : `${formatNumber(lang, r.maxDistanceM, 2)} ${t.m}`}</td>
                <td>
                  {r.ourId ? (
                    <select aria-label={`${r.code}: ${t.theirs} / ${t.ours}`} value={choiceOf(r.code)} onChange={(e) => setChoices(new Map(choices).set(r.code, e.target.value as Choice))}>
                      <option value="theirs">{t.theirs}</option>
                      <option value="ours">{t.ours}</option>
                    </select>
                  ) : (
                    <span className="muted">{t.newUnit}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <label className="inline">
          <span>{t.snapWithin}</span>
          <input type="number" min="0" step="0.01" value={snapM} onChange={(e) => setSnapM(e.target.value)} />
        </label>
        <div className="form-actions">
          <button
            type="button"
            onClick={() => {
              const c = editor.coverage.get();
              if (!c) return;
              editor.previewCoverage(actionApplyProposal(incoming, decision())(c));
            }}
          >
            {t.previewImport}
          </button>
          <button
            type="button"
            className="primary"
            disabled={!coverage}
            onClick={() => {
              if (editor.perform(actionApplyProposal(incoming, decision()), 'import')) close();
              else setMessage(t.refused);
            }}
          >
            {t.applyImport}
          </button>
          <button
            type="button"
            onClick={() => {
              const base = coverageFromFeatures(result.value.features);
              void workspace.createFromCoverage(file.name.replace(/\.[^.]+$/, ''), base, `import:${file.name}`).then(close, (e: unknown) => setMessage(String(e)));
            }}
          >
            {t.importAsNew}
          </button>
        </div>
      </>
    );
  }

  return (
    <dialog
      ref={ref}
      className="drafts-dialog"
      aria-label={t.importTitle}
      onClose={() => {
        // However the dialog closes (×, Escape), its preview leaves the map.
        editor.cancelPreview();
        onClose();
      }}
    >
      <header className="panel-head">
        <h2>
          {t.importTitle}: {file.name}
        </h2>
        <button type="button" className="close" aria-label={t.close} onClick={close}>
          ×
        </button>
      </header>
      {body}
      {message ? (
        <p className="notice" role="alert">
          {message}
        </p>
      ) : null}
    </dialog>
  );
}
