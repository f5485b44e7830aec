import { MessagesSent } from '../../booking/MessagesSent';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { checkHoldPerson, createBooking, createHold, keyFor, releaseHold } from '../../api/booking';
import { ApiError, problemCode } from '../../api/client';
import type { DeskDetail } from '../../api/types';
import { useApi } from '../../api/useApi';
import { BookingDetails, CalendarButton, WhatNext } from '../../booking/BookingDetails';
import { ChallengeStatus } from '../../booking/ChallengeStatus';
import { useHoldChallenge } from '../../booking/useHoldChallenge';
import { getFlow, resetFlow, updateFlow, useFlow, writeManageKey, type HeldPlace } from '../../booking/flow';
import { HoldCountdown } from '../../booking/HoldCountdown';
import { NearbyOffices } from '../../booking/NearbyOffices';
import { ContactCode, type VerificationState } from '../../booking/ContactCode';
import { useCitizenSession } from '../../api/citizenSession';
import { ErrorSummary, PersonFields, usePersonForm } from '../../booking/PersonFields';
import { ProblemAlert } from '../../booking/ProblemAlert';
import { SlotPicker } from '../../booking/SlotPicker';
import { normalisePhone, personPayload, serverFieldErrors, type PersonField } from '../../booking/validation';
import { InlineError, Loading } from '../../components/StateViews';
import { currentLang } from '../../i18n';
import { formatDateTime } from '../../lib/time';
import { FlowFrame, STEP_PATH } from './FlowFrame';

function useDesk(deskId: string) {
  return useApi<DeskDetail>(`/api/desks/${encodeURIComponent(deskId)}`);
}

/** Gives the held place back and forgets it. */
async function dropHold(): Promise<void> {
  const hold = getFlow().hold;
  if (!hold) return;
  updateFlow({ hold: null, submit: null });
  await releaseHold(hold.id, hold.token);
}

/** True once the hold's time is up (checked every second). */
function useHoldExpired(hold: HeldPlace | null): [boolean, () => void] {
  const [expired, setExpired] = useState(() => hold !== null && hold.deadline <= Date.now());
  useEffect(() => setExpired(hold !== null && hold.deadline <= Date.now()), [hold]);
  return [expired, useCallback(() => setExpired(true), [])];
}

