import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { cancelBooking, findWaitlistEntry, keyFor, lookupBooking, moveBooking, type BookingKey } from '../api/booking';
import { problemCode } from '../api/client';
import type { BookingView } from '../api/types';
import { useApiRead } from '../api/useApiRead';
import { BookingDetails, CalendarButton, WhatNext } from '../booking/BookingDetails';
import { readManageKey, writeManageKey } from '../booking/flow';
import { ProblemAlert } from '../booking/ProblemAlert';
import { SlotPicker } from '../booking/SlotPicker';
import { MessagesSent } from '../booking/MessagesSent';
import { LostCode } from '../booking/LostCode';
import { PinField } from '../booking/PinField';
import { Crumbs } from '../components/Crumbs';
import { Loading } from '../components/StateViews';
import { useTitle } from '../components/useTitle';
import { currentLang } from '../i18n';
import { formatDateTime } from '../lib/time';
import { readWaitlistCode } from '../../../src/domain/booking/booking-code';
import { LookupForm } from '../booking/LookupForm';
import { waitlistPath } from './book/WaitlistSteps';

/** Look up a booking with its code and the tax code; then cancel or move it. */
export default function ManagePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useTitle(t('manage.title'));
  const [key, setKey] = useState<BookingKey | null>(() => readManageKey());
  const [booking, setBooking] = useState<BookingView | null>(null);
  const [loading, setLoading] = useState(key !== null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!key) return;
    let live = true;
    setLoading(true);
    setError(null);
    lookupBooking(key).then(
      (b) => {
        if (!live) return;
        // From now on the booking is named by its code as written, however it was typed.
        if (b.code !== key.code) writeManageKey({ ...key, code: b.code });
        setBooking(b);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setBooking(null);
        setLoading(false);
        if (problemCode(e) === 'booking_not_found') writeManageKey(null);
      },
    );
    return () => {
      live = false;
    };
  }, [key]);

  const search = (k: BookingKey) => {
    // A waiting-list code (LA-…): the place on the waiting list, found with the tax code.
    if (readWaitlistCode(k.code)) {
      setLoading(true);
      setError(null);
      findWaitlistEntry(k.code, k.taxCode).then(
        (w) => navigate(waitlistPath(w.entryId, w.token)),
        (e: unknown) => {
          setError(e);
          setLoading(false);
        },
      );
      return;
    }
    writeManageKey(k);
    setBooking(null);
    setKey({ ...k });
  };

  return (
    <div className="container-xxl app-container py-4">
      <Crumbs items={[{ label: t('manage.title') }]} />
      <h1 className="mb-3">{t('manage.title')}</h1>
      {booking && key ? (
        <ManageBooking
          booking={booking}
          bookingKey={key}
          onChange={setBooking}
          onOther={() => {
            writeManageKey(null);
            setKey(null);
            setBooking(null);
          }}
        />
      ) : (
        <>
          <p className="lead">{t('manage.lead')}</p>
          <LookupForm initial={key} onSearch={search} busy={loading} error={error} />
          <LostCode />
        </>
      )}
    </div>
  );
}

type Mode = { kind: 'view' } | { kind: 'cancel' } | { kind: 'move' } | { kind: 'confirmMove'; start: string };

