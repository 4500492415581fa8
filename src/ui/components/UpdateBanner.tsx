import type { Store } from '../../editor/store';
import { useStore } from '../hooks/use-store';
import { useT } from '../i18n/language';

export type UpdateState = { kind: 'none' } | { kind: 'ready' } | { kind: 'applying' } | { kind: 'failed'; reason: string };

/** A new version of the app (built by the composition root over the service worker). */
export interface AppUpdate {
  readonly state: Store<UpdateState>;
  /** Saves the open draft, then moves this tab to the new version (reloads); stays put if saving fails. */
  apply(): Promise<void>;
}

/**
 * "A new version is ready — reload", shown while this tab runs an older build than the one installed.
 * Fixed in a corner, so appearing never moves the map under the pointer.
 */
export function UpdateBanner({ update }: { update: AppUpdate }) {
  const t = useT();
  const state = useStore(update.state);
  if (state.kind === 'none') return null;
  return (
    <div className="update-banner" role="status" data-testid="update-banner" data-kind={state.kind}>
      {state.kind === 'applying' ? (
        <span>{t.updateApplying}</span>
      ) : (
        <button type="button" title={t.updateSavesFirst} onClick={() => void update.apply()}>
          {t.updateReady}
        </button>
      )}
      {state.kind === 'failed' ? (
        <span className="update-failed" role="alert">
          {t.updateFailed(state.reason)}
        </span>
      ) : null}
    </div>
  );
}
