import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { cancelBooking, keyFor, lookupBooking, moveBooking, type BookingKey } from '../api/booking';
import { problemCode } from '../api/client';
import type { BookingView } from '../api/types';
import { useApi } from '../api/useApi';
import type { DeskDetail } from '../api/types';
import { BookingDetails, CalendarButton, WhatNext } from '../booking/BookingDetails';
import { readManageKey, writeManageKey } from '../booking/flow';
import { ProblemAlert } from '../booking/ProblemAlert';
import { SlotPicker } from '../booking/SlotPicker';
import { MessagesSent } from '../booking/MessagesSent';
import { LostCode } from '../booking/LostCode';
import { PinField } from '../booking/PinField';
import { normaliseTaxCode, taxCodeProblem } from '../booking/validation';
import { Crumbs } from '../components/Crumbs';
import { Loading } from '../components/StateViews';
import { useTitle } from '../components/useTitle';
import { currentLang } from '../i18n';
import { formatDateTime } from '../lib/time';
import { mayBeBookingCode } from '../../../src/domain/booking/booking-code';

/** The code as typed, tidied; the server reads it (readBookingCode: no dashes, 0/O and 1/I confused). */
const tidyCode = (input: string): string => input.trim().toUpperCase().replace(/\s+/g, ' ');

/** Look up a booking with its code and the tax code; then cancel or move it. */
export default function ManagePage() {
  const { t } = useTranslation();
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

function LookupForm({
  initial,
  onSearch,
  busy,
  error,
}: {
  initial: BookingKey | null;
  onSearch: (k: BookingKey) => void;
  busy: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [code, setCode] = useState(initial?.code ?? '');
  const [taxCode, setTaxCode] = useState(initial?.taxCode ?? '');
  const [errors, setErrors] = useState<{ code?: string; taxCode?: string }>({});
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  const check = (field: 'code' | 'taxCode', c = code, tc = taxCode) => {
    if (field === 'code') {
      const v = tidyCode(c);
      return v === '' ? t('manage.error.codeRequired') : mayBeBookingCode(v) ? undefined : t('manage.error.codeFormat');
    }
    const p = taxCodeProblem(tc);
    return p ? t(`form.error.taxCode.${p}`, { count: normaliseTaxCode(tc).length }) : undefined;
  };

  return (
    <form
      className="sp-form lookup-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const next = { code: check('code'), taxCode: check('taxCode') };
        setErrors(next);
        if (next.code) document.getElementById(`${id}-code`)?.focus();
        else if (next.taxCode) document.getElementById(`${id}-tax`)?.focus();
        else onSearch({ code: tidyCode(code), taxCode: normaliseTaxCode(taxCode) });
      }}
    >
      <div className={`form-group sp-field${errors.code ? ' has-error' : ''}`}>
        <label htmlFor={`${id}-code`}>{t('manage.code')}</label>
        <small id={`${id}-code-hint`} className="form-text sp-hint">
          {t('manage.codeHint')}
        </small>
        <input
          id={`${id}-code`}
          className="form-control font-monospace"
          value={code}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          onChange={(e) => setCode(e.target.value)}
          onBlur={() => setErrors((x) => ({ ...x, code: code ? check('code') : undefined }))}
          aria-invalid={errors.code ? true : undefined}
          aria-describedby={`${id}-code-hint${errors.code ? ` ${id}-code-error` : ''}`}
        />
        <div aria-live="polite">
          {errors.code && (
            <p id={`${id}-code-error`} className="sp-error">
              <span className="visually-hidden">{t('form.errorPrefix')} </span>
              {errors.code}
            </p>
          )}
        </div>
      </div>
      <div className={`form-group sp-field${errors.taxCode ? ' has-error' : ''}`}>
        <label htmlFor={`${id}-tax`}>{t('form.taxCode.label')}</label>
        <input
          id={`${id}-tax`}
          className="form-control tax-code-input"
          value={taxCode}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          onChange={(e) => setTaxCode(e.target.value)}
          onBlur={() => setErrors((x) => ({ ...x, taxCode: taxCode ? check('taxCode') : undefined }))}
          aria-invalid={errors.taxCode ? true : undefined}
          aria-describedby={errors.taxCode ? `${id}-tax-error` : undefined}
        />
        <div aria-live="polite">
          {errors.taxCode && (
            <p id={`${id}-tax-error`} className="sp-error">
              <span className="visually-hidden">{t('form.errorPrefix')} </span>
              {errors.taxCode}
            </p>
          )}
        </div>
      </div>
      <div ref={errorRef} tabIndex={-1} className="focus-target">
        {error !== null && !busy && <ProblemAlert error={error} />}
      </div>
      <button type="submit" className="btn btn-primary mt-2" disabled={busy}>
        {busy ? t('state.loading') : t('manage.search')}
      </button>
      <p className="mt-4">
        {t('manage.noCode')} <Link to="/prenota">{t('manage.bookNew')}</Link>
      </p>
    </form>
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
  const desk = useApi<DeskDetail>(mode.kind === 'move' || mode.kind === 'confirmMove' ? `/api/desks/${encodeURIComponent(booking.desk.id)}` : null);
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
          <WhatNext booking={booking} />
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

