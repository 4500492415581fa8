import { StorageBanner } from './components/StorageBanner';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { provinceMeridianChoices } from '../core/model/province';
import { TM3_MERIDIANS } from '../core/model/vn2000-zones';
import { meridianLabel } from '../io/vn2000';
import type { Editor } from '../editor/editor';
import type { Workspace } from '../editor/workspace';
import type { LayerLibrary } from '../editor/layer-library';
import type { TileKeeper } from '../editor/tile-keeper-port';
import type { HubSession } from '../editor/hub-session';
import type { CheckGeoTiff, CheckPmtiles, ReadReference } from './components/LayersDialog';
import { MERGE_KEY, RECORD_KEY } from '../editor/shortcuts';
// Dialogs and pages opened on demand load on demand: the file formats (KML, Shapefile, VN-2000) and the
// report are not needed to open the map, so they stay out of the first download.
const DraftsDialog = lazy(() => import('./components/DraftsDialog').then((m) => ({ default: m.DraftsDialog })));
const ImportDialog = lazy(() => import('./components/ImportDialog').then((m) => ({ default: m.ImportDialog })));
const ExportDialog = lazy(() => import('./components/ExportDialog').then((m) => ({ default: m.ExportDialog })));
const UnitReportView = lazy(() => import('./report/UnitReportView').then((m) => ({ default: m.UnitReportView })));
const ProvinceSwitcher = lazy(() => import('./components/ProvinceSwitcher').then((m) => ({ default: m.ProvinceSwitcher })));
const UnitPicker = lazy(() => import('./components/UnitPicker').then((m) => ({ default: m.UnitPicker })));
const LayersDialog = lazy(() => import('./components/LayersDialog').then((m) => ({ default: m.LayersDialog })));
const HubAgreementSheet = lazy(() => import('./report/HubAgreementSheet').then((m) => ({ default: m.HubAgreementSheet })));
const HubPanel = lazy(() => import('./components/HubPanel').then((m) => ({ default: m.HubPanel })));
const ProvinceSummaryView = lazy(() => import('./report/ProvinceSummaryView').then((m) => ({ default: m.ProvinceSummaryView })));
import { IssuesPanel } from './components/IssuesPanel';
import { ErrorBoundary } from './components/ErrorBoundary';
import { OpenFailureNotice } from './components/OpenFailureNotice';
import { PendingForm } from './components/PendingForm';
import { ConfirmEdit } from './components/ConfirmEdit';
import { ShortcutsHelp } from './components/ShortcutsHelp';
import { VertexForm } from './components/VertexForm';
import { Toolbar } from './components/Toolbar';
import { useStore } from './hooks/use-store';
import { useT } from './i18n/language';
import { Header } from './components/Header';
import { MapView, type MapFactory } from './components/MapView';
import { UnitBrowser } from './components/UnitBrowser';
import { UnitPanel } from './components/UnitPanel';
import { UpdateBanner, type AppUpdate } from './components/UpdateBanner';

