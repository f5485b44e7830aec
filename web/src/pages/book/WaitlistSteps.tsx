import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { acceptWaitlistOffer, joinWaitlist, keyFor, leaveWaitlist, waitlistStatus } from '../../api/booking';
import { AdminApiError, problemCode } from '../../api/client';
import type { WaitlistState } from '../../api/types';
import { useApiRead } from '../../api/useApiRead';
import { getFlow, updateFlow, useFlow, writeManageKey } from '../../booking/flow';
import { ErrorSummary, PersonFields, usePersonForm } from '../../booking/PersonFields';
import { ProblemAlert } from '../../booking/ProblemAlert';
import { personPayload, serverFieldErrors } from '../../booking/validation';
import { Crumbs } from '../../components/Crumbs';
import { InlineError, Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import { currentLang, langPrefix } from '../../i18n';
import { formatDateTime } from '../../lib/time';
import { FlowFrame, STEP_PATH } from './FlowFrame';

export function waitlistPath(entryId: string, token: string): string {
  return `/lista-attesa/${encodeURIComponent(entryId)}#${encodeURIComponent(token)}`;
}

/** Everything is full: leave your details and get the first place that frees up. */
export function WaitlistJoinStep({ deskId, channel }: { deskId: string; channel: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const navigate = useNavigate();
  const flow = useFlow();
  const desk = useApiRead('/api/desks/{id}', { path: { id: deskId } });
  const topics = desk.status === 'ready' ? desk.data.topics : [];
  const api = usePersonForm(topics);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [showSummary, setShowSummary] = useState(false);
  const [joinKey, setJoinKey] = useState<{ key: string; body: string } | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  const submit = async () => {
    const s = getFlow();
    const body = {
      ...personPayload(s.person),
      channel,
      language: lang,
      consent: true as const,
      ...(s.priority ? { priority: true } : {}),
    };
    const k = keyFor(joinKey, body);
    setJoinKey(k);
    setBusy(true);
    setError(null);
    try {
      const entry = await joinWaitlist(deskId, body, k.key);
      updateFlow({ waitlist: { entryId: entry.entryId, token: entry.token, position: entry.position, deskId } });
      navigate(waitlistPath(entry.entryId, entry.token), { state: { joined: true, confirmation: entry.confirmation } });
    } catch (e) {
      if (e instanceof AdminApiError && e.kind === 'rejected' && e.problem?.fields?.length) {
        api.setServerErrors(serverFieldErrors(e.problem.fields, lang));
      } else {
        setError(e);
        window.setTimeout(() => errorRef.current?.focus(), 0);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <FlowFrame
      step="slot"
      title={t('waitlist.joinTitle')}
      lead={desk.status === 'ready' ? t('waitlist.joinLead', { desk: desk.data.name[lang], office: desk.data.office.name }) : null}
    >
      <p>
        <Link to={STEP_PATH.slot}>{t('waitlist.backToSlots')}</Link>
      </p>
      {flow.waitlist && flow.waitlist.deskId === deskId && (
        <div className="alert alert-info">
          <Link to={waitlistPath(flow.waitlist.entryId, flow.waitlist.token)}>{t('waitlist.alreadyJoined')}</Link>
        </div>
      )}
      <form
        className="sp-form person-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setShowSummary(true);
          if (api.validateAll()) void submit();
        }}
      >
        {showSummary && <ErrorSummary api={api} />}
        <p className="text-muted-strong">{t('form.requiredNote')}</p>
        <PersonFields api={api} topics={topics} />
        <div ref={errorRef} tabIndex={-1} className="focus-target mt-3">
          {error !== null && (
            <ProblemAlert error={error}>
              {problemCode(error) === 'places_available' && (
                <p className="mb-0 mt-2">
                  <Link to={STEP_PATH.slot}>{t('waitlist.seePlaces')}</Link>
                </p>
              )}
            </ProblemAlert>
          )}
        </div>
        <button type="submit" className="btn btn-primary mt-3" disabled={busy}>
          {busy ? t('book.summary.sending') : t('waitlist.joinButton')}
        </button>
      </form>
    </FlowFrame>
  );
}

/** /lista-attesa/:id#token — where the citizen follows their place on the waiting list. */
export function WaitlistPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const navigate = useNavigate();
  const { entryId = '' } = useParams();
  const location = useLocation();
  const flow = useFlow();
  const fromHash = decodeURIComponent(location.hash.replace(/^#/, ''));
  const token = fromHash || (flow.waitlist?.entryId === entryId ? flow.waitlist.token : '');
  const [state, setState] = useState<{ status: 'loading' } | { status: 'ready'; data: WaitlistState } | { status: 'error'; error: unknown }>({
    status: 'loading',
  });
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const arrival = location.state as { joined?: boolean; confirmation?: string[] } | null;
  const joined = arrival?.joined === true;
  const confirmation = arrival?.confirmation ?? [];
  useTitle(t('waitlist.title'));

  const load = useCallback(async () => {
    if (!token) return;
    setState({ status: 'loading' });
    try {
      setState({ status: 'ready', data: await waitlistStatus(entryId, token) });
    } catch (e) {
      setState({ status: 'error', error: e });
    }
  }, [entryId, token]);

  useEffect(() => {
    void load();
  }, [load]);

  // Keep the link in this tab, so that the booking pages can lead back to it.
  useEffect(() => {
    if (token && getFlow().waitlist?.entryId !== entryId) updateFlow({ waitlist: { entryId, token, position: 0, deskId: '' } });
  }, [entryId, token]);

  const link = `${window.location.origin}${langPrefix(currentLang())}${waitlistPath(entryId, token)}`;

  const accept = async () => {
    setBusy(true);
    setActionError(null);
    try {
      const result = await acceptWaitlistOffer(entryId, token);
      updateFlow({ result, hold: null });
      const taxCode = getFlow().person.taxCode;
      if (taxCode) writeManageKey({ code: result.booking.code, taxCode: taxCode.toUpperCase().replace(/\s+/g, '') });
      navigate(STEP_PATH.done);
    } catch (e) {
      setActionError(e);
      void load();
    } finally {
      setBusy(false);
    }
  };

  const leave = async () => {
    setBusy(true);
    setActionError(null);
    try {
      await leaveWaitlist(entryId, token);
      await load();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="container-xxl app-container py-4">
      <Crumbs items={[{ label: t('waitlist.title') }]} />
      <h1 className="mb-3">{t('waitlist.title')}</h1>
      {!token ? (
        <div className="alert alert-warning" role="alert">
          {t('waitlist.noToken')}
        </div>
      ) : (
        <>
          {joined && (
            <div className="alert alert-success" role="status">
              <p className="mb-0">{t('waitlist.joined')}</p>
              <p className="mb-0">
                {confirmation.length
                  ? t('waitlist.confirmationQueued', { channels: confirmation.map((c) => t(`waitlist.channel.${c}`)).join(', ') })
                  : t('waitlist.noConfirmation')}
              </p>
            </div>
          )}
          <section className="bookmark-box mb-4" aria-labelledby="bookmark-title">
            <h2 id="bookmark-title" className="h5">
              {t('waitlist.bookmarkTitle')}
            </h2>
            <p>{t('waitlist.bookmarkText')}</p>
            <p className="bookmark-link">
              <a href={link} data-testid="waitlist-link">
                {link}
              </a>
            </p>
            {state.status === 'ready' && state.data.code && (
              <p className="mb-0">
                {t('waitlist.codeLabel')} <strong className="booking-code">{state.data.code}</strong>. {t('waitlist.codeText')}
              </p>
            )}
          </section>
          {state.status === 'loading' ? (
            <Loading inline />
          ) : state.status === 'error' ? (
            state.error instanceof AdminApiError && state.error.kind === 'rejected' ? (
              <ProblemAlert error={state.error} />
            ) : (
              <InlineError error={state.error instanceof AdminApiError ? state.error : new AdminApiError(0, null, 'server')} retry={() => void load()} />
            )
          ) : (
            <section aria-labelledby="wl-status" data-testid="waitlist-status" data-status={state.data.status}>
              <h2 id="wl-status" className="h4">
                {t(`waitlist.status.${state.data.status}`)}
              </h2>
              {state.data.status === 'waiting' && <p className="fs-5">{t('waitlist.position', { count: state.data.position })}</p>}
              {state.data.status === 'waiting' && <p>{t('waitlist.waitingText')}</p>}
              {state.data.status === 'offered' && state.data.offer && (
                <div className="alert alert-success">
                  <p className="fs-5 mb-2">{t('waitlist.offer', { when: formatDateTime(state.data.offer.start, lang) })}</p>
                  <p>{t('waitlist.offerUntil', { when: formatDateTime(state.data.offer.expiresAt, lang) })}</p>
                  <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void accept()}>
                    {t('waitlist.accept')}
                  </button>
                </div>
              )}
              {state.data.status === 'booked' && (
                <p>
                  {t('waitlist.bookedText')} <Link to="/prenotazione">{t('done.manage')}</Link>
                </p>
              )}
              {(state.data.status === 'expired' || state.data.status === 'left') && (
                <p>
                  {t(`waitlist.${state.data.status}Text`)} <Link to="/prenota">{t('waitlist.bookAgain')}</Link>
                </p>
              )}
              {actionError !== null && <ProblemAlert error={actionError} />}
              <div className="d-flex flex-wrap gap-3 mt-3">
                <button type="button" className="btn btn-outline-primary" disabled={busy} onClick={() => void load()}>
                  {t('waitlist.refresh')}
                </button>
                {(state.data.status === 'waiting' || state.data.status === 'offered') && (
                  <button type="button" className="btn btn-outline-danger" disabled={busy} onClick={() => void leave()}>
                    {t('waitlist.leave')}
                  </button>
                )}
              </div>
            </section>
          )}
        </>
      )}
    </div>
  );
}
