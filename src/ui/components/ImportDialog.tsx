import { errorText } from '../i18n/error-text';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from '../../editor/editor';
import type { Workspace } from '../../editor/workspace';
import type { ImportReadOptions } from '../../io/import-preview';
import type { ProposalProblems, ProposalSide } from '../../core/actions/proposal-problems';
import { vn2000, WGS84 } from '../../io/vn2000';
import { crsLabel } from '../../io/crs';
import { TM3_MERIDIANS } from '../../core/model/vn2000-zones';
import { provinceMeridianChoices } from '../../core/model/province';
import { importProvinceVerdict, newDraftProvince, type ImportProvinceVerdict } from '../../core/model/import-province';
import type { Choice } from '../../core/actions/apply-proposal';
import type { Refusal } from '../../core/actions/refusal';
import { useStore } from '../hooks/use-store';
import { useImportJob, type ImportState } from '../hooks/use-import-job';
import { useLang, useT } from '../i18n/language';
import { formatNumber, type Lang, type Messages } from '../i18n/messages';
import { describeIoError } from '../i18n/io-error-text';

function meridianLabel(lon0: number): string {
  const d = Math.floor(lon0);
  const m = Math.round((lon0 - d) * 60);
  return `${d}°${String(m).padStart(2, '0')}′`;
}

/** Reading, parsing and comparing run in the import worker: a phase, how far (when it can tell), Cancel. */
function Working({ state, onCancel }: { state: Extract<ImportState, { kind: 'working' }>; onCancel: () => void }) {
  const t = useT();
  const fraction = state.total > 0 ? Math.min(1, state.done / state.total) : null;
  return (
    <div role="status" aria-label={t.reading}>
      <p>
        {t.importPhases[state.phase]} {fraction === null ? '' : `${Math.round(fraction * 100)} %`}
      </p>
      {/* Without a value a progress bar is indeterminate: the step cannot say how far it is. */}
      {fraction === null ? <progress aria-label={t.importPhases[state.phase]} /> : <progress value={fraction} max={1} aria-label={t.importPhases[state.phase]} />}{' '}
      <button type="button" onClick={onCancel}>
        {t.cancel}
      </button>
    </div>
  );
}

function side(t: Messages, s: ProposalSide): string {
  return t.overlapSide(s.source, s.code, s.fullName);
}

