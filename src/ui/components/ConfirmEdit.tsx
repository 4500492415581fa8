import type { Editor } from '../../editor/editor';
import { unitAreaM2 } from '../../core/geom/unit-measure';
import { useStore } from '../hooks/use-store';
import { useLang, useT } from '../i18n/language';
import { formatNumber } from '../i18n/messages';

/** Asks before an edit the editor holds back (a merge; an edit that cuts a unit into pieces or hands land to no unit), shown on the map. */
export function ConfirmEdit({ editor }: { editor: Editor }) {
  const t = useT();
  const lang = useLang();
  const p = useStore(editor.confirmation);
  if (!p) return null;
  const name = (id: string) => p.after.units.get(id)?.attrs.fullName ?? p.before.units.get(id)?.attrs.fullName ?? id;
  return (
    <div className="pending confirm-edit" role="alertdialog" aria-label={t.confirmTitle[p.annotation] ?? p.annotation}>
      <h3>{t.confirmTitle[p.annotation] ?? p.annotation}</h3>
      {p.annotation === 'merge'
        ? p.units.map((id) => (
            <p key={id}>{t.mergeResult(name(id), formatNumber(lang, unitAreaM2(p.after, id) / 1e4, 2), p.after.units.get(id)!.polygons.length)}</p>
          ))
        : null}
      {p.annotation === 'new-unit-take'
        ? p.units
            .filter((id) => p.before.units.has(id))
            .map((id) => (
              <p key={id}>{t.losesArea(name(id), formatNumber(lang, (unitAreaM2(p.before, id) - unitAreaM2(p.after, id)) / 1e4, 2))}</p>
            ))
        : null}
      {p.moreParts.map((m) => (
        <p key={m.id} className="notice" role="alert">
          {t.moreParts(name(m.id), m.before, m.after)}
        </p>
      ))}
      {p.landLeftM2 > 0 ? (
        <p className="notice" role="alert">
          {t.landLeft(formatNumber(lang, p.landLeftM2 / 1e4, p.landLeftM2 < 1e4 ? 4 : 2))}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" className="primary" onClick={() => editor.confirmEdit()}>
          {t.confirm}
        </button>
        <button type="button" onClick={() => editor.cancelEdit()}>
          {t.cancel}
        </button>
      </div>
    </div>
  );
}
