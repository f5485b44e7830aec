import { useTranslation } from 'react-i18next';
import '../../telephony/i18n';
import type { ManualDial } from './operatorApi';

/** How to call in manual mode without showing the operator's own number (the office's line or prefix). */
export function ManualDialHint({ manual }: { manual: ManualDial }) {
  const { t } = useTranslation();
  const text =
    manual.callerIdMode === 'office_line' ? t('telephony.dial.officeLine', { line: manual.officeLine, dial: manual.dial })
    : manual.callerIdMode === 'prefix' ? t('telephony.dial.prefix', { dial: manual.dial, prefix: manual.prefix })
    : t('telephony.dial.ownNumber', { dial: manual.dial });
  return (
    <div className={`alert ${manual.callerIdMode === 'own_number' ? 'alert-warning' : 'alert-info'}`} data-testid="manual-dial">
      <p className="mb-1">{text}</p>
      <a className="fs-5 fw-semibold" href={`tel:${encodeURIComponent(manual.dial).replace(/%2B/g, '+')}`}>{t('telephony.dial.link', { dial: manual.dial })}</a>
    </div>
  );
}
