import { useTranslation } from 'react-i18next';
import { OutboxMessage } from '../../components/OutboxMessage';
import { Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { formatDateTime } from '../../lib/time';
import { staffApi, useStaffData } from './adminApi';
import { ProblemMessage } from './ProblemMessage';

/** Staff: the demo outbox, every e-mail and SMS as the citizen would have got it (the read is audited). */
export default function DemoOutboxAdminPage() {
  const { t } = useTranslation();
  useTitle(t('outbox.staffTitle'));
  const { data, error, loading } = useStaffData('/api/staff/notifications/outbox', () => staffApi.GET('/api/staff/notifications/outbox'));
  return (
    <>
      <h1>{t('outbox.staffTitle')}</h1>
      {loading && !data ? (
        <Loading inline />
      ) : error ? (
        <ProblemMessage error={error} />
      ) : data ? (
        <>
          <p className="lead">{data.demoOutbox ? t('outbox.staffLead') : t('outbox.staffOff')}</p>
          {data.items.length === 0 && <p>{t('outbox.empty')}</p>}
          <div className="card-list">
            {data.items.map((m) => (
              <OutboxMessage
                key={m.id}
                m={{ channel: m.channel, kind: m.kind, to: `${m.recipient} · ${m.bookingCode}`, at: formatDateTime(m.createdAt, currentLang()), subject: m.subject, body: m.body, ics: m.ics, code: m.bookingCode }}
              />
            ))}
          </div>
        </>
      ) : null}
    </>
  );
}
