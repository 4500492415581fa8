import { useT } from '../i18n/language';

/** The end of every small form: the reason it was refused, if any, then submit and cancel. */
export function FormFooter({ error, submitLabel, onCancel }: { error: string | null; submitLabel: string; onCancel: () => void }) {
  const t = useT();
  return (
    <>
      {error ? (
        <p className="notice" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </>
  );
}
