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
  return (
    <div className="notice" role="alert">
      <strong>{t.pickerFailed(province)}</strong>
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </div>
  );
}
