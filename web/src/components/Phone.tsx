import { useTranslation } from 'react-i18next';

/** A reception number as a tel: link, labelled for screen readers. */
export function ReceptionPhone({ phone, className }: { phone: string; className?: string }) {
  const { t } = useTranslation();
  return (
    <p className={className ?? 'mb-0'}>
      <span className="text-muted-strong">{t('reception.label')}: </span>
      <a href={`tel:${phone.replace(/[^+\d]/g, '')}`} aria-label={t('reception.call', { phone })} className="fw-semibold">
        {phone}
      </a>
    </p>
  );
}