/** Units without a usable code and the overlaps applying would make: named, measured, located. */
function Problems({ problems, lang, showCodes, showOverlaps }: { problems: ProposalProblems; lang: Lang; showCodes: boolean; showOverlaps: boolean }) {
  const t = useT();
  return (
    <>
      {showCodes && problems.badCodes.length ? (
        <>
          <p>{t.badCodes}</p>
          <ul>
            {problems.badCodes.slice(0, 50).map((b) => (
              <li key={b.index}>{t.badCode(b.index + 1, b.fullName, b.code)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {showOverlaps && problems.overlaps.length ? (
        <>
          <p>{t.overlapsTitle}</p>
          <ul aria-label={t.overlapsTitle}>
            {problems.overlaps.map((o, i) => (
              <li key={i}>
                {side(t, o.a)} × {side(t, o.b)}: {formatNumber(lang, o.areaM2, 0)} {t.m2}
                {o.at ? ` ${t.overlapAt(formatNumber(lang, o.at[0], 5), formatNumber(lang, o.at[1], 5))}` : ''}
              </li>
            ))}
          </ul>
          {problems.moreOverlaps ? <p>{t.moreOverlaps(problems.moreOverlaps)}</p> : null}
        </>
      ) : null}
    </>
  );
}

/** Reads a file the user chose or dropped (in a worker), asks what the file cannot tell, then applies or makes a draft. */
export function ImportDialog({ editor, workspace, file, onClose }: { editor: Editor; workspace: Workspace; file: File; onClose: () => void }) {
  const t = useT();
  const lang = useLang();
  const coverage = useStore(editor.coverage);
  const settings = useStore(editor.settings);
  const province = useStore(editor.province);
  // The province's own meridian first, then its other old provinces' (a survey made in old Hải Dương is on
  // 105°30′), then the rest of the grid for a file from elsewhere.
  const meridians = useMemo(() => {
    const own = province ? provinceMeridianChoices(province) : [];
    return { own, others: TM3_MERIDIANS.filter((m) => !own.some((o) => o.lon0 === m)) };
  }, [province]);
  const ref = useRef<HTMLDialogElement>(null);
  const [options, setOptions] = useState<ImportReadOptions>({});
  const [lon0, setLon0] = useState(() => meridians.own[0]?.lon0 ?? meridians.others[0]!);
  const [choices, setChoices] = useState<Map<string, Choice>>(new Map());
  const [snapM, setSnapM] = useState(String(Math.max(settings.toleranceM, 0.1)));
  const [message, setMessage] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const job = useImportJob(file, options, coverage, settings.toleranceM);
  const state = job.state;
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const preview = state.kind === 'ready' ? state.preview : null;
  const rows = useMemo(() => preview?.rows ?? [], [preview]);
  // Units of another province never go into this draft unasked; a new draft from them is of their province.
  const verdict = useMemo<ImportProvinceVerdict>(() => (preview ? importProvinceVerdict(preview.incoming, province) : { kind: 'unknown' }), [preview, province]);
  const newProvince = newDraftProvince(verdict);
  const [otherProvinceAccepted, setOtherProvinceAccepted] = useState(false);
  const applyBlocked = verdict.kind === 'other' && !otherProvinceAccepted;

  const close = () => {
    editor.cancelPreview();
    ref.current?.close();
  };
  const choiceOf = (code: string): Choice => choices.get(code) ?? 'theirs';
  const decision = () => ({ choices: new Map(rows.filter((r) => r.ourId).map((r) => [r.code, choiceOf(r.code)])), snapM: Math.max(0, Number(snapM) || 0) });

  let body: React.ReactNode = null;
  if (state.kind === 'working') body = <Working state={state} onCancel={job.cancel} />;
  else if (state.kind === 'cancelled') body = <p role="alert">{`${file.name}: ${t.cancelled} ${t.nothingChanged}`}</p>;
  else if (state.kind === 'crashed') {
    body = (
      <div role="alert" className="import-errors">
        <strong>{t.importCrashed}</strong>
        <p>{`${file.name}: ${state.error}`}</p>
      </div>
    );
  }
  const result = state.kind === 'refused' ? { ok: false as const, errors: state.errors } : null;
  if (result) {
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
                {meridians.own.length ? (
                  <optgroup label={t.provinceMeridians}>
                    {meridians.own.map((m) => (
                      <option key={m.lon0} value={m.lon0}>
                        {`${meridianLabel(m.lon0)} — ${m.names.join(', ')}`}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
                <optgroup label={t.otherMeridians}>
                  {meridians.others.map((m) => (
                    <option key={m} value={m}>
                      {meridianLabel(m)}
                    </option>
                  ))}
                </optgroup>
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
  } else if (preview) {
    body = (
      <>
        <p>{t.importSummary(preview.featureCount, crsLabel(preview.crs))}</p>
        {preview.warnings.length ? (
          <ul className="muted">
            {preview.warnings.map((w, i) => (
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
            {rows.map((r, i) => (
              <tr key={i} aria-label={r.code}>
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
        <Problems problems={preview.problems} lang={lang} showCodes={false} showOverlaps={!refusal} />
        {verdict.kind === 'other' ? (
          <div role="alert" className="import-errors" aria-label={t.otherProvinceTitle}>
            <strong>{t.otherProvinceTitle}</strong>
            <p>{t.otherProvinceUnits(verdict.file.map((f) => t.fileProvince(f.name ?? f.code, f.code, f.units)).join('; '), verdict.draft?.name ?? null)}</p>
            <label className="inline">
              <input type="checkbox" checked={otherProvinceAccepted} onChange={(e) => setOtherProvinceAccepted(e.target.checked)} />
              <span>{t.otherProvinceAccept}</span>
            </label>
          </div>
        ) : null}
        <label className="inline">
          <span>{t.snapWithin}</span>
          <input type="number" min="0" step="0.01" value={snapM} onChange={(e) => setSnapM(e.target.value)} />
        </label>
        <div className="form-actions">
          <button
            type="button"
            disabled={applyBlocked}
            onClick={() => {
              const basis = job.basis;
              if (!basis) return;
              void job.apply(decision()).then((a) => {
                if (!a) return;
                setRefusal(a.ok ? null : a.refusal);
                if (a.ok) editor.previewDifference(basis, a.diff);
              });
            }}
          >
            {t.previewImport}
          </button>
          <button
            type="button"
            className="primary"
            disabled={!coverage || applyBlocked}
            onClick={() => {
              const basis = job.basis;
              if (!basis) return;
              void job.apply(decision()).then((a) => {
                if (!a) return;
                if (!a.ok) return setRefusal(a.refusal);
                if (editor.performDifference(basis, a.diff, 'import')) return close();
                // The editor says why in its notice; the dialog (modal, over the toolbar) repeats it with where.
                const n = editor.notice.get();
                setRefusal(n?.kind === 'refused' ? n.reason : 'nothing-to-do');
              });
            }}
          >
            {t.applyImport}
          </button>
          <button
            type="button"
            onClick={() => {
              setRefusal(null);
              // The topology is built in the worker; nothing is stored unless it was built without fault.
              void job.build().then((base) => {
                if (!base) return;
                return workspace.createFromCoverage(file.name.replace(/\.[^.]+$/, ''), base, `import:${file.name}`, newProvince?.code).then(close);
              }).catch((e: unknown) => setMessage(errorText(t, e)));
            }}
          >
            {newProvince && verdict.kind === 'other' ? t.importAsNewOf(newProvince.name) : t.importAsNew}
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
      {refusal && preview ? (
        <div className="notice import-errors" role="alert">
          <strong>
            {t.applyRefused}: {t.refusals[refusal] ?? refusal}
          </strong>
          <Problems problems={preview.problems} lang={lang} showCodes={refusal === 'code-format'} showOverlaps />
        </div>
      ) : null}
      {message ? (
        <p className="notice" role="alert">
          {message}
        </p>
      ) : null}
    </dialog>
  );
}
