import type { Editor } from '../../editor/editor';
import type { ModeName } from '../../editor/modes';
import { canRedo, canUndo } from '../../core/history/history';
import { neighbourLabel } from '../../core/model/context-units';
import { useStore } from '../hooks/use-store';
import { useT } from '../i18n/language';
import { TOOL_KEYS } from '../../editor/shortcuts';

const KEY_OF = Object.fromEntries(Object.entries(TOOL_KEYS).map(([k, m]) => [m, k.toUpperCase()]));

const MODES: readonly { name: ModeName; label: 'modeBrowse' | 'modeVertices' | 'modeReshape' | 'modeSplit' | 'modeNewUnit' | 'modeTransfer'; needsUnit: boolean }[] = [
  { name: 'browse', label: 'modeBrowse', needsUnit: false },
  { name: 'vertices', label: 'modeVertices', needsUnit: true },
  { name: 'reshape', label: 'modeReshape', needsUnit: false },
  { name: 'split', label: 'modeSplit', needsUnit: true },
  { name: 'new-unit', label: 'modeNewUnit', needsUnit: false },
  { name: 'transfer', label: 'modeTransfer', needsUnit: true },
];

export function Toolbar({ editor, onHelp }: { editor: Editor; onHelp: () => void }) {
  const t = useT();
  const history = useStore(editor.history);
  const mode = useStore(editor.modeName);
  const selection = useStore(editor.selection);
  const settings = useStore(editor.settings);
  const notice = useStore(editor.notice);
  // A unit of the draft, or of a neighbouring province (named with its province).
  const unitName = (id: string) => {
    const c = editor.coverage.get();
    return c ? neighbourLabel(c, editor.contextUnits(), id).fullName : id;
  };
  return (
    <div className="toolbar-wrap">
      <div className="toolbar" role="toolbar" aria-label={t.toolbar}>
        <button type="button" onClick={() => editor.undo()} disabled={!history || !canUndo(history)} title="Ctrl+Z">
          ↶ {t.undo}
        </button>
        <button type="button" onClick={() => editor.redo()} disabled={!history || !canRedo(history)} title="Ctrl+Shift+Z / Ctrl+Y">
          ↷ {t.redo}
        </button>
        <span className="sep" aria-hidden="true" />
        {MODES.map((m) => (
          <button
            key={m.name}
            type="button"
            aria-pressed={mode === m.name}
            disabled={m.needsUnit && !selection}
            title={m.needsUnit && !selection ? t.needSelection : `${t[m.label]} (${KEY_OF[m.name] ?? ''})`}
            onClick={() => editor.setMode(m.name)}
          >
            {t[m.label]}
          </button>
        ))}
        <span className="sep" aria-hidden="true" />
        <label className="toggle">
          <input type="checkbox" checked={settings.snapping} onChange={(e) => editor.setSettings({ snapping: e.target.checked })} />
          {t.snapping}
        </label>
        <span className="sep" aria-hidden="true" />
        <button type="button" onClick={onHelp} aria-keyshortcuts="?">
          {t.shortcutsButton}
        </button>
      </div>
      <p className="mode-help" role="status">
        {t.modeHelp[mode]}
      </p>
      {notice?.kind === 'refused' ? (
        <p className="notice" role="alert">
          <strong>{t.refused}:</strong> {t.refusals[notice.reason] ?? notice.reason}
          {notice.where ? (
            <>
              {' '}
              {notice.reason === 'several-neighbours'
                ? t.bordersSeveral(
                    t.listOf([...notice.where.units.map(unitName), ...(notice.where.outside ? [t.outsideProvince] : [])]),
                    `${notice.where.at[0].toFixed(6)}, ${notice.where.at[1].toFixed(6)}`,
                  )
                : t.crossesInto(notice.where.units.map(unitName).join(', '), `${notice.where.at[0].toFixed(6)}, ${notice.where.at[1].toFixed(6)}`)}
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