export function App({ editor, workspace, createMap, update, layers, hub, offlineTiles, readReference, checkGeoTiff, checkPmtiles, onReload }: {
  editor: Editor;
  workspace: Workspace;
  createMap: MapFactory;
  update?: AppUpdate;
  layers: LayerLibrary;
  /** The province hub that served the page; the header offers it only when there is one. */
  hub: HubSession;
  offlineTiles: TileKeeper;
  readReference: ReadReference;
  checkGeoTiff: CheckGeoTiff;
  checkPmtiles: CheckPmtiles;
  /** Saves the draft and reloads the page (a new tile host is allowed only by a new page). */
  onReload: () => void;
}) {
  const t = useT();
  const load = useStore(editor.loadState);
  const issues = useStore(editor.issues);
  const selectedIssue = useStore(editor.selectedIssue);
  const currentDraft = useStore(workspace.currentDraft);
  // The workspace's views start afresh (remounted) when one draft replaces another, so no panel keeps
  // the last draft's state; not when the first draft opens: the map already built would be thrown away
  // and built again, which on Lâm Đồng drew the province twice and cost seconds of the cold start.
  const firstDraft = useRef<string | null>(null);
  if (firstDraft.current === null && currentDraft) firstDraft.current = currentDraft.id;
  const viewKey = currentDraft && currentDraft.id !== firstDraft.current ? currentDraft.id : '';
  const choosing = useStore(workspace.choosing);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [tab, setTab] = useState<'units' | 'issues'>('units');
  const [draftsOpen, setDraftsOpen] = useState(false);
  const [switcherOpen, setSwitcherOpen] = useState(false);
  const [importing, setImporting] = useState<File | null>(null);
  const [exporting, setExporting] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [reportUnit, setReportUnit] = useState<string | null>(null);
  const [summaryOpen, setSummaryOpen] = useState(false);
  const [layersOpen, setLayersOpen] = useState(false);
  const [hubOpen, setHubOpen] = useState(false);
  const [agreementSheet, setAgreementSheet] = useState<number | null>(null);
  const province = useStore(editor.province);
  // A reference file in VN-2000 that does not say its grid: the province's meridians first, then the rest.
  const layerMeridians = useMemo(() => {
    const own = province ? provinceMeridianChoices(province).map((m) => ({ lon0: m.lon0, label: `${meridianLabel(m.lon0)} (${m.names.join(', ')})` })) : [];
    return [...own, ...TM3_MERIDIANS.filter((m) => !own.some((o) => o.lon0 === m)).map((m) => ({ lon0: m, label: meridianLabel(m) }))];
  }, [province]);
  const [helpOpen, setHelpOpen] = useState(false);
  // Bumped by the merge key: the unit panel then puts the focus on its "merge with" choice.
  const [mergeAsked, setMergeAsked] = useState(0);
  useEffect(() => {
    if (selectedIssue) setTab('issues');
  }, [selectedIssue]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      // Keys belong to what has focus: fields, buttons (Enter, Space), and any open dialog or page.
      if (el && (['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.isContentEditable)) return;
      if (el && ['BUTTON', 'A', 'SUMMARY'].includes(el.tagName) && (e.key === 'Enter' || e.key === ' ')) return;
      if (e.key === 'Escape' && document.querySelector('dialog.shortcuts[open]')) return setHelpOpen(false);
      if (e.key === '?' && !e.ctrlKey && !e.metaKey) {
        setHelpOpen((open) => !open);
        return e.preventDefault();
      }
      if (e.defaultPrevented || document.querySelector('dialog[open], .report-overlay')) return;
      // Commands on the selected unit that open something of the UI: its record, the merge choice.
      const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
      if (plain && (e.key.toLowerCase() === RECORD_KEY || e.key.toLowerCase() === MERGE_KEY) && editor.modeName.get() === 'browse') {
        const id = editor.selectedForCommand();
        if (id && e.key.toLowerCase() === RECORD_KEY) setReportUnit(id);
        if (id && e.key.toLowerCase() === MERGE_KEY) {
          setTab('units');
          setMergeAsked((n) => n + 1);
        }
        return e.preventDefault();
      }
      if (editor.key({ key: e.key, ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey, alt: e.altKey })) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [editor]);
  const errors = issues.filter((i) => i.severity === 'error').length;
  return (
    <div
      className={`app${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const file = e.dataTransfer.files[0];
        if (file) setImporting(file);
      }}
      data-drop-hint={t.dropHere}
    >
      <Header editor={editor} workspace={workspace} onProvince={() => setSwitcherOpen(true)} onDrafts={() => setDraftsOpen(true)} onImport={setImporting} onExport={() => setExporting(true)} onSummary={() => setSummaryOpen(true)} onLayers={() => setLayersOpen(true)} layers={layers} hub={hub} onHub={() => setHubOpen(true)} />
      <StorageBanner workspace={workspace} />
      <ErrorBoundary
        fallback={(message, reset) => (
          <div className="load-error" role="alert">
            <strong>{t.viewFailed}</strong>
            <p>{message}</p>
            <button type="button" onClick={() => window.location.reload()}>
              {t.reloadPage}
            </button>{' '}
            <button
              type="button"
              onClick={() => {
                setSummaryOpen(false);
                setReportUnit(null);
                setImporting(null);
                setExporting(false);
                setDraftsOpen(false);
                setSwitcherOpen(false);
                setPickerOpen(false);
                reset();
              }}
            >
              {t.close}
            </button>
          </div>
        )}
      >
      <Suspense fallback={null}>
      {layersOpen ? <LayersDialog library={layers} offline={offlineTiles} area={editor.selectionArea()} readReference={readReference} checkGeoTiff={checkGeoTiff} checkPmtiles={checkPmtiles} meridians={layerMeridians} onReload={onReload} onZoom={(box) => editor.zoomTo(box)} onClose={() => setLayersOpen(false)} /> : null}
      {hubOpen ? <HubPanel
          hub={hub}
          editor={editor}
          onAgreement={(id) => {
            // The sheet takes the page; the panel comes back when the user opens it again.
            setHubOpen(false);
            setAgreementSheet(id);
          }}
          onClose={() => setHubOpen(false)}
        /> : null}
      {agreementSheet !== null ? <HubAgreementSheet hub={hub} editor={editor} borderId={agreementSheet} onClose={() => setAgreementSheet(null)} /> : null}
      {summaryOpen ? (
        <ProvinceSummaryView
          editor={editor}
          onClose={() => setSummaryOpen(false)}
          onOpenUnit={(id) => {
            setSummaryOpen(false);
            setReportUnit(id);
          }}
        />
      ) : null}
      {reportUnit ? <UnitReportView editor={editor} unitId={reportUnit} onClose={() => setReportUnit(null)} /> : null}
      {importing ? <ImportDialog key={`${importing.name}-${importing.lastModified}`} editor={editor} workspace={workspace} file={importing} onClose={() => setImporting(null)} /> : null}
      {exporting ? <ExportDialog editor={editor} onClose={() => setExporting(false)} /> : null}
      {draftsOpen ? (
        <DraftsDialog
          workspace={workspace}
          onClose={() => setDraftsOpen(false)}
          onPickUnit={() => {
            setDraftsOpen(false);
            setPickerOpen(true);
          }}
        />
      ) : null}
      {switcherOpen ? (
        <ProvinceSwitcher
          editor={editor}
          workspace={workspace}
          onClose={() => setSwitcherOpen(false)}
          onPickUnit={() => {
            setSwitcherOpen(false);
            setPickerOpen(true);
          }}
        />
      ) : null}
      {/* First open (no draft yet): which unit is the user? Later, from the drafts dialog, dismissable. */}
      {choosing ? <UnitPicker workspace={workspace} /> : pickerOpen ? <UnitPicker workspace={workspace} onClose={() => setPickerOpen(false)} /> : null}
      </Suspense>
      </ErrorBoundary>
      <OpenFailureNotice workspace={workspace} />
      {load.status === 'error' ? (
        <div className="load-error" role="alert">
          <strong>{t.loadFailed}</strong>
          <p>
            {t.file}: <code>{load.file}</code>
          </p>
          <p>{load.message}</p>
        </div>
      ) : null}
      {load.status === 'loading' && !choosing ? (
        <p className="loading" role="status">
          {t.loading}
        </p>
      ) : null}
      {/* Whatever a draft holds, a failure to show it is a message with a way out, never a white page.
          Opening another draft tries again. */}
      <ErrorBoundary
        key={viewKey}
        resetKey={currentDraft?.id}
        fallback={(message) => (
          <div className="load-error" role="alert">
            <strong>{t.viewFailed}</strong>
            <p>{message}</p>
            <button type="button" onClick={() => setDraftsOpen(true)}>
              {t.draftsTitle}
            </button>{' '}
            <button type="button" onClick={() => window.location.reload()}>
              {t.reloadPage}
            </button>
          </div>
        )}
      >
      <main className="workspace">
        <aside className="sidebar">
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'units'} onClick={() => setTab('units')}>
              {t.tabUnits}
            </button>
            <button type="button" role="tab" aria-selected={tab === 'issues'} onClick={() => setTab('issues')}>
              {t.tabIssues} ({errors})
            </button>
          </div>
          {tab === 'units' ? <UnitBrowser editor={editor} /> : <IssuesPanel editor={editor} />}
        </aside>
        <div className="center">
          <Toolbar editor={editor} onHelp={() => setHelpOpen(true)} />
          {helpOpen ? <ShortcutsHelp onClose={() => setHelpOpen(false)} /> : null}
          <PendingForm editor={editor} />
          <ConfirmEdit editor={editor} />
          <MapView editor={editor} createMap={createMap} />
        </div>
        <aside className="details">
          {/* Beside the map, not above it: appearing on a press must not move the map under the pointer. */}
          <VertexForm editor={editor} />
          <UnitPanel editor={editor} onReport={setReportUnit} mergeAsked={mergeAsked} />
        </aside>
      </main>
      </ErrorBoundary>
      {update ? <UpdateBanner update={update} /> : null}
      <footer className="credits">
        <strong>{t.dataSources}:</strong> {t.credits}
      </footer>
    </div>
  );
}
