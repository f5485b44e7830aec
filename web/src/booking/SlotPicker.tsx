import { Badge } from 'design-react-kit';
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getFirstAvailable, slotsPath } from '../api/booking';
import type { Channel, Day, FirstAvailable, Slot, SlotsResponse } from '../api/types';
import { useApi } from '../api/useApi';
import { InlineError, Loading } from '../components/StateViews';
import { currentLang } from '../i18n';
import { addDays, formatDateTime, formatDay, formatTime, todayInRome } from '../lib/time';

/** The API serves at most 62 days per call. */
const MAX_DAYS = 62;

/** Only `open` slots can be booked (servers before the booking engine: any place left). */
export function isBookable(slot: Slot): boolean {
  return slot.state ? slot.state === 'open' : slot.remaining > 0;
}

export type DayKind = 'open' | 'full' | 'closed' | 'not_yet_open' | 'unavailable';

export function dayKind(day: Day): DayKind {
  if (day.status) return day.status;
  if (!day.open || day.slots.length === 0) return 'closed';
  return day.slots.some(isBookable) ? 'open' : 'full';
}

export interface SlotPickerProps {
  deskId: string;
  horizonDays: number;
  channel: Channel;
  priority: boolean;
  /** A slot was chosen. */
  onPick(slot: { start: string; end: string }): void;
  /** Start of the slot being held right now (its button shows it). */
  busy: string | null;
  /** Start of the slot the citizen already has (held or booked): marked, not offered again. */
  current?: string | null;
  /** Changes → the slots are loaded again (after a place was taken under our feet). */
  reloadKey: number;
  /** Shown instead of the days when nothing at all is free in the whole horizon. */
  nothingFree?: ReactNode;
}

export function SlotPicker(props: SlotPickerProps) {
  const { t } = useTranslation();
  const lang = currentLang();
  const today = todayInRome();
  const days = Math.min(MAX_DAYS, props.horizonDays + 1);
  const slots = useApi<SlotsResponse>(slotsPath(props.deskId, today, addDays(today, days - 1), props.channel, props.priority));
  const [first, setFirst] = useState<{ state: 'loading' | 'ready' | 'error'; data?: FirstAvailable }>({ state: 'loading' });
  const [firstAttempt, setFirstAttempt] = useState(0);
  const reload = useRef(props.reloadKey);
  const retrySlots = slots.retry;

  useEffect(() => {
    if (reload.current !== props.reloadKey) {
      reload.current = props.reloadKey;
      retrySlots();
    }
  }, [props.reloadKey, retrySlots]);

  useEffect(() => {
    const controller = new AbortController();
    setFirst({ state: 'loading' });
    getFirstAvailable(props.deskId, props.channel, props.priority, controller.signal).then(
      (data) => setFirst({ state: 'ready', data }),
      () => {
        if (!controller.signal.aborted) setFirst({ state: 'error' });
      },
    );
    return () => controller.abort();
  }, [props.deskId, props.channel, props.priority, props.reloadKey, firstAttempt]);

  const firstSlot = first.data?.slot ?? null;
  const anyOpen = slots.status === 'ready' && slots.data.days.some((d) => d.slots.some(isBookable));
  const nothing = first.state === 'ready' && firstSlot === null && slots.status === 'ready' && !anyOpen;

  return (
    <div className="slot-picker">
      <section className="first-available" aria-labelledby="first-available-title">
        <h2 id="first-available-title" className="h4">
          {t('pick.firstTitle')}
        </h2>
        {first.state === 'loading' ? (
          <Loading inline />
        ) : first.state === 'error' ? (
          <p>
            {t('pick.firstError')}{' '}
            <button type="button" className="btn btn-link p-0 align-baseline" onClick={() => setFirstAttempt((n) => n + 1)}>
              {t('state.retry')}
            </button>
          </p>
        ) : firstSlot ? (
          <div className="d-flex flex-wrap align-items-center gap-3">
            <p className="mb-0 fs-5 fw-semibold" data-testid="first-available">
              {formatDateTime(firstSlot.start, lang)}
            </p>
            <button
              type="button"
              className="btn btn-primary"
              disabled={props.busy !== null}
              aria-describedby="first-available-title"
              onClick={() => props.onPick(firstSlot)}
            >
              {props.busy === firstSlot.start ? t('pick.holding') : t('pick.takeFirst')}
            </button>
          </div>
        ) : (
          <p className="mb-0">{t('pick.noneFirst')}</p>
        )}
      </section>

      {nothing && props.nothingFree}

      <section aria-labelledby="days-title" className="mt-4">
        <h2 id="days-title" className="h4">
          {t('pick.daysTitle')}
        </h2>
        <p>{t('pick.daysIntro')}</p>
        {slots.status === 'loading' ? (
          <Loading inline />
        ) : slots.status === 'error' ? (
          <InlineError error={slots.error} retry={slots.retry} />
        ) : (
          <PickDays days={slots.data.days} {...props} />
        )}
      </section>
    </div>
  );
}

