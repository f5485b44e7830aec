import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import '../../video/i18n';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { formatDay, formatTime, romeDateOf } from '../../lib/time';
import type { Slot, SlotsResponse } from '../../api/types';
import { AdminApiError, call } from '../../staff/api';
import { ProblemMessage } from '../admin/ProblemMessage';
import { BookingDocuments } from './BookingDocuments';
import { DutyPanel } from './DutyPanel';
import { ManualDialHint, type ManualDial } from './ManualDialHint';
import { IDENTITY_WAIVERS, maskTaxCode, mmss, OUTCOMES, SERVED, type Agenda, type AgendaItem, type CallView, type History, type Outcome } from './operatorApi';

/** Reloads on every live event of the console (Server-Sent Events); falls back to polling. */
function useLiveAgenda() {
  const [agenda, setAgenda] = useState<Agenda | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);
  const [skew, setSkew] = useState(0);
  const [live, setLive] = useState(false);
  const load = useCallback(async () => {
    try {
      const a = await call<Agenda>('GET', '/api/staff/operator/agenda');
      setSkew(Date.parse(a.serverTime) - Date.now());
      setAgenda(a);
      setError(null);
    } catch (e) {
      setError(e instanceof AdminApiError ? e : new AdminApiError(0, null));
    }
  }, []);
  useEffect(() => {
    void load();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const es = typeof EventSource === 'function' ? new EventSource('/api/staff/operator/events') : null;
    const debounce = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 100);
    };
    es?.addEventListener('change', debounce);
    if (es) {
      es.onopen = () => setLive(true);
      es.onerror = () => setLive(false);
    }
    const poll = setInterval(() => void load(), 30_000);
    return () => {
      es?.close();
      clearInterval(poll);
      clearTimeout(timer);
    };
  }, [load]);
  return { agenda, error, reload: load, skew, live };
}

function useNow(skew: number): number {
  const [now, setNow] = useState(() => Date.now() + skew);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now() + skew), 1000);
    return () => clearInterval(t);
  }, [skew]);
  return now;
}

function StatusStrip({ agenda, now }: { agenda: Agenda; now: number }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const next = agenda.items.find((i) => i.bookingId === agenda.next);
  // Counted from the slot start: before it begins, the whole slot is left.
  const from = agenda.slotStartsAt ? Math.max(now, Date.parse(agenda.slotStartsAt)) : now;
  const left = agenda.slotEndsAt ? Math.max(0, (Date.parse(agenda.slotEndsAt) - from) / 1000) : null;
  const late = next && !agenda.current ? Math.max(0, Math.floor((now - Date.parse(next.nextAttemptAt ?? next.start)) / 60_000)) : agenda.delayMinutes;
  return (
    <dl className="op-status row g-2 mb-3">
      <div className="col-6 col-md-3">
        <dt>{t('operator.status.next')}</dt>
        <dd>{next ? `${formatTime(next.nextAttemptAt ?? next.start, lang)} · ${next.citizen.fullName ?? next.code}` : t('operator.status.nothing')}</dd>
      </div>
      <div className="col-6 col-md-3">
        <dt>{t('operator.status.timeLeft')}</dt>
        <dd data-testid="time-left">{left === null ? '—' : mmss(left)}</dd>
      </div>
      <div className="col-6 col-md-3">
        <dt>{t('operator.status.delay')}</dt>
        <dd className={late > 0 ? 'text-danger fw-semibold' : undefined}>{late > 0 ? t('operator.status.late', { count: late }) : t('operator.status.onTime')}</dd>
      </div>
      <div className="col-6 col-md-3">
        <dt>{t('operator.status.progress')}</dt>
        <dd>{t('operator.status.done', { done: agenda.done, total: agenda.total })}</dd>
      </div>
    </dl>
  );
}

