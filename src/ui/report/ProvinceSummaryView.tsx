import { useMemo, useState } from 'react';
import type { Editor } from '../../editor/editor';
import { provinceSummary, sortSummary, summaryToCsv, SUMMARY_COLUMNS, type SummaryColumn } from '../../core/report/province-summary';
import { useStore } from '../hooks/use-store';
import { useLang, useT } from '../i18n/language';
import { formatNumber } from '../i18n/messages';
import { download } from '../components/SaveStatus';

/** Every unit of the province with its areas, check status and exceptions; sortable; CSV for Excel. */
export function ProvinceSummaryView({ editor, onClose, onOpenUnit }: { editor: Editor; onClose: () => void; onOpenUnit: (id: string) => void }) {
  const t = useT();
  const lang = useLang();
  const coverage = useStore(editor.coverage);
  const issues = useStore(editor.issues);
  const reviews = useStore(editor.reviews);
  const province = useStore(editor.province);
  const [sort, setSort] = useState<{ column: SummaryColumn; dir: 'asc' | 'desc' }>({ column: 'code', dir: 'asc' });
  const rows = useMemo(() => (coverage ? sortSummary(provinceSummary(coverage, issues, reviews), sort.column, sort.dir) : []), [coverage, issues, reviews, sort]);
  const n = (v: number | null, d = 2) => (v === null ? '—' : formatNumber(lang, v, d));
  return (
    <div className="report-overlay">
      <div className="report-toolbar no-print">
        <button type="button" onClick={onClose}>
          ← {t.backToMap}
        </button>
        <button
          type="button"
          onClick={() => {
            const headers = Object.fromEntries(SUMMARY_COLUMNS.map((c) => [c, t.columns[c] ?? c]));
            download(new Blob([summaryToCsv(rows, { headers })], { type: 'text/csv;charset=utf-8' }), `${province ? `${province.code}_` : ''}tong_hop_${new Date().toISOString().slice(0, 10)}.csv`);
          }}
        >
          {t.exportCsv}
        </button>
        <button type="button" onClick={() => window.print()}>
          {t.print}
        </button>
      </div>
      <article className="report-page wide" aria-label={t.provinceSummary}>
        <h1>{t.provinceSummary}</h1>
        <table className="report-table">
          <thead>
            <tr>
              {SUMMARY_COLUMNS.map((c) => (
                <th key={c} aria-sort={sort.column === c ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                  <button
                    type="button"
                    className="link"
                    aria-label={t.sortBy(t.columns[c] ?? c)}
                    onClick={() => setSort({ column: c, dir: sort.column === c && sort.dir === 'asc' ? 'desc' : 'asc' })}
                  >
                    {t.columns[c] ?? c}
                    {sort.column === c ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.code}</td>
                <td>
                  <button type="button" className="link" onClick={() => onOpenUnit(r.id)}>
                    {r.fullName}
                  </button>
                </td>
                <td>{t.types[r.type ?? 'unknown']}</td>
                <td className="num">{n(r.areaKm2)}</td>
                <td className="num">{n(r.officialAreaKm2)}</td>
                <td className="num">{n(r.differencePct, 1)}</td>
                <td className="num">{r.errors}</td>
                <td className="num">{r.warnings}</td>
                <td>{r.exceptions.map((x) => `${t.kinds[x.kind] ?? x.kind}: ${x.reason}`).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </article>
    </div>
  );
}
