import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { bookingMessages, type BookingMessages } from '../api/booking';
import { readManageKey } from '../booking/flow';
import { Crumbs } from '../components/Crumbs';
import { OutboxMessage } from '../components/OutboxMessage';
import { Loading } from '../components/StateViews';
import { useTitle } from '../components/useTitle';
import { formatDateTime } from '../lib/time';
import { currentLang } from '../i18n';

/** The demo outbox of the booking just looked at (code + tax code of this tab): its messages as sent. */
export default function DemoOutboxPage() {
  const { t } = useTranslation();
  useTitle(t('outbox.title'));
  const key = readManageKey();
  const [state, setState] = useState<BookingMessages | 'error' | null>(null);
  useEffect(() => {
    if (!key) return;
    bookingMessages(key).then(setState, () => setState('error'));
    // Runs on purpose only when these change: the booking's identity, not the object read anew on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key?.code, key?.taxCode]);

  return (
    <div className="container-xxl app-container py-4">
      <Crumbs items={[{ label: t('manage.title'), to: '/prenotazione' }, { label: t('outbox.title') }]} />
      <h1 className="mb-3">{t('outbox.title')}</h1>
      {!key || state === 'error' ? (
        <p>
          {t('outbox.noBooking')} <Link to="/prenotazione">{t('manage.title')}</Link>
        </p>
      ) : state === null ? (
        <Loading inline />
      ) : !state.demoOutbox ? (
        <p>{state.live ? t('outbox.live') : t('messages.none')}</p>
      ) : (
        <>
          <p className="lead">{t('outbox.lead', { code: key.code })}</p>
          {state.items.length === 0 && <p>{t('outbox.empty')}</p>}
          <div className="card-list">
            {state.items.map((m) => (
              <OutboxMessage
                key={m.id}
                m={{
                  channel: m.channel, kind: m.kind, to: m.to, at: formatDateTime(m.sentAt ?? m.createdAt, currentLang()),
                  subject: m.message?.subject ?? null, body: m.message?.body ?? t(`messages.state.${m.state}`), ics: m.message?.ics ?? null, code: key.code,
                }}
              />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
