import { Badge } from 'design-react-kit';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Day, Slot } from '../api/types';
import { currentLang } from '../i18n';
import { formatDateTime, formatDay, formatTime } from '../lib/time';
import { dayKind, isBookable } from './dayKind';

/** Times per row of the grid: the arrow keys move by one (left/right) or by a row (up/down). */
export const GRID_COLUMNS = 4;

export interface PickDaysProps {
  days: Day[];
  onPick(slot: { start: string; end: string }): void;
  busy: string | null;
  current: string | null;
  initialDay?: string | null;
}

/**
 * The days of the horizon, one at a time: a day chooser (previous and next day with free
 * times, and the list of every day with its state) and the free times of the chosen day in a
 * WAI-ARIA grid, where Tab enters once and the arrow keys, Home and End move between times.
 */
export function PickDays({ days, onPick, busy, current, initialDay }: PickDaysProps) {
  const { t } = useTranslation();
  const lang = currentLang();
  const selectId = useId();
  const openDates = useMemo(() => days.filter((d) => dayKind(d) === 'open').map((d) => d.date), [days]);
  const [date, setDate] = useState<string | null>(() => (initialDay && openDates.includes(initialDay) ? initialDay : (openDates[0] ?? days[0]?.date ?? null)));
  const day = days.find((d) => d.date === date) ?? days[0];
  if (!day) return <p>{t('slots.noDays')}</p>;

  const prev = [...openDates].reverse().find((d) => d < day.date) ?? null;
  const next = openDates.find((d) => d > day.date) ?? null;
  const summary = (d: Day) => {
    const kind = dayKind(d);
    return kind === 'open' ? t('pick.dayTimes', { count: d.slots.filter(isBookable).length }) : kindBadge(kind);
  };
  const kindBadge = (kind: ReturnType<typeof dayKind>) =>
    kind === 'closed' ? t('slots.closed') : kind === 'full' ? t('slots.full') : kind === 'not_yet_open' ? t('pick.notYetOpen') : t('pick.unavailable');

  return (
    <div className="pick-days">
      <div className="day-chooser">
        <button type="button" className="btn btn-outline-primary btn-sm" disabled={!prev} onClick={() => prev && setDate(prev)}>
          <span aria-hidden="true">‹ </span>
          {t('pick.prevDay')}
        </button>
        <div className="day-select">
          <label htmlFor={selectId} className="form-label mb-0">
            {t('pick.day')}
          </label>
          <select id={selectId} className="form-select" value={day.date} onChange={(e) => setDate(e.target.value)}>
            {days.map((d) => (
              <option key={d.date} value={d.date}>
                {`${formatDay(d.date, lang)} — ${summary(d)}`}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="btn btn-outline-primary btn-sm" disabled={!next} onClick={() => next && setDate(next)}>
          {t('pick.nextDay')}
          <span aria-hidden="true"> ›</span>
        </button>
      </div>
      <DayTimes key={day.date} day={day} onPick={onPick} busy={busy} current={current} badge={kindBadge(dayKind(day))} />
    </div>
  );
}

function DayTimes({ day, onPick, busy, current, badge }: { day: Day; badge: string } & Omit<PickDaysProps, 'days'>) {
  const { t } = useTranslation();
  const lang = currentLang();
  const kind = dayKind(day);
  const label = formatDay(day.date, lang);
  const bookable = day.slots.filter(isBookable);

  if (kind !== 'open' || bookable.length === 0) {
    const opensAt = day.opensAt ?? day.slots.find((s) => s.opensAt)?.opensAt;
    const text =
      kind === 'closed'
        ? t(`slots.reason.${day.closedReason ?? 'unknown'}`, { name: day.holidayName ?? '', defaultValue: t('slots.reason.unknown') })
        : kind === 'not_yet_open'
          ? opensAt
            ? t('pick.opensAt', { when: formatDateTime(opensAt, lang) })
            : t('pick.opensLater')
          : kind === 'full'
            ? t('slots.fullText')
            : t('pick.unavailableText');
    const color = kind === 'full' ? 'danger' : kind === 'not_yet_open' ? 'warning' : 'secondary';
    return (
      <div className={`day day-static-row day-${kind}`} data-date={day.date} data-kind={kind} aria-live="polite">
        <h3 className="day-static h5">
          <span className="day-date">{label}</span>{' '}
          <Badge color={color} className={`day-badge day-badge-${kind}`}>
            {badge}
          </Badge>
        </h3>
        <p className="day-reason">{text}</p>
      </div>
    );
  }

  return (
    <div className="day day-free" data-date={day.date} data-kind={kind}>
      <h3 className="day-heading h5" aria-live="polite">
        <span className="day-date">{label}</span> <span className="day-summary">{t('pick.dayTimes', { count: bookable.length })}</span>
      </h3>
      <TimeGrid slots={bookable} label={t('slots.slotList', { date: label })} onPick={onPick} busy={busy} current={current} />
    </div>
  );
}

function TimeGrid({ slots, label, onPick, busy, current }: { slots: Slot[]; label: string } & Omit<PickDaysProps, 'days'>) {
  const { t } = useTranslation();
  const lang = currentLang();
  const usable = slots.map((s) => s.start !== current);
  const firstUsable = Math.max(0, usable.indexOf(true));
  const [focus, setFocus] = useState(firstUsable);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const moved = useRef(false);

  useEffect(() => {
    if (moved.current) buttons.current[focus]?.focus();
    moved.current = false;
  }, [focus]);

  const move = (from: number, step: number): number => {
    for (let i = from + step; i >= 0 && i < slots.length; i += step) if (usable[i]) return i;
    return from;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const row = Math.floor(focus / GRID_COLUMNS) * GRID_COLUMNS;
    const target =
      e.key === 'ArrowRight'
        ? move(focus, 1)
        : e.key === 'ArrowLeft'
          ? move(focus, -1)
          : e.key === 'ArrowDown'
            ? move(focus, GRID_COLUMNS)
            : e.key === 'ArrowUp'
              ? move(focus, -GRID_COLUMNS)
              : e.key === 'Home'
                ? e.ctrlKey ? move(-1, 1) : usable[row] ? row : move(row, 1)
                : e.key === 'End'
                  ? e.ctrlKey ? move(slots.length, -1) : Math.min(row + GRID_COLUMNS, slots.length) - 1
                  : null;
    if (target === null) return;
    e.preventDefault();
    if (!usable[target]) return;
    moved.current = true;
    setFocus(target);
  };

  const rows: Slot[][] = [];
  for (let i = 0; i < slots.length; i += GRID_COLUMNS) rows.push(slots.slice(i, i + GRID_COLUMNS));

  return (
    <div className="slot-grid" role="grid" aria-label={label} onKeyDown={onKeyDown}>
      {rows.map((row, r) => (
        <div key={row[0]!.start} role="row" className="slot-row">
          {row.map((slot, c) => {
            const i = r * GRID_COLUMNS + c;
            const mine = slot.start === current;
            return (
              <div key={slot.start} role="gridcell" className="slot-cell">
                <button
                  ref={(el) => {
                    buttons.current[i] = el;
                  }}
                  type="button"
                  className={`slot slot-button${mine ? ' slot-current' : ''}`}
                  tabIndex={i === focus ? 0 : -1}
                  disabled={busy !== null || mine}
                  aria-busy={busy === slot.start ? true : undefined}
                  onFocus={() => setFocus(i)}
                  onClick={() => onPick(slot)}
                >
                  <span className="slot-time">{formatTime(slot.start, lang)}</span>
                  <span className="slot-places">
                    {mine ? t('pick.yours') : busy === slot.start ? t('pick.holding') : t('slots.remaining', { count: Math.max(0, slot.remaining) })}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}
