import { useT } from '../i18n/language';

/** The end of every small form: the reason it was refused, if any, then submit and cancel (or another second action). */
export function FormFooter({ error, submitLabel, onCancel, cancelLabel }: { error: string | null; submitLabel: string; onCancel: () => void; cancelLabel?: string }) {
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
          {cancelLabel ?? t.cancel}
        </button>
      </div>
    </>
  );
}
