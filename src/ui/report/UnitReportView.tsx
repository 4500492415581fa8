import { useEffect, useMemo, useState } from 'react';
import type { Editor } from '../../editor/editor';
import { actionSetMarkers } from '../../core/actions/set-markers';
import { formatMetres } from '../../core/report/boundary-description';
import { markerAt, unitRecord, type RecordGrid } from '../../editor/unit-record';
import { wgs84ToVn2000, vn2000Name, vn2000ToWgs84 } from '../../io/vn2000';
import { useStore } from '../hooks/use-store';
import { useProvinceGrid } from '../hooks/use-province-grid';
import { useLang, useT } from '../i18n/language';
import { formatNumber } from '../i18n/messages';
import { ReportMap } from './ReportMap';
import { NationalHeading } from './NationalHeading';
import { SheetSignatures } from './SheetSignatures';

/** The printable boundary record of one unit (browser print → PDF, A4). */
export function UnitReportView({ editor, unitId, onClose }: { editor: Editor; unitId: string; onClose: () => void }) {
  const t = useT();
  const lang = useLang();
  // The record is computed by the editor (editor/unit-record.ts); these subscriptions re-render it.
  const coverage = useStore(editor.coverage);
  useStore(editor.issues);
  useStore(editor.reviews);
  const provinces = useStore(editor.neighbourProvinces);
  const province = useStore(editor.province);
  const vn2000 = useProvinceGrid(editor);
  const grid = useMemo<RecordGrid | null>(
    () => (vn2000 ? { toGrid: (p) => wgs84ToVn2000(vn2000, p), fromGrid: (en) => vn2000ToWgs84(vn2000, en), name: vn2000Name(vn2000) } : null),
    [vn2000],
  );
  const [moving, setMoving] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [signOff, setSignOff] = useState({ preparedBy: '', checkedBy: '', date: new Date().toISOString().slice(0, 10) });

  // Escape goes back to the map, as it leaves a tool there; while a marker is being placed it cancels that.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (e.key !== 'Escape' || (el && ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))) return;
      if (moving) setMoving(null);
      else onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [moving, onClose]);

  const record = unitRecord(editor, unitId, grid);
  if (!coverage || !record || !grid) return null;
  const { report, shapes, markers } = record;

  const setMarkers = (next: typeof markers) => editor.perform(actionSetMarkers(unitId, next), 'markers');
  const m = (v: number) => formatNumber(lang, v, 0);

  return (
    <div className="report-overlay">
      <div className="report-toolbar no-print">
        <button type="button" onClick={onClose}>
          ← {t.backToMap}
        </button>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t.print}
        </button>
      </div>
      <article className="report-page" aria-label={t.recordTitle(report.unit.fullName)}>
        <NationalHeading unit={report.unit.fullName} province={province?.name} />
        <header>
          <h1>{t.recordTitle(report.unit.fullName)}</h1>
          <p className="muted">
            {t.code} {report.unit.code} · {t.types[report.unit.type ?? 'unknown']} · {t.recordSubtitle}
          </p>
        </header>
        <ReportMap
          shapes={shapes}
          points={report.points}
          width={700}
          height={520}
          label={t.recordTitle(report.unit.fullName)}
          grid={grid}
          legend={t.mapLegend(report.gridName ?? '')}
          onPick={(click) => {
            // A marker sits on the boundary: the editor snaps the click to the nearest point of the unit's border.
            const action = markerAt(coverage, unitId, markers, click, { moving, newId: `m${Date.now().toString(36)}`, sliverWidthM: editor.settings.get().toleranceM });
            if (action === 'too-far') return setHint(t.clickNearBorder);
            setHint(null);
            setMoving(null);
            editor.perform(action, 'markers');
          }}
        />
        <section className="no-print markers" aria-label={t.markers}>
          <h2>{t.markers}</h2>
          <p className="hint">{moving ? t.moveMarkerHint : t.addMarkerHint}</p>
          {hint ? (
            <p className="notice" role="alert">
              {hint}
            </p>
          ) : null}
          <ul>
            {markers.map((k) => (
              <li key={k.id}>
                <input
                  aria-label={t.markerName}
                  defaultValue={k.name}
                  onBlur={(e) => {
                    if (e.target.value !== k.name) setMarkers(markers.map((x) => (x.id === k.id ? { ...x, name: e.target.value } : x)));
                  }}
                />{' '}
                <button type="button" onClick={() => setMoving(k.id)}>
                  {t.moveMarker}
                </button>{' '}
                <button type="button" onClick={() => setMarkers(markers.filter((x) => x.id !== k.id))}>
                  {t.delete}
                </button>
              </li>
            ))}
          </ul>
        </section>
        <section aria-label={t.points}>
          <h2>{t.points}</h2>
          <p className="muted">{t.gridNote(report.gridName ?? '')}</p>
          <table className="report-table">
            <thead>
              <tr>
                <th>{t.pointNo}</th>
                <th>{t.pointKind}</th>
                <th>X (m)</th>
                <th>Y (m)</th>
                <th>{lang === 'vi' ? 'Kinh độ' : 'Longitude'}</th>
                <th>{lang === 'vi' ? 'Vĩ độ' : 'Latitude'}</th>
                <th>{t.meets}</th>
              </tr>
            </thead>
            <tbody>
              {report.points.map((p) => (
                <tr key={p.number}>
                  <td>{p.number}</td>
                  <td>{p.marker ? `${t.pointKinds.marker} ${p.marker.name}` : t.pointKinds[p.kind]}</td>
                  <td className="num">{p.x === null ? '—' : p.x.toFixed(2)}</td>
                  <td className="num">{p.y === null ? '—' : p.y.toFixed(2)}</td>
                  <td className="num">{p.lon.toFixed(7)}</td>
                  <td className="num">{p.lat.toFixed(7)}</td>
                  <td>
                    {[...p.others.map((o) => o.fullName), ...(p.gap ? [t.gapFace] : []), ...(p.outside ? [t.outsideProvince] : [])].join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-label={t.areas}>
          <h2>{t.areas}</h2>
          <dl className="props">
            <dt>{t.geodesicArea}</dt>
            <dd>{formatNumber(lang, report.area.geodesicM2 / 1e6, 4)} {t.km2}</dd>
            <dt>{t.officialArea}</dt>
            <dd>{report.area.officialKm2 === null ? '—' : `${formatNumber(lang, report.area.officialKm2, 2)} ${t.km2}`}</dd>
            <dt>{t.areaDifference}</dt>
            <dd>{report.area.differencePct === null ? '—' : `${formatNumber(lang, report.area.differencePct, 2)} %`}</dd>
          </dl>
        </section>
        <section aria-label={t.neighbourBorders}>
          <h2>{t.neighbourBorders}</h2>
          <ul>
            {report.neighbours.map((n) => (
              <li key={n.id}>
                {n.fullName} ({n.code}): {m(n.sharedBorderM)} {t.m}
              </li>
            ))}
            {report.outerBorderM > 0 ? (
              <li>
                {record.outerBorder === 'province' ? t.outerBorderProvince : t.outerBorder}: {m(report.outerBorderM)} {t.m}
              </li>
            ) : null}
            {report.gapBorderM > 0 ? (
              <li className="warning">
                {t.gapBorder}: {m(report.gapBorderM)} {t.m}
              </li>
            ) : null}
            {provinces.status === 'unavailable' ? <li className="warning">{t.neighbourProvincesUnavailable(provinces.file, provinces.message)}</li> : null}
            {provinces.status === 'loading' ? <li className="warning">{t.neighbourProvincesLoading}</li> : null}
          </ul>
        </section>
        <section aria-label={t.description}>
          <h2>{t.description}</h2>
          {(lang === 'vi' ? report.description.vi : report.description.en).map((para, i) => (
            <p key={i}>{para}</p>
          ))}
        </section>
        <section aria-label={t.formedFrom}>
          <h2>{t.formedFrom}</h2>
          <p className="muted">{t.mergerCheck}</p>
          <ul>
            {report.formedFrom.map((f, i) => (
              <li key={i}>
                {f.row.name} ({f.row.kind === 'full' ? t.full : t.partial}){f.row.province ? ` — ${f.row.province}` : ''}
                {/* The old district is the matched 2008 polygon's, said to be so: the mapping has none (geodata/README.md). */}
                {f.check?.match === 'matched' && f.check.old[0]?.district ? ` (${t.onOldMap(f.check.old[0].district)})` : ''}
                {f.check ? (
                  <span className="muted">
                    {' · '}
                    {f.check.shareInside === null ? t.notFound : t.shareInside(`${formatNumber(lang, f.check.shareInside * 100, 0)} %`)}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
        <section aria-label={t.checkResults}>
          <h2>{t.checkResults}</h2>
          {report.checks.length === 0 ? <p>{t.noChecks}</p> : null}
          <ul>
            {report.checks.map((c) => (
              <li key={c.issueId}>
                {t.kinds[c.kind] ?? c.kind} ({t.severity[c.severity]}) · {c.units.join(' / ')} · {t.statusLabel[c.status]}
                {c.reason ? ` — ${c.reason}` : ''}
              </li>
            ))}
          </ul>
        </section>
        <section className="sign-off" aria-label={t.signOff}>
          <h2>{t.signOff}</h2>
          <div className="sign-grid">
            <label>
              <span>{t.preparedBy}</span>
              <input value={signOff.preparedBy} onChange={(e) => setSignOff({ ...signOff, preparedBy: e.target.value })} />
            </label>
            <label>
              <span>{t.checkedBy}</span>
              <input value={signOff.checkedBy} onChange={(e) => setSignOff({ ...signOff, checkedBy: e.target.value })} />
            </label>
            <label>
              <span>{t.date}</span>
              <input value={signOff.date} onChange={(e) => setSignOff({ ...signOff, date: e.target.value })} />
            </label>
          </div>
        </section>
      </article>
      {report.sheets.map((sh) => {
        const other = report.neighbours.find((n) => n.id === sh.neighbour)!;
        return (
          <article key={sh.neighbour} className="report-page confirmation-sheet" aria-label={t.sheetTitle(report.unit.fullName, other.fullName)}>
            <NationalHeading />
            <h1>{t.sheetTitle(report.unit.fullName, other.fullName)}</h1>
            <p>{t.sheetIntro(report.unit.fullName, other.fullName, m(sh.lengthM))}</p>
            <table className="report-table">
              <thead>
                <tr>
                  <th>{t.sheetLeg}</th>
                  <th>{t.sheetLength}</th>
                </tr>
              </thead>
              <tbody>
                {sh.legs.map((l, i) => (
                  <tr key={i}>
                    <td>{l.from === null ? t.sheetWholeRing : t.sheetFromTo(l.from, l.to ?? l.from)}</td>
                    <td className="num">{formatMetres(l.lengthM, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">{t.sheetNote(report.gridName ?? '')}</p>
            <SheetSignatures units={[report.unit.fullName, other.fullName]} />
          </article>
        );
      })}
    </div>
  );
}
