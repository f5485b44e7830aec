import { Badge } from 'design-react-kit';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Day } from '../api/types';
import { currentLang } from '../i18n';
import { formatDay, formatTime } from '../lib/time';

type DayKind = 'closed' | 'full' | 'none_left' | 'free';

function kindOf(day: Day): DayKind {
  if (!day.open) return 'closed';
  if (day.full) return 'full';
  if (day.slots.length === 0) return 'none_left';
  return day.slots.some((s) => s.remaining > 0) ? 'free' : 'full';
}

/**
 * A desk's days, one row each: open days expand to their slot times with the
 * places left; full and closed days say so (closed days say why).
 */
export function DayList({ days: allDays, today, notBefore, bookPath }: { days: Day[]; today: string; notBefore: number; bookPath?: string }) {
  const { t } = useTranslation();
  // Slots too close to now (the desk's minimum notice) or already past are not offered.
  const days = useMemo(
    () => allDays.map((d) => (d.open ? { ...d, slots: d.slots.filter((s) => Date.parse(s.start) >= notBefore) } : d)),
    [allDays, notBefore],
  );
  const firstFree = days.find((d) => kindOf(d) === 'free')?.date ?? null;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(firstFree ? [firstFree] : []));
  if (days.length === 0) return <p>{t('slots.noDays')}</p>;

  const toggle = (date: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(date)) next.delete(date);
      else next.add(date);
      return next;
    });

  return (
    <div className="accordion day-list">
      {days.map((day) => (
        <DayRow
          key={day.date}
          day={day}
          isToday={day.date === today}
          expanded={expanded.has(day.date)}
          onToggle={() => toggle(day.date)}
          bookPath={bookPath}
        />
      ))}
    </div>
  );
}

function DayRow({ day, isToday, expanded, onToggle, bookPath }: { day: Day; isToday: boolean; expanded: boolean; onToggle: () => void; bookPath?: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const panelId = useId();
  const kind = kindOf(day);
  const label = formatDay(day.date, lang);
  const dateText = (
    <span className="day-date">
      {label}
      {isToday && <span className="day-today"> ({t('slots.today')})</span>}
    </span>
  );

  if (kind !== 'free') {
    const reason =
      kind === 'closed'
        ? t(`slots.reason.${day.closedReason ?? 'unknown'}`, {
            name: day.holidayName ?? '',
            defaultValue: t('slots.reason.unknown'),
          })
        : kind === 'full'
          ? t('slots.fullText')
          : t('slots.noSlotsLeft');
    return (
      <div className={`accordion-item day day-static-row day-${kind}`} data-date={day.date} data-kind={kind}>
        <h3 className="day-static">
          {dateText}
          <Badge color={kind === 'full' ? 'danger' : 'secondary'} className="day-badge">
            {kind === 'closed' ? t('slots.closed') : kind === 'full' ? t('slots.full') : t('slots.closed')}
          </Badge>
        </h3>
        <p className="day-reason">{reason}</p>
      </div>
    );
  }

  const free = day.slots.reduce((sum, s) => sum + Math.max(0, s.remaining), 0);
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
            {dateText}
            <span className="day-summary">{t('slots.dayFree', { count: free })}</span>
          </span>
        </button>
      </h3>
      <div id={panelId} className={`accordion-collapse collapse${expanded ? ' show' : ''}`}>
        <div className="accordion-body">
          <ul className="slot-grid" role="list" aria-label={t('slots.slotList', { date: label })}>
            {day.slots.map((slot) => (
              <li key={slot.start} className={`slot${slot.remaining > 0 ? '' : ' slot-full'}`}>
                <span className="slot-time">{formatTime(slot.start, lang)}</span>
                <span className="slot-places">{t('slots.remaining', { count: Math.max(0, slot.remaining) })}</span>
              </li>
            ))}
          </ul>
          {bookPath && (
            <p className="mt-3 mb-0">
              <Link to={`${bookPath}&giorno=${day.date}`} className="btn btn-primary">
                {t('slots.bookDay', { date: label })}
              </Link>
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
