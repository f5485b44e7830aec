import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import { formatDateTime } from '../../lib/time';
import { displayPhone } from '../../lib/phone';
import { AdminApiError, staffApi } from '../../staff/api';
import { ProblemMessage } from '../admin/ProblemMessage';
import { Attempts, openSlots, postWithKey, type Slot, type StaffBooking } from './api';
import { enterSubmits, useConsole } from './ConsoleContext';
import { Kbd } from './Kbd';
import { SlotChoice, type SlotChoiceHandle } from './SlotChoice';

/** A booking code read out in groups: "BG01-1-7KQ3X" → "BG01 · 1 · 7KQ3X". */
export function CodeGroups({ code, className }: { code: string; className?: string }) {
  return (
    <span className={`rc-mono ${className ?? ''}`}>
      {code.split('-').map((g, i) => (
        <span key={i}>
          {i > 0 && <span className="rc-sep" aria-hidden="true">-</span>}
          <span className="rc-group">{g}</span>
        </span>
      ))}
    </span>
  );
}

interface ListProps {
  items: readonly StaffBooking[];
  /** After a cancel or a move: read the list again. */
  onChanged: () => void;
  labelledBy: string;
}

/** Bookings found for a caller, soonest first, each with cancel and move. */
export function BookingList({ items, onChanged, labelledBy }: ListProps) {
  return (
    <ul className="list-unstyled rc-bookings mb-0" aria-labelledby={labelledBy}>
      {items.map((b) => (
        <li key={b.code}>
          <BookingCard booking={b} onChanged={onChanged} />
        </li>
      ))}
    </ul>
  );
}

function BookingCard({ booking: b, onChanged }: { booking: StaffBooking; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [mode, setMode] = useState<'view' | 'cancel' | 'move'>('view');
  const [done, setDone] = useState<string | null>(null);
  const back = useRef<HTMLButtonElement>(null);
  const active = b.status === 'booked' && Date.parse(b.start) > Date.now();
  const close = (message?: string) => {
    setMode('view');
    if (message) {
      setDone(message);
      onChanged();
    } else setTimeout(() => back.current?.focus(), 0);
  };
  return (
    <div className={`rc-booking${b.status === 'cancelled' ? ' is-cancelled' : ''}`}>
      <div className="d-flex flex-wrap align-items-baseline gap-2">
        <CodeGroups code={b.code} className="fw-bold" />
        <span className={`badge ${b.status === 'booked' ? 'bg-success' : 'bg-secondary'}`}>{t(`reception.status.${b.status}`)}</span>
        <span>{formatDateTime(b.start, lang)}</span>
      </div>
      <div className="small">
        {b.office.name} · {t('reception.book.deskN', { number: b.desk.number })} {b.desk.name[lang]}
        {b.fullName && <> · {b.fullName}</>}
        {b.phone && <> · {displayPhone(b.phone)}</>}
      </div>
      {done && (
        <p className="small text-success mb-0" role="status">
          {done}
        </p>
      )}
      {active && mode === 'view' && (
        <div className="d-flex gap-2 mt-1">
          <button ref={back} type="button" className="btn btn-outline-primary btn-xs" onClick={() => setMode('move')}>
            {t('reception.list.move')}
            <span className="visually-hidden"> {b.code}</span>
          </button>
          <button type="button" className="btn btn-outline-danger btn-xs" onClick={() => setMode('cancel')}>
            {t('reception.list.cancel')}
            <span className="visually-hidden"> {b.code}</span>
          </button>
        </div>
      )}
      {mode === 'cancel' && <CancelForm booking={b} onClose={close} />}
      {mode === 'move' && <MoveForm booking={b} onClose={close} />}
    </div>
  );
}

function CancelForm({ booking, onClose }: { booking: StaffBooking; onClose: (message?: string) => void }) {
  const { t } = useTranslation();
  const consoleApi = useConsole();
  const [reason, setReason] = useState(() => t('reception.cancel.defaultReason'));
  const [error, setError] = useState<AdminApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const attempts = useRef(new Attempts());
  const submitRef = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => submitRef.current?.focus(), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const body = { reason: reason.trim() || t('reception.cancel.defaultReason') };
      await postWithKey(attempts.current, body, (headers) => staffApi.POST('/api/staff/bookings/{code}/cancel', { params: { path: { code: booking.code } }, body, headers }));
      consoleApi.outcome('cancelled', booking.code, true);
      onClose(t('reception.cancel.done', { code: booking.code }));
    } catch (err) {
      setError(err as AdminApiError);
    } finally {
      setBusy(false);
    }
  };
  const id = `rc-cancel-${booking.code}`;
  return (
    <form className="rc-inline-form" onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onClose()} noValidate>
      <ProblemMessage error={error} />
      <div className="form-group mb-2">
        <label htmlFor={id} className="active">
          {t('reception.cancel.reason')}
        </label>
        <input id={id} className="form-control" maxLength={300} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <div className="d-flex flex-wrap gap-2 align-items-center">
        <button ref={submitRef} type="submit" className="btn btn-danger btn-sm" disabled={busy}>
          {t('reception.cancel.confirm')} <Kbd keys="Enter" />
        </button>
        <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => onClose()}>
          {t('reception.common.back')} <Kbd keys="Esc" />
        </button>
      </div>
    </form>
  );
}