/** Step 5: day and time. */
export function SlotStep({ deskId, channel }: { deskId: string; channel: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const navigate = useNavigate();
  const flow = useFlow();
  const desk = useDesk(deskId);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  const errorRef = useRef<HTMLDivElement>(null);
  const hold = flow.hold && flow.hold.deskId === deskId && flow.hold.deadline > Date.now() ? flow.hold : null;
  const challenge = useHoldChallenge(deskId);

  const pick = async (slot: { start: string }) => {
    setError(null);
    if (hold && hold.start === slot.start) {
      navigate(STEP_PATH.person);
      return;
    }
    setBusy(slot.start);
    try {
      await dropHold();
      const body = { start: slot.start, channel, ...(flow.priority ? { priority: true } : {}) };
      // With the anti-abuse check solved meanwhile; refused as stale (expired, already used): once more with a new one.
      const { data, skewMs } = await createHold(deskId, body, await challenge.take()).catch(async (e: unknown) => {
        const code = problemCode(e);
        if (code === 'challenge_invalid' || code === 'challenge_required') return createHold(deskId, body, await challenge.take());
        throw e;
      });
      updateFlow({
        hold: {
          id: data.holdId,
          token: data.holdToken,
          deskId: data.deskId,
          start: data.start,
          end: data.end,
          expiresAt: data.expiresAt,
          deadline: Date.parse(data.expiresAt) - skewMs,
          holdMinutes: data.holdMinutes,
        },
        submit: null,
      });
      navigate(STEP_PATH.person);
    } catch (e) {
      setError(e);
      // The place was just taken (or the day changed state): show the slots as they are now.
      if (e instanceof ApiError && e.kind === 'rejected') setReloadKey((n) => n + 1);
      window.setTimeout(() => errorRef.current?.scrollIntoView({ block: 'center' }), 0);
    } finally {
      setBusy(null);
    }
  };

  return (
    <FlowFrame
      step="slot"
      title={t('book.slot.title')}
      lead={desk.status === 'ready' ? t('book.slot.lead', { desk: desk.data.name[lang], office: desk.data.office.name }) : null}
    >
      <p>
        <Link to={STEP_PATH.channel}>{t('book.changeChannel')}</Link>
      </p>
      {notice && !error && (
        <div className="alert alert-warning" role="alert">
          {t(notice)}
        </div>
      )}
      {hold && (
        <div className="alert alert-info current-hold">
          <p className="mb-2">{t('book.slot.holding', { when: formatDateTime(hold.start, lang) })}</p>
          <button type="button" className="btn btn-primary btn-sm" onClick={() => navigate(STEP_PATH.person)}>
            {t('book.slot.keepHold')}
          </button>
        </div>
      )}
      {!hold && <ChallengeStatus state={challenge.state} />}
      <div ref={errorRef}>
        {error !== null && (
          <ProblemAlert error={error}>
            {problemCode(error) === 'slot_full' && <p className="mb-0 mt-2">{t('book.slot.refreshed')}</p>}
          </ProblemAlert>
        )}
      </div>
      {desk.status === 'loading' ? (
        <Loading inline />
      ) : desk.status === 'error' ? (
        <InlineError error={desk.error} retry={desk.retry} />
      ) : (
        <SlotPicker
          deskId={deskId}
          horizonDays={desk.data.horizonDays}
          channel={channel}
          priority={flow.priority}
          onPick={(slot) => void pick(slot)}
          busy={busy}
          current={hold?.start ?? null}
          reloadKey={reloadKey}
          stationId={flow.station?.id ?? null}
          initialDay={flow.day}
          nothingFree={
            <>
              <div className="callout waitlist-offer" data-testid="waitlist-offer">
                <h2 className="h4">{t('book.waitlist.offerTitle')}</h2>
                <p>{t('book.waitlist.offerText')}</p>
                <Link className="btn btn-primary" to="/prenota/lista-attesa">
                  {t('book.waitlist.join')}
                </Link>
              </div>
              {!flow.station && <NearbyOffices deskId={deskId} channel={channel} priority={flow.priority} />}
            </>
          }
        />
      )}
    </FlowFrame>
  );
}

/** The hold ran out (or was lost): say so, keep what was typed, go back to the slots. */
function HoldLost({ reason }: { reason: 'expired' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="alert alert-danger hold-expired" role="alert" tabIndex={-1} ref={ref} data-testid="hold-expired">
      <h2 className="h4">{t(`hold.${reason}Title`)}</h2>
      <p>{t(`hold.${reason}Text`)}</p>
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => {
          void dropHold();
          navigate(STEP_PATH.slot);
        }}
      >
        {t('hold.backToSlots')}
      </button>
    </div>
  );
}

/**
 * The server gave the place back after a refusal (already booked here, too many bookings on
 * one contact): said instead of a countdown that would claim the place is still held.
 */
function HoldReleased({ backToSlots }: { backToSlots: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="alert alert-info hold-released" data-testid="hold-released">
      <p className="mb-2">{t('hold.releasedText')}</p>
      {backToSlots && (
        <button
          type="button"
          className="btn btn-outline-primary"
          onClick={() => {
            updateFlow({ hold: null, submit: null });
            navigate(STEP_PATH.slot);
          }}
        >
          {t('hold.backToSlots')}
        </button>
      )}
    </div>
  );
}

