import { useT } from '../i18n/language';

/** The two signature blocks of a confirmation sheet: each unit's People's Committee signs and seals. */
export function SheetSignatures({ units }: { units: readonly [string, string] }) {
  const t = useT();
  return (
    <div className="sheet-signatures">
      {units.map((name) => (
        <div key={name}>
          <strong>{t.sheetSigner(name)}</strong>
          <p className="muted">{t.sheetSignHint}</p>
        </div>
      ))}
    </div>
  );
}