function MoveForm({ booking, onClose }: { booking: StaffBooking; onClose: (message?: string) => void }) {
  const { t } = useTranslation();
  const consoleApi = useConsole();
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const attempts = useRef(new Attempts());
  const choice = useRef<SlotChoiceHandle>(null);

  const load = async (after?: string) => {
    const all = (await openSlots(booking.desk.id)).filter((s) => s.start !== booking.start);
    setSlots(all);
    if (after) {
      const next = all.find((s) => s.start > after) ?? all[0];
      setSelected(next?.start ?? null);
      return next ?? null;
    }
    return null;
  };
  const [focusN, setFocusN] = useState(0);
  useLayoutEffect(() => {
    if (focusN > 0) choice.current?.focus();
  }, [focusN]);
  useEffect(() => {
    load().then(
      () => setFocusN((n) => n + 1),
      (err: unknown) => setError(err as AdminApiError),
    );
    // Runs on purpose only when these change: loads when another booking is shown; `load` is recreated on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [booking.code]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!selected) {
      setNotice(t('reception.book.chooseSlot'));
      choice.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const body = { start: selected };
      await postWithKey(attempts.current, body, (headers) => staffApi.POST('/api/staff/bookings/{code}/move', { params: { path: { code: booking.code } }, body, headers }));
      consoleApi.outcome('moved', booking.code, true);
      onClose(t('reception.move.done', { code: booking.code }));
    } catch (err) {
      const code = err instanceof AdminApiError ? err.problem?.code : null;
      if (code === 'slot_full' || code === 'slot_too_soon' || code === 'slot_past') {
        const next = await load(selected).catch(() => null);
        setNotice(next ? t('reception.book.slotTaken', { time: formatDateTime(next.start, currentLang()) }) : t('reception.slots.none'));
        setFocusN((n) => n + 1);
      } else setError(err as AdminApiError);
    } finally {
      setBusy(false);
    }
  };
  const id = `rc-move-${booking.code}`;
  return (
    <form className="rc-inline-form" onSubmit={(e) => void submit(e)} onKeyDown={(e) => (e.key === 'Escape' ? onClose() : enterSubmits(e))} noValidate>
      <ProblemMessage error={error} />
      <p id={`${id}-notice`} className="mb-2 rc-notice" aria-live="polite">
        {notice}
      </p>
      <SlotChoice ref={choice} id={id} legend={t('reception.move.legend')} slots={slots ?? []} loading={slots === null} selected={selected} onSelect={setSelected} describedBy={`${id}-notice`} />
      <div className="d-flex flex-wrap gap-2 align-items-center mt-2">
        <button type="submit" className="btn btn-primary btn-sm" disabled={busy}>
          {t('reception.move.confirm')} <Kbd keys="Enter" />
        </button>
        <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => onClose()}>
          {t('reception.common.back')} <Kbd keys="Esc" />
        </button>
      </div>
    </form>
  );
}