/** Step 6: personal data, while the place is held. */
export function PersonStep({ deskId }: { deskId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const flow = useFlow();
  const desk = useDesk(deskId);
  const topics = desk.status === 'ready' ? desk.data.topics : [];
  const api = usePersonForm(topics);
  const [expired, expire] = useHoldExpired(flow.hold);
  const [showSummary, setShowSummary] = useState(false);
  // The early "already booked here" answer (POST /holds/{id}/person-check): the refusal, shown here.
  const [checking, setChecking] = useState(false);
  const [refused, setRefused] = useState<unknown>(null);
  const refusedRef = useRef<HTMLDivElement>(null);
  const { setServerErrors } = api;
  // Signed in with SPID/CIE: the tax code is the identity provider's (shown, not editable).
  const citizen = useCitizenSession();
  const { set } = api;
  const typedTaxCode = flow.person.taxCode;
  useEffect(() => {
    if (citizen && typedTaxCode !== citizen.taxCode) set({ taxCode: citizen.taxCode });
  }, [citizen, typedTaxCode, set]);

  // Problems the server found in the data at the summary step.
  useEffect(() => {
    const errors = (location.state as { serverErrors?: Partial<Record<PersonField, string>> } | null)?.serverErrors;
    if (errors) setServerErrors(errors);
  }, [location.state, setServerErrors]);

  const goOn = async () => {
    const s = getFlow();
    if (!s.hold) return;
    const taxCode = citizen ? citizen.taxCode : personPayload(s.person).taxCode;
    setChecking(true);
    try {
      await checkHoldPerson(s.hold.id, s.hold.token, taxCode);
    } catch (e) {
      if (problemCode(e) === 'already_booked') {
        setRefused(e);
        window.setTimeout(() => refusedRef.current?.focus(), 0);
        return;
      }
      // Any other answer (network, limits, checks used up): the confirmation applies the rule.
    } finally {
      setChecking(false);
    }
    navigate(STEP_PATH.summary);
  };

  const hold = flow.hold;
  if (!hold) return null;
  return (
    <FlowFrame step="person" title={t('book.person.title')} lead={t('book.person.lead')}>
      {expired ? <HoldLost reason="expired" /> : refused !== null ? <HoldReleased backToSlots /> : <HoldCountdown hold={hold} onExpire={expire} />}
      <p hidden={refused !== null}>
        <button
          type="button"
          className="btn btn-link p-0"
          onClick={() => {
            void dropHold();
            navigate(STEP_PATH.slot);
          }}
        >
          {t('book.person.otherTime')}
        </button>
      </p>
      {desk.status === 'error' && <InlineError error={desk.error} retry={desk.retry} />}
      <form
        className="sp-form person-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setShowSummary(true);
          if (expired || refused !== null || checking) return;
          if (api.validateAll()) void goOn();
        }}
      >
        {showSummary && <ErrorSummary api={api} />}
        <p className="text-muted-strong">{t('form.requiredNote')}</p>
        <PersonFields api={api} topics={topics} taxCodeFromIdentity={!!citizen} />
        <div ref={refusedRef} tabIndex={-1} className="focus-target">
          {refused !== null && (
            <ProblemAlert error={refused}>
              <p className="mb-0 mt-2">
                <Link to="/prenotazione">{t('book.summary.manageExisting')}</Link>
              </p>
            </ProblemAlert>
          )}
        </div>
        {!expired && refused === null && (
          <div className="d-flex flex-wrap gap-3 mt-4">
            <button type="submit" className="btn btn-primary" disabled={checking}>
              {t('book.person.next')}
            </button>
          </div>
        )}
      </form>
    </FlowFrame>
  );
}

