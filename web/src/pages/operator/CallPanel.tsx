import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import { formatTime } from '../../lib/time';
import { AdminApiError, staff, staffApi } from '../../staff/api';
import { ProblemMessage } from '../admin/ProblemMessage';
import { BookingDocuments } from './BookingDocuments';
import { ManualDialHint } from './ManualDialHint';
import { type Agenda, type AgendaItem, type History, type ManualDial } from './operatorApi';
import { CallStatus } from './AgendaTable';
import { IdentityForm } from './IdentityForm';
import { OutcomeForm } from './OutcomeForm';

function HistoryList({ bookingId, version }: { bookingId: string; version: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [h, setH] = useState<History | null>(null);
  useEffect(() => {
    let live = true;
    staff(staffApi.GET('/api/staff/agenda/bookings/{id}/history', { params: { path: { id: bookingId } } })).then((x) => live && setH(x), () => undefined);
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

export function CallPanel({ item, agenda, reload, now, onNext }: { item: AgendaItem; agenda: Agenda; reload: () => Promise<void>; now: number; onNext: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [error, setError] = useState<AdminApiError | null>(null);
  const [dial, setDial] = useState<ManualDial | null>(null);
  const c = item.lastCall;
  const busy = item.state === 'calling' || item.state === 'in_call';
  const start = async (manual = false) => {
    setError(null);
    try {
      const r = await staff(staffApi.POST('/api/staff/calls', { body: manual ? { bookingId: item.bookingId, adapter: 'manual' } : { bookingId: item.bookingId } }));
      setDial(r.manual);
      await reload();
    } catch (err) {
      setError(err as AdminApiError);
    }
  };
  const act = async (request: () => Promise<unknown>) => {
    setError(null);
    try {
      await request();
      await reload();
    } catch (err) {
      setError(err as AdminApiError);
    }
  };
  const mark = (callId: string, mark: 'answered' | 'not_answered' | 'ended') =>
    act(() => staff(staffApi.POST('/api/staff/calls/{id}/manual', { params: { path: { id: callId } }, body: { mark } })));
  const hangUp = (callId: string) => act(() => staff(staffApi.POST('/api/staff/calls/{id}/hangup', { params: { path: { id: callId } } })));
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
            <button type="button" className="btn btn-success" onClick={() => void mark(c.id, 'answered')}>{t('operator.call.markAnswered')}</button>
            <button type="button" className="btn btn-outline-danger" onClick={() => void mark(c.id, 'not_answered')}>{t('operator.call.markNotAnswered')}</button>
          </>
        )}
        {busy && c && (
          <button type="button" className="btn btn-danger" onClick={() => void (c.adapter === 'manual' && c.state === 'answered' ? mark(c.id, 'ended') : hangUp(c.id))}>
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
