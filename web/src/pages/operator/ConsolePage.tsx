import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { formatTime } from '../../lib/time';
import { AdminApiError, call } from '../../staff/api';
import { ProblemMessage } from '../admin/ProblemMessage';
import { DutyPanel } from './DutyPanel';
import { ManualDialHint, type ManualDial } from './ManualDialHint';
import { maskTaxCode, mmss, OUTCOMES, type Agenda, type AgendaItem, type CallView, type History, type Outcome } from './operatorApi';

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
  const left = agenda.slotEndsAt ? Math.max(0, (Date.parse(agenda.slotEndsAt) - now) / 1000) : null;
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
      <strong>{t(`operator.call.state.${c.state}`)}</strong>
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

function OutcomeForm({ item, desks, onDone }: { item: AgendaItem; desks: Agenda['desks']; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [notes, setNotes] = useState('');
  const [instructions, setInstructions] = useState('');
  const [deskId, setDeskId] = useState(desks[0]?.deskId ?? '');
  const [start, setStart] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!outcome) return;
    setError(null);
    try {
      const body: Record<string, unknown> = { outcome };
      if (notes.trim()) body.notes = notes;
      if (outcome === 'needs_documents') body.instructions = instructions;
      if (outcome === 'second_level' && start) body.followUp = { deskId, start: new Date(start).toISOString() };
      const r = await call<{ state: string; nextAttemptAt: string | null; followUp: { code: string } | null }>('POST', `/api/staff/agenda/bookings/${item.bookingId}/outcome`, body);
      setMessage(r.state === 'retry' ? t('operator.outcome.retryAt', { time: formatTime(r.nextAttemptAt!, currentLang()) }) : r.followUp ? t('operator.outcome.followUp', { code: r.followUp.code }) : t('operator.outcome.saved'));
      setOutcome('');
      setNotes('');
      await onDone();
    } catch (err) {
      setError(err as AdminApiError);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="mb-3">
      <fieldset>
        <legend className="h6">{t('operator.outcome.title')}</legend>
        <div className="d-flex flex-wrap gap-3">
          {OUTCOMES.map((o) => (
            <div className="form-check" key={o}>
              <input className="form-check-input" type="radio" name={`${id}-o`} id={`${id}-${o}`} value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
              <label className="form-check-label" htmlFor={`${id}-${o}`}>{t(`operator.outcome.${o}`)}</label>
            </div>
          ))}
        </div>
      </fieldset>
      {outcome === 'needs_documents' && (
        <div className="mt-2">
          <label htmlFor={`${id}-i`} className="form-label">{t('operator.outcome.instructions')}</label>
          <textarea id={`${id}-i`} className="form-control" rows={2} maxLength={2000} value={instructions} onChange={(e) => setInstructions(e.target.value)} />
        </div>
      )}
      {outcome === 'second_level' && (
        <div className="row g-2 mt-1">
          <div className="col-sm-6">
            <label htmlFor={`${id}-d`} className="form-label">{t('operator.outcome.followUpDesk')}</label>
            <select id={`${id}-d`} className="form-select" value={deskId} onChange={(e) => setDeskId(e.target.value)}>
              {desks.map((d) => <option key={d.deskId} value={d.deskId}>{`${d.officeName} – ${d.name}`}</option>)}
            </select>
          </div>
          <div className="col-sm-6">
            <label htmlFor={`${id}-s`} className="form-label">{t('operator.outcome.followUpStart')}</label>
            <input id={`${id}-s`} type="datetime-local" className="form-control" value={start} onChange={(e) => setStart(e.target.value)} />
          </div>
        </div>
      )}
      <div className="mt-2">
        <label htmlFor={`${id}-n`} className="form-label">{t('operator.outcome.notes')}</label>
        <textarea id={`${id}-n`} className="form-control" rows={2} maxLength={2000} value={notes} onChange={(e) => setNotes(e.target.value)} aria-describedby={`${id}-c`} />
        <small id={`${id}-c`} className="form-text">{t('operator.outcome.chars', { count: 2000 - notes.length })}</small>
      </div>
      <button type="submit" className="btn btn-primary mt-2" disabled={!outcome}>{t('operator.outcome.save')}</button>
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
            {s.detail ? ` (${s.detail})` : ''} · {s.actor.replace(/^staff:/, '')}
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
      <div className="d-flex flex-wrap gap-2 mb-3">
        {item.state !== 'done' && !busy && (
          <>
            <button type="button" className="btn btn-success" onClick={() => void start()}>{t('operator.call.call')}</button>
            <button type="button" className="btn btn-outline-secondary" onClick={() => void start(true)}>{t('operator.call.callManual')}</button>
          </>
        )}
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
      {item.state !== 'done' && item.bookingActive && <IdentityForm item={item} onDone={reload} />}
      {item.state !== 'done' && !busy && <OutcomeForm item={item} desks={agenda.desks} onDone={reload} />}
      {item.state === 'done' && <p className="text-success">{t('operator.outcome.closed', { outcome: t(`operator.outcome.${item.outcome}`) })}</p>}
      {(item.state === 'done' || item.state === 'retry') && agenda.next && agenda.next !== item.bookingId && (
        <button type="button" className="btn btn-primary mb-3" onClick={onNext}>{t('operator.call.next')}</button>
      )}
      <HistoryList bookingId={item.bookingId} version={`${item.state}:${c?.state ?? ''}:${item.identityFailures}:${item.attempts}:${item.identityVerified}`} />
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
