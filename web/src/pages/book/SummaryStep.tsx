import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { createBooking, keyFor } from '../../api/booking';
import { AdminApiError, problemCode } from '../../api/client';
import { getFlow, updateFlow, useFlow, writeManageKey } from '../../booking/flow';
import { HoldCountdown } from '../../booking/HoldCountdown';
import { ContactCode, type VerificationState } from '../../booking/ContactCode';
import { useCitizenSession } from '../../api/citizenSession';
import { ProblemAlert } from '../../booking/ProblemAlert';
import { normalisePhone, personPayload, serverFieldErrors } from '../../booking/validation';
import { currentLang } from '../../i18n';
import { formatDateTime } from '../../lib/time';
import { FlowFrame, STEP_PATH } from './FlowFrame';
import { useDesk, useHoldExpired } from './holdShared';
import { HoldLost, HoldReleased } from './HoldNotices';

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
      if (e instanceof AdminApiError && e.kind === 'rejected' && (e.problem?.fields?.length || code === 'consent_required')) {
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
  const retryable = error === null || (error instanceof AdminApiError && (error.kind === 'network' || error.kind === 'server' || error.status === 429));
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
