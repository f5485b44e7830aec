import { useTranslation } from 'react-i18next';
import { displayPhone, telHref } from '../lib/phone';

/** A reception number as a tel: link. */
export function ReceptionPhone({ phone, className }: { phone: string; className?: string }) {
  const { t } = useTranslation();
  return (
    <p className={className ?? 'mb-0'}>
      <span className="text-muted-strong">{t('reception.label')}: </span>
      <a href={telHref(phone)} className="fw-semibold text-nowrap">
        {displayPhone(phone)}
      </a>
    </p>
  );
}
