import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { bookingMessages, type BookingKey, type BookingMessages } from '../api/booking';
import { writeManageKey } from './flow';

/** Asked a few times only: the look-up is limited per tax code. */
const POLL_MS = [800, 2500, 6000];

const WAITING = new Set(['pending', 'claimed', 'sending']);

/** The messages being sent about a booking just made, as the queue records them; none when none. */
export function MessagesSent({ bookingKey }: { bookingKey: BookingKey }) {
  const { t } = useTranslation();
  const [state, setState] = useState<BookingMessages | null>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = (i: number) => {
      bookingMessages(bookingKey).then(
        (m) => {
          if (!live) return;
          setState(m);
          if (i + 1 < POLL_MS.length && m.items.some((x) => WAITING.has(x.state))) timer = setTimeout(() => ask(i + 1), POLL_MS[i + 1]);
        },
        () => undefined,
      );
    };
    timer = setTimeout(() => ask(0), POLL_MS[0]);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // Runs on purpose only when these change: the booking's identity, not the object (a new one on every render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bookingKey.code, bookingKey.taxCode]);

  if (!state) return null;
  const confirmations = state.items.filter((m) => m.kind === 'booking_confirmed');
  return (
    <section className="mt-4 messages-sent" aria-labelledby="messages-title">
      <h2 id="messages-title" className="h4">
        {t('messages.title')}
      </h2>
      {confirmations.length === 0 ? (
        <p>{t('messages.none')}</p>
      ) : (
        <ul>
          {confirmations.map((m) => (
            <li key={m.id}>
              {t(`messages.to.${m.channel}`, { to: m.to ?? '' })}: <strong>{t(`messages.state.${m.state}`)}</strong>
              {m.demoOutbox && ` (${t('messages.demoOnly')})`}
            </li>
          ))}
        </ul>
      )}
      {state.demoOutbox && (
        <div className="alert alert-info" role="note">
          <p className="mb-2">{t('messages.demoLead')}</p>
          <Link to="/prenotazione/messaggi" className="btn btn-outline-primary btn-sm" onClick={() => writeManageKey(bookingKey)}>
            {t('messages.openOutbox')}
          </Link>
        </div>
      )}
    </section>
  );
}
