/** Today's figures of the scope, kept current by the live stream (polling /live when the stream fails). */
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import { type Alert } from './api';
import { ExportLinks } from './common';
import { formatShortDateTime } from './format';

export function Figure({ label, value, id, detail }: { label: string; value: string; id: string; detail?: string }) {
  return (
    <div className="mon-card">
      <dt>{label}</dt>
      <dd>
        <span className="mon-value" data-testid={`fig-${id}`}>
          {value}
        </span>
        {detail && <span className="mon-detail">{detail}</span>}
      </dd>
    </div>
  );
}

export function AlertList({ alerts, scope }: { alerts: Alert[]; scope: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <section aria-labelledby="mon-alerts" className="mb-4">
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-2">
        <h2 id="mon-alerts" className="h4 mb-0">
          {t('monitoring.alerts.heading')}
        </h2>
        {alerts.length > 0 && <ExportLinks table="alerts" scope={scope} />}
      </div>
      {alerts.length === 0 ? (
        <p className="mb-0" data-testid="no-alerts">
          {t('monitoring.alerts.none')}
        </p>
      ) : (
        <ul className="list-unstyled mb-0" data-testid="alerts">
          {alerts.map((a) => (
            <li key={`${a.code}|${a.scope.level}:${a.scope.id}`} className={`alert alert-${a.level} mb-2`}>
              <strong>{t(`monitoring.alerts.${a.level}`)}:</strong> {a.message[lang]}
              {a.since && <span className="ms-1">({t('monitoring.alerts.since', { time: formatShortDateTime(a.since, lang) })})</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
