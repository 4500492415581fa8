import { useT } from '../i18n/language';

/** The heading of a form of Thông tư 48/2014: the issuing committees (the draft's province's and the unit's, when `unit` is given) and the nation. */
export function NationalHeading({ unit, province }: { unit?: string; province?: string }) {
  const t = useT();
  return (
    <div className={`national-heading${unit ? '' : ' single'}`}>
      {unit ? (
        <p>
          {province ? (
            <>
              {t.provinceAuthority(province)}
              <br />
            </>
          ) : null}
          <strong>{t.unitAuthority(unit)}</strong>
        </p>
      ) : null}
      <p>
        <strong>{t.nationName}</strong>
        <br />
        <strong>{t.nationMotto}</strong>
      </p>
    </div>
  );
}
