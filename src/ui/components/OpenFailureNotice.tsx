// A stored draft that could not be opened: what is wrong with it, and the two ways out (export
// everything, delete the draft). The map meanwhile shows another draft, never a blank page.
import { useState } from 'react';
import type { Workspace } from '../../editor/workspace';
import { useStore } from '../hooks/use-store';
import { useT } from '../i18n/language';
import { clip } from './clip';
import { download } from './SaveStatus';

export function OpenFailureNotice({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const failure = useStore(workspace.openFailure);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!failure) return null;
  const act = (fn: () => Promise<unknown>) =>
    void fn().catch((e: unknown) => {
      console.error(e);
      setError(e instanceof Error ? e.message : String(e));
    });
  const name = clip(failure.name, 80);
  return (
    <div className="load-error open-failure" role="alert" aria-label={t.openFailed(name)}>
      <strong>{t.openFailed(name)}</strong>
      <p>
        {failure.fault ? `${t.backupFaults[failure.fault.code] ?? failure.fault.code} (${clip(failure.fault.where, 120)}: ${clip(failure.fault.detail, 200)})` : clip(failure.message, 300)}
      </p>
      <p>{t.openFailedHint}</p>
      {error ? <p>{error}</p> : null}
      <button type="button" onClick={() => act(async () => download(await workspace.exportBackup(), `dia-gioi-backup-${new Date().toISOString().slice(0, 10)}.json`))}>
        {t.exportBackup}
      </button>{' '}
      {confirming ? (
        <span role="alertdialog" aria-label={t.confirmDelete(name)}>
          {t.confirmDelete(name)}{' '}
          <button type="button" className="danger" onClick={() => act(() => workspace.remove(failure.draftId))}>
            {t.yesDelete}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t.cancel}
          </button>
        </span>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          {t.deleteThisDraft}
        </button>
      )}{' '}
      <button type="button" onClick={() => workspace.dismissOpenFailure()}>
        {t.dismiss}
      </button>
    </div>
  );
}