function PickDays({ days, onPick, busy, current }: { days: Day[] } & SlotPickerProps) {
  const { t } = useTranslation();
  const firstOpen = useMemo(() => days.find((d) => dayKind(d) === 'open')?.date ?? null, [days]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(firstOpen ? [firstOpen] : []));
  if (days.length === 0) return <p>{t('slots.noDays')}</p>;
  const toggle = (date: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(date)) next.delete(date);
      else next.add(date);
      return next;
    });
  return (
    <div className="accordion day-list pick-days">
      {days.map((day) => (
        <PickDay
          key={day.date}
          day={day}
          expanded={expanded.has(day.date)}
          onToggle={() => toggle(day.date)}
          onPick={onPick}
          busy={busy}
          current={current ?? null}
        />
      ))}
    </div>
  );
}

function PickDay({
  day,
  expanded,
  onToggle,
  onPick,
  busy,
  current,
}: {
  day: Day;
  expanded: boolean;
  onToggle: () => void;
  onPick: SlotPickerProps['onPick'];
  busy: string | null;
  current: string | null;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const panelId = useId();
  const kind = dayKind(day);
  const label = formatDay(day.date, lang);
  const bookable = day.slots.filter(isBookable);

  if (kind !== 'open' || bookable.length === 0) {
    const opensAt = day.opensAt ?? day.slots.find((s) => s.opensAt)?.opensAt;
    const { badge, color, text } =
      kind === 'closed'
        ? {
            badge: t('slots.closed'),
            color: 'secondary',
            text: t(`slots.reason.${day.closedReason ?? 'unknown'}`, { name: day.holidayName ?? '', defaultValue: t('slots.reason.unknown') }),
          }
        : kind === 'not_yet_open'
          ? {
              badge: t('pick.notYetOpen'),
              color: 'warning',
              text: opensAt ? t('pick.opensAt', { when: formatDateTime(opensAt, lang) }) : t('pick.opensLater'),
            }
          : kind === 'full'
            ? { badge: t('slots.full'), color: 'danger', text: t('slots.fullText') }
            : { badge: t('pick.unavailable'), color: 'secondary', text: t('pick.unavailableText') };
    return (
      <div className={`accordion-item day day-static-row day-${kind}`} data-date={day.date} data-kind={kind}>
        <h3 className="day-static">
          <span className="day-date">{label}</span>
          <Badge color={color} className={`day-badge day-badge-${kind}`}>
            {badge}
          </Badge>
        </h3>
        <p className="day-reason">{text}</p>
      </div>
    );
  }

  return (
    <div className="accordion-item day day-free" data-date={day.date} data-kind={kind}>
      <h3 className="accordion-header">
        <button
          type="button"
          className={`accordion-button${expanded ? '' : ' collapsed'}`}
          aria-expanded={expanded}
          aria-controls={panelId}
          onClick={onToggle}
        >
          <span className="day-heading">
            <span className="day-date">{label}</span>
            <span className="day-summary">{t('pick.dayTimes', { count: bookable.length })}</span>
          </span>
        </button>
      </h3>
      <div id={panelId} className={`accordion-collapse collapse${expanded ? ' show' : ''}`}>
        <div className="accordion-body">
          <ul className="slot-grid" role="list" aria-label={t('slots.slotList', { date: label })}>
            {bookable.map((slot) => {
              const mine = slot.start === current;
              return (
                <li key={slot.start}>
                  <button
                    type="button"
                    className={`slot slot-button${mine ? ' slot-current' : ''}`}
                    disabled={busy !== null || mine}
                    aria-busy={busy === slot.start ? true : undefined}
                    onClick={() => onPick(slot)}
                  >
                    <span className="slot-time">{formatTime(slot.start, lang)}</span>
                    <span className="slot-places">
                      {mine ? t('pick.yours') : busy === slot.start ? t('pick.holding') : t('slots.remaining', { count: Math.max(0, slot.remaining) })}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      </div>
    </div>
  );
}
