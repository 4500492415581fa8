import { useEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from '../../editor/editor';
import { UnsavedDraftError, type Workspace } from '../../editor/workspace';
import { isStorageFailure } from '../i18n/error-text';
import { ProvinceUnavailableError, type ProvinceOffer } from '../../editor/province-source';
import { provinceChoices, type ProvinceChoice } from '../../editor/province-choice';
import { size } from '../format-size';
import { useStore } from '../hooks/use-store';
import { useT } from '../i18n/language';
import { ProvinceLoadFailure } from './ProvinceLoadFailure';

/**
 * The province switcher, opened from the header: every province (the open one first, then those with
 * drafts), each with its drafts and whether it is on this device or what it costs to download. Choosing
 * one opens its latest draft or a new draft of its data (Workspace.switchProvince decides).
 */
export function ProvinceSwitcher({ editor, workspace, onClose, onPickUnit }: { editor: Editor; workspace: Workspace; onClose: () => void; onPickUnit: () => void }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const drafts = useStore(workspace.drafts);
  const kept = useStore(workspace.keptProvinces);
  const province = useStore(editor.province);
  const [offers, setOffers] = useState<readonly ProvinceOffer[]>([]);
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState<ProvinceChoice | null>(null);
  const [failure, setFailure] = useState<{ choice: ProvinceChoice; error: unknown } | null>(null);
  // The device's drafts could not be read again (a full disk fails reads too): the marks may be stale.
  const [staleList, setStaleList] = useState<{ error: unknown } | null>(null);

  useEffect(() => {
    ref.current?.showModal();
    let live = true;
    workspace.provinceOffers().then(
      (list) => live && setOffers(list),
      (e: unknown) => console.error(e),
    );
    void workspace.refreshDrafts().then(() => workspace.refreshKept()).catch((e: unknown) => {
      // Said in the dialog; logged too, as any failure the app did not expect.
      console.warn(e);
      if (live) setStaleList({ error: e });
    });
    return () => {
      live = false;
    };
  }, [workspace]);

  const choices = useMemo(() => provinceChoices(offers, kept, drafts, province?.code ?? null, filter), [offers, kept, drafts, province, filter]);

  const choose = async (c: ProvinceChoice) => {
    setBusy(c);
    setFailure(null);
    try {
      await workspace.switchProvince(c.code);
      ref.current?.close();
    } catch (e) {
      // Offline without the province, an open draft not saved yet, or a full disk is expected and said
      // in the dialog (logged as a warning); anything else is a fault.
      if (isStorageFailure(e)) console.warn(e);
      else if (!(e instanceof ProvinceUnavailableError) && !(e instanceof UnsavedDraftError)) console.error(e);
      setFailure({ choice: c, error: e });
    } finally {
      setBusy(null);
    }
  };

  return (
    <dialog ref={ref} className="unit-picker province-switcher" aria-label={t.provinceSwitcherTitle} onClose={onClose}>
      <header className="panel-head">
        <h2>{t.provinceSwitcherTitle}</h2>
        <button type="button" className="close" aria-label={t.close} onClick={() => ref.current?.close()}>
          ×
        </button>
      </header>
      <p className="hint">{t.provinceSwitcherIntro}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const first = choices[0];
          if (first && !busy) void choose(first);
        }}
      >
        <label className="search">
          <span>{t.provinceFilter}</span>
          <input type="search" value={filter} autoFocus onChange={(e) => setFilter(e.target.value)} disabled={!!busy} />
        </label>
      </form>
      {busy ? (
        <p className="picker-busy" role="status">
          {t.pickerLoading(busy.name, busy.kept ? null : size(busy.downloadBytes))}
        </p>
      ) : null}
      {staleList ? (
        <p className="hint" role="status">
          {t.provinceListStale(staleList.error instanceof Error ? staleList.error.message : String(staleList.error))}
        </p>
      ) : null}
      {failure ? <ProvinceLoadFailure province={failure.choice.name} size={failure.choice.kept ? null : size(failure.choice.downloadBytes)} error={failure.error} /> : null}
      {offers.length > 0 && choices.length === 0 ? <p className="hint">{t.provinceNone}</p> : null}
      <ul className="picker-hits" aria-label={t.provinceList}>
        {choices.map((c) => (
          <li key={c.code}>
            <button type="button" disabled={!!busy} aria-current={c.current ? 'true' : undefined} onClick={() => void (c.current ? ref.current?.close() : choose(c))}>
              <span className="hit-name">{c.name}</span>
              <span className="hit-province">{c.current ? t.provinceCurrent : c.drafts > 0 ? t.provinceDrafts(c.drafts) : ''}</span>
              <span className="hit-size">{c.kept ? t.pickerKept : t.pickerDownload(size(c.downloadBytes))}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <button type="button" disabled={!!busy} onClick={onPickUnit}>
          {t.pickUnit}
        </button>
      </div>
    </dialog>
  );
}
