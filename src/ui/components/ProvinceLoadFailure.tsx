import { errorText } from '../i18n/error-text';
import { UnsavedDraftError } from '../../editor/workspace';
import { ProvinceUnavailableError } from '../../editor/province-source';
import { useT } from '../i18n/language';

/**
 * Why a province could not be opened: one plain sentence when it is not on this device and the network
 * cannot be reached (which province, that it needs a connection, that nothing kept is lost), else the
 * failure with the file and the reason.
 */
export function ProvinceLoadFailure({ province, size, error }: { province: string; size: string | null; error: unknown }) {
  const t = useT();
  if (error instanceof ProvinceUnavailableError) {
    return (
      <div className="notice" role="alert">
        <strong>{t.pickerFailed(province)}</strong>
        <p>{t.provinceUnavailable(province, size)}</p>
      </div>
    );
  }
  // Nothing failed to load: the open draft must be saved first, which the message says alone.
  if (error instanceof UnsavedDraftError) {
    return (
      <div className="notice" role="alert">
        <p>{errorText(t, error)}</p>
      </div>
    );
  }
  return (
    <div className="notice" role="alert">
      <strong>{t.pickerFailed(province)}</strong>
      <p>{errorText(t, error)}</p>
    </div>
  );
}
