import type { Workspace } from '../../editor/workspace';
import { useStore } from '../hooks/use-store';
import { useT } from '../i18n/language';
import { size } from '../format-size';

/** Storage news the officer must not miss: a failing or unanswered save, drafts restored or lost at start, a failing copy, low space. */
export function StorageBanner({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const alerts = useStore(workspace.alerts);
  const status = useStore(workspace.saveStatus);
  const storage = useStore(workspace.storage);
  const failing = status?.kind === 'error';
  const stalled = status?.kind === 'stalled';
  const r = alerts.recovery;
  if (!r && !alerts.copyError && !alerts.lowSpace && !failing && !stalled) return null;
  return (
    <div className="storage-banner" role="alert" data-testid="storage-banner">
      {failing ? <p>{t.saveFailureHelp}</p> : null}
      {stalled ? <p>{t.saveStalledHelp}</p> : null}
      {r && r.restored.length ? <p data-testid="recovered">{t.recoveredDrafts(r.restored.map((d) => `"${d.name}"`).join(', '))}</p> : null}
      {r && r.lost.length ? <p data-testid="lost">{t.lostDrafts(r.lost.length)}</p> : null}
      {/* Why a failing or lost save can get worse: Chromium evicts a best-effort origin whole on a nearly full disk. */}
      {storage?.persisted === false && (failing || stalled || (r && r.lost.length)) ? <p data-testid="evictable">{t.evictable(t.drafts, t.askPersist)}</p> : null}
      {r ? (
        <button type="button" onClick={() => workspace.dismissRecovery()}>
          {t.gotIt}
        </button>
      ) : null}
      {alerts.copyError ? <p data-testid="copy-failed">{t.copyFailed(alerts.copyError.kind === 'other' ? alerts.copyError.detail : t.saveFailures[alerts.copyError.kind]!)}</p> : null}
      {alerts.lowSpace ? <p>{t.lowSpace(size(alerts.lowSpace.quota - alerts.lowSpace.usage))}</p> : null}
    </div>
  );
}