function AgendaTable({ agenda, selected, select }: { agenda: Agenda; selected: string | null; select: (id: string) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <div className="table-responsive">
      <table className="table table-sm align-middle">
        <caption>{t('operator.agenda.caption', { count: agenda.items.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('operator.agenda.time')}</th>
            <th scope="col">{t('operator.agenda.citizen')}</th>
            <th scope="col">{t('operator.agenda.code')}</th>
            <th scope="col">{t('operator.agenda.state')}</th>
            <th scope="col"><span className="visually-hidden">{t('operator.agenda.open')}</span></th>
          </tr>
        </thead>
        <tbody>
          {agenda.items.map((i) => (
            <tr key={i.bookingId} className={i.bookingId === selected ? 'fw-semibold' : undefined} style={i.bookingId === selected ? { boxShadow: 'inset 4px 0 0 #0066cc' } : undefined} aria-current={i.bookingId === selected ? 'true' : undefined}>
              <td>{formatTime(i.start, lang)}</td>
              <td>
                {i.citizen.fullName}
                {i.citizen.channel === 'video' && <span className="badge bg-primary ms-1" data-testid="video-badge">{t('operator.agenda.video')}</span>}
                {i.citizen.channel === 'video' && i.bookingActive && i.state !== 'done' && (
                  <Link to={`/operatore/video/${i.bookingId}`} className="btn btn-primary btn-xs btn-sm ms-2" data-testid="video-join"
                    aria-label={t('video.joinFor', { name: i.citizen.fullName ?? i.code })}>{t('video.join')}</Link>
                )}
                {i.citizen.station && <span className="badge bg-secondary ms-1" data-testid="station-badge">{t('operator.agenda.station', { comune: i.citizen.station })}</span>}
                {i.citizen.phoneInstead && <span className="badge bg-warning text-dark ms-1" data-testid="phone-instead-badge">{t('operator.agenda.phoneInstead')}</span>}
                {i.citizen.priority && <span className="badge bg-warning text-dark ms-1">{t('operator.agenda.priority')}</span>}
                {i.flagged && <span className="badge bg-danger ms-1">{t('operator.agenda.flagged')}</span>}
              </td>
              <td><code>{i.code}</code></td>
              <td>
                {t(`operator.state.${i.state}`)}
                {i.state === 'retry' && i.nextAttemptAt && ` · ${formatTime(i.nextAttemptAt, lang)}`}
                {i.outcome && ` · ${t(`operator.outcome.${i.outcome}`)}`}
              </td>
              <td>
                <button type="button" className="btn btn-outline-primary btn-xs btn-sm" onClick={() => select(i.bookingId)} aria-label={t('operator.agenda.openFor', { name: i.citizen.fullName ?? i.code })}>
                  {t('operator.agenda.open')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CallStatus({ c, now }: { c: CallView; now: number }) {
  const { t } = useTranslation();
  const running = c.state === 'answered' && c.answeredAt ? (now - Date.parse(c.answeredAt)) / 1000 : null;
  return (
    <p className="mb-2" role="status" aria-live="polite" data-testid="call-state">
      <strong>{t(c.state === 'requested' ? `operator.call.requested.${c.adapter === 'manual' ? 'manual' : c.adapter === 'simulated' ? 'simulated' : 'pbx'}` : `operator.call.state.${c.state}`)}</strong>
      {c.cause && (c.state === 'failed' || c.state === 'ended') && ` (${t(`operator.call.cause.${c.cause.split(':')[0]}`, { defaultValue: c.cause })})`}
      {running !== null && ` · ${mmss(running)}`}
      {c.talkSeconds !== null && c.state !== 'answered' && ` · ${t('operator.call.talk', { time: mmss(c.talkSeconds) })}`}
      {' · '}
      {t(`operator.adapter.${c.adapter}`)}
    </p>
  );
}

function IdentityForm({ item, onDone }: { item: AgendaItem; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const [taxCode, setTaxCode] = useState('');
  const [pin, setPin] = useState('');
  const [result, setResult] = useState<{ verified: boolean; result: string; attemptsLeft: number | null; flagged: boolean } | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);
  const cf = useId();
  const pinId = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setResult(await call('POST', `/api/staff/agenda/bookings/${item.bookingId}/identity`, { taxCode, pin }));
      setPin('');
      await onDone();
    } catch (err) {
      setError(err as AdminApiError);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="mb-3" aria-labelledby={`${cf}-h`}>
      <h3 id={`${cf}-h`} className="h6">{t('operator.identity.title')}</h3>
      {item.identityVerified && <p className="text-success">{t('operator.identity.already')}</p>}
      <div className="row g-2 align-items-end">
        <div className="col-sm-5">
          <label htmlFor={cf} className="form-label">{t('operator.identity.taxCode')}</label>
          <input id={cf} type="password" className="form-control" autoComplete="off" spellCheck={false} value={taxCode} onChange={(e) => setTaxCode(e.target.value)} aria-describedby={`${cf}-m`} />
          <small id={`${cf}-m`} className="form-text" data-testid="masked-cf">{taxCode ? maskTaxCode(taxCode) : t('operator.identity.taxCodeHelp')}</small>
        </div>
        <div className="col-sm-3">
          <label htmlFor={pinId} className="form-label">{t('operator.identity.pin')}</label>
          <input id={pinId} type="password" inputMode="numeric" className="form-control" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
        </div>
        <div className="col-sm-4">
          <button type="submit" className="btn btn-primary" disabled={!taxCode || !pin}>{t('operator.identity.check')}</button>
        </div>
      </div>
      <div aria-live="polite">
        {result && (
          <p className={`mt-2 ${result.verified ? 'text-success' : 'text-danger'}`} data-testid="identity-result">
            {t(`operator.identity.result.${result.result}`, { count: result.attemptsLeft ?? 0 })}
            {result.flagged && ` ${t('operator.identity.flagged')}`}
          </p>
        )}
      </div>
      {error && <ProblemMessage error={error} />}
    </form>
  );
}

/** A free slot of the follow-up desk, picked from its real availability (never a typed time). */
function FollowUpSlots({ deskId, value, onChange }: { deskId: string; value: string; onChange: (start: string) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [failed, setFailed] = useState(false);
  const name = useId();
  useEffect(() => {
    let live = true;
    setSlots(null);
    setFailed(false);
    call<SlotsResponse>('GET', `/api/desks/${encodeURIComponent(deskId)}/slots?channel=phone`).then(
      (r) => live && setSlots(r.days.flatMap((d) => d.slots).filter((x) => (x.state ?? 'open') === 'open' && x.remaining > 0).slice(0, 9)),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [deskId]);
  return (
    <fieldset className="mt-2" aria-busy={slots === null && !failed ? true : undefined}>
      <legend className="form-label fs-6">{t('operator.outcome.followUpSlot')}</legend>
      {failed && <p className="text-danger mb-0">{t('operator.outcome.slotsFailed')}</p>}
      {slots === null && !failed && <p className="mb-0">{t('operator.outcome.slotsLoading')}</p>}
      {slots?.length === 0 && <p className="mb-0">{t('operator.outcome.slotsNone')}</p>}
      <div className="d-flex flex-wrap gap-2">
        {slots?.map((x, i) => (
          <div className="form-check" key={x.start}>
            <input className="form-check-input" type="radio" name={name} id={`${name}-${i}`} value={x.start} checked={value === x.start} onChange={() => onChange(x.start)} />
            <label className="form-check-label" htmlFor={`${name}-${i}`}>
              {formatDay(romeDateOf(x.start), lang)} {formatTime(x.start, lang)}–{formatTime(x.end, lang)}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function OutcomeForm({ item, agenda, onDone }: { item: AgendaItem; agenda: Agenda; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [notes, setNotes] = useState('');
  const [instructions, setInstructions] = useState('');
  const [documents, setDocuments] = useState<string[]>([]);
  const [waiver, setWaiver] = useState('');
  const desk = agenda.desks.find((d) => d.deskId === item.deskId);
  const followUpDesks = useMemo(() => {
    const own = agenda.desks.filter((d) => d.onDuty);
    const second = desk?.secondLevelDeskId;
    return second && !own.some((d) => d.deskId === second) ? [{ deskId: second, label: t('operator.outcome.secondLevelDesk') }, ...own.map((d) => ({ deskId: d.deskId, label: `${d.officeName} – ${lang === 'en' ? d.nameEn : d.name}` }))]
      : own.map((d) => ({ deskId: d.deskId, label: `${d.officeName} – ${lang === 'en' ? d.nameEn : d.name}` }));
  }, [agenda.desks, desk, lang, t]);
  const [deskId, setDeskId] = useState(desk?.secondLevelDeskId ?? followUpDesks[0]?.deskId ?? '');
  const [start, setStart] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);
  const id = useId();
  const c = item.lastCall;
  // What the last call allows: the form offers nothing the server would refuse.
  const over = !!c && (c.state === 'ended' || c.state === 'failed');
  const connected = over && !!c.answeredAt;
  const allowed = (o: Outcome) => over && (o === 'no_answer' ? !connected : o === 'wrong_number' ? true : connected);
  const needsWaiver = !!outcome && SERVED.includes(outcome) && !item.identityVerified;
  const ready = !!outcome && allowed(outcome) && (!needsWaiver || !!waiver)
    && (outcome !== 'needs_documents' || documents.length > 0) && (outcome !== 'second_level' || !!start);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!outcome || !ready) return;
    setError(null);
    try {
      const body: Record<string, unknown> = { outcome };
      if (notes.trim()) body.notes = notes;
      if (needsWaiver) body.identityWaiver = waiver;
      if (outcome === 'needs_documents') {
        body.documents = documents;
        if (instructions.trim()) body.instructions = instructions;
      }
      if (outcome === 'second_level') body.followUp = { deskId, start };
      const r = await call<{ state: string; nextAttemptAt: string | null; followUp: { code: string } | null }>('POST', `/api/staff/agenda/bookings/${item.bookingId}/outcome`, body);
      setMessage(r.state === 'retry' ? t('operator.outcome.retryAt', { time: formatTime(r.nextAttemptAt!, lang) }) : r.followUp ? t('operator.outcome.followUp', { code: r.followUp.code }) : t('operator.outcome.saved'));
      setOutcome('');
      setNotes('');
      await onDone();
    } catch (err) {
      setError(err as AdminApiError);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="mb-3">
      <fieldset aria-describedby={`${id}-why`}>
        <legend className="h6">{t('operator.outcome.title')}</legend>
        <p id={`${id}-why`} className="small mb-1">
          {!c ? t('operator.outcome.afterCall') : !over ? t('operator.outcome.afterCall') : connected ? t('operator.outcome.connected') : t('operator.outcome.notConnected')}
        </p>
        <div className="d-flex flex-wrap gap-3">
          {OUTCOMES.map((o) => (
            <div className="form-check" key={o}>
              <input className="form-check-input" type="radio" name={`${id}-o`} id={`${id}-${o}`} value={o} checked={outcome === o} disabled={!allowed(o)} onChange={() => setOutcome(o)} />
              <label className="form-check-label" htmlFor={`${id}-${o}`}>{t(`operator.outcome.${o}`)}</label>
            </div>
          ))}
        </div>
      </fieldset>
      {needsWaiver && (
        <div className="alert alert-warning mt-2 mb-0" data-testid="identity-waiver">
          <p className="mb-2">{t('operator.outcome.identityFirst')}</p>
          <label htmlFor={`${id}-w`} className="form-label">{t('operator.outcome.waiver')}</label>
          <select id={`${id}-w`} className="form-select" value={waiver} onChange={(e) => setWaiver(e.target.value)}>
            <option value="">{t('operator.outcome.waiverChoose')}</option>
            {IDENTITY_WAIVERS.map((w) => <option key={w} value={w}>{t(`operator.waiver.${w}`)}</option>)}
          </select>
        </div>
      )}
      {outcome === 'needs_documents' && (
        <fieldset className="mt-2">
          <legend className="form-label fs-6">{t('operator.outcome.documents')}</legend>
          {(desk?.documents ?? []).map((d) => (
            <div className="form-check" key={d.key}>
              <input className="form-check-input" type="checkbox" id={`${id}-doc-${d.key}`} checked={documents.includes(d.key)}
                onChange={(e) => setDocuments(e.target.checked ? [...documents, d.key] : documents.filter((k) => k !== d.key))} />
              <label className="form-check-label" htmlFor={`${id}-doc-${d.key}`}>{lang === 'en' ? d.en : d.it}</label>
            </div>
          ))}
          <label htmlFor={`${id}-i`} className="form-label mt-2">{t('operator.outcome.instructions')}</label>
          <textarea id={`${id}-i`} className="form-control" rows={2} maxLength={2000} value={instructions} onChange={(e) => setInstructions(e.target.value)} />
          <small className="form-text">{t('operator.outcome.documentsSent')}</small>
        </fieldset>
      )}
      {outcome === 'second_level' && (
        <div className="mt-2">
          <label htmlFor={`${id}-d`} className="form-label">{t('operator.outcome.followUpDesk')}</label>
          <select id={`${id}-d`} className="form-select" value={deskId} onChange={(e) => { setDeskId(e.target.value); setStart(''); }}>
            {followUpDesks.map((d) => <option key={d.deskId} value={d.deskId}>{d.label}</option>)}
          </select>
          {deskId && <FollowUpSlots deskId={deskId} value={start} onChange={setStart} />}
          <small className="form-text">{t('operator.outcome.followUpSent')}</small>
        </div>
      )}
      <div className="mt-2">
        <label htmlFor={`${id}-n`} className="form-label">{t('operator.outcome.notes')}</label>
        <textarea id={`${id}-n`} className="form-control" rows={2} maxLength={2000} value={notes} onChange={(e) => setNotes(e.target.value)} aria-describedby={`${id}-c`} />
        <small id={`${id}-c`} className="form-text">{t('operator.outcome.chars', { count: 2000 - notes.length })}</small>
      </div>
      <button type="submit" className="btn btn-primary mt-2" disabled={!ready}>{t('operator.outcome.save')}</button>
      <div aria-live="polite">{message && <p className="mt-2 text-success" data-testid="outcome-message">{message}</p>}</div>
      {error && <ProblemMessage error={error} />}
    </form>
  );
}

function HistoryList({ bookingId, version }: { bookingId: string; version: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [h, setH] = useState<History | null>(null);
  useEffect(() => {
    let live = true;
    call<History>('GET', `/api/staff/agenda/bookings/${bookingId}/history`).then((x) => live && setH(x), () => undefined);
    return () => {
      live = false;
    };
  }, [bookingId, version]);
  if (!h) return null;
  return (
    <details className="mb-2" open>
      <summary className="h6">{t('operator.history.title')}</summary>
      <ol className="small" data-testid="history">
        {h.steps.map((s, i) => (
          <li key={i}>
            {formatTime(s.at, lang)} — {t(`operator.history.kind.${s.kind}`, { defaultValue: s.kind })}
            {s.detail ? ` (${s.kind === 'identity_not_verified' ? t(`operator.waiver.${s.detail}`, { defaultValue: s.detail }) : s.detail})` : ''} · {s.actor.replace(/^staff:/, '')}
          </li>
        ))}
      </ol>
    </details>
  );
}

function CallPanel({ item, agenda, reload, now, onNext }: { item: AgendaItem; agenda: Agenda; reload: () => Promise<void>; now: number; onNext: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [error, setError] = useState<AdminApiError | null>(null);
  const [dial, setDial] = useState<ManualDial | null>(null);
  const c = item.lastCall;
  const busy = item.state === 'calling' || item.state === 'in_call';
  const start = async (manual = false) => {
    setError(null);
    try {
      const r = await call<{ call: CallView; manual: ManualDial | null }>('POST', '/api/staff/calls', manual ? { bookingId: item.bookingId, adapter: 'manual' } : { bookingId: item.bookingId });
      setDial(r.manual);
      await reload();
    } catch (err) {
      setError(err as AdminApiError);
    }
  };
  const act = async (path: string, body?: unknown) => {
    setError(null);
    try {
      await call('POST', path, body ?? {});
      await reload();
    } catch (err) {
      setError(err as AdminApiError);
    }
  };
  const unavailable = error?.problem?.code === 'telephony_unavailable';
  // Calls only inside the booking's window (the server refuses the others).
  const tooEarly = !!item.callFrom && now < Date.parse(item.callFrom);
  const tooLate = !!item.callUntil && now > Date.parse(item.callUntil);
  const callable = !tooEarly && !tooLate;
  const manualOffice = agenda.desks.find((d) => d.deskId === item.deskId)?.adapter === 'manual';
  const headingRef = useRef<HTMLHeadingElement>(null);
  return (
    <section aria-labelledby="op-call" className="card card-bg p-3 mb-4">
      <h2 id="op-call" className="h4" tabIndex={-1} ref={headingRef}>
        {item.citizen.fullName} <small className="text-muted">· <code>{item.code}</code></small>
      </h2>
      <p className="mb-2">
        {formatTime(item.start, lang)}–{formatTime(item.end, lang)} · {t('operator.call.phone')}: <a href={`tel:${item.citizen.phone ?? ''}`}>{item.citizen.phone}</a>
        {item.citizen.topic && ` · ${t('operator.call.topic')}: ${item.citizen.topic}`}
        {' · '}{t('operator.call.attempts', { count: item.callsMade })}
      </p>
      {item.citizen.notes && <p className="small">{t('operator.call.citizenNotes')}: {item.citizen.notes}</p>}
      {c && <CallStatus c={c} now={now} />}
      {error && (unavailable ? (
        <div className="alert alert-danger" role="alert">
          <p className="mb-2">{currentLang() === 'en' ? error.problem!.messages.en : error.problem!.messages.it}</p>
          <button type="button" className="btn btn-primary btn-sm" onClick={() => void start(true)}>{t('operator.call.useManual')}</button>
        </div>
      ) : <ProblemMessage error={error} />)}
      {dial && c?.adapter === 'manual' && busy && <ManualDialHint manual={dial} />}
      {item.state !== 'done' && !busy && tooEarly && <p className="mb-2" data-testid="call-window">{t('operator.call.from', { time: formatTime(item.callFrom!, lang) })}</p>}
      {item.state !== 'done' && !busy && tooLate && <p className="mb-2 text-danger" data-testid="call-window">{t('operator.call.windowOver')}</p>}
      <div className="d-flex flex-wrap gap-2 mb-3">
        {item.state !== 'done' && !busy && (manualOffice ? (
          <button type="button" className="btn btn-success" disabled={!callable} onClick={() => void start(true)}>{t('operator.call.call')}</button>
        ) : (
          <>
            <button type="button" className="btn btn-success" disabled={!callable} onClick={() => void start()}>{t('operator.call.call')}</button>
            <button type="button" className="btn btn-outline-secondary" disabled={!callable} onClick={() => void start(true)}>{t('operator.call.callManual')}</button>
          </>
        ))}
        {busy && c?.adapter === 'manual' && c.state !== 'answered' && (
          <>
            <button type="button" className="btn btn-success" onClick={() => void act(`/api/staff/calls/${c.id}/manual`, { mark: 'answered' })}>{t('operator.call.markAnswered')}</button>
            <button type="button" className="btn btn-outline-danger" onClick={() => void act(`/api/staff/calls/${c.id}/manual`, { mark: 'not_answered' })}>{t('operator.call.markNotAnswered')}</button>
          </>
        )}
        {busy && c && (
          <button type="button" className="btn btn-danger" onClick={() => void act(c.adapter === 'manual' && c.state === 'answered' ? `/api/staff/calls/${c.id}/manual` : `/api/staff/calls/${c.id}/hangup`, c.adapter === 'manual' && c.state === 'answered' ? { mark: 'ended' } : undefined)}>
            {t('operator.call.hangUp')}
          </button>
        )}
      </div>
      {item.state !== 'done' && item.bookingActive && (c?.state === 'answered'
        ? <IdentityForm item={item} onDone={reload} />
        : !item.identityVerified && <p className="small" data-testid="identity-when">{t('operator.identity.when')}</p>)}
      {item.state !== 'done' && item.identityVerified && c?.state !== 'answered' && <p className="text-success small">{t('operator.identity.already')}</p>}
      {item.state !== 'done' && !busy && <OutcomeForm item={item} agenda={agenda} onDone={reload} />}
      {item.state === 'done' && <p className="text-success">{t('operator.outcome.closed', { outcome: t(`operator.outcome.${item.outcome}`) })}</p>}
      {(item.state === 'done' || item.state === 'retry') && agenda.next && agenda.next !== item.bookingId && (
        <button type="button" className="btn btn-primary mb-3" onClick={onNext}>{t('operator.call.next')}</button>
      )}
      <HistoryList bookingId={item.bookingId} version={`${item.state}:${c?.state ?? ''}:${item.identityFailures}:${item.attempts}:${item.identityVerified}`} />
      <BookingDocuments bookingId={item.bookingId} version={`${item.state}:${item.outcome ?? ''}`} />
    </section>
  );
}

/** The operator's console: duty, the day's agenda, one click to call, identity check, outcome. */
export default function ConsolePage() {
  const { t } = useTranslation();
  useTitle(t('operator.console.title'));
  const { agenda, error, reload, skew, live } = useLiveAgenda();
  const now = useNow(skew);
  const [selected, setSelected] = useState<string | null>(null);
  const chosen = useMemo(() => {
    if (!agenda) return null;
    return agenda.items.find((i) => i.bookingId === (selected ?? agenda.current ?? agenda.next)) ?? null;
  }, [agenda, selected]);
  // The panel stays on the booking being handled until the operator moves on.
  useEffect(() => {
    if (!selected && chosen) setSelected(chosen.bookingId);
  }, [selected, chosen]);
  if (!agenda) return error ? <ProblemMessage error={error} /> : <p>{t('operator.loading')}</p>;
  return (
    <>
      <h1 className="h2">{t('operator.console.title')}</h1>
      <p className="small text-muted">{live ? t('operator.console.live') : t('operator.console.notLive')}</p>
      <DutyPanel agenda={agenda} reload={reload} />
      <StatusStrip agenda={agenda} now={now} />
      <div className="row">
        <div className="col-lg-6">
          <section aria-labelledby="op-agenda">
            <h2 id="op-agenda" className="h5">{t('operator.agenda.title')}</h2>
            {agenda.items.length === 0 ? <p>{t('operator.agenda.empty')}</p> : <AgendaTable agenda={agenda} selected={chosen?.bookingId ?? null} select={setSelected} />}
          </section>
        </div>
        <div className="col-lg-6">{chosen && <CallPanel key={chosen.bookingId} item={chosen} agenda={agenda} reload={reload} now={now} onNext={() => setSelected(agenda.next)} />}</div>
      </div>
    </>
  );
}
