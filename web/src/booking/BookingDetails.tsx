import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bookingCalendar, type BookingKey } from '../api/booking';
import type { BookingView } from '../api/types';
import { displayPhone, telHref } from '../lib/phone';
import { currentLang } from '../i18n';
import { formatLongDate, formatTime } from '../lib/time';
import { ProblemAlert } from './ProblemAlert';

/** When, where and how of a booking, as a definition list. */
export function BookingDetails({ booking, topicLabel }: { booking: BookingView; topicLabel?: string | null }) {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <dl className="facts facts-inline booking-details">
      <dt>{t('booking.code')}</dt>
      <dd className="booking-code" data-testid="booking-code">
        {booking.code}
      </dd>
      <dt>{t('booking.when')}</dt>
      <dd data-testid="booking-when">
        {formatLongDate(booking.start, lang)}, {formatTime(booking.start, lang)}–{formatTime(booking.end, lang)}
      </dd>
      <dt>{t('booking.desk')}</dt>
      <dd>
        {t('desk.number', { number: booking.desk.number })} – {booking.desk.name[lang]}
      </dd>
      <dt>{t('booking.office')}</dt>
      <dd>
        {booking.office.name} ({booking.office.code})
      </dd>
      <dt>{t('booking.channel')}</dt>
      <dd>{t(`desk.channel.${booking.channel}`, { defaultValue: booking.channel })}</dd>
      {booking.fullName && (
        <>
          <dt>{t('booking.name')}</dt>
          <dd>{booking.fullName}</dd>
        </>
      )}
      {booking.phone && (
        <>
          <dt>{t('booking.phone')}</dt>
          <dd>{booking.phone}</dd>
        </>
      )}
      {(topicLabel ?? booking.topic) && (
        <>
          <dt>{t('booking.topic')}</dt>
          <dd>{topicLabel ?? booking.topic}</dd>
        </>
      )}
      {booking.priority && (
        <>
          <dt>{t('booking.priority')}</dt>
          <dd>{t('booking.priorityYes')}</dd>
        </>
      )}
    </dl>
  );
}

/** What happens next: the call (or where the municipal station is), the number it comes from, what to have ready. */
export function WhatNext({ booking, station }: { booking: BookingView; station?: { name: string; address: string } | null }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const reception = booking.office.receptionPhone;
  return (
    <section aria-labelledby="next-title" className="what-next">
      <h2 id="next-title" className="h4">
        {t('done.nextTitle')}
      </h2>
      <ol className="how-steps" role="list">
        <li>
          {t(station ? 'done.next.station' : booking.channel === 'video' ? 'done.next.video' : 'done.next.call', {
            date: formatLongDate(booking.start, lang),
            time: formatTime(booking.start, lang),
            office: booking.office.name,
            phone: booking.phone ?? '',
            station: station?.name ?? '',
            address: station?.address ?? '',
          })}
        </li>
        <li>
          {reception ? (
            <>
              {t('done.next.number')}{' '}
              <a href={telHref(reception)} className="text-nowrap">
                {displayPhone(reception)}
              </a>{' '}
              {t('done.next.numberPrivate')}
            </>
          ) : (
            t('done.next.numberUnknown')
          )}
        </li>
        <li>{t('done.next.documents')}</li>
        <li>{t('done.next.identify')}</li>
        <li>{t('done.next.change')}</li>
      </ol>
    </section>
  );
}

/** Downloads the booking's calendar file (.ics) from the server. */
export function CalendarButton({ bookingKey, className }: { bookingKey: BookingKey; className?: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const ics = await bookingCalendar(bookingKey);
      const url = URL.createObjectURL(new Blob([ics], { type: 'text/calendar;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `sportello-${bookingKey.code}.ics`;
      document.body.append(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className={className ?? 'btn btn-outline-primary'} onClick={() => void download()} disabled={busy}>
        {busy ? t('state.loading') : t('done.calendar')}
      </button>
      {error !== null && (
        <div className="w-100">
          <ProblemAlert error={error} />
        </div>
      )}
    </>
  );
}
