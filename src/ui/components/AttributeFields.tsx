import { UNIT_TYPES } from '../../core/model/types';
import { useT } from '../i18n/language';

export interface AttrDraft {
  readonly code: string;
  readonly name: string;
  readonly type: string;
}

export function AttributeFields({ draft, onChange }: { draft: AttrDraft; onChange: (d: AttrDraft) => void }) {
  const t = useT();
  return (
    <div className="attr-fields">
      <label>
        <span>{t.code}</span>
        <input value={draft.code} inputMode="numeric" maxLength={5} onChange={(e) => onChange({ ...draft, code: e.target.value })} />
      </label>
      <label>
        <span>{t.name}</span>
        <input value={draft.name} onChange={(e) => onChange({ ...draft, name: e.target.value })} />
      </label>
      <label>
        <span>{t.type}</span>
        <select value={draft.type} onChange={(e) => onChange({ ...draft, type: e.target.value })}>
          {UNIT_TYPES.map((ty) => (
            <option key={ty} value={ty}>
              {t.types[ty]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
