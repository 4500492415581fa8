import type { Editor } from '../../editor/editor';
import type { LayerLibrary } from '../../editor/layer-library';
import type { HubSession } from '../../editor/hub-session';
import type { Workspace } from '../../editor/workspace';
import { provinceShortName } from '../../editor/province-choice';
import { SaveStatus } from './SaveStatus';
import { useStore } from '../hooks/use-store';
import { setLanguage, useLang, useT } from '../i18n/language';
import { LANGS, type Lang } from '../i18n/messages';

const LANG_LABEL: Record<Lang, string> = { vi: 'Tiếng Việt', en: 'English' };

export function Header(props: {
  editor: Editor;
  workspace: Workspace;
  onProvince: () => void;
  onDrafts: () => void;
  onImport: (f: File) => void;
  onExport: () => void;
  onSummary: () => void;
  onLayers: () => void;
  layers: LayerLibrary;
  hub: HubSession;
  onHub: () => void;
}) {
  const { editor, workspace, onProvince, onDrafts, onImport, onExport, onSummary, onLayers, layers, hub, onHub } = props;
  const hubState = useStore(hub.state);
  const failing = useStore(layers.errors).size;
  const t = useT();
  const lang = useLang();
  const oldVisible = useStore(editor.oldUnitsVisible);
  const draft = useStore(workspace.currentDraft);
  const province = useStore(editor.province);
  return (
    <header className="app-header">
      <div className="brand">
        <h1>{t.appTitle}</h1>
        <p>{t.appSubtitle(province?.name ?? null)}</p>
      </div>
      <div className="header-controls">
        {province ? (
          <button type="button" className="province-button" onClick={onProvince} aria-label={t.provinceButton(province.name)} title={t.provinceSwitcherTitle}>
            {provinceShortName(province.name)} <span aria-hidden="true">▾</span>
          </button>
        ) : null}
        {/* The name is cut to the button's width; the title shows it whole on hover. */}
        <button type="button" className="drafts-button" onClick={onDrafts} aria-label={`${t.drafts}: ${draft?.name ?? ''}`} title={draft ? `${t.drafts}: ${draft.name}` : t.drafts}>
          {draft?.name ?? t.drafts}
        </button>
        <label className="header-button">
          {t.importFile}
          <input
            type="file"
            className="visually-hidden"
            accept=".geojson,.json,.topojson,.kml,.kmz,.zip,.csv,.txt"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) onImport(f);
            }}
          />
        </label>
        <button type="button" className="header-button" onClick={onExport}>
          {t.exportFile}
        </button>
        <button type="button" className="header-button" onClick={onSummary}>
          {t.provinceSummary}
        </button>
        <button type="button" className="header-button" onClick={onLayers} title={failing ? t.layers.failing(failing) : undefined}>
          {t.layers.button}
          {/* A layer failing is told here too: the panel, open or not, never stands in the editor's way. */}
          {failing ? <span className="layer-warning"> ⚠ {t.layers.failing(failing)}</span> : null}
        </button>
        {/* Only when a province hub served the page (issue 13). */}
        {hubState.phase === 'ready' || hubState.phase === 'signed-out' ? (
          <button type="button" className="header-button hub-button" onClick={onHub}>
            {t.hub.button}
            {hubState.outbox.length > 0 ? <span className="hub-badge"> ({hubState.outbox.length})</span> : null}
            {hubState.online ? null : <span className="layer-warning"> ⚠</span>}
          </button>
        ) : null}
        <SaveStatus workspace={workspace} />
        <label className="toggle">
          <input type="checkbox" checked={oldVisible} onChange={(e) => editor.setOldUnitsVisible(e.target.checked)} />
          {t.showOldUnits}
        </label>
        <label className="lang">
          <span>{t.language}</span>
          <select value={lang} onChange={(e) => setLanguage(e.target.value as Lang)}>
            {LANGS.map((l) => (
              <option key={l} value={l}>
                {LANG_LABEL[l]}
              </option>
            ))}
          </select>
        </label>
      </div>
    </header>
  );
}
