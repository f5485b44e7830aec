import { useTranslation } from 'react-i18next';
import type { Me } from './api';

/** The operator's patronato and the number it calls to book by phone. */
export function PatronatoHeader({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <p className="lead mb-3">
      <strong>{me.patronato.name}</strong> <span className="text-muted">({me.patronato.accreditationCode})</span>
      {me.lines.length > 0 && (
        <>
          <br />
          <span className="fs-6">
            {t('patronato.line', { count: me.lines.length, list: me.lines.map((l) => `${l.provinceCode} ${l.phone}`).join(', ') })}
          </span>
        </>
      )}
    </p>
  );
}
