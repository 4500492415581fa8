import { errorText, isStorageFailure } from '../i18n/error-text';
import { useEffect, useRef, useState } from 'react';
import type { Workspace } from '../../editor/workspace';
import type { DraftSummary } from '../../editor/draft-store-port';
import { ProvinceUnavailableError, type ProvinceOffer } from '../../editor/province-source';
import { provinceShortName, UnsavedDraftError } from '../../editor/workspace';
import { provinceByCode } from '../../core/model/province';
import { size } from '../format-size';
import { useStore } from '../hooks/use-store';
import { useLang, useT } from '../i18n/language';
import { formatNumber } from '../i18n/messages';
import { download } from './SaveStatus';
import { BackupImport } from './BackupImport';
import { clip } from './clip';


export function DraftsDialog({ workspace, onClose, onPickUnit }: { workspace: Workspace; onClose: () => void; onPickUnit: () => void }) {
  const t = useT();
  const lang = useLang();
  const drafts = useStore(workspace.drafts);
  const current = useStore(workspace.currentDraft);
  const storage = useStore(workspace.storage);
  const ref = useRef<HTMLDialogElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const openProvince = useStore(workspace.currentDraft)?.province ?? '';
  const [newProvince, setNewProvince] = useState(openProvince);
  const [newName, setNewName] = useState<string | null>(null);
  const [offers, setOffers] = useState<readonly ProvinceOffer[]>([]);
  const kept = useStore(workspace.keptProvinces);
  useEffect(() => {
    ref.current?.showModal();
    void workspace.refreshDrafts().then(() => workspace.refreshKept()).catch((e: unknown) => console.error(e));
    void workspace.refreshStorage();
    workspace.provinceOffers().then(setOffers, (e: unknown) => console.error(e));
  }, [workspace]);
  const byName = [...offers].sort((a, b) => provinceShortName(a.name).localeCompare(provinceShortName(b.name), 'vi'));
  const keptCodes = new Set(kept.map((k) => k.code));

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setMessage(null);
    try {
      await fn();
    } catch (e) {
      if (e instanceof ProvinceUnavailableError) {
        // Offline, a province not on this device: which one, and that it needs a connection.
        const offer = offers.find((o) => o.code === e.code);
        setMessage(t.provinceUnavailable(offer?.name ?? provinceByCode(e.code)?.name ?? e.code, offer && !keptCodes.has(e.code) ? size(offer.downloadBytes) : null));
        return;
      }
      setMessage(errorText(t, e));
      // Expected and said (a full disk, an open draft not saved yet): a warning; anything else is a fault.
      if (isStorageFailure(e)) console.warn(e);
      else if (!(e instanceof UnsavedDraftError)) console.error(e);
    } finally {
      setBusy(false);
    }
  };
  const when = (ms: number) => new Date(ms).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');

  return (
    <dialog ref={ref} className="drafts-dialog" aria-label={t.draftsTitle} onClose={onClose}>
      <header className="panel-head">
        <h2>{t.draftsTitle}</h2>
        <button type="button" className="close" aria-label={t.close} onClick={() => ref.current?.close()}>
          ×
        </button>
      </header>
      <table className="drafts">
        <thead>
          <tr>
            <th>{t.draft}</th>
            <th>{t.province}</th>
            <th>{t.lastChange}</th>
            <th>{t.errorCount}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {drafts.map((d) => (
            <DraftRow key={d.id} workspace={workspace} draft={d} isOpen={current?.id === d.id} when={when} run={run} busy={busy} />
          ))}
        </tbody>
      </table>
      <form
        className="new-draft"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => workspace.createFromProvince(newProvince, { name: newName ?? undefined })).then(() => setNewName(null));
        }}
      >
        <label>
          <span>{t.newDraftProvince}</span>
          <select value={newProvince} onChange={(e) => setNewProvince(e.target.value)}>
            {byName.map((o) => (
              <option key={o.code} value={o.code}>
                {o.name} ({keptCodes.has(o.code) ? t.pickerKept : t.pickerDownload(size(o.downloadBytes))})
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t.draftName}</span>
          <input value={newName ?? workspace.defaultName(newProvince || undefined)} maxLength={500} onChange={(e) => setNewName(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || !newProvince}>
          {t.newDraft}
        </button>
        <button type="button" disabled={busy} onClick={onPickUnit}>
          {t.pickUnit}
        </button>
      </form>
      <section aria-label={t.keptTitle}>
        <h3>{t.keptTitle}</h3>
        {kept.length === 0 ? <p className="hint">{t.keptNone}</p> : null}
        <ul className="kept" aria-label={t.keptTitle}>
          {kept.map((k) => (
            <li key={k.code} aria-label={k.name}>
              <strong>{k.name}</strong> <span className="kept-size">{size(k.bytes)}</span> <span className="muted">· {t.keptDrafts(k.drafts)}</span>{' '}
              <button type="button" disabled={busy} aria-label={t.keptRemoveLabel(k.name)} onClick={() => void run(() => workspace.removeKept(k.code))}>
                {t.keptRemove}
              </button>
            </li>
          ))}
        </ul>
        <p className="hint">{t.keptHint}</p>
      </section>
      <Versions workspace={workspace} run={run} busy={busy} when={when} />
      <section aria-label={t.storage}>
        <h3>{t.storage}</h3>
        <p>
          {storage ? t.storageUsage(size(storage.usage), size(storage.quota)) : '—'} ·{' '}
          {storage?.persisted ? t.persistent : t.notPersistent}{' '}
          {!storage?.persisted ? (
            <button type="button" onClick={() => void run(() => workspace.requestPersistence())}>
              {t.askPersist}
            </button>
          ) : null}
        </p>
      </section>
      <section aria-label={t.backup}>
        <h3>{t.backup}</h3>
        <div className="form-actions">
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(async () => download(await workspace.exportBackup(), `dia-gioi-backup-${new Date().toISOString().slice(0, 10)}.json`))}
          >
            {t.exportBackup}
          </button>
          <BackupImport workspace={workspace} run={run} busy={busy} setMessage={setMessage} />
        </div>
      </section>
      {message ? (
        <p className="notice" role="alert">
          {message}
        </p>
      ) : null}
      <p className="muted">{formatNumber(lang, drafts.length, 0)} {t.drafts.toLowerCase()}</p>
    </dialog>
  );
}