/** Step 7: everything at a glance, then the booking itself. */
export function SummaryStep({ deskId }: { deskId: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const navigate = useNavigate();
  const flow = useFlow();
  const desk = useDesk(deskId);
  const [expired, expire] = useHoldExpired(flow.hold);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const hold = flow.hold;
  const person = flow.person;
  const [verification, setVerification] = useState<VerificationState>('checking');
  const citizen = useCitizenSession();

  const submit = async () => {
    const s = getFlow();
    if (!s.hold || !s.channel) return;
    const body = {
      hold: { id: s.hold.id, token: s.hold.token },
      ...personPayload(s.person),
      ...(citizen ? { taxCode: citizen.taxCode } : {}),
      channel: s.channel,
      language: lang,
      consent: true as const,
      ...(s.priority ? { priority: true } : {}),
    };
    // Same request again (a retry after a network error): same key, so it books once.
    const submitKey = keyFor(s.submit, body);
    updateFlow({ submit: submitKey });
    setBusy(true);
    setError(null);
    try {
      const result = await createBooking(body, submitKey.key, s.station?.id ?? null);
      updateFlow({ result, hold: null, submit: null });
      writeManageKey({ code: result.booking.code, taxCode: body.taxCode });
      navigate(STEP_PATH.done, { replace: true });
    } catch (e) {
      const code = problemCode(e);
      if (e instanceof ApiError && e.kind === 'rejected' && (e.problem?.fields?.length || code === 'consent_required')) {
        const fields = serverFieldErrors(e.problem?.fields, lang);
        if (Object.keys(fields).length > 0 || code === 'consent_required') {
          updateFlow((x) => ({ personValid: false, person: code === 'consent_required' ? { ...x.person, consent: false } : x.person }));
          navigate(STEP_PATH.person, { state: { serverErrors: { consent: e.problem?.messages?.[lang], ...fields } } });
          return;
        }
      }
      if (code === 'hold_expired' || code === 'hold_not_found' || code === 'slot_full') {
        updateFlow({ hold: null, submit: null });
        navigate(STEP_PATH.slot, { state: { notice: 'hold.takenNotice' } });
        return;
      }
      setError(e);
      window.setTimeout(() => errorRef.current?.focus(), 0);
    } finally {
      setBusy(false);
    }
  };

  if (!hold) return null;
  // Confirming again helps only when the answer was lost or the service failed (the same key
  // books once) or asked to wait; any other refusal would come back the same (issue 21 §2).
  const retryable = error === null || (error instanceof ApiError && (error.kind === 'network' || error.kind === 'server' || error.status === 429));
  // These refusals release the hold on the server (book-place.ts): the countdown would claim a
  // place that is no longer held.
  const released = problemCode(error) === 'already_booked' || problemCode(error) === 'contact_limit';
  const topic = desk.status === 'ready' ? desk.data.topics.find((x) => x.key === person.topic)?.[lang] : person.topic;
  // Once the place is no longer held, "Modifica" would lead back into a hold that is gone: the
  // released notice's "Scegli di nuovo un orario" is the way on (the details are kept).
  const edit = (to: string, label: string) => released ? null : (
    <Link to={to} className="summary-edit">
      {t('book.summary.edit')}
      <span className="visually-hidden"> {label}</span>
    </Link>
  );

  return (
    <FlowFrame step="summary" title={t('book.summary.title')} lead={t('book.summary.lead')}>
      {expired ? (
        <HoldLost reason="expired" />
      ) : released ? (
        <HoldReleased backToSlots={problemCode(error) === 'contact_limit'} />
      ) : (
        <HoldCountdown hold={hold} onExpire={expire} />
      )}
      <section aria-labelledby="sum-appointment" className="summary-block">
        <h2 id="sum-appointment" className="h4">
          {t('book.summary.appointment')}
        </h2>
        <dl className="facts facts-inline">
          <dt>{t('booking.when')}</dt>
          <dd data-testid="summary-when">{formatDateTime(hold.start, lang)}</dd>
          <dt>{t('booking.desk')}</dt>
          <dd>{desk.status === 'ready' ? `${desk.data.name[lang]} – ${desk.data.office.name}` : '…'}</dd>
          <dt>{t('booking.channel')}</dt>
          <dd>{t(`desk.channel.${flow.channel ?? 'phone'}`)}</dd>
          {flow.station && (
            <>
              <dt>{t('desk.channel.station')}</dt>
              <dd data-testid="summary-station">{flow.station.name}, {flow.station.address}</dd>
            </>
          )}
          {flow.priority && (
            <>
              <dt>{t('booking.priority')}</dt>
              <dd>{t('booking.priorityYes')}</dd>
            </>
          )}
        </dl>
        {edit(STEP_PATH.slot, t('book.summary.appointment'))}
      </section>
      <section aria-labelledby="sum-person" className="summary-block">
        <h2 id="sum-person" className="h4">
          {t('book.summary.person')}
        </h2>
        <dl className="facts facts-inline">
          <dt>{t('form.taxCode.label')}</dt>
          <dd className="font-monospace">{personPayload(person).taxCode}</dd>
          <dt>{t('form.fullName.label')}</dt>
          <dd>{person.fullName}</dd>
          <dt>{t('form.phone.label')}</dt>
          <dd>{normalisePhone(person.phone) ?? person.phone}</dd>
          {person.email && (
            <>
              <dt>{t('form.email.label')}</dt>
              <dd>{person.email}</dd>
            </>
          )}
          {topic && (
            <>
              <dt>{t('form.topic.label')}</dt>
              <dd>{topic}</dd>
            </>
          )}
          {person.notes.trim() && (
            <>
              <dt>{t('form.notes.label')}</dt>
              <dd className="summary-notes">{person.notes.trim()}</dd>
            </>
          )}
        </dl>
        {edit(STEP_PATH.person, t('book.summary.person'))}
      </section>
      <ContactCode
        deskId={deskId}
        hold={{ id: hold.id, token: hold.token }}
        phone={normalisePhone(person.phone) ?? person.phone}
        email={person.email}
        onState={setVerification}
      />
      <div ref={errorRef} tabIndex={-1} className="focus-target">
        {error !== null && (
          <ProblemAlert error={error}>
            {problemCode(error) === 'already_booked' ? (
              <p className="mb-0 mt-2">
                <Link to="/prenotazione">{t('book.summary.manageExisting')}</Link>
              </p>
            ) : retryable ? (
              <p className="mb-0 mt-2">{t('book.summary.retrySafe')}</p>
            ) : released ? null : (
              <p className="mb-0 mt-2">{t('book.summary.cannotRetry')}</p>
            )}
          </ProblemAlert>
        )}
      </div>
      {!expired && retryable && (
        <div className="d-flex flex-wrap gap-3 mt-3">
          <button
            type="button"
            className="btn btn-primary btn-lg"
            onClick={() => void submit()}
            disabled={busy || verification === 'checking' || verification === 'needed'}
          >
            {busy ? t('book.summary.sending') : error ? t('book.summary.retry') : t('book.summary.confirm')}
          </button>
        </div>
      )}
    </FlowFrame>
  );
}

/** Step 8: the booking code, the PIN, what happens next, calendar file, print. */
export function DoneStep() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const flow = useFlow();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const result = flow.result;
  if (!result) return null;
  const { booking, pin } = result;
  const taxCode = personPayload(flow.person).taxCode;
  return (
    <FlowFrame step="done" title={t('done.title')}>
      <div className="alert alert-success done-box" role="status" tabIndex={-1} ref={ref}>
        <p className="fs-5 mb-2">{t('done.booked')}</p>
        <div className="done-secrets">
          <div>
            <p className="done-label mb-0">{t('booking.code')}</p>
            <p className="done-value mb-0" data-testid="done-code">
              {booking.code}
            </p>
          </div>
          <div>
            <p className="done-label mb-0">{t('done.pin')}</p>
            <p className="done-value mb-0" data-testid="done-pin">
              {pin}
            </p>
          </div>
        </div>
        <p className="mt-3 mb-0 fw-semibold">{t('done.keep')}</p>
      </div>
      <BookingDetails booking={booking} />
      <WhatNext booking={booking} station={flow.station} />
      <MessagesSent bookingKey={{ code: booking.code, taxCode }} />
      <div className="d-flex flex-wrap gap-3 mt-4 d-print-none">
        <CalendarButton bookingKey={{ code: booking.code, taxCode }} />
        <button type="button" className="btn btn-outline-primary" onClick={() => window.print()}>
          {t('done.print')}
        </button>
        <Link to="/prenotazione" className="btn btn-outline-primary">
          {t('done.manage')}
        </Link>
        <button
          type="button"
          className="btn btn-link"
          onClick={() => {
            resetFlow();
            navigate(STEP_PATH.province);
          }}
        >
          {t('done.another')}
        </button>
      </div>
    </FlowFrame>
  );
}
