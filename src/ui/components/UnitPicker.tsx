import { useEffect, useMemo, useRef, useState } from 'react';
import { UnsavedDraftError, type Workspace } from '../../editor/workspace';
import { provinceShortName } from '../../editor/workspace';
import { ProvinceUnavailableError, type ProvinceOffer } from '../../editor/province-source';
import { createUnitSearch, type UnitHit, type UnitSearch } from '../../core/text/unit-search';
import { size } from '../format-size';
import { useStore } from '../hooks/use-store';
import { useT } from '../i18n/language';
import { ProvinceLoadFailure } from './ProvinceLoadFailure';

const SHOWN = 40;

/**
 * "Which commune or ward are you?": a search over every unit of the country (names.json, fetched at once;
 * no province is downloaded for it). Choosing one downloads its province and opens it as a new draft with
 * the unit selected. On first open it cannot be dismissed (`onClose` absent): there is nothing else to show.
 */
export function UnitPicker({ workspace, onClose }: { workspace: Workspace; onClose?: () => void }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const kept = useStore(workspace.keptProvinces);
  const [search, setSearch] = useState<UnitSearch | null>(null);
  const [offers, setOffers] = useState<ReadonlyMap<string, ProvinceOffer>>(new Map());
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState<UnitHit | null>(null);
  const [error, setError] = useState<{ province: string; size: string | null; error: unknown } | null>(null);

  useEffect(() => {
    ref.current?.showModal();
    let live = true;
    workspace.unitNames().then(
      (names) => live && setSearch(() => createUnitSearch(names)),
      (e: unknown) => live && setError({ province: 'names.json', size: null, error: e }),
    );
    workspace.provinceOffers().then(
      (list) => live && setOffers(new Map(list.map((o) => [o.code, o]))),
      (e: unknown) => console.error(e),
    );
    void workspace.refreshKept().catch((e: unknown) => console.error(e));
    return () => {
      live = false;
    };
  }, [workspace]);

  const result = useMemo(() => (search ? search(query, SHOWN) : null), [search, query]);
  const keptCodes = new Set(kept.map((k) => k.code));
  const downloadSize = (code: string) => {
    const o = offers.get(code);
    return o ? size(o.downloadBytes) : null;
  };

  const pick = async (hit: UnitHit) => {
    setBusy(hit);
    setError(null);
    try {
      await workspace.createFromProvince(hit.unit.provinceCode, { select: hit.unit.code });
      ref.current?.close();
    } catch (e) {
      // Offline without the province, or an open draft not saved yet, is expected and said in the
      // dialog; anything else is a fault.
      if (!(e instanceof ProvinceUnavailableError) && !(e instanceof UnsavedDraftError)) console.error(e);
      setError({ province: hit.provinceName, size: keptCodes.has(hit.unit.provinceCode) ? null : downloadSize(hit.unit.provinceCode), error: e });
    } finally {
      setBusy(null);
    }
  };

  return (
    <dialog
      ref={ref}
      className="unit-picker"
      aria-label={t.pickerTitle}
      onCancel={(e) => {
        if (!onClose) e.preventDefault();
      }}
      onClose={onClose}
    >
      <header className="panel-head">
        <h2>{t.pickerTitle}</h2>
        {onClose ? (
          <button type="button" className="close" aria-label={t.close} onClick={() => ref.current?.close()}>
            ×
          </button>
        ) : null}
      </header>
      <p className="hint">{t.pickerIntro}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const first = result?.hits[0];
          if (first && !busy) void pick(first);
        }}
      >
        <label className="search">
          <span>{t.pickerSearch}</span>
          <input type="search" value={query} autoFocus placeholder={t.pickerPlaceholder} onChange={(e) => setQuery(e.target.value)} disabled={!!busy} />
        </label>
      </form>
      {busy ? (
        <p className="picker-busy" role="status">
          {t.pickerLoading(busy.provinceName, keptCodes.has(busy.unit.provinceCode) ? null : downloadSize(busy.unit.provinceCode))}
        </p>
      ) : null}
      {error ? <ProvinceLoadFailure province={error.province} size={error.size} error={error.error} /> : null}
      {!search && !error ? <p className="hint" role="status">{t.pickerNamesLoading}</p> : null}
      {result && query.trim() !== '' ? (
        <p className="count" role="status">
          {t.pickerCount(result.hits.length, result.total)}
        </p>
      ) : null}
      <ul className="picker-hits" aria-label={t.pickerResults}>
        {(result?.hits ?? []).map((h) => {
          const oldProvince = h.via && provinceShortName(h.via.province) !== provinceShortName(h.provinceName) ? provinceShortName(h.via.province) : null;
          return (
            <li key={`${h.unit.provinceCode}-${h.unit.code}`}>
              <button type="button" disabled={!!busy} onClick={() => void pick(h)}>
                <span className="hit-name">{h.unit.fullName}</span>
                <span className="hit-province">{h.provinceName}</span>
                {h.via ? <span className="via">{t.pickerOldName(h.via.name, oldProvince)}</span> : null}
                <span className="hit-size">{keptCodes.has(h.unit.provinceCode) ? t.pickerKept : t.pickerDownload(downloadSize(h.unit.provinceCode) ?? '—')}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </dialog>
  );
}