function DraftRow(props: {
  workspace: Workspace;
  draft: DraftSummary;
  isOpen: boolean;
  when: (ms: number) => string;
  run: (fn: () => Promise<unknown>) => Promise<void>;
  busy: boolean;
}) {
  const { workspace, draft: d, isOpen, when, run, busy } = props;
  const t = useT();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(d.name);
  const [confirming, setConfirming] = useState(false);
  return (
    <tr aria-label={d.name}>
      <td>
        {renaming ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run(() => workspace.rename(d.id, name.trim() || d.name)).then(() => setRenaming(false));
            }}
          >
            <input aria-label={t.draftName} value={name} maxLength={500} onChange={(e) => setName(e.target.value)} autoFocus />
            <button type="submit">{t.save}</button>
          </form>
        ) : (
          <strong title={clip(d.name, 500)}>{clip(d.name, 80)}</strong>
        )}
      </td>
      <td title={d.province}>{clip(provinceByCode(d.province)?.name ?? d.province, 40)}</td>
      <td>{when(d.updated)}</td>
      <td>{d.errorCount ?? '—'}</td>
      <td className="row-actions">
        {isOpen ? (
          <span className="muted">{t.opened}</span>
        ) : (
          <button type="button" disabled={busy} onClick={() => void run(() => workspace.open(d.id))}>
            {t.open}
          </button>
        )}
        <button type="button" disabled={busy} onClick={() => void run(() => workspace.duplicate(d.id, t.copyOf(clip(d.name, 400))))}>
          {t.duplicate}
        </button>
        <button type="button" disabled={busy} onClick={() => setRenaming(true)}>
          {t.rename}
        </button>
        {confirming ? (
          <span role="alertdialog" aria-label={t.confirmDelete(clip(d.name, 80))}>
            {t.confirmDelete(clip(d.name, 80))}{' '}
            <button type="button" className="danger" onClick={() => void run(() => workspace.remove(d.id))}>
              {t.yesDelete}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t.cancel}
            </button>
          </span>
        ) : (
          <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
            {t.delete}
          </button>
        )}
      </td>
    </tr>
  );
}

function Versions({ workspace, run, busy, when }: { workspace: Workspace; run: (fn: () => Promise<unknown>) => Promise<void>; busy: boolean; when: (ms: number) => string }) {
  const t = useT();
  const lang = useLang();
  const versions = useStore(workspace.versions);
  const comparison = useStore(workspace.comparison);
  const [label, setLabel] = useState('');
  return (
    <section aria-label={t.versions}>
      <h3>{t.versions}</h3>
      <form
        className="new-draft"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => workspace.saveVersion(label)).then(() => setLabel(''));
        }}
      >
        <label>
          <span>{t.versionLabel}</span>
          <input value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          {t.saveVersion}
        </button>
      </form>
      {versions.length === 0 ? <p className="hint">{t.noVersions}</p> : null}
      <ul className="versions" aria-label={t.versions}>
        {versions.map((v) => (
          <li key={v.id}>
            <strong>{v.label}</strong> <span className="muted">{when(v.time)}</span>{' '}
            <button type="button" disabled={busy} onClick={() => void run(() => workspace.compareVersion(v))}>
              {t.compare}
            </button>
            <button type="button" disabled={busy} onClick={() => void run(() => workspace.restoreVersion(v))}>
              {t.restore}
            </button>
            <button type="button" disabled={busy} onClick={() => void run(() => workspace.deleteVersion(v))}>
              {t.delete}
            </button>
          </li>
        ))}
      </ul>
      {comparison ? (
        <div className="comparison" aria-label={t.comparison(comparison.version.label)}>
          <h4>{t.comparison(comparison.version.label)}</h4>
          {comparison.result.units.length === 0 ? <p>{t.noDifferences}</p> : null}
          <ul>
            {comparison.result.units.map((u) => (
              <li key={u.id}>
                {u.code} {u.fullName}: {t.changeKinds[u.change]}, {u.areaDiffM2 >= 0 ? '+' : ''}
                {formatNumber(lang, u.areaDiffM2, 1)} {t.m2}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => workspace.clearComparison()}>
            {t.closeComparison}
          </button>
        </div>
      ) : null}
    </section>
  );
}
