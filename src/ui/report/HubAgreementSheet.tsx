import { useEffect, useState } from 'react';
import type { Editor } from '../../editor/editor';
import type { HubAgreement } from '../../editor/hub-port';
import type { HubSession } from '../../editor/hub-session';
import { wgs84ToVn2000, vn2000Name } from '../../io/vn2000';
import { useProvinceGrid } from '../hooks/use-province-grid';
import { useLang, useT } from '../i18n/language';
import { formatNumber } from '../i18n/messages';
import { NationalHeading } from './NationalHeading';
import { SheetSignatures } from './SheetSignatures';

/**
 * The printed confirmation sheet of a border agreed through the hub ("biên bản xác nhận mô tả đường địa
 * giới"): the two units, the course vertex by vertex (VN-2000 on the province's meridian, and WGS 84),
 * who proposed it and who accepted it and when, the revision it became, and room for both signatures.
 */
export function HubAgreementSheet({ hub, editor, borderId, onClose }: { hub: HubSession; editor: Editor; borderId: number; onClose: () => void }) {
  const t = useT();
  const H = t.hub;
  const lang = useLang();
  const grid = useProvinceGrid(editor);
  const [record, setRecord] = useState<HubAgreement | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    hub.agreement(borderId).then(
      (r) => live && setRecord(r),
      (e: unknown) => {
        console.warn(e);
        if (live) setFailure(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
  }, [hub, borderId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const when = (iso: string) => new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
  // The draft's full names ("Xã Hà Tây"); the hub keeps the short ones.
  const fullName = (code: string) => {
    for (const u of editor.coverage.get()?.units.values() ?? []) if (u.attrs.code === code && u.attrs.fullName) return u.attrs.fullName;
    return record?.units.find((u) => u.code === code)?.name ?? code;
  };
  const [a, b] = (record?.units ?? []).map((u) => ({ code: u.code, name: fullName(u.code) }));

  return (
    <div className="report-overlay">
      <div className="report-toolbar no-print">
        <button type="button" onClick={onClose}>
          ← {t.backToMap}
        </button>
        <button type="button" className="primary" disabled={!record} onClick={() => window.print()}>
          {t.print}
        </button>
      </div>
      {failure ? (
        <p className="error" role="alert">
          {failure}
        </p>
      ) : null}
      {record && a && b ? (
        <article className="report-page hub-agreement" aria-label={t.sheetTitle(a.name, b.name)}>
          <NationalHeading />
          <h1>{t.sheetTitle(a.name, b.name)}</h1>
          <p>{H.sheetIntro(a.name, b.name, formatNumber(lang, record.border.lengthM, 0), record.revision.number, when(record.revision.acceptedAt))}</p>
          <p>
            {record.confirmation ? H.sheetConfirmed : H.sheetChanged}
          </p>
          <table className="report-table">
            <thead>
              <tr>
                <th>{H.sheetPoint}</th>
                {grid ? (
                  <>
                    <th>X (m)</th>
                    <th>Y (m)</th>
                  </>
                ) : null}
                <th>{H.sheetLon}</th>
                <th>{H.sheetLat}</th>
              </tr>
            </thead>
            <tbody>
              {record.border.course.coordinates.map((p, i) => {
                const en = grid ? wgs84ToVn2000(grid, [p[0]!, p[1]!]) : null;
                return (
                  <tr key={i}>
                    <td className="num">{i + 1}</td>
                    {en ? (
                      <>
                        {/* Cadastral convention: X is northing, Y easting. */}
                        <td className="num">{formatNumber(lang, en[1], 2)}</td>
                        <td className="num">{formatNumber(lang, en[0], 2)}</td>
                      </>
                    ) : null}
                    <td className="num">{p[0]!.toFixed(7)}</td>
                    <td className="num">{p[1]!.toFixed(7)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {grid ? <p className="muted">{H.sheetGrid(vn2000Name(grid))}</p> : null}
          <h2>{H.sheetAgreement}</h2>
          <ul>
            <li>{H.sheetProposed(fullName(record.proposal.proposingUnit), record.proposal.proposedBy, when(record.proposal.proposedAt))}</li>
            {record.proposal.note ? <li>{H.sheetNote(record.proposal.note)}</li> : null}
            <li>{H.sheetAccepted(fullName(record.decision.decidingUnit), record.decision.decidedBy, when(record.decision.decidedAt))}</li>
          </ul>
          <SheetSignatures units={[a.name, b.name]} />
        </article>
      ) : null}
    </div>
  );
}
