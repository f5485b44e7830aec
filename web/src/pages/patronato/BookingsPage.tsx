import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { addDays, formatDateTime, formatDay, todayInRome } from '../../lib/time';
import { AdminApiError, staffApi, useStaffData } from '../../staff/api';
import { ProblemMessage } from '../admin/ProblemMessage';
import { patronatoApi, type PatronatoBooking, type SlotView } from './api';
import { PatronatoHeader } from './Header';

/** The patronato's bookings of a day (its list of calls) or a period, with the call outcomes; move and cancel. */
export default function BookingsPage() {
  const { t } = useTranslation();
  useTitle(t('patronato.list.title'));
  const me = useStaffData('/api/staff/patronato/me', () => staffApi.GET('/api/staff/patronato/me'));
  const [from, setFrom] = useState(todayInRome());
  const [days, setDays] = useState(1);
  const [query, setQuery] = useState({ from: todayInRome(), days: 1 });
  const list = useStaffData(`/api/staff/patronato/bookings?from=${query.from}&days=${query.days}`, () => staffApi.GET('/api/staff/patronato/bookings', { params: { query } }));
  const [status, setStatus] = useState('');

  if (me.error?.problem?.code === 'no_patronato') return <p className="alert alert-warning">{t('patronato.noOrganisation')}</p>;
  return (
    <>
      <h1 className="h2">{t('patronato.list.title')}</h1>
      {me.data && <PatronatoHeader me={me.data} />}
      <form
        className="d-flex flex-wrap align-items-end gap-3 mb-3"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ from, days });
        }}
      >
        <div>
          <label htmlFor="pt-from" className="form-label">{t('patronato.list.from')}</label>
          <input id="pt-from" type="date" className="form-control" value={from} required onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div>
          <label htmlFor="pt-days" className="form-label">{t('patronato.list.range')}</label>
          <select id="pt-days" className="form-select" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            <option value={1}>{t('patronato.list.range1')}</option>
            <option value={7}>{t('patronato.list.range7')}</option>
            <option value={31}>{t('patronato.list.range31')}</option>
          </select>
        </div>
        <button type="submit" className="btn btn-primary">{t('patronato.list.show')}</button>
      </form>
      <p role="status" className={status ? 'alert alert-success' : 'visually-hidden'}>{status}</p>
      <ProblemMessage error={list.error} />
      {list.data && list.data.items.length === 0 && <p>{t('patronato.list.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <>
          <h2 className="h4">{t('patronato.list.caption', { count: list.data.items.length })}</h2>
          <ul className="list-unstyled">
            {list.data.items.map((b) => (
              <BookingCard key={b.code} booking={b} onChanged={(message) => { setStatus(message); list.reload(); }} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function BookingCard({ booking: b, onChanged }: { booking: PatronatoBooking; onChanged: (message: string) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [open, setOpen] = useState<'move' | 'cancel' | null>(null);
  const active = b.status === 'booked' && new Date(b.start).getTime() > Date.now();
  return (
    <li className="card border rounded mb-3">
      <div className="card-body">
        <h3 className="h5 card-title">
          {formatDateTime(b.start, lang)} · <code>{b.code}</code>
          {b.status === 'cancelled' && <span className="badge bg-secondary ms-2">{t('patronato.list.cancelled')}</span>}
        </h3>
        <dl className="row mb-2">
          <dt className="col-sm-3">{t('patronato.list.client')}</dt>
          <dd className="col-sm-9">{b.fullName} · {b.taxCode} · {b.phone}</dd>
          <dt className="col-sm-3">{t('patronato.list.where')}</dt>
          <dd className="col-sm-9">{b.office.name} – {b.desk.name[lang]}</dd>
          <dt className="col-sm-3">{t('patronato.list.mandate')}</dt>
          <dd className="col-sm-9">{t('patronato.list.mandateText', { subject: b.mandate.subject, date: formatDay(b.mandate.date, lang) })}{b.mandate.officeName ? ` · ${b.mandate.officeName}` : ''}</dd>
          <dt className="col-sm-3">{t('patronato.list.outcome')}</dt>
          <dd className="col-sm-9">{outcomeText(t, b)}</dd>
        </dl>
        {active && (
          <div className="d-flex flex-wrap gap-2">
            <button type="button" className="btn btn-outline-primary btn-sm" aria-expanded={open === 'move'} onClick={() => setOpen(open === 'move' ? null : 'move')}>
              {t('patronato.list.move')}
            </button>
            <button type="button" className="btn btn-outline-danger btn-sm" aria-expanded={open === 'cancel'} onClick={() => setOpen(open === 'cancel' ? null : 'cancel')}>
              {t('patronato.list.cancel')}
            </button>
          </div>
        )}
        {active && open === 'move' && <MoveForm booking={b} onDone={(m) => { setOpen(null); onChanged(m); }} />}
        {active && open === 'cancel' && <CancelForm booking={b} onDone={(m) => { setOpen(null); onChanged(m); }} />}
      </div>
    </li>
  );
}

function outcomeText(t: (k: string, o?: Record<string, unknown>) => string, b: PatronatoBooking): string {
  if (!b.call) return t('patronato.list.notYet');
  const parts = [b.call.outcome ? t(`patronato.outcomes.${b.call.outcome}`) : t('patronato.list.planned')];
  if (b.call.followUpCode) parts.push(t('patronato.list.followUp', { code: b.call.followUpCode }));
  return parts.join(' · ');
}

function MoveForm({ booking: b, onDone }: { booking: PatronatoBooking; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [slots, setSlots] = useState<SlotView[] | null>(null);
  const [start, setStart] = useState('');
  const [error, setError] = useState<AdminApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(async () => {
    try {
      const today = todayInRome();
      setSlots((await patronatoApi.slots(b.desk.id, today, addDays(today, 13))).filter((s) => s.start !== b.start));
    } catch (err) {
      setError(err instanceof AdminApiError ? err : new AdminApiError(0, null));
    }
  }, [b.desk.id, b.start]);
  useEffect(() => {
    void load();
  }, [load]);
  const id = `pt-move-${b.code}`;
  return (
    <form
      className="mt-3 border-top pt-3"
      aria-label={t('patronato.list.moveTitle', { code: b.code })}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        try {
          await patronatoApi.move(b.code, start);
          onDone(t('patronato.list.moved', { code: b.code, when: formatDateTime(start, lang) }));
        } catch (err) {
          setError(err instanceof AdminApiError ? err : new AdminApiError(0, null));
        } finally {
          setBusy(false);
        }
      }}
    >
      <ProblemMessage error={error} />
      {slots && slots.length === 0 && <p>{t('patronato.list.noSlots')}</p>}
      {slots && slots.length > 0 && (
        <div className="d-flex flex-wrap align-items-end gap-2">
          <div>
            <label htmlFor={id} className="form-label">{t('patronato.list.moveTo')}</label>
            <select id={id} className="form-select" required value={start} onChange={(e) => setStart(e.target.value)}>
              <option value="">{t('patronato.book.chooseSlot')}</option>
              {slots.map((s) => (
                <option key={s.start} value={s.start}>{formatDateTime(s.start, lang)}</option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy || !start}>{t('patronato.list.moveConfirm')}</button>
        </div>
      )}
    </form>
  );
}

function CancelForm({ booking: b, onDone }: { booking: PatronatoBooking; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState(t('patronato.list.reasonDefault'));
  const [error, setError] = useState<AdminApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `pt-reason-${b.code}`;
  return (
    <form
      className="mt-3 border-top pt-3"
      aria-label={t('patronato.list.cancelTitle', { code: b.code })}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        try {
          await patronatoApi.cancel(b.code, reason);
          onDone(t('patronato.list.cancelledDone', { code: b.code }));
        } catch (err) {
          setError(err instanceof AdminApiError ? err : new AdminApiError(0, null));
        } finally {
          setBusy(false);
        }
      }}
    >
      <ProblemMessage error={error} />
      <div className="d-flex flex-wrap align-items-end gap-2">
        <div className="flex-grow-1">
          <label htmlFor={id} className="form-label">{t('patronato.list.reason')}</label>
          <input id={id} className="form-control" required maxLength={300} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <button type="submit" className="btn btn-danger" disabled={busy}>{t('patronato.list.cancelConfirm')}</button>
      </div>
    </form>
  );
}
