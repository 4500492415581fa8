import { SHORTCUTS } from '../../editor/shortcuts';
import { useT } from '../i18n/language';

/** The keyboard shortcuts, from the same table the editor acts on. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const t = useT();
  return (
    <dialog open className="shortcuts" aria-label={t.shortcutsTitle} onCancel={onClose}>
      <h2>{t.shortcutsTitle}</h2>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{t.shortcutActions[s.action] ?? s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onClose} autoFocus>
        {t.close}
      </button>
    </dialog>
  );
}
