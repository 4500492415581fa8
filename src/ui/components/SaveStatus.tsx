import { useState } from 'react';
import type { Workspace } from '../../editor/workspace';
import { saveFailureKind } from '../../editor/save-failure';
import { useStore } from '../hooks/use-store';
import { useLang, useT } from '../i18n/language';

/** "saved at …", "saving…", "not saved: reason", or read-only with a take-over button. */
export function SaveStatus({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const lang = useLang();
  const status = useStore(workspace.saveStatus);
  const changed = useStore(workspace.changedElsewhere);
  const [failure, setFailure] = useState<string | null>(null);
  const report = (e: unknown) => {
    console.error(e);
    setFailure(e instanceof Error ? e.message : String(e));
  };
  if (!status) return null;
  let text = '';
  let cls = 'ok';
  const time = (at: number) => new Date(at).toLocaleTimeString(lang === 'vi' ? 'vi-VN' : 'en-GB');
  if (status.kind === 'saved') text = status.at === null ? t.savedNothing : t.savedAt(time(status.at));
  else if (status.kind === 'saving') text = t.saving;
  else if (status.kind === 'stalled') {
    text = t.saveStalled(time(status.since));
    cls = 'bad';
  }
  else if (status.kind === 'error') {
    const kind = saveFailureKind(status.error);
    text = t.notSaved(kind === 'other' ? status.reason : t.saveFailures[kind]!);
    if (status.retryInMs !== null) text += ` ${t.retryIn(Math.max(1, Math.round(status.retryInMs / 1000)))}`;
    cls = 'bad';
  } else {
    text = `${t.readOnly}: ${t.readOnlyReasons[status.reason] ?? status.reason}`;
    cls = 'bad';
  }
  return (
    <div className={`save-status ${cls}`}>
      <span
        role="status"
        aria-label={t.saveStatus}
        data-testid="save-status"
        data-kind={status.kind}
        title={status.kind === 'error' ? `${text}\n${status.reason}` : status.kind === 'stalled' && status.step ? `${text}\n${t.saveStalledStep[status.step]}` : text}
      >
        {text}
      </span>
      {status.kind === 'read-only' && status.reason !== 'deleted-elsewhere' ? (
        <button type="button" onClick={() => void workspace.takeOver().catch(report)}>
          {t.takeOver}
        </button>
      ) : null}
      {status.kind === 'read-only' && status.reason === 'deleted-elsewhere' ? (
        <button type="button" onClick={() => void workspace.saveAsNewDraft().catch(report)}>
          {t.saveAsNewDraft}
        </button>
      ) : null}
      {status.kind === 'error' || status.kind === 'stalled' || (status.kind === 'read-only' && status.error !== null) ? (
        <>
          {/* A backup waits for the pending save and reads the database: while the browser does not answer
              a save, it would wait with it. The draft as shown comes from memory. */}
          {status.kind === 'stalled' ? null : (
            <button
              type="button"
              onClick={() => {
                void workspace
                  .exportBackup()
                  .then((blob) => download(blob, `dia-gioi-backup-${new Date().toISOString().slice(0, 10)}.json`))
                  .catch(report);
              }}
            >
              {t.exportBackupNow}
            </button>
          )}
          <button
            type="button"
            onClick={() => {
              // The unsaved edits live only in this tab: hand them out as a file.
              const blob = workspace.draftAsGeoJSON();
              if (blob) download(blob, `dia-gioi-ban-nhap-chua-luu-${new Date().toISOString().slice(0, 10)}.geojson`);
            }}
          >
            {t.downloadUnsaved}
          </button>
        </>
      ) : null}
      {failure ? (
        <span className="notice" role="alert">
          {failure}
        </span>
      ) : null}
      {changed && status.kind === 'read-only' ? <span className="muted"> {t.changedElsewhere}</span> : null}
    </div>
  );
}

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