function ManageBooking({
  booking,
  bookingKey,
  onChange,
  onOther,
}: {
  booking: BookingView;
  bookingKey: BookingKey;
  onChange: (b: BookingView) => void;
  onOther: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<'cancelled' | 'moved' | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [writeKey, setWriteKey] = useState<{ key: string; body: string } | null>(null);
  const [pin, setPin] = useState('');
  const [pinError, setPinError] = useState<string | null>(null);
  const withPin = { ...bookingKey, pin: pin.replace(/\s+/g, '') };
  /** The PIN has six digits: checked here before anything is sent. */
  const pinOk = () => {
    const ok = /^\d{6}$/.test(withPin.pin);
    setPinError(ok ? null : t('pin.format'));
    return ok;
  };
  const statusRef = useRef<HTMLDivElement>(null);
  const desk = useApiRead(mode.kind === 'move' || mode.kind === 'confirmMove' ? '/api/desks/{id}' : null, { path: { id: booking.desk.id } });
  const past = Date.parse(booking.start) <= Date.now();
  const active = booking.status === 'booked' && !past;

  useEffect(() => {
    if (done || error) statusRef.current?.focus();
  }, [done, error]);

  const run = async (body: object, action: (key: string) => Promise<BookingView>, result: 'cancelled' | 'moved') => {
    const k = keyFor(writeKey, body);
    setWriteKey(k);
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      onChange(await action(k.key));
      setWriteKey(null);
      setDone(result);
      setMode({ kind: 'view' });
    } catch (e) {
      setError(e);
      if (problemCode(e) === 'slot_full') {
        setReloadKey((n) => n + 1);
        setMode({ kind: 'move' });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="manage-booking" data-status={past && booking.status === 'booked' ? 'past' : booking.status}>
      <div ref={statusRef} tabIndex={-1} className="focus-target">
        {done && (
          <div className="alert alert-success" role="status" data-testid="manage-done">
            {t(`manage.done.${done}`)}
          </div>
        )}
        {error !== null && <ProblemAlert error={error} />}
      </div>
      {booking.status === 'cancelled' && !done && (
        <div className="alert alert-warning" data-testid="manage-state">
          {t('manage.state.cancelled', { when: booking.cancelledAt ? formatDateTime(booking.cancelledAt, lang) : '' })}
        </div>
      )}
      {booking.status === 'expired' && (
        <div className="alert alert-warning" data-testid="manage-state">
          {t('manage.state.expired')}
        </div>
      )}
      {booking.status === 'booked' && past && (
        <div className="alert alert-info" data-testid="manage-state">
          {t('manage.state.past')}
        </div>
      )}
      <BookingDetails booking={booking} />
      {active && mode.kind === 'view' && (
        <>
          <WhatNext booking={booking} station={booking.station} />
          <div className="d-flex flex-wrap gap-3 mt-4">
            <button type="button" className="btn btn-primary" onClick={() => { setDone(null); setError(null); setMode({ kind: 'move' }); }}>
              {t('manage.move')}
            </button>
            <button type="button" className="btn btn-outline-danger" onClick={() => { setDone(null); setError(null); setMode({ kind: 'cancel' }); }}>
              {t('manage.cancel')}
            </button>
            <CalendarButton bookingKey={bookingKey} />
          </div>
          <MessagesSent bookingKey={{ code: booking.code, taxCode: bookingKey.taxCode }} />
        </>
      )}
      {active && mode.kind === 'cancel' && (
        <section className="confirm-box" aria-labelledby="cancel-title">
          <h2 id="cancel-title" className="h4">
            {t('manage.cancelTitle')}
          </h2>
          <p>{t('manage.cancelText', { when: formatDateTime(booking.start, lang) })}</p>
          <PinField value={pin} onChange={setPin} error={pinError} />
          <div className="d-flex flex-wrap gap-3">
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => pinOk() && void run(withPin, (k) => cancelBooking(withPin, k), 'cancelled')}>
              {busy ? t('book.summary.sending') : t('manage.cancelYes')}
            </button>
            <button type="button" className="btn btn-outline-primary" disabled={busy} onClick={() => setMode({ kind: 'view' })}>
              {t('manage.cancelNo')}
            </button>
          </div>
        </section>
      )}
      {active && mode.kind === 'move' && (
        <section aria-labelledby="move-title" className="mt-4">
          <h2 id="move-title" className="h3">
            {t('manage.moveTitle')}
          </h2>
          <p>{t('manage.moveText')}</p>
          <button type="button" className="btn btn-outline-primary mb-3" onClick={() => setMode({ kind: 'view' })}>
            {t('manage.moveBack')}
          </button>
          {desk.status === 'ready' ? (
            <SlotPicker
              deskId={booking.desk.id}
              horizonDays={desk.data.horizonDays}
              channel={booking.channel}
              priority={booking.priority}
              onPick={(slot) => {
                setError(null);
                setMode({ kind: 'confirmMove', start: slot.start });
              }}
              busy={null}
              current={booking.start}
              reloadKey={reloadKey}
            />
          ) : desk.status === 'error' ? (
            <ProblemAlert error={desk.error} />
          ) : (
            <Loading inline />
          )}
        </section>
      )}
      {active && mode.kind === 'confirmMove' && (
        <section className="confirm-box" aria-labelledby="move-confirm-title">
          <h2 id="move-confirm-title" className="h4">
            {t('manage.moveConfirmTitle')}
          </h2>
          <p data-testid="move-confirm">
            {t('manage.moveConfirmText', { from: formatDateTime(booking.start, lang), to: formatDateTime(mode.start, lang) })}
          </p>
          <PinField value={pin} onChange={setPin} error={pinError} />
          <div className="d-flex flex-wrap gap-3">
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy}
              onClick={() => pinOk() && void run({ ...withPin, start: mode.start }, (k) => moveBooking({ ...withPin, start: mode.start }, k), 'moved')}
            >
              {busy ? t('book.summary.sending') : t('manage.moveYes')}
            </button>
            <button type="button" className="btn btn-outline-primary" disabled={busy} onClick={() => setMode({ kind: 'move' })}>
              {t('manage.moveOther')}
            </button>
          </div>
        </section>
      )}
      <p className="mt-5">
        <button type="button" className="btn btn-link p-0" onClick={onOther}>
          {t('manage.other')}
        </button>
      </p>
    </div>
  );
}

